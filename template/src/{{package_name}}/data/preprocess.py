"""What the model sees: raw images in the dataset's units, scaled to [0, 1], with a channel axis.

One module, used twice: the datamodule builds training inputs with it, and the exported model
carries it, so a served model takes raw inputs exactly as training did.
"""

from __future__ import annotations

import torch
from torch import nn


class Preprocess(nn.Module):
    """(B, H, W) raw values in ``value_range`` -> (B, 1, H, W) float32 in [0, 1].

    >>> Preprocess((0.0, 16.0))(torch.tensor([[[0.0, 8.0], [16.0, 4.0]]])).tolist()
    [[[[0.0, 0.5], [1.0, 0.25]]]]
    """

    def __init__(self, value_range: tuple[float, float]) -> None:
        super().__init__()
        low, high = (float(value) for value in value_range)
        self.low, self.span = low, high - low

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return ((images.float() - self.low) / self.span).unsqueeze(1)
