"""All hyperparameters have been tuned (model-3): configs/ holds the values of the best trial of
a recorded search (tests/model/tuning.py), over the search space configured now."""

from __future__ import annotations

from datetime import date

import pytest
from omegaconf import OmegaConf

from tests.hydra_configs import compose_config
from tests.model.input_groups import measured_record
from tests.model.tuning import COMMAND, RECORD, search_space

pytestmark = pytest.mark.quality


@pytest.mark.ml_test_score("model-3")
def test_configs_hold_the_best_trial_of_the_recorded_search():
    """Catches a hyperparameter set by hand without a search, a search space changed since the
    search, and a record that is undated, has too few trials or names another trial as best."""
    recorded = measured_record(RECORD, COMMAND)
    assert date.fromisoformat(recorded["searched_on"]) <= date.today(), recorded["searched_on"]
    again = f"run `{COMMAND}`"
    assert recorded["space"] == search_space(), f"the search space changed since: {again}"
    trials = recorded["trials"]
    assert len(trials) >= 2, f"a search of {len(trials)} trial(s) tunes nothing: {again}"
    assert all(set(trial["params"]) == set(recorded["space"]) for trial in trials), trials
    best = recorded["best"]
    pick = max if recorded["direction"] == "maximize" else min
    assert best in trials and best["value"] == pick(trial["value"] for trial in trials), best
    configured = compose_config("train")
    differing = {
        key: f"{OmegaConf.select(configured, key)} in configs/, {value} searched"
        for key, value in best["params"].items()
        if OmegaConf.select(configured, key) != value
    }
    assert differing == {}, (
        f"configs/ does not hold the recorded search's best trial ({differing}): set its "
        f"values, and adopt the model trained with them; or search again ({again})"
    )
