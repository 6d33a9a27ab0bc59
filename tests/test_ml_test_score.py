"""The ML Test Score as code: `pytest --ml-test-score` in a generated project scores the run
as the paper reads it.

A point only for an automated test that passed in this run and that an injected bug turns red;
half a point only for a manual procedure with a dated record of its figures, never for a
heading; deselected, skipped, xfailed and xpassed tests earn nothing, and a failing test fails
its item. `--ml-test-score-min=N` fails a run scoring below N, and the generated CI uses it at
the score the default render reaches.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tests.helpers.commands import excerpt, run_pytest
from tests.helpers.edits import append_to, replace_in
from tests.helpers.mutations import BUGS

SECTIONS = {"data": "Data", "model": "Model", "infra": "Infrastructure", "monitor": "Monitoring"}
POINTS = {"automated": 1.0, "recorded": 0.5, "failed": 0.0, "unrecorded": 0.0, "missing": 0.0}
ROW = re.compile(r"^(?P<item>[a-z]+-\d)\s+(?P<status>[a-z]+)\s+(?P<points>[\d.]+)\s+(?P<text>.+)$")
CI_GATE = re.compile(r"--ml-test-score-min=(?P<minimum>[\d.]+)")
#: The items of production testing (issue 21: the canary, labelled feedback, monitoring of what
#: was served, budgets): the default render earns each by a test, never by a procedure.
PRODUCTION_TESTING = {"infra-6", "model-2", "monitor-2", "monitor-6", "monitor-7"}


@dataclass(frozen=True)
class Score:
    """The report `pytest --ml-test-score` printed, read back."""

    statuses: dict[str, str]
    why: dict[str, str]
    sections: dict[str, float]
    final: float


def score_of(output: str) -> Score:
    report = output[output.index("ML Test Score (Breck et al. 2017)") :].splitlines()[1:]
    statuses, why, points = {}, {}, {}
    for line, below in zip(report, report[1:]):
        if row := ROW.match(line):
            statuses[row["item"]] = row["status"]
            points[row["item"]] = float(row["points"])
            why[row["item"]] = below.strip().removeprefix("why: ")
    [sections_line] = [line for line in report if line.startswith("sections: ")]
    sections = {
        name: float(score.split("/")[0])
        for name, score in (part.rsplit(" ", 1) for part in sections_line[10:].split(", "))
    }
    [final_line] = [line for line in report if line.startswith("final score")]
    assert points == {item: POINTS[status] for item, status in statuses.items()}
    return Score(statuses, why, sections, float(final_line.rsplit(" ", 1)[1]))


def passing_tests(why: str) -> set[str]:
    """The test names an automated item's line lists after its colon, parameters dropped."""
    return {name.split("[")[0] for name in why.rsplit(": ", 1)[1].split(", ")}


def scored(project, *args: str, returncodes=(0, 1, 5)) -> Score:
    result = run_pytest(project, "-q", "--ml-test-score", *args, check=False)
    # 1: some tests failed, 5: every test was deselected; both still print the score.
    assert result.returncode in returncodes, excerpt(result.stdout) + result.stderr[-3000:]
    return score_of(result.stdout)


def test_default_render_scores_what_ci_gates_on_every_item_proven(default_suite_run):
    """The whole default suite, as CI runs it: every item's line says why; the sections add
    up; Data, Model and Infrastructure reach 5 by automation; the items of production testing
    are automated; and CI's `--ml-test-score-min` is the final score this run reaches."""
    project, result = default_suite_run
    assert result.returncode == 0, excerpt(result.stdout)
    score = score_of(result.stdout)
    print(result.stdout[result.stdout.index("ML Test Score") :])
    assert set(score.statuses) == {f"{prefix}-{n}" for prefix in SECTIONS for n in range(1, 8)}
    assert all(score.why.values())
    sums = {
        name: sum(POINTS[s] for item, s in score.statuses.items() if item.startswith(f"{prefix}-"))
        for prefix, name in SECTIONS.items()
    }
    assert score.sections == sums and score.final == min(sums.values())
    assert all(sums[name] >= 5 for name in ("Data", "Model", "Infrastructure")), sums
    assert {score.statuses[item] for item in PRODUCTION_TESTING} == {"automated"}, score.why
    assert "failed" not in score.statuses.values()
    [gate] = CI_GATE.findall((project / ".github/workflows/ci.yml").read_text())
    assert float(gate) == score.final


def test_each_automated_item_has_an_injected_bug_that_turns_its_test_red(default_suite_run):
    """A point is earned by a test that fails when the item is violated: for every item the
    default render automates, the mutation tests inject a bug that one of its tests catches."""
    _, result = default_suite_run
    score = score_of(result.stdout)
    caught = {bug.caught_by.split("[")[0] for bug in BUGS}
    unproven = {
        item: score.why[item]
        for item, status in score.statuses.items()
        if status == "automated" and not passing_tests(score.why[item]) & caught
    }
    assert unproven == {}


@pytest.fixture
def project(default_project, tmp_path):
    """A copy of the default render that a test may change."""
    return shutil.copytree(default_project, tmp_path / "project")


def add_procedure(project, item: str) -> str:
    """``item``'s procedure heading in the generated docs/ml-test-score.md, added when the page
    has none for it (an item automated since)."""
    doc = project / "docs/ml-test-score.md"
    headings = [line for line in doc.read_text().splitlines() if line.startswith(f"### {item}:")]
    if headings:
        return headings[0]
    append_to(doc, f"\n### {item}: a procedure of this repo's own\n\nRun it by hand.\n")
    return f"### {item}: a procedure of this repo's own"


def add_record(project, item: str, record: str) -> None:
    """Append a record line to ``item``'s procedure in the generated docs/ml-test-score.md."""
    heading = add_procedure(project, item)
    replace_in(project / "docs/ml-test-score.md", f"{heading}\n", f"{heading}\n\n{record}\n")


def test_a_procedure_earns_half_a_point_only_with_a_dated_record_of_figures(project):
    """A heading earns nothing; a record without figures, or dated tomorrow, earns nothing and
    says why; a dated record with figures earns 0.5; `--ml-test-score-min` fails below it."""
    split = "tests/unit/test_data_split.py"
    add_procedure(project, "model-2")
    headings_only = scored(project, split, "--ml-test-score-min=0")
    assert headings_only.statuses["model-2"] == "unrecorded"
    assert "no dated record" in headings_only.why["model-2"]

    tomorrow = date.today() + timedelta(days=1)
    add_record(project, "model-2", f"- {tomorrow}: online accuracy 0.97, offline 0.98")
    add_record(project, "monitor-6", f"- {date.today()}: looked as fast as before")
    refused = scored(project, split)
    assert refused.statuses["model-2"] == refused.statuses["monitor-6"] == "unrecorded"
    assert f"{tomorrow}: dated after today" in refused.why["model-2"]
    assert f"{date.today()}: no figures" in refused.why["monitor-6"]

    add_record(project, "model-2", f"- {date.today()}: online accuracy 0.97, offline 0.98")
    recorded = scored(project, split, "--ml-test-score-min=0.5")
    assert recorded.statuses["model-2"] == "recorded"
    assert f"last recorded {date.today()}: online accuracy 0.97" in recorded.why["model-2"]
    assert recorded.sections["Model"] == 0.5

    result = run_pytest(project, "-q", split, "--ml-test-score-min=1", check=False)
    assert result.returncode == 1, excerpt(result.stdout)
    assert "final score (the lowest section): 0\nbelow --ml-test-score-min=1" in result.stdout


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
    assert "deselected" in without_data.why["data-1"]
    assert without_data.statuses["data-7"] == "automated"

    without_split = scored(project, "tests/unit/test_data_split.py", "-k", "not split_is")
    assert without_split.statuses["data-7"] == "missing"
    assert "2 deselected" in without_split.why["data-7"]


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
    assert score.statuses["infra-1"] == "missing" and "1 skipped" in score.why["infra-1"]
    assert score.statuses["data-7"] == "missing" and "2 xpassed" in score.why["data-7"]
    assert score.statuses["infra-2"] == "failed"
    assert "test_a_wrong_input_shape_fails_loudly" in score.why["infra-2"]
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
