"""Golden outputs: predictions and losses of the golden model on fixed inputs.

Regenerate (after an intended change) and see what changed:
``python -m <package>.regression.update_goldens``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .golden_model import GOLDEN_DIR, load_net, predict, split_examples

GOLDENS = "goldens.json"
#: The fixed inputs: the first 64 test examples, by sample id.
SPLIT, COUNT = "test", 64


def compute_goldens(golden_dir: Path = GOLDEN_DIR) -> dict:
    ids, images, labels = split_examples(SPLIT)
    predictions, losses, _ = predict(load_net(golden_dir), images[:COUNT], labels[:COUNT])
    return {
        "split": SPLIT,
        "sample_ids": ids[:COUNT].tolist(),
        "predictions": predictions.tolist(),
        "losses": [round(float(loss), 6) for loss in losses],
    }


def read_goldens(golden_dir: Path = GOLDEN_DIR) -> dict:
    return json.loads((Path(golden_dir) / GOLDENS).read_text())


def write_goldens(goldens: dict, golden_dir: Path = GOLDEN_DIR) -> None:
    (Path(golden_dir) / GOLDENS).write_text(json.dumps(goldens, indent=1) + "\n")


def describe_changes(old: dict, new: dict) -> list[str]:
    """One line per example whose prediction changed, and the largest loss change.

    >>> describe_changes({"sample_ids": [7], "predictions": [1], "losses": [0.5]},
    ...                  {"sample_ids": [7], "predictions": [2], "losses": [0.75]})
    ['sample 7: prediction 1 -> 2', 'largest loss change: 0.25 (sample 7)']
    """
    if old["sample_ids"] != new["sample_ids"]:
        return [
            f"golden inputs changed: {len(old['sample_ids'])} -> {len(new['sample_ids'])} samples"
        ]
    pairs = zip(new["sample_ids"], old["predictions"], new["predictions"], strict=True)
    lines = [
        f"sample {sample}: prediction {before} -> {after}"
        for sample, before, after in pairs
        if before != after
    ]
    deltas = [abs(a - b) for a, b in zip(old["losses"], new["losses"], strict=True)]
    worst = max(range(len(deltas)), key=deltas.__getitem__)
    lines.append(f"largest loss change: {deltas[worst]:.6g} (sample {new['sample_ids'][worst]})")
    return lines
