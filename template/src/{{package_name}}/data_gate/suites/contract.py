"""The contract of every dataset: what its datamodule declares about itself, checked on its data.

Shape, dtype, value range, labels and splits come from the datamodule (data/base.py), so a new
dataset gets this suite for free; its own facts (size, balance) go in its profile suite.
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations import expectations as gxe

from ...data.base import ImageDataModule
from ...data.table import COLUMNS, describe_shape

#: How far the split shares may drift from the configured fractions: rounding only.
MAX_SPLIT_KL = 0.001
#: Raw images are float32 (load_arrays' contract); anything else is a loading bug.
DTYPES = ["float32"]


def contract_suite(datamodule: ImageDataModule) -> gx.ExpectationSuite:
    low, high = datamodule.value_range
    hp = datamodule.hparams
    split_weights = {
        "train": 1 - hp.val_fraction - hp.test_fraction,
        "val": hp.val_fraction,
        "test": hp.test_fraction,
    }
    expectations = []
    add = expectations.append
    add(gxe.ExpectTableColumnsToMatchOrderedList(column_list=COLUMNS))
    # One row per sample across all splits: a repeated id means train/val/test overlap.
    add(gxe.ExpectColumnValuesToBeUnique(column="sample_id"))
    # Split names and shares in one: an unknown split name alone makes the divergence infinite.
    add(
        gxe.ExpectColumnKLDivergenceToBeLessThan(
            column="split",
            partition_object={
                "values": list(split_weights),
                "weights": list(split_weights.values()),
            },
            threshold=MAX_SPLIT_KL,
        )
    )
    # Images as the model expects them: flattened, resized or transposed images fail here.
    add(
        gxe.ExpectColumnValuesToBeInSet(
            column="shape", value_set=[describe_shape(datamodule.image_size)]
        )
    )
    add(gxe.ExpectColumnValuesToBeInSet(column="dtype", value_set=DTYPES))
    # A NaN pixel makes its sample's extremes NaN (null); an Inf one lies outside the range.
    for column in ("pixel_min", "pixel_max"):
        add(gxe.ExpectColumnValuesToNotBeNull(column=column))
        add(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    add(gxe.ExpectColumnValuesToNotBeNull(column="label"))
    add(
        gxe.ExpectColumnValuesToBeInSet(
            column="label", value_set=list(range(datamodule.num_classes))
        )
    )
    return gx.ExpectationSuite(name=f"{datamodule.name}_contract", expectations=expectations)
