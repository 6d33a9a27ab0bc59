"""A dataset as one table, a row per sample: what the data gate's expectation suites validate.

Built from the raw arrays exactly as ``load_arrays`` returned them, and built for any input,
however wrong (flattened or resized images, another dtype, NaN, no rows at all): a bad input
must reach the suites and fail an expectation there, with its name, not crash before them.
Per-image summaries (shape, dtype, extremes, mean) instead of one column per pixel keep the
table, and validation, the same size for any image size.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

COLUMNS = ["sample_id", "split", "label", "shape", "dtype", "pixel_min", "pixel_max", "pixel_mean"]


def describe_shape(shape: tuple[int, ...]) -> str:
    """``(8, 8)`` -> ``"8x8"``: the shape of one sample, as the suites compare it.

    >>> describe_shape((8, 8)), describe_shape((64,)), describe_shape(())
    ('8x8', '64', 'scalar')
    """
    return "x".join(map(str, shape)) or "scalar"


def pixel_summaries(images: np.ndarray) -> dict[str, np.ndarray]:
    """Each sample's smallest, largest and mean value; NaN where it has none or is not numeric.

    NaN propagates: one NaN pixel makes its sample's summaries NaN (null for the suites).

    >>> summaries = pixel_summaries(np.array([[[0.0, 2.0]], [[1.0, np.nan]]]))
    >>> summaries["pixel_max"].tolist()
    [2.0, nan]
    """
    count = len(images)
    numeric = images.dtype.kind in "iuf"
    has_pixels = count > 0 and images[0].size > 0
    if not (numeric and has_pixels):
        nothing = np.full(count, np.nan)
        return {"pixel_min": nothing, "pixel_max": nothing, "pixel_mean": nothing}
    flat = images.reshape(count, -1).astype(np.float64)
    return {
        "pixel_min": flat.min(axis=1),
        "pixel_max": flat.max(axis=1),
        "pixel_mean": flat.mean(axis=1),
    }


def validation_table(
    images: np.ndarray, labels: np.ndarray, sample_ids: dict[str, np.ndarray]
) -> pd.DataFrame:
    """One row per sample of every split: id, split, label, shape, dtype and pixel summaries."""
    images, labels = np.asarray(images), np.asarray(labels)
    parts = []
    for split, ids in sample_ids.items():
        part = pd.DataFrame({"sample_id": ids, "split": split, "label": labels[ids]})
        part["shape"] = describe_shape(images.shape[1:])
        part["dtype"] = str(images.dtype)
        for column, values in pixel_summaries(images[ids]).items():
            part[column] = values
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def table_fingerprint(table: pd.DataFrame) -> str:
    """A hash of the exact values and columns: any change gives a different fingerprint.

    >>> table = pd.DataFrame({"a": [1.0, 2.0]})
    >>> table_fingerprint(table) == table_fingerprint(table.copy())
    True
    >>> table_fingerprint(table) == table_fingerprint(table.assign(a=[1.0, 2.5]))
    False
    """
    row_hashes = pd.util.hash_pandas_object(table, index=True).to_numpy()
    digest = hashlib.sha256(np.ascontiguousarray(row_hashes).tobytes())
    digest.update(",".join(table.columns).encode())
    return digest.hexdigest()
