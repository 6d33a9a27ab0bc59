"""The training reference an exported model carries: what its inputs and outputs looked like.

Served traffic is judged against it (monitoring). The inputs: the same per-image summaries the
data gate checks (data/table.py), on the training split. The outputs, from the exported model
itself: how often it predicts each class on the training split (the largest, so the least
noisy), and its mean confidence on the validation split (held out, like served traffic: on data
it learned from, a model is more confident than on anything it will serve).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..data.base import ImageDataModule
from ..data.table import pixel_summaries

REFERENCE = "reference.json"


def feature_profile(images: np.ndarray) -> dict[str, dict[str, float]]:
    """Mean, spread and extremes of each per-image summary (pixel_min, pixel_max, pixel_mean).

    >>> feature_profile(np.array([[[0.0, 2.0]], [[2.0, 4.0]]], dtype=np.float32))["pixel_mean"]
    {'mean': 2.0, 'std': 1.0, 'min': 1.0, 'max': 3.0}
    """
    return {
        name: {
            "mean": float(values.mean()),
            "std": float(values.std()),
            "min": float(values.min()),
            "max": float(values.max()),
        }
        for name, values in pixel_summaries(images).items()
    }


@torch.inference_mode()
def predictions_of(served: nn.Module, images: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """(predicted class, confidence) of ``served`` for each raw image."""
    confidences, classes = served(torch.as_tensor(images, dtype=torch.float32)).max(dim=1)
    return classes, confidences


def training_reference(served: nn.Module, datamodule: ImageDataModule) -> dict:
    """The reference of ``served`` (raw images in, probabilities out) on ``datamodule``'s data."""
    _, train_images, _ = datamodule.split_arrays("train")
    _, val_images, _ = datamodule.split_arrays("val")
    classes, _ = predictions_of(served, train_images)
    counts = torch.bincount(classes, minlength=datamodule.num_classes).double()
    _, confidences = predictions_of(served, val_images)
    return {
        "inputs": {
            "split": "train",
            "count": len(train_images),
            "features": feature_profile(train_images),
        },
        "predictions": {
            "split": "train",
            "count": len(train_images),
            "share": (counts / counts.sum()).tolist(),
        },
        "confidence": {
            "split": "val",
            "count": len(val_images),
            "mean": float(confidences.mean()),
        },
    }
