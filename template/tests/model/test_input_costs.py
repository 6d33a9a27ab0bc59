"""No input costs too much (data-3): the benchmark's record (tests/model/input_costs.py) is of
this preprocessing, data and model, dated, and within its budgets."""

from __future__ import annotations

from datetime import date

import pytest

from tests.model.golden import datamodule
from tests.model.input_costs import RECORD, group_figures, preprocessing_digest
from tests.model.input_groups import measured_record

pytestmark = pytest.mark.quality
MEASURE = "python -m tests.model.input_costs"


@pytest.mark.ml_test_score("data-3")
def test_each_input_costs_what_its_budget_allows():
    """Catches a costlier preprocessing step or a new input added without its cost measured,
    and an input group that brings too little accuracy for the pixels it costs."""
    recorded = measured_record(RECORD, MEASURE)
    assert date.fromisoformat(recorded["measured_on"]) <= date.today()
    stale = f"the record is of other code, data or model: run `{MEASURE}`"
    assert recorded["preprocessing_digest"] == preprocessing_digest(), stale
    assert recorded["data_fingerprint"] == datamodule().fingerprint(), stale
    assert recorded["groups"] == group_figures(), stale
    budgets = recorded["budgets"]
    assert recorded["preprocess_share"] <= budgets["max_preprocess_share"], recorded
    too_costly = {
        name: figures
        for name, figures in recorded["groups"].items()
        if figures["accuracy_brought"] / figures["pixel_share"]
        < budgets["min_accuracy_per_pixel_share"]
    }
    assert too_costly == {}, f"input groups costing more than they bring: {too_costly}"
