"""What is true of the digits alone: how many there are, and how evenly the classes are spread."""

from __future__ import annotations

import great_expectations as gx
from great_expectations import expectations as gxe

from ...data.base import ImageDataModule

# scikit-learn's digits hold 1797 images; a bounded range catches a truncated or duplicated load.
MIN_ROWS, MAX_ROWS = 1700, 1900
# The digits are nearly balanced (each class is 9.9-10.2 %): the KL divergence from uniform is
# about 0.0001. 0.01 still allows a class at roughly 6 %, and fails when one goes missing
# (a missing class alone gives about 0.1).
MAX_CLASS_IMBALANCE_KL = 0.01
# The weight the divergence gives labels outside 0-9: a few unknown labels (the contract's
# in-set expectation reports them) then add far less than the threshold, so each expectation
# fails for its own reason only.
UNKNOWN_LABELS_WEIGHT = 1e-4


def profile_suite(datamodule: ImageDataModule) -> gx.ExpectationSuite:
    classes = list(range(datamodule.num_classes))
    return gx.ExpectationSuite(
        name=f"{datamodule.name}_profile",
        expectations=[
            gxe.ExpectTableRowCountToBeBetween(min_value=MIN_ROWS, max_value=MAX_ROWS),
            gxe.ExpectColumnKLDivergenceToBeLessThan(
                column="label",
                partition_object={
                    "values": classes,
                    "weights": [1 / len(classes)] * len(classes),
                },
                threshold=MAX_CLASS_IMBALANCE_KL,
                tail_weight_holdout=UNKNOWN_LABELS_WEIGHT,
            ),
        ],
    )
