"""How good a model is on a split: accuracy and loss overall and per class, and a baseline's.

The same measurement serves three places: the model card (card.py), the promotion gate
(promotion.py) and the quality tests (tests/model/test_quality.py). Everything goes through the
datamodule, so another dataset is measured the same way.
"""

from __future__ import annotations

import torch
from torch import nn

from ..data.base import ImageDataModule
from .outputs import model_inputs, predict


def measure(net: nn.Module, datamodule: ImageDataModule, split: str) -> dict:
    """Accuracy and mean loss of ``net`` on ``split``, overall and for each class (eval mode).

    Accuracies are exact fractions of examples, rounded to 6 decimals; a class without
    examples in the split has accuracy None.
    """
    _, inputs, labels = model_inputs(datamodule, split)
    predictions, losses, _ = predict(net.eval(), inputs, labels)
    correct = (predictions == labels).float()
    per_class = {}
    for label, name in enumerate(datamodule.class_names):
        mine = labels == label
        accuracy = round(float(correct[mine].mean()), 6) if mine.any() else None
        per_class[name] = {"accuracy": accuracy, "samples": int(mine.sum())}
    return {
        "split": split,
        "samples": len(labels),
        "accuracy": round(float(correct.mean()), 6),
        "loss": round(float(losses.mean()), 6),
        "per_class": per_class,
    }


def flat(inputs: torch.Tensor):
    """Model inputs (N, C, H, W) as the (N, features) array scikit-learn takes."""
    return inputs.flatten(start_dim=1).numpy()


def baseline_accuracy(datamodule: ImageDataModule, split: str) -> float:
    """Accuracy on ``split`` of the simple model a trained network must beat.

    A logistic regression on the pixels, fitted on the training split's model inputs (the
    same preprocessing the network sees): on the digits it reaches about 0.956 on the test split.
    """
    from sklearn.linear_model import LogisticRegression

    _, train_inputs, train_labels = model_inputs(datamodule, "train")
    _, inputs, labels = model_inputs(datamodule, split)
    baseline = LogisticRegression(
        max_iter=1000,  # pragma: no mutate: the digits converge in 72, so 1001 fits the same
    ).fit(flat(train_inputs), train_labels.numpy())
    return round(float((baseline.predict(flat(inputs)) == labels.numpy()).mean()), 6)
