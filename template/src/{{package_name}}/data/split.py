"""A deterministic train/val/test split of sample ids: one seed, always the same split."""

from __future__ import annotations

import numpy as np

SPLITS = ("train", "val", "test")


def split_indices(
    n_samples: int, val_fraction: float, test_fraction: float, seed: int
) -> dict[str, np.ndarray]:
    """Split sample ids 0..n_samples-1 into train/val/test, each sorted.

    The same seed always gives the same split, so a test set never leaks into training
    between runs.

    >>> parts = split_indices(10, val_fraction=0.2, test_fraction=0.2, seed=0)
    >>> {name: len(ids) for name, ids in parts.items()}
    {'train': 6, 'val': 2, 'test': 2}
    >>> sorted(np.concatenate(list(parts.values())).tolist()) == list(range(10))
    True
    """
    order = np.random.default_rng(seed).permutation(n_samples)
    n_val = int(round(n_samples * val_fraction))
    n_test = int(round(n_samples * test_fraction))
    return {
        "train": np.sort(order[n_val + n_test :]),
        "val": np.sort(order[:n_val]),
        "test": np.sort(order[n_val : n_val + n_test]),
    }
