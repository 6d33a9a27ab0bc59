"""Groups of inputs and slices of samples, read off any image dataset: what the ablation
(data-2) and the inclusion tests (model-7) measure the golden model on.

``python -m tests.model.input_groups`` sets the slices' floors again (goldens/slice_floors.yaml),
at the golden model's accuracy on each minus goldens.quality.floor_margin, as update-goldens sets
the class floors: after adopting a golden model on other data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from tests.model.golden import datamodule, golden_net, goldens_config

SPLIT = "test"
SLICE_FLOORS = Path(goldens_config().goldens.dir) / "slice_floors.yaml"


def measured_record(path: Path, remeasure: str) -> dict:
    """The record at ``path`` when it was measured on this dataset. On another (a repo that
    brought its own data) the test skips, saying how to measure it for this one."""
    record = yaml.safe_load(path.read_text())
    if record["dataset"] != datamodule().name:
        pytest.skip(
            f"{path.name} was measured on the {record['dataset']}, not {datamodule().name!r}: "
            f"run `{remeasure}`"
        )
    return record


def regions(height: int, width: int) -> dict[str, np.ndarray]:
    """The image's input groups: its four quadrants and its outer ring, as pixel masks.

    >>> {name: int(mask.sum()) for name, mask in regions(8, 8).items()}
    {'top left': 16, 'top right': 16, 'bottom left': 16, 'bottom right': 16, 'border': 28}
    """
    masks = {}
    for row, rows in (("top", slice(0, height // 2)), ("bottom", slice(height // 2, height))):
        for column, columns in (
            ("left", slice(0, width // 2)),
            ("right", slice(width // 2, width)),
        ):
            masks[f"{row} {column}"] = np.zeros((height, width), bool)
            masks[f"{row} {column}"][rows, columns] = True
    masks["border"] = np.ones((height, width), bool)
    masks["border"][1:-1, 1:-1] = False
    return masks


def accuracy(images: np.ndarray, labels: np.ndarray) -> float:
    """The golden model's accuracy on raw ``images``."""
    inputs = datamodule().preprocess()(torch.as_tensor(images, dtype=torch.float32))
    with torch.no_grad():
        predictions = golden_net().eval()(inputs).argmax(dim=1).numpy()
    return float((predictions == labels).mean())


def without(images: np.ndarray, mask: np.ndarray, fill: np.ndarray) -> np.ndarray:
    """``images`` with the pixels of ``mask`` replaced by ``fill`` (the training mean)."""
    ablated = images.copy()
    ablated[:, mask] = fill[mask]
    return ablated


def properties(images: np.ndarray, value_range: tuple[float, float]) -> dict[str, np.ndarray]:
    """Per image, what a slice is cut by: how thick its strokes are (pixels above half the
    range), how bright it is, and where its ink sits (centre of mass, across and down)."""
    low, high = value_range
    ink = images - low
    mass = ink.sum(axis=(1, 2)) + 1e-9
    height, width = images.shape[1:]
    return {
        "stroke": (images > low + (high - low) / 2).sum(axis=(1, 2)).astype(float),
        "brightness": images.mean(axis=(1, 2)),
        "across": (ink.sum(axis=1) * np.arange(width)).sum(axis=1) / mass,
        "down": (ink.sum(axis=2) * np.arange(height)).sum(axis=1) / mass,
    }


def slices(images: np.ndarray, value_range: tuple[float, float]) -> dict[str, np.ndarray]:
    """Thirds of the samples by each property: ``stroke low``, ``stroke mid``, ... as masks.

    >>> images = np.arange(6, dtype=float).reshape(6, 1, 1) * np.ones((6, 2, 2))
    >>> [int(mask.sum()) for mask in slices(images, (0.0, 5.0)).values()][3:6]
    [2, 2, 2]
    """
    cut = {}
    for name, values in properties(images, value_range).items():
        thirds = np.digitize(values, np.quantile(values, [1 / 3, 2 / 3]), right=True)
        for third, level in enumerate(("low", "mid", "high")):
            cut[f"{name} {level}"] = thirds == third
    return cut


def slice_accuracies() -> dict[str, float]:
    """The golden model's accuracy on each slice of the test split."""
    _, images, labels = datamodule().split_arrays(SPLIT)
    cut = slices(images, datamodule().value_range)
    return {name: round(accuracy(images[mask], labels[mask]), 4) for name, mask in cut.items()}


def record_slice_floors(path: Path = SLICE_FLOORS) -> dict:
    margin = goldens_config().goldens.quality.floor_margin
    header = "".join(line for line in path.read_text().splitlines(True) if line.startswith("#"))
    floors = {
        "dataset": datamodule().name,
        "data_fingerprint": datamodule().fingerprint(),
        "split": SPLIT,
        "measured_on": date.today().isoformat(),
        "floors": {name: round(value - margin, 4) for name, value in slice_accuracies().items()},
    }
    path.write_text(header + yaml.safe_dump(floors, sort_keys=False))
    return floors


if __name__ == "__main__":
    print(record_slice_floors())
