"""The impact of model staleness (model-4): the golden model's accuracy as it ages, on inputs
drifting as goldens/staleness.yaml says they do.

``python -m tests.model.staleness`` measures it and writes the record again: after adopting a
new golden model, or once you have measured your own data's drift and put it in the record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import yaml

from tests.model.golden import datamodule, goldens_config
from tests.model.input_groups import SPLIT, accuracy

RECORD = Path(goldens_config().goldens.dir) / "staleness.yaml"
HEADER = """\
# The impact of model staleness (model-4), checked by tests/model/test_staleness.py: the golden
# model's test accuracy at each age, on the test split drifted as `drift` says the inputs drift
# with time. The drift here is an assumption (ink fading by a tenth a month, as a scanner's
# calibration might) until you measure yours: compare old and new inputs (`monitor` reports
# their summaries), set it, and run `python -m tests.model.staleness` to measure again.
# retrain_within_days must keep the loss within goldens.quality.max_accuracy_drop; monitoring
# fails a model older than monitoring.max_model_age_days, which must not exceed it.
"""


def aged(images: np.ndarray, days: float, fade_per_30_days: float) -> np.ndarray:
    """``images`` as they would arrive ``days`` later: ink faded towards the low end.

    >>> aged(np.array([[[0.0, 16.0]]]), 60, 0.5).tolist()
    [[[0.0, 4.0]]]
    """
    low = datamodule().value_range[0]
    return low + (images - low) * fade_per_30_days ** (days / 30)


def accuracy_by_age(ages: list[int], drift: dict) -> dict[int, float]:
    _, images, labels = datamodule().split_arrays(SPLIT)
    return {days: round(accuracy(aged(images, days, **drift), labels), 4) for days in ages}


def record(path: Path = RECORD) -> dict:
    """Measure again with the record's drift and ages, and write it."""
    old = yaml.safe_load(path.read_text())
    new = {
        **old,
        "dataset": datamodule().name,
        "measured_on": date.today().isoformat(),
        "data_fingerprint": datamodule().fingerprint(),
        "accuracy_by_age_days": accuracy_by_age(list(old["accuracy_by_age_days"]), old["drift"]),
    }
    path.write_text(HEADER + yaml.safe_dump(new, sort_keys=False))
    return new


if __name__ == "__main__":
    print(record())
