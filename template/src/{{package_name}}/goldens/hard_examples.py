"""Hard-example suites: rank evaluation examples by loss, keep the worst as named suites.

``<project> hard-examples`` writes ``<goldens.suites_dir>/<name>.yaml`` (edit and review them like
code) and a PNG gallery per suite; tests/model/test_regression.py then holds the model to every
suite's threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml
from omegaconf import DictConfig
from torch import nn

from ..build import build_datamodule
from ..data.base import ImageDataModule
from ..project import UsageError, run, shown
from .outputs import model_inputs, predict
from .store import load_golden_net


def rows_of(ids: np.ndarray, sample_ids: list[int]) -> list[int]:
    """Positions of ``sample_ids`` in ``ids`` (a split's ids, sorted).

    >>> rows_of(np.array([3, 5, 9]), [9, 3])
    [2, 0]
    """
    rows = np.searchsorted(ids, sample_ids).clip(max=len(ids) - 1)
    missing = [sample for sample, row in zip(sample_ids, rows, strict=True) if ids[row] != sample]
    if missing:
        raise UsageError(
            f"samples {missing} are not in this split: the suite was built for other data; "
            "rebuild it with `hard-examples`"
        )
    return rows.tolist()


def evaluate_suite(
    net: nn.Module, datamodule: ImageDataModule, suite: dict
) -> tuple[float, float]:
    """(mean loss, accuracy) of ``net`` on the suite's examples."""
    ids, inputs, labels = model_inputs(datamodule, suite["split"])
    rows = rows_of(ids, suite["sample_ids"])
    predictions, losses, _ = predict(net, inputs[rows], labels[rows])
    return float(losses.mean()), float((predictions == labels[rows]).float().mean())


def build_suite(
    net: nn.Module, datamodule: ImageDataModule, split: str, settings: DictConfig
) -> dict:
    ids, inputs, labels = model_inputs(datamodule, split)
    predictions, losses, _ = predict(net, inputs, labels)
    worst = losses.argsort(descending=True)[: settings.size]
    mean_loss = float(losses[worst].mean())
    accuracy = float((predictions[worst] == labels[worst]).float().mean())
    return {
        "name": f"hardest_{split}",
        "reason": f"the {settings.size} highest-loss {split} examples of the golden model: it "
        "must not get much worse on what it finds hardest",
        "threshold": {
            "max_mean_loss": round(mean_loss * settings.loss_margin, 4),
            "min_accuracy": round(max(0.0, accuracy - settings.accuracy_margin), 4),
        },
        "tags": sorted({f"label_{int(labels[i])}" for i in worst}),
        "split": split,
        "sample_ids": [int(ids[i]) for i in worst],
        "predicted": [int(predictions[i]) for i in worst],
    }


def save_gallery(datamodule: ImageDataModule, suite: dict, path: Path) -> None:
    """A grid of the suite's raw images titled ``id: true -> predicted``."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display needed
    import matplotlib.pyplot as plt

    ids, images, labels = datamodule.split_arrays(suite["split"])
    names = datamodule.class_names
    columns = 8
    rows = -(-len(suite["sample_ids"]) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.2, rows * 1.4), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    # The grid has up to columns - 1 more axes than examples: those stay blank.
    examples = zip(rows_of(ids, suite["sample_ids"]), suite["predicted"], strict=True)
    for axis, (row, predicted) in zip(axes.flat, examples, strict=False):
        axis.imshow(images[row], cmap="gray_r")
        axis.set_title(f"{ids[row]}: {names[labels[row]]}->{names[predicted]}", fontsize=7)
    figure.suptitle(suite["name"])
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)


def hard_examples(cfg: DictConfig) -> list[Path]:
    datamodule = build_datamodule(cfg)
    net = load_golden_net(cfg, datamodule)
    settings = cfg.goldens.hard_examples
    suites_dir, gallery_dir = Path(cfg.goldens.suites_dir), Path(settings.gallery_dir)
    written = []
    for split in settings.splits:
        suite = build_suite(net, datamodule, split, settings)
        path = suites_dir / f"{suite['name']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(suite, sort_keys=False))
        gallery = gallery_dir / f"{suite['name']}.png"
        save_gallery(datamodule, suite, gallery)
        print(f"{shown(path)}  (gallery: {shown(gallery)})")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    run(hard_examples, "hard_examples", argv)


if __name__ == "__main__":
    main()
