"""A small convolutional network for 8x8 digits; widths scale it up or down."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


class DigitCNN(nn.Module):
    """Conv blocks, then an MLP head.

    Shapes (B = batch):
        input  (B, 1, 8, 8)
        conv   (B, channels[-1], 4, 4)
        logits (B, num_classes)

    >>> net = DigitCNN(channels=(4, 8), hidden=16)
    >>> net(torch.zeros(2, 1, 8, 8)).shape
    torch.Size([2, 10])
    """

    def __init__(
        self,
        channels: Sequence[int] = (16, 32),
        hidden: int = 64,
        num_classes: int = 10,
        dropout: float = 0.1,
    ) -> None:
        super().__init__()
        self.feature_channels, self.num_classes = channels[-1], num_classes
        layers: list[nn.Module] = []
        in_channels = 1
        for out_channels in channels:
            layers += [nn.Conv2d(in_channels, out_channels, 3, padding=1), nn.ReLU()]
            in_channels = out_channels
        layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(in_channels * 4 * 4, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )

    def shapes(self, batch_size: int) -> dict[str, tuple[int, ...]]:
        """The shape annotations above as data: what tests/unit/test_shapes.py checks.

        >>> DigitCNN(channels=(4, 8)).shapes(2)["features"]
        (2, 8, 4, 4)
        """
        return {
            "images": (batch_size, 1, 8, 8),
            "features": (batch_size, self.feature_channels, 4, 4),
            "logits": (batch_size, self.num_classes),
        }

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        features = self.features(images)  # (B, channels[-1], 4, 4)
        return self.head(features)  # (B, num_classes)
