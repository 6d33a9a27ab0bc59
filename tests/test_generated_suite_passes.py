"""The generated project's own test suite passes, for every variant of the render matrix,
and prints no warning.

No false alarms: the default variant's suite runs twice in a row in the same folder, so a test
that depends on thread scheduling, on one seed, on the order tests run in, or on state left by an
earlier run fails here rather than in a team's CI. The first run is the whole suite, serial,
under 1 OpenMP thread. The repetition is the pre-push tier (`-m "not slow"`) on two pytest-xdist
workers (`-n 2`, as the generated CI runs it: workers must not write where another does) under
2 OpenMP threads and another seed (`--override seed=777`: no threshold may be tuned to the
default seed). The slow tests (DDP, the search, the notebook, the real server) write only into
their own temporary folders, so they leave nothing for a next run to trip on. The other variants
run their pre-push tier once: their answers change files, not what the slow tests run.
"""

from __future__ import annotations

import shutil

from tests.helpers.commands import excerpt, run_pytest
from tests.helpers.variants import VARIANTS

WHOLE_SUITE: tuple[str, ...] = ()
PRE_PUSH_TIER = ("-m", "not slow")
#: (environment, pytest arguments) of each run.
ONE_RUN = (({}, PRE_PUSH_TIER),)
TWO_RUNS_IN_A_ROW = (
    ({"OMP_NUM_THREADS": "1"}, WHOLE_SUITE),
    ({"OMP_NUM_THREADS": "2"}, (*PRE_PUSH_TIER, "-n", "2", "--override", "seed=777")),
)


def test_generated_suite_passes(variant, tmp_path, monkeypatch, request):
    answers, rendered = variant
    if answers == VARIANTS[0]:
        # Its first run is shared with test_ml_test_score.py; the next follows in its folder.
        project, first_run = request.getfixturevalue("default_suite_run")
        results = [first_run]
    else:
        # A copy: the suite writes caches (gx/uncommitted/) that the other tests must not see.
        project, results = shutil.copytree(rendered, tmp_path / "project"), []
    runs = TWO_RUNS_IN_A_ROW if answers == VARIANTS[0] else ONE_RUN
    for env, args in runs[len(results) :]:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        results.append(run_pytest(project, "-q", *args, check=False))
    for number, ((env, args), result) in enumerate(zip(runs, results, strict=True), start=1):
        assert (
            result.returncode == 0 and " passed" in result.stdout
        ), f"run {number}: {env} {args}\n{excerpt(result.stdout)}\n{result.stderr[-3000:]}"
        # Warnings are fixed where they arise or filtered with a reason (pyproject.toml): a
        # suite that prints them teaches people to ignore them.
        assert "warnings summary" not in result.stdout, f"run {number}: {env} {args}\n" + (
            result.stdout[result.stdout.find("warnings summary") :][:4000]
        )
