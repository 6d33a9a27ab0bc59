"""The committed golden model: a plain state_dict plus its architecture, and its inputs.

A state_dict (not a pickled module) loads whatever the package is called.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from ..data.datamodule import DigitsDataModule
from ..models.cnn import DigitCNN

GOLDEN_DIR = Path("tests/model/goldens")
WEIGHTS, ARCHITECTURE = "digit_cnn.pt", "digit_cnn.json"


def save_net(net: DigitCNN, architecture: dict, golden_dir: Path = GOLDEN_DIR) -> None:
    golden_dir.mkdir(parents=True, exist_ok=True)
    torch.save(net.state_dict(), golden_dir / WEIGHTS)
    (golden_dir / ARCHITECTURE).write_text(json.dumps(architecture, indent=2) + "\n")


def load_net(golden_dir: Path = GOLDEN_DIR) -> DigitCNN:
    """The golden network in eval mode (dropout off), on CPU."""
    architecture = json.loads((Path(golden_dir) / ARCHITECTURE).read_text())
    net = DigitCNN(**architecture)
    net.load_state_dict(
        torch.load(Path(golden_dir) / WEIGHTS, map_location="cpu", weights_only=True)
    )
    return net.eval()


def split_examples(split: str) -> tuple[np.ndarray, torch.Tensor, torch.Tensor]:
    """(sample ids, model inputs, labels) of one split of the default data, in id order."""
    datamodule = DigitsDataModule()
    datamodule.setup()
    images, labels = datamodule.datasets[split].tensors
    return datamodule.sample_ids[split], images, labels


@torch.no_grad()
def predict(net: torch.nn.Module, images: torch.Tensor, labels: torch.Tensor):
    """(predicted classes, per-example cross-entropy losses, class probabilities)."""
    logits = net(images)
    losses = F.cross_entropy(logits, labels, reduction="none")
    return logits.argmax(dim=1), losses, logits.softmax(dim=1)
