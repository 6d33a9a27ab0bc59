"""Hard-example suites: rank evaluation examples by loss, keep the worst as named suites.

``<project> hard-examples`` writes ``<goldens.suites_dir>/<name>.yaml`` (edit and review them like
code) and a PNG gallery per suite; tests/model/test_regression.py then holds the model to every
suite's threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml
from omegaconf import DictConfig
from torch import nn

from .. import plots
from ..build import build_datamodule
from ..data.base import ImageDataModule
from ..project import UsageError, run, shown
from .outputs import model_inputs, predict
from .store import load_golden_net

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def hardest(net: nn.Module, datamodule: ImageDataModule, split: str, size: int) -> dict:
    """The ``size`` highest-loss examples of ``split`` for ``net``, worst first.

    Returns their sample ids, labels, predictions and losses, and the accuracy over them.
    """
    ids, inputs, labels = model_inputs(datamodule, split)
    predictions, losses, _ = predict(net, inputs, labels)
    worst = losses.argsort(descending=True)[:size]
    predictions, losses = predictions[worst], losses[worst]
    return {
        "sample_ids": [int(ids[i]) for i in worst],
        "labels": [int(labels[i]) for i in worst],
        "predicted": predictions.tolist(),
        "mean_loss": float(losses.mean()),
        "accuracy": float((predictions == labels[worst]).float().mean()),
    }


def build_suite(
    net: nn.Module, datamodule: ImageDataModule, split: str, settings: DictConfig
) -> dict:
    worst = hardest(net, datamodule, split, settings.size)
    return {
        "name": f"hardest_{split}",
        "reason": f"the {settings.size} highest-loss {split} examples of the golden model: it "
        "must not get much worse on what it finds hardest",
        "threshold": {
            "max_mean_loss": round(worst["mean_loss"] * settings.loss_margin, 4),
            "min_accuracy": round(max(0.0, worst["accuracy"] - settings.accuracy_margin), 4),
        },
        "tags": sorted({f"label_{label}" for label in worst["labels"]}),
        "split": split,
        "sample_ids": worst["sample_ids"],
        "predicted": worst["predicted"],
    }


def gallery(datamodule: ImageDataModule, suite: dict) -> Figure:
    """A grid of the suite's raw images titled ``id: true->predicted``."""
    ids, images, labels = datamodule.split_arrays(suite["split"])
    rows = rows_of(ids, suite["sample_ids"])
    names = datamodule.class_names
    titles = [
        f"{ids[row]}: {names[labels[row]]}->{names[predicted]}"
        for row, predicted in zip(rows, suite["predicted"], strict=True)
    ]
    return plots.draw_gallery(images[rows], titles, suite["name"])


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
        picture = gallery_dir / f"{suite['name']}.png"
        plots.save(gallery(datamodule, suite), picture)
        print(f"{shown(path)}  (gallery: {shown(picture)})")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    run(hard_examples, "hard_examples", argv)


if __name__ == "__main__":
    main()
