"""What the digits must look like, as great_expectations suites. Edit here, not in JSON.

Two suites: ``digits_schema`` (columns, nulls, row count, ids unique so no sample sits in two
splits) and ``digits_values`` (pixel range, label set, class balance, split proportions).
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations import expectations as gxe

from .digits import PIXEL_MAX
from .frame import COLUMNS, EXTREME_COLUMNS

CLASSES = list(range(10))
# sklearn's digits hold 1797 images; a bounded range catches a truncated or duplicated load.
MIN_ROWS, MAX_ROWS = 1700, 1900
# The digits are nearly balanced (each class is 9.9-10.2 %). KL divergence from uniform is
# about 0.0001; 0.01 still allows a class at roughly 6 %, and fails when one goes missing.
MAX_CLASS_IMBALANCE_KL = 0.01
# Split fractions from configs/data/digits.yaml; the bound tolerates rounding only.
SPLIT_WEIGHTS = {"train": 0.70, "val": 0.15, "test": 0.15}
MAX_SPLIT_KL = 0.001


def schema_suite() -> gx.ExpectationSuite:
    """Columns in order, no nulls, a plausible row count, each sample in exactly one split."""
    suite = gx.ExpectationSuite(name="digits_schema")
    suite.add_expectation(gxe.ExpectTableColumnsToMatchOrderedList(column_list=COLUMNS))
    suite.add_expectation(
        gxe.ExpectTableRowCountToBeBetween(min_value=MIN_ROWS, max_value=MAX_ROWS)
    )
    # A NaN pixel makes its row's pixel_min/pixel_max NaN: these cover all 64 pixels.
    for column in [*EXTREME_COLUMNS, "label", "sample_id", "split"]:
        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column))
    # One row per sample across all splits: a duplicated id means train/val/test overlap.
    suite.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="sample_id"))
    return suite


def values_suite() -> gx.ExpectationSuite:
    """Pixels in [0, PIXEL_MAX], labels 0-9 roughly balanced, splits in configured shares."""
    suite = gx.ExpectationSuite(name="digits_values")
    for column in EXTREME_COLUMNS:
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=PIXEL_MAX)
        )
    suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column="label", value_set=CLASSES))
    suite.add_expectation(
        gxe.ExpectColumnKLDivergenceToBeLessThan(
            column="label",
            partition_object={"values": CLASSES, "weights": [1 / len(CLASSES)] * len(CLASSES)},
            threshold=MAX_CLASS_IMBALANCE_KL,
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="split", value_set=list(SPLIT_WEIGHTS))
    )
    suite.add_expectation(
        gxe.ExpectColumnKLDivergenceToBeLessThan(
            column="split",
            partition_object={
                "values": list(SPLIT_WEIGHTS),
                "weights": list(SPLIT_WEIGHTS.values()),
            },
            threshold=MAX_SPLIT_KL,
        )
    )
    return suite


def all_suites() -> list[gx.ExpectationSuite]:
    return [schema_suite(), values_suite()]
