"""Behavioural tests (CheckList): invariance, minimum functionality, directional expectations."""

from __future__ import annotations

import pytest
import torch

from tests.model.golden import datamodule, examples, golden_net

# The expectations below, and their thresholds, were measured on the digits: aligned, centred
# images whose per-class mean is a clean example. Another dataset needs its own.
pytestmark = [
    pytest.mark.regression,
    pytest.mark.skipif(
        datamodule().name != "digits",
        reason=f"behavioural expectations measured on the digits, not {datamodule().name!r}",
    ),
]


def predicted(images: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return golden_net()(images).argmax(dim=1)


def probabilities(images: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return golden_net()(images).softmax(dim=1)


def class_prototypes() -> torch.Tensor:
    """The mean training input of each class: the cleanest example of each."""
    _, images, labels = examples("train")
    classes = range(datamodule().num_classes)
    return torch.stack([images[labels == label].mean(dim=0) for label in classes])


def test_invariance_to_faint_noise():
    """Catches a model whose predictions flip under noise fainter than one ink level.

    Noise std 0.05 is below one ink level (1/16 of the input range). The golden model keeps
    99.6 % of its test predictions; 97 % leaves room for other seeds and platforms while a
    brittle model fails. (A one-pixel shift is not used: at 8x8 it moves a digit by an eighth
    of its width, and keeps only 51-70 % of predictions, which is not an invariance.)
    """
    _, images, _ = examples("test")
    noise = 0.05 * torch.randn(images.shape, generator=torch.Generator().manual_seed(0))
    kept = (predicted((images + noise).clamp(0, 1)) == predicted(images)).float().mean()
    assert kept >= 0.97, f"only {kept:.1%} of predictions survive faint noise"


def test_minimum_functionality_on_class_prototypes():
    """Catches a model that misclassifies the clean mean input of a class."""
    assert predicted(class_prototypes()).tolist() == list(range(datamodule().num_classes))


def test_blending_toward_a_prototype_raises_its_probability():
    """Catches a model whose class scores do not move toward evidence for that class.

    Blending 30 % of a class's prototype into every test image of another class raises that
    class's probability for at least 99.6 % of images with the golden model; we require 95 %
    for each class.
    """
    _, images, labels = examples("test")
    prototypes = class_prototypes()
    for label in range(datamodule().num_classes):
        others = images[labels != label]
        blended = 0.7 * others + 0.3 * prototypes[label]
        raised = (probabilities(blended)[:, label] > probabilities(others)[:, label]).float()
        assert raised.mean() >= 0.95, f"blending toward {label} raised it for {raised.mean():.1%}"
