"""Model quality from the command line, as a person types it: the promotion gate refuses a worse
model in one line, force=true adopts it with a model card saying where it came from, and
rollback-goldens brings back the committed model; the Optuna search runs from the console script.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import yaml

from tests.helpers.commands import run_cli
from tests.helpers.git import git, init_repo

#: Three training batches of one epoch: a model far worse than the golden one.
UNDERTRAINED = (
    "trainer.max_epochs=1",
    "+trainer.limit_train_batches=3",
    "+trainer.limit_val_batches=1",
    "test=false",
    "logger=none",
)
GOLDENS = "tests/model/goldens"


def test_a_worse_model_is_refused_then_forced_in_then_rolled_back(fresh_project):
    """update-goldens and export refuse an undertrained model, naming each shortfall; force=true
    adopts it and keeps the committed model, which rollback-goldens restores byte for byte."""
    project = init_repo(fresh_project, "Start from ml-testkit")
    run_cli(project, "train", *UNDERTRAINED)
    [checkpoint] = project.glob("logs/train/runs/*/checkpoints/last.ckpt")
    relative = checkpoint.relative_to(project).as_posix()

    for command in ("update-goldens", "export"):
        refused = run_cli(project, command, f"ckpt_path={checkpoint}", check=False)
        assert refused.returncode == 2, refused.stderr
        [error] = [line for line in refused.stderr.splitlines() if line.startswith("ml-project:")]
        assert error.startswith(f"ml-project: error: refusing {relative}: its test accuracy 0.")
        assert "does not beat the baseline's 0.9556" in error
        assert "is below the golden model's 0.9852 by more than" in error
        assert error.endswith("Pass force=true to use it anyway")
        assert "Traceback" not in refused.stderr
    assert git(project, "status", "--porcelain") == "", "a refused model changed files"

    forced = run_cli(project, "update-goldens", f"ckpt_path={checkpoint}", "force=true")
    assert f"Adopted {relative} as the golden model" in forced.stdout
    assert f"{GOLDENS}/previous (rollback-goldens)" in forced.stdout
    card = json.loads((project / GOLDENS / "model_card.json").read_text())
    assert card["source"] == relative
    assert card["git_commit"] == git(project, "rev-parse", "HEAD").strip()
    trained = datetime.fromisoformat(card["trained_at"])
    assert timedelta(0) <= datetime.now(timezone.utc) - trained < timedelta(hours=1)
    assert card["metrics"]["accuracy"] < card["baseline"]["accuracy"]

    rolled_back = run_cli(project, "rollback-goldens")
    assert f"Rolled back {GOLDENS} to the previous golden model" in rolled_back.stdout
    # The committed model is back, file for file; the forced one waits in previous/.
    assert git(project, "status", "--porcelain").strip() == f"?? {GOLDENS}/previous/"


def test_optuna_search_runs_from_the_console_script(installed_project, tmp_path):
    """`ml-project train -m hparams_search=digits_optuna`, two one-epoch trials: the sweep
    names the best parameters, and its best value is its best trial's val/acc."""
    installed_project.run(
        "ml-project",
        "train",
        "-m",
        "hparams_search=digits_optuna",
        "hydra.sweeper.n_trials=2",
        "trainer.max_epochs=1",
        "+trainer.limit_train_batches=4",
        "+trainer.limit_val_batches=2",
        "logger=none",
        f"paths.log_dir={tmp_path}",
    )
    [results] = tmp_path.glob("train/multiruns/*/optimization_results.yaml")
    best = yaml.safe_load(results.read_text())
    assert set(best["best_params"]) == {"model.lr", "model.weight_decay", "model.net.hidden"}
    trials = [json.loads(path.read_text()) for path in results.parent.glob("*/metrics.json")]
    assert len(trials) == 2
    assert best["best_value"] == max(trial["val/acc"] for trial in trials)
    assert git(installed_project.project, "status", "--porcelain") == ""
