"""Bring your own data in three places: the generated docs' recipe, followed as written.

The three files come out of the render's own docs/bring-your-own-data.md, so the page cannot go
stale. With them, and nothing else changed, the new dataset (other image size, other class
count) passes the data gate, trains, becomes the golden model, and the generated model tests
that apply to it pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers.commands import run_cli, run_pytest
from tests.helpers.edits import write
from tests.helpers.git import git, init_repo
from tests.helpers.rendering import render

RECIPE = "docs/bring-your-own-data.md"
#: A fenced code block whose first line names the file it belongs in.
FILE_BLOCK = re.compile(r"```(?:python|yaml)\n# file: (?P<path>\S+)\n(?P<body>.*?)```", re.S)
THE_THREE_PLACES = {
    "src/ml_project/data/shapes.py",
    "configs/data/shapes.yaml",
    "src/ml_project/data_gate/suites/shapes.py",
}


def recipe_files(project: Path) -> dict[str, str]:
    return {m["path"]: m["body"] for m in FILE_BLOCK.finditer((project / RECIPE).read_text())}


@pytest.fixture(scope="module")
def shapes_project(tmp_path_factory) -> Path:
    project = init_repo(render(tmp_path_factory.mktemp("byod") / "project"), "Start")
    for path, body in recipe_files(project).items():
        write(project, path, body)
    return project


@pytest.fixture(scope="module")
def trained(shapes_project) -> Path:
    """`train data=shapes`: the run folder it wrote."""
    run_cli(shapes_project, "train", "data=shapes", "trainer.max_epochs=5")
    [run] = shapes_project.glob("logs/train/runs/*")
    return run


def test_recipe_is_three_new_files_and_nothing_else(shapes_project):
    """Catches a dataset swap that needs an edit anywhere but the three documented places."""
    status = git(shapes_project, "status", "--porcelain", "--untracked-files=all")
    assert {line[3:] for line in status.splitlines()} == THE_THREE_PLACES


def test_new_data_passes_the_gate_with_its_own_profile(shapes_project):
    """Catches a gate that knows only the digits: the new data's contract and profile run."""
    result = run_cli(shapes_project, "validate-data", "data=shapes")
    assert "PASSED: 600 rows checked" in result.stdout


def test_new_data_trains_a_model_sized_for_it(trained):
    """Catches a model whose input size or class count is not read off the datamodule."""
    metrics = json.loads((trained / "metrics.json").read_text())
    # Three synthetic shapes are easy: 0.97-0.99 after 5 epochs, chance is 0.33.
    assert metrics["test/acc"] >= 0.9, metrics


def test_model_tests_that_apply_pass_on_the_new_data(shapes_project, trained):
    """Catches goldens, hard examples, export, the service or data tests that hold a digits
    constant."""
    checkpoint = trained / "checkpoints" / "last.ckpt"
    run_cli(shapes_project, "update-goldens", "data=shapes", f"ckpt_path={checkpoint}")
    run_cli(shapes_project, "hard-examples", "data=shapes")
    run_cli(shapes_project, "export", "data=shapes")
    applicable = (
        *("tests/data", "tests/model", "tests/unit", "tests/training/test_memorization.py"),
        # The service knows the data only through the artifact: other shapes, ranges, classes.
        *("tests/serving/test_requests.py", "tests/serving/test_prediction_log.py"),
    )
    result = run_pytest(shapes_project, "-q", "-rs", "--override", "data=shapes", *applicable)
    assert "behavioural expectations measured on the digits, not 'shapes'" in result.stdout
