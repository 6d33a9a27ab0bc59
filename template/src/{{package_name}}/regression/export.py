"""Export the model for serving: TorchScript, loadable with torch alone.

``python -m <package>.regression.export OUT.pt`` traces the golden network. Serving code
needs only torch: ``torch.jit.load(path)(images)``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from .golden_model import GOLDEN_DIR, load_net


def export_torchscript(net: torch.nn.Module, path: Path) -> Path:
    """Trace ``net`` in eval mode on a digits-shaped input and save it."""
    scripted = torch.jit.trace(net.eval(), torch.zeros(1, 1, 8, 8))
    scripted.save(str(path))
    return path


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, nargs="?", default=Path("digit_cnn.torchscript.pt"))
    parser.add_argument("--golden-dir", type=Path, default=GOLDEN_DIR)
    args = parser.parse_args(argv)
    path = export_torchscript(load_net(args.golden_dir), args.output)
    print(path)
    return path


if __name__ == "__main__":
    main()
