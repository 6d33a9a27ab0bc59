"""model-3 in a generated repo: `python -m tests.model.tuning` runs the Optuna search and
records it, and the generated test then holds configs/ to the record's best trial.

Two short trials here (the docs' ten full ones take minutes): the record is rewritten with
today's date, both trials and the best, and the generated test fails until configs/ holds the
best trial's values, then passes.
"""

from __future__ import annotations

import re
import sys

import yaml

from tests.helpers.commands import run_in, run_pytest
from tests.helpers.git import init_repo

RECORD = "tests/model/goldens/tuning.yaml"
TEST = "tests/model/test_tuning.py"
SHORT = (
    "hydra.sweeper.n_trials=2",
    "trainer.max_epochs=1",
    "+trainer.limit_train_batches=4",
    "+trainer.limit_val_batches=2",
)


def test_search_is_recorded_and_configs_are_held_to_its_best_trial(fresh_project):
    """Catches a record command that leaves the record as it was, and a test that passes
    configs/ the search did not choose."""
    project = init_repo(fresh_project, "Start from ml-testkit")
    assert run_pytest(project, "-q", TEST).returncode == 0
    run_in(project, sys.executable, "-m", "tests.model.tuning", *SHORT)
    record = yaml.safe_load((project / RECORD).read_text())
    assert record["command"] == " ".join(["python -m tests.model.tuning", *SHORT])
    assert len(record["trials"]) == 2 and record["best"] in record["trials"]

    stale = run_pytest(project, "-q", TEST, check=False)
    assert stale.returncode == 1, stale.stdout[-3000:]
    assert "configs/ does not hold the recorded search's best trial" in stale.stdout

    best = record["best"]["params"]
    config = project / "configs" / "model" / "cnn.yaml"
    text = config.read_text()
    for line, key in (("lr", "model.lr"), ("weight_decay", "model.weight_decay")):
        text = re.sub(rf"^{line}: .*$", f"{line}: {best[key]!r}", text, flags=re.M)
    text = re.sub(r"^  hidden: .*$", f"  hidden: {best['model.net.hidden']!r}", text, flags=re.M)
    config.write_text(text)
    assert run_pytest(project, "-q", TEST).returncode == 0
