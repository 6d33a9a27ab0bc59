"""The generated project's own test suite passes, for every variant of the render matrix.

No false alarms: the default variant's whole suite (slow tests included) runs three times in a
row in the same folder, under 1 and under 2 OpenMP threads, so a test that depends on thread
scheduling or on state left by an earlier run fails here rather than in a team's CI.
"""

from __future__ import annotations

import shutil

from tests.helpers.commands import run_pytest
from tests.helpers.variants import VARIANTS

ONE_RUN = ({},)
THREE_RUNS_IN_A_ROW = (
    {"OMP_NUM_THREADS": "1"},
    {"OMP_NUM_THREADS": "2"},
    {"OMP_NUM_THREADS": "2"},
)


def test_generated_suite_passes(variant, tmp_path, monkeypatch):
    answers, rendered = variant
    # A copy: the suite writes caches (gx/uncommitted/) that the other tests must not see.
    project = shutil.copytree(rendered, tmp_path / "project")
    runs = THREE_RUNS_IN_A_ROW if answers == VARIANTS[0] else ONE_RUN
    for number, env in enumerate(runs, start=1):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        result = run_pytest(project, "-q")
        assert (
            " passed" in result.stdout and " failed" not in result.stdout
        ), f"run {number}: {env}"
