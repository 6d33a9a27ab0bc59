"""A small convolutional network for small images; widths scale it up or down."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


class SmallCNN(nn.Module):
    """Conv blocks, one 2x2 max-pool, then an MLP head.

    Shapes (B = batch, C, H, W = ``input_shape``):
        input    (B, C, H, W)
        features (B, channels[-1], H // 2, W // 2)
        logits   (B, num_classes)

    ``input_shape`` and ``num_classes`` come from the datamodule (build.py).

    >>> net = SmallCNN(input_shape=(1, 8, 8), num_classes=10, channels=(4, 8), hidden=16)
    >>> net(torch.zeros(2, 1, 8, 8)).shape
    torch.Size([2, 10])
    """

    def __init__(
        self,
        input_shape: Sequence[int],
        num_classes: int,
        channels: Sequence[int] = (16, 32),
        hidden: int = 64,
        dropout: float = 0.1,
    ) -> None:
        super().__init__()
        in_channels, height, width = input_shape
        self.input_shape = (in_channels, height, width)
        self.feature_shape = (channels[-1], height // 2, width // 2)
        self.num_classes = num_classes
        layers: list[nn.Module] = []
        for out_channels in channels:
            layers += [nn.Conv2d(in_channels, out_channels, 3, padding=1), nn.ReLU()]
            in_channels = out_channels
        layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(channels[-1] * (height // 2) * (width // 2), hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, num_classes),
        )

    def shapes(self, batch_size: int) -> dict[str, tuple[int, ...]]:
        """The shape annotations above as data: what tests/unit/test_shapes.py checks.

        >>> SmallCNN(input_shape=(1, 8, 8), num_classes=10, channels=(4, 8)).shapes(2)["features"]
        (2, 8, 4, 4)
        """
        return {
            "images": (batch_size, *self.input_shape),
            "features": (batch_size, *self.feature_shape),
            "logits": (batch_size, self.num_classes),
        }

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        features = self.features(images)  # (B, channels[-1], H // 2, W // 2)
        return self.head(features)  # (B, num_classes)
