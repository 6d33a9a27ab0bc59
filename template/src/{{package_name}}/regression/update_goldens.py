"""Regenerate the golden outputs and print what changed.

``python -m <package>.regression.update_goldens`` recomputes goldens.json from the committed
weights; ``--from-checkpoint logs/train/runs/<run>/checkpoints/last.ckpt`` first replaces the
golden weights with a trained model's. Review the printed changes, then commit.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from ..models.cnn import DigitCNN
from .golden_model import GOLDEN_DIR, save_net
from .goldens import GOLDENS, compute_goldens, describe_changes, read_goldens, write_goldens


def import_checkpoint(checkpoint: Path, golden_dir: Path) -> None:
    """Keep only the network (``net.*``) of a Lightning checkpoint; read its widths off shapes."""
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)["state_dict"]
    weights = {k.removeprefix("net."): v for k, v in state.items() if k.startswith("net.")}
    convs = [k for k in weights if k.startswith("features.") and k.endswith(".weight")]
    architecture = {
        "channels": [weights[k].shape[0] for k in convs],
        "hidden": weights["head.1.weight"].shape[0],
        "num_classes": weights["head.4.weight"].shape[0],
    }
    net = DigitCNN(**architecture)
    net.load_state_dict(weights)
    save_net(net, architecture, golden_dir)


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden-dir", type=Path, default=GOLDEN_DIR)
    parser.add_argument("--from-checkpoint", type=Path, help="a Lightning .ckpt to adopt first")
    args = parser.parse_args(argv)
    if args.from_checkpoint:
        import_checkpoint(args.from_checkpoint, args.golden_dir)
    new = compute_goldens(args.golden_dir)
    changes = ["no previous goldens"]
    if (args.golden_dir / GOLDENS).is_file():
        changes = describe_changes(read_goldens(args.golden_dir), new)
    write_goldens(new, args.golden_dir)
    print(f"Updated {args.golden_dir / GOLDENS}:")
    print("\n".join(f"  {line}" for line in changes))
    return changes


if __name__ == "__main__":
    main()
