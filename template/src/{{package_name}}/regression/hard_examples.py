"""Hard-example suites: rank evaluation examples by loss, keep the worst as named suites.

``python -m <package>.regression.hard_examples`` writes tests/model/suites/<name>.yaml (edit
and review them like code) and a PNG gallery per suite; tests/model/test_regression.py then
holds the model to every suite's threshold.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib
import torch
import yaml

from .golden_model import GOLDEN_DIR, load_net, predict, split_examples

matplotlib.use("Agg")  # files only, no display needed

SUITE_DIR = Path("tests/model/suites")
# A suite's threshold is its mean loss today times this: room for benign retraining noise,
# while a model that gets much worse on what it already finds hardest fails.
THRESHOLD_MARGIN = 1.5


def evaluate_suite(net: torch.nn.Module, suite: dict) -> tuple[float, float]:
    """(mean loss, accuracy) of ``net`` on the suite's examples."""
    ids, images, labels = split_examples(suite["split"])
    rows = [
        int(torch.nonzero(torch.from_numpy(ids == sample))[0]) for sample in suite["sample_ids"]
    ]
    predictions, losses, _ = predict(net, images[rows], labels[rows])
    return float(losses.mean()), float((predictions == labels[rows]).float().mean())


def build_suite(net: torch.nn.Module, split: str, size: int) -> dict:
    ids, images, labels = split_examples(split)
    predictions, losses, _ = predict(net, images, labels)
    worst = losses.argsort(descending=True)[:size]
    mean_loss = float(losses[worst].mean())
    return {
        "name": f"hardest_{split}",
        "reason": f"the {size} highest-loss {split} examples of the golden model: it must not "
        "get much worse on what it finds hardest",
        "threshold": {"max_mean_loss": round(mean_loss * THRESHOLD_MARGIN, 4)},
        "tags": sorted({f"label_{int(labels[i])}" for i in worst}),
        "split": split,
        "sample_ids": [int(ids[i]) for i in worst],
        "predicted": [int(predictions[i]) for i in worst],
    }


def save_gallery(suite: dict, path: Path) -> None:
    """A grid of the suite's images titled ``id: true -> predicted``."""
    import matplotlib.pyplot as plt

    ids, images, labels = split_examples(suite["split"])
    columns = 8
    rows = -(-len(suite["sample_ids"]) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.2, rows * 1.4))
    for axis in axes.flat:
        axis.axis("off")
    # The grid has up to columns - 1 more axes than examples: those stay blank.
    examples = zip(suite["sample_ids"], suite["predicted"], strict=True)
    for axis, (sample, predicted) in zip(axes.flat, examples, strict=False):
        row = int(torch.nonzero(torch.from_numpy(ids == sample))[0])
        axis.imshow(images[row, 0], cmap="gray_r")
        axis.set_title(f"{sample}: {int(labels[row])}->{predicted}", fontsize=7)
    figure.suptitle(suite["name"])
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden-dir", type=Path, default=GOLDEN_DIR)
    parser.add_argument("--suite-dir", type=Path, default=SUITE_DIR)
    parser.add_argument("--gallery-dir", type=Path, default=Path("logs/hard_examples"))
    parser.add_argument("--size", type=int, default=16, help="examples per suite")
    args = parser.parse_args(argv)
    net = load_net(args.golden_dir)
    written = []
    for split in ("val", "test"):
        suite = build_suite(net, split, args.size)
        path = args.suite_dir / f"{suite['name']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(suite, sort_keys=False))
        save_gallery(suite, args.gallery_dir / f"{suite['name']}.png")
        print(f"{path}  (gallery: {args.gallery_dir / (suite['name'] + '.png')})")
        written.append(path)
    return written


if __name__ == "__main__":
    main()
