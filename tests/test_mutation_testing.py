"""Mutation testing in a render: the documented command, `bash scripts/mutation.sh`, kills every
mutant of the data split with the generated tests, and reports the mutants of the preprocessing
that a weakened test lets through, each with its diff, and a score that fails --fail-under.

Two small modules (about 30 mutants) and one run keep this to seconds; the generated docs give
the figures of a run over every module [tool.mutmut] names.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.commands import run_in
from tests.helpers.git import init_repo

pytestmark = pytest.mark.slow

MODULES = ("data/split.py", "data/preprocess.py")
TESTS = "tests/unit/test_data_split.py"
#: The preprocessing test's check of the values: without it, only their shape is tested.
VALUES_CHECK = "    assert inputs.tolist() == [[[[0.0, 0.5], [1.0, 0.25]]]]\n"
SELECTION = "pytest_add_cli_args_test_selection"
SCORE = re.compile(r"^## Mutation testing: (\d+) of (\d+) mutants killed", re.M)
MISSED = re.compile(r"^### `(\S+)`: (.+)$", re.M)


def narrowed(project: Path, modules: tuple[str, ...], tests: str) -> Path:
    """``project`` with [tool.mutmut] narrowed to ``modules`` and one test file."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    package = re.search(r'^    "src/(\w+)/', text, re.M)[1]
    paths = ", ".join(f'"src/{package}/{module}"' for module in modules)
    for key, value in [("only_mutate", paths), (SELECTION, f'"{tests}"')]:
        text = re.sub(rf"^{key} = \[\n.*?^\]", f"{key} = [{value}]", text, flags=re.M | re.S)
    pyproject.write_text(text)
    return project


def test_mutation_testing_kills_the_splits_mutants_and_reports_a_weakened_tests_survivors(
    default_project, tmp_path
):
    project = narrowed(shutil.copytree(default_project, tmp_path / "project"), MODULES, TESTS)
    tests = project / TESTS
    assert VALUES_CHECK in tests.read_text()
    tests.write_text(tests.read_text().replace(VALUES_CHECK, ""))
    init_repo(project, "Start from ml-testkit")

    run = run_in(project, "bash", "scripts/mutation.sh", "--fail-under", "100", check=False)
    report = run.stdout
    assert run.returncode == 1, report + run.stderr
    assert "The score is below --fail-under 100%." in run.stderr
    killed, total = map(int, SCORE.search(report).groups())
    assert total >= 25 and killed >= 20, report  # both modules' mutants, most of them killed
    missed = MISSED.findall(report)
    assert missed and killed + len(missed) == total, report
    assert all(".data.preprocess." in name for name, _ in missed), "a split mutant survived"
    assert all(status == "survived" for _, status in missed), report
    # Each with the diff that shows the change the tests let through.
    assert re.search(r"```diff\n--- src/\w+/data/preprocess\.py\n", report), report
    assert re.search(r"^\+.*self\.span = low, high \+ low", report, re.M), report
