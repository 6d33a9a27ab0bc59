"""The impact of model staleness is known: measured, recorded, and held by the age limit that
monitoring enforces (tests/model/staleness.py says how it is measured)."""

from __future__ import annotations

import pytest
import yaml

from tests.hydra_configs import CONFIG_DIR
from tests.model.golden import datamodule, goldens_config
from tests.model.input_groups import measured_record
from tests.model.staleness import RECORD, accuracy_by_age

pytestmark = pytest.mark.quality
MONITORING = CONFIG_DIR / "monitoring" / "default.yaml"
REMEASURE = "python -m tests.model.staleness"


@pytest.mark.ml_test_score("model-4")
def test_staleness_is_measured_for_this_model_and_held_by_the_age_limit():
    """Catches a staleness record of another model or other data, a retraining interval that
    lets accuracy fall further than goldens.quality.max_accuracy_drop, and a monitoring age
    limit longer than that interval."""
    recorded = measured_record(RECORD, REMEASURE)
    assert recorded["data_fingerprint"] == datamodule().fingerprint(), f"run `{REMEASURE}`"
    curve = recorded["accuracy_by_age_days"]
    measured = accuracy_by_age(list(curve), recorded["drift"])
    print(measured)
    assert measured == pytest.approx(curve, abs=1e-4), f"the record is stale: run `{REMEASURE}`"
    interval = recorded["retrain_within_days"]
    at_interval = max(days for days in curve if days <= interval)
    drop = curve[0] - curve[at_interval]
    allowed = goldens_config().goldens.quality.max_accuracy_drop
    assert drop <= allowed, f"{drop:.4f} lost in {at_interval} days; at most {allowed}"
    if MONITORING.is_file():  # the service's monitoring enforces the interval
        limit = yaml.safe_load(MONITORING.read_text())["max_model_age_days"]
        assert limit <= interval, f"monitoring lets a model age {limit} days, past {interval}"
