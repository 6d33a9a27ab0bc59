"""The default dataset: scikit-learn's bundled 8x8 handwritten digits (no network needed).

numpy only, no torch or Lightning: notebooks and data checks import this without the cost of
the training stack. The LightningDataModule that serves it to a model lives in datamodule.py.
"""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits

#: Raw digits pixels are counts of "ink" in 4x4 blocks of the scanned image: 0 to 16.
PIXEL_MAX = 16.0


def load_digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Return the raw images, shape (N, 8, 8) with values in [0, 16], and labels (N,).

    >>> images, labels = load_digits_arrays()
    >>> images.shape, labels.shape
    ((1797, 8, 8), (1797,))
    >>> float(images.min()), float(images.max())
    (0.0, 16.0)
    """
    bunch = load_digits()
    return bunch.images.astype(np.float32), bunch.target.astype(np.int64)


def split_indices(
    n_samples: int, val_fraction: float, test_fraction: float, seed: int
) -> dict[str, np.ndarray]:
    """Split sample ids 0..n_samples-1 deterministically into train/val/test.

    The same seed always gives the same split, so a test set never leaks into training
    between runs.

    >>> parts = split_indices(10, val_fraction=0.2, test_fraction=0.2, seed=0)
    >>> {name: len(ids) for name, ids in parts.items()}
    {'train': 6, 'val': 2, 'test': 2}
    >>> sorted(np.concatenate(list(parts.values())).tolist()) == list(range(10))
    True
    """
    held_out = val_fraction + test_fraction
    if not 0 < held_out < 1:
        raise ValueError(f"val_fraction + test_fraction must be between 0 and 1, got {held_out}")
    order = np.random.default_rng(seed).permutation(n_samples)
    n_val = int(round(n_samples * val_fraction))
    n_test = int(round(n_samples * test_fraction))
    return {
        "train": np.sort(order[n_val + n_test :]),
        "val": np.sort(order[:n_val]),
        "test": np.sort(order[n_val : n_val + n_test]),
    }
