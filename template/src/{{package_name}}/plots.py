"""The pictures a person looks at: learning curves, a confusion matrix, galleries of examples.

Each ``draw_*`` function returns a matplotlib Figure (tests inspect what it shows); ``save``
writes one to a PNG and closes it. matplotlib is imported on first use, without a display.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Dots per inch of every saved picture: a 6-inch figure is 600 pixels wide.
DPI = 100
#: (panel title, metric name per curve) of the learning curves, in panel order.
CURVES = (
    ("loss", {"train": "train/loss_epoch", "val": "val/loss"}),
    ("accuracy", {"train": "train/acc", "val": "val/acc"}),
)


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed, none opened
    import matplotlib.pyplot as plt

    return plt


def draw_curves(history: Sequence[dict[str, float]]) -> Figure:
    """Loss and accuracy per epoch, training and validation, in two panels.

    ``history`` holds one dict of epoch metrics per epoch, numbered by its "epoch" (a resumed
    run's first is not 0); a metric an epoch lacks is skipped.
    """
    plt = _pyplot()
    figure, axes = plt.subplots(1, len(CURVES), figsize=(10, 4), squeeze=False)
    for axis, (title, curves) in zip(axes.flat, CURVES, strict=True):
        for label, metric in curves.items():
            points = [(row["epoch"], row[metric]) for row in history if metric in row]
            if points:
                epochs, values = zip(*points, strict=True)
                axis.plot(epochs, values, marker="o", markersize=3, label=label)
        axis.set_title(title)
        axis.set_xlabel("epoch")
        axis.xaxis.get_major_locator().set_params(integer=True)
        axis.grid(alpha=0.3)
        axis.legend()
    figure.tight_layout()
    return figure


def draw_confusion_matrix(matrix: np.ndarray, class_names: Sequence[str], title: str) -> Figure:
    """Counts of (true class, predicted class), each cell labelled with its count."""
    plt = _pyplot()
    matrix = np.asarray(matrix)
    figure, axis = plt.subplots(figsize=(6, 6))
    axis.imshow(matrix, cmap="Blues")
    ticks = np.arange(len(class_names))
    axis.set_xticks(ticks, labels=list(class_names))
    axis.set_yticks(ticks, labels=list(class_names))
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    axis.set_title(title)
    threshold = matrix.max() / 2 if matrix.size else 0
    for (row, column), count in np.ndenumerate(matrix):
        color = "white" if count > threshold else "black"
        axis.text(column, row, int(count), ha="center", va="center", color=color, fontsize=8)
    figure.tight_layout()
    return figure


def draw_gallery(
    images: np.ndarray, titles: Sequence[str], title: str, columns: int = 8
) -> Figure:
    """A grid of raw images, each with its title (``id: true->predicted`` for hard examples)."""
    plt = _pyplot()
    rows = max(1, -(-len(images) // columns))
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.2, rows * 1.4), squeeze=False)
    for axis in axes.flat:
        axis.axis("off")
    # The grid has up to columns - 1 more axes than images: those stay blank.
    for axis, image, caption in zip(axes.flat, images, titles, strict=False):
        axis.imshow(image, cmap="gray_r")
        axis.set_title(caption, fontsize=7)
    figure.suptitle(title)
    return figure


def save(figure: Figure, path: Path) -> Path:
    """Write ``figure`` to the PNG ``path`` (folders created) and free it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI)
    _pyplot().close(figure)
    return path
