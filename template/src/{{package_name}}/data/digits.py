"""The default dataset: scikit-learn's bundled 8x8 handwritten digits (no network needed)."""

from __future__ import annotations

import numpy as np

from .base import ImageDataModule


class DigitsDataModule(ImageDataModule):
    """1,797 grey-scale 8x8 images of the digits 0-9.

    Each pixel counts the "ink" in a 4x4 block of the scanned image: 0 to 16.

    >>> images, labels = DigitsDataModule().arrays()
    >>> images.shape, images.dtype, labels.shape
    ((1797, 8, 8), dtype('float32'), (1797,))
    >>> float(images.min()), float(images.max())
    (0.0, 16.0)
    """

    name = "digits"
    class_names = tuple(str(digit) for digit in range(10))
    image_size = (8, 8)
    value_range = (0.0, 16.0)

    def load_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.datasets import load_digits

        bunch = load_digits()
        return bunch.images.astype(np.float32), bunch.target.astype(np.int64)
