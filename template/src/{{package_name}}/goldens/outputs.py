"""Golden outputs: the golden model's predictions and losses on fixed inputs, and what changed.

The fixed inputs are the first ``goldens.count`` samples of ``goldens.split`` (by sample id).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from omegaconf import DictConfig
from torch import nn
from torch.nn import functional as F

from ..data.base import ImageDataModule

GOLDENS = "goldens.json"


@torch.no_grad()
def predict(net: nn.Module, inputs: torch.Tensor, labels: torch.Tensor):
    """(predicted classes, per-example cross-entropy losses, class probabilities), on the CPU.

    The inputs go to the net's device and dtype: a net trained with debug=fp64 is float64.
    """
    parameter = next(net.parameters())
    logits = net(inputs.to(parameter.device, parameter.dtype)).cpu()
    losses = F.cross_entropy(logits, labels.cpu(), reduction="none")
    return logits.argmax(dim=1), losses, logits.softmax(dim=1)


def model_inputs(datamodule: ImageDataModule, split: str):
    """(sample ids, model inputs, labels) of ``split``, preprocessed as training does."""
    ids, images, labels = datamodule.split_arrays(split)
    inputs = datamodule.preprocess()(torch.as_tensor(images, dtype=torch.float32))
    return ids, inputs, torch.as_tensor(labels)


def compute_goldens(net: nn.Module, datamodule: ImageDataModule, goldens: DictConfig) -> dict:
    ids, inputs, labels = model_inputs(datamodule, goldens.split)
    count = goldens.count
    predictions, losses, _ = predict(net, inputs[:count], labels[:count])
    return {
        "split": goldens.split,
        "sample_ids": ids[:count].tolist(),
        "predictions": predictions.tolist(),
        "losses": [round(float(loss), 6) for loss in losses],
    }


def read_goldens(directory: Path | str) -> dict:
    return json.loads((Path(directory) / GOLDENS).read_text())


def write_goldens(goldens: dict, directory: Path | str) -> None:
    (Path(directory) / GOLDENS).write_text(json.dumps(goldens, indent=1) + "\n")


def largest_loss_change(old: dict, new: dict) -> tuple[float, int]:
    """(largest absolute loss change, the sample it happened to)."""
    deltas = [abs(a - b) for a, b in zip(old["losses"], new["losses"], strict=True)]
    worst = max(range(len(deltas)), key=deltas.__getitem__)
    return deltas[worst], new["sample_ids"][worst]


def unchanged(old: dict, new: dict, loss_tolerance: float) -> bool:
    """Same inputs, same predictions, every loss within ``loss_tolerance``.

    >>> old = {"sample_ids": [7], "predictions": [1], "losses": [0.5]}
    >>> unchanged(old, {**old, "losses": [0.500001]}, 1e-4)
    True
    >>> unchanged(old, {**old, "predictions": [2]}, 1e-4)
    False
    """
    return (
        old["sample_ids"] == new["sample_ids"]
        and old["predictions"] == new["predictions"]
        and largest_loss_change(old, new)[0] <= loss_tolerance
    )


def describe_changes(old: dict, new: dict) -> list[str]:
    """One line per example whose prediction changed, and the largest loss change.

    >>> describe_changes({"sample_ids": [7], "predictions": [1], "losses": [0.5]},
    ...                  {"sample_ids": [7], "predictions": [2], "losses": [0.75]})
    ['sample 7: prediction 1 -> 2', 'largest loss change: 0.25 (sample 7)']
    """
    if old["sample_ids"] != new["sample_ids"]:
        return [
            f"the golden inputs are other samples now ({len(old['sample_ids'])} -> "
            f"{len(new['sample_ids'])}): the data, its split or goldens.count changed"
        ]
    pairs = zip(new["sample_ids"], old["predictions"], new["predictions"], strict=True)
    lines = [
        f"sample {sample}: prediction {before} -> {after}"
        for sample, before, after in pairs
        if before != after
    ]
    delta, sample = largest_loss_change(old, new)
    lines.append(f"largest loss change: {delta:.6g} (sample {sample})")
    return lines
