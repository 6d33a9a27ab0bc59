"""The digits as one table (a pandas DataFrame): what the data expectations validate."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from .datamodule import DigitsDataModule

PIXEL_COLUMNS = [f"pixel_{index}" for index in range(64)]
# Each image's darkest and brightest pixel (NaN if any pixel is NaN): two columns that let
# a suite check the range of all 64 pixels with two expectations instead of 128, which
# keeps validation a few seconds long.
EXTREME_COLUMNS = ["pixel_min", "pixel_max"]
COLUMNS = [*PIXEL_COLUMNS, *EXTREME_COLUMNS, "label", "sample_id", "split"]


def splits_frame(datamodule: DigitsDataModule) -> pd.DataFrame:
    """One row per sample of every split: raw pixels, label, sample id and split name.

    Built from the arrays ``load_arrays`` returned, so corrupted source data is what the
    expectations see.
    """
    datamodule.setup()
    parts = []
    for split, ids in datamodule.sample_ids.items():
        pixels = datamodule.raw_images[ids].reshape(len(ids), -1)
        part = pd.DataFrame(pixels, columns=PIXEL_COLUMNS)
        part["pixel_min"], part["pixel_max"] = pixels.min(axis=1), pixels.max(axis=1)
        part["label"] = datamodule.raw_labels[ids]
        part["sample_id"] = ids
        part["split"] = split
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def frame_fingerprint(frame: pd.DataFrame) -> str:
    """A hash of the exact values: any changed value gives a different fingerprint.

    >>> frame = pd.DataFrame({"a": [1.0, 2.0]})
    >>> frame_fingerprint(frame) == frame_fingerprint(frame.copy())
    True
    >>> frame_fingerprint(frame) == frame_fingerprint(frame.assign(a=[1.0, 2.5]))
    False
    """
    row_hashes = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    digest = hashlib.sha256(np.ascontiguousarray(row_hashes).tobytes())
    digest.update(",".join(frame.columns).encode())
    return digest.hexdigest()
