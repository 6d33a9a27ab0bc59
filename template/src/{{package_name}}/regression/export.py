"""Export the model for serving (TorchScript) and run an exported file.

``python -m <package>.regression.export OUT.pt`` traces the golden network. Serving code
needs only torch: ``torch.jit.load(path)(images)``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

from .golden_model import GOLDEN_DIR, load_net


def export_torchscript(net: torch.nn.Module, path: Path) -> Path:
    """Trace ``net`` in eval mode on a digits-shaped input and save it."""
    scripted = torch.jit.trace(net.eval(), torch.zeros(1, 1, 8, 8))
    scripted.save(str(path))
    return path


def main(argv: list[str] | None = None) -> None:
    out = Path((argv if argv is not None else sys.argv[1:] or ["digit_cnn.torchscript.pt"])[0])
    print(export_torchscript(load_net(GOLDEN_DIR), out))


if __name__ == "__main__":
    main()
