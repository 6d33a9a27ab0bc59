"""Groups of inputs and slices of samples, read off any image dataset: what the ablation
(data-2) and the inclusion tests (model-7) measure the golden model on."""

from __future__ import annotations

import numpy as np
import torch

from tests.model.golden import datamodule, golden_net

SPLIT = "test"


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
