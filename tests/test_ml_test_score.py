"""The ML Test Score as code: `pytest --ml-test-score` in a generated project scores the run.

The default render's own suite earns at least 4 points in every section of the rubric; the
report has the 28 items and sums them right; and only tests that ran and passed in this run
count: deselected, skipped, xfailed and xpassed tests earn nothing, and a failing test fails its
item.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass

import pytest

from tests.helpers.commands import excerpt, run_pytest
from tests.helpers.edits import replace_in

SECTIONS = {"data": "Data", "model": "Model", "infra": "Infrastructure", "monitor": "Monitoring"}
POINTS = {"automated": 1.0, "manual": 0.5, "failed": 0.0, "missing": 0.0}
ROW = re.compile(r"^(?P<item>[a-z]+-\d)\s+(?P<status>[a-z]+)\s+(?P<points>[\d.]+)\s+(?P<text>.+)$")


@dataclass(frozen=True)
class Score:
    """The report `pytest --ml-test-score` printed, read back."""

    statuses: dict[str, str]
    evidence: dict[str, str]
    sections: dict[str, float]
    final: float


def score_of(output: str) -> Score:
    report = output[output.index("ML Test Score (Breck et al. 2017)") :].splitlines()[1:]
    statuses, evidence, points = {}, {}, {}
    for line, below in zip(report, report[1:]):
        if row := ROW.match(line):
            statuses[row["item"]] = row["status"]
            points[row["item"]] = float(row["points"])
            evidence[row["item"]] = below.strip()
    [sections_line] = [line for line in report if line.startswith("sections: ")]
    sections = {
        name: float(score.split("/")[0])
        for name, score in (part.rsplit(" ", 1) for part in sections_line[10:].split(", "))
    }
    [final_line] = [line for line in report if line.startswith("final score")]
    assert points == {item: POINTS[status] for item, status in statuses.items()}
    return Score(statuses, evidence, sections, float(final_line.rsplit(" ", 1)[1]))


def scored(project, *args: str) -> Score:
    result = run_pytest(project, "-q", "--ml-test-score", *args, check=False)
    # 1: some tests failed, 5: every test was deselected; both still print the score.
    assert result.returncode in (0, 1, 5), excerpt(result.stdout) + result.stderr[-3000:]
    return score_of(result.stdout)


def test_default_render_scores_at_least_4_in_every_section(default_suite_run):
    """The whole default suite, as CI runs it, earns >= 4 of 7 in each section of the rubric."""
    _, result = default_suite_run
    assert result.returncode == 0, excerpt(result.stdout)
    score = score_of(result.stdout)
    print(result.stdout[result.stdout.index("ML Test Score") :])
    assert len(score.statuses) == 28
    assert set(score.statuses) == {f"{prefix}-{n}" for prefix in SECTIONS for n in range(1, 8)}
    sums = {
        name: sum(
            POINTS[status]
            for item, status in score.statuses.items()
            if item.startswith(f"{prefix}-")
        )
        for prefix, name in SECTIONS.items()
    }
    assert score.sections == sums and score.final == min(sums.values())
    assert all(total >= 4 for total in sums.values()), sums
    assert "failed" not in score.statuses.values()


@pytest.fixture
def project(default_project, tmp_path):
    """A copy of the default render that a test may change."""
    return shutil.copytree(default_project, tmp_path / "project")


def test_deselected_tests_earn_nothing(project):
    """-m and -k take a test out of the run, and its items with it.

    data-1 (the schema) is covered only by tests marked `data`; data-7 (input code tested) also by
    the split tests, which -k deselects in the second run.
    """
    paths = ("tests/data/test_data_gate.py", "tests/unit/test_data_split.py")
    both = scored(project, *paths, "-k", "passes_its_expectation or split_is")
    assert both.statuses["data-1"] == both.statuses["data-7"] == "automated"

    without_data = scored(project, *paths, "-m", "not data")
    assert without_data.statuses["data-1"] == "missing"
    assert "deselected" in without_data.evidence["data-1"]
    assert without_data.statuses["data-7"] == "automated"

    without_split = scored(project, "tests/unit/test_data_split.py", "-k", "not split_is")
    assert without_split.statuses["data-7"] == "missing"
    assert "2 deselected" in without_split.evidence["data-7"]


def test_skipped_xpassed_and_failed_tests_earn_nothing(project):
    """A skipped test leaves its item missing, xpassed tests count for nothing, and one failing
    test fails its item though others covering it passed."""
    replace_in(
        project / "tests/training/test_reproducibility.py",
        '@pytest.mark.ml_test_score("infra-1")\n',
        '@pytest.mark.ml_test_score("infra-1")\n@pytest.mark.skip(reason="switched off")\n',
    )
    replace_in(
        project / "tests/unit/test_data_split.py",
        '@pytest.mark.ml_test_score("data-7")\n',
        '@pytest.mark.ml_test_score("data-7")\n@pytest.mark.xfail(reason="expected to fail")\n',
        count=2,
    )
    replace_in(
        project / "tests/unit/test_shapes.py",
        "    with pytest.raises(RuntimeError):\n",
        '    assert False, "broken on purpose"\n    with pytest.raises(RuntimeError):\n',
    )
    score = scored(
        project,
        "tests/training/test_reproducibility.py",
        "tests/unit/test_data_split.py",
        "tests/unit/test_shapes.py",
    )
    assert score.statuses["infra-1"] == "missing" and "1 skipped" in score.evidence["infra-1"]
    assert score.statuses["data-7"] == "missing" and "2 xpassed" in score.evidence["data-7"]
    assert score.statuses["infra-2"] == "failed"
    assert "test_a_wrong_input_shape_fails_loudly" in score.evidence["infra-2"]
    assert score.sections["Infrastructure"] == 0.0


def test_a_marker_naming_an_unknown_item_stops_the_run(project):
    """A typo in an item would silently earn nothing: the run refuses it, listing the items."""
    replace_in(
        project / "tests/unit/test_data_split.py",
        '@pytest.mark.ml_test_score("data-7")\n',
        '@pytest.mark.ml_test_score("data-8")\n',
        count=2,
    )
    result = run_pytest(project, "-q", "tests/unit/test_data_split.py", check=False)
    assert result.returncode != 0
    assert (
        "ml_test_score names ['data-8']; the items are data-1, data-2"
        in result.stdout + result.stderr
    )
