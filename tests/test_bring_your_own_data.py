"""Bring your own data in three places and a switch: the generated docs' recipe, as written.

The files come out of the render's own docs/bring-your-own-data.md and its commands run as the
page writes them, in a fresh install: so the page cannot go stale. With those files, and nothing
else changed, the new dataset (other image size, other class count) passes the data gate,
trains, becomes the golden model, and a plain `pytest`, the page's last command, passes on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.doc_commands import Outcome, commands_of, files_of, report, run_as_written
from tests.helpers.edits import write
from tests.helpers.git import git, init_repo
from tests.helpers.installed import install
from tests.helpers.rendering import render

RECIPE = "docs/bring-your-own-data.md"
#: At most for one command of the page: its last, the generated suite, takes 4 to 10 min on 2
#: cores (the more other work shares them, the longer).
WHOLE_SUITE_S = 1500
THE_PLACES = {
    "src/ml_project/data/shapes.py",
    "configs/data/shapes.yaml",
    "src/ml_project/data_gate/suites/shapes.py",
    "configs/data/default.yaml",  # the switch: one line
}


@pytest.fixture(scope="module")
def followed(tmp_path_factory) -> tuple[Path, str, dict[str, Outcome]]:
    """(project, `git status` after writing the three files, each command's outcome)."""
    root = tmp_path_factory.mktemp("byod")
    project = init_repo(render(root / "project"), "Start from ml-testkit")
    installed = install(project, root / "venv")
    for path, body in files_of(project / RECIPE).items():
        write(project, path, body)
    status = git(project, "status", "--porcelain", "--untracked-files=all")
    # The page ends with a plain `pytest`: the whole generated suite, slow tests included.
    commands = commands_of(project / RECIPE, project)
    outcomes = run_as_written(installed, commands, {}, {}, timeout=WHOLE_SUITE_S)
    print(report(outcomes))
    return project, status, {outcome.command.text: outcome for outcome in outcomes}


def test_recipe_is_three_new_files_a_switch_and_nothing_else(followed):
    """Catches a dataset swap that needs an edit anywhere but the documented places."""
    _, status, _ = followed
    assert {line[3:] for line in status.splitlines()} == THE_PLACES


def test_new_data_passes_the_gate_with_its_own_profile(followed):
    """Catches a gate that knows only the digits: the new data's contract and profile run."""
    _, _, outcomes = followed
    assert "PASSED: 600 rows checked" in outcomes["ml-project validate-data"].output


def test_new_data_trains_a_model_sized_for_it(followed):
    """Catches a model whose input size or class count is not read off the datamodule."""
    project, _, _ = followed
    [run] = project.glob("logs/train/runs/*/metrics.json")
    metrics = json.loads(run.read_text())
    # Three synthetic shapes are easy: 0.97-0.99 after the default 15 epochs; chance is 0.33.
    assert metrics["test/acc"] >= 0.9, metrics


def test_plain_pytest_passes_at_the_end_of_the_walkthrough(followed):
    """Catches goldens, hard examples, export or tests that hold a digits constant, and a page
    that leaves the default data on the digits (19 model tests failed after its last step)."""
    _, _, outcomes = followed
    suite = outcomes["pytest"].output
    assert " passed" in suite and " failed" not in suite
    assert "behavioural expectations measured on the digits, not 'shapes'" in suite
