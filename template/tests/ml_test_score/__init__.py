"""``pytest --ml-test-score``: this run, scored against the ML Test Score (Breck et al. 2017).

A test names the rubric items it checks: ``@pytest.mark.ml_test_score("infra-1")``; a test that
proves a workflow is configured to be the check names it too:
``@pytest.mark.ml_test_score("monitor-1", workflow=".github/dependabot.yml")``. At the end of a
run with ``--ml-test-score``, each of the 28 items is

- automated (1 point): a test covering it ran in this run and passed, and none failed;
- failed (0): a test covering it failed, so the property does not hold today;
- recorded (0.5): no test covers it, but docs/ml-test-score.md holds its manual procedure with a
  dated record of the figures it found (records.py says what counts);
- unrecorded (0): a procedure without such a record;
- missing (0): none of these.

Skipped, deselected, xfailed and xpassed tests count for nothing. A section's score is the sum
of its items; the final score is the lowest section's. ``--ml-test-score-min=N`` fails the run
when the final score is below N. Registered by tests/conftest.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .records import PROCEDURES, read_procedures
from .rubric import POINTS, RUBRIC, section_scores
from .scoring import status_of, why

#: Where each test's items and workflows travel: its reports' user properties (so pytest-xdist
#: keeps them).
PROPERTY = "ml_test_score"
WORKFLOWS = "ml_test_score_workflows"


def outcome_after(previous: str | None, report: pytest.TestReport) -> str | None:
    """A test's outcome so far, once ``report`` (its setup, call or teardown) is in."""
    if previous == "failed":
        return previous
    if report.failed:
        return "failed"
    if report.skipped:
        return "xfailed" if hasattr(report, "wasxfail") else "skipped"
    if report.when == "call":
        return "xpassed" if hasattr(report, "wasxfail") else "passed"
    return previous


def covered_items(item: pytest.Item) -> tuple[str, ...]:
    return tuple(code for mark in item.iter_markers(PROPERTY) for code in mark.args)


def named_workflows(item: pytest.Item) -> tuple[str, ...]:
    return tuple(
        mark.kwargs["workflow"]
        for mark in item.iter_markers(PROPERTY)
        if "workflow" in mark.kwargs
    )


class MLTestScore:
    """Records how each covering test ended in this run, then scores it and prints why."""

    def __init__(self, root: Path, minimum: float | None) -> None:
        self.root = root
        self.minimum = minimum
        self.covers: dict[str, tuple[str, ...]] = {}  # test id -> its items
        self.workflows: dict[str, tuple[str, ...]] = {}  # test id -> workflows it proves
        self.outcomes: dict[str, str] = {}  # test id -> passed, failed, skipped, ...
        self.statuses: dict[str, str] = {}

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        for item in items:
            if covered_items(item):
                self.covers[item.nodeid] = covered_items(item)
                self.outcomes[item.nodeid] = "deselected"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties = dict(report.user_properties)
        if properties.get(PROPERTY):
            self.covers[report.nodeid] = tuple(properties[PROPERTY])
            self.workflows[report.nodeid] = tuple(properties.get(WORKFLOWS, ()))
            self.outcomes[report.nodeid] = outcome_after(self.outcomes.get(report.nodeid), report)

    def outcomes_by_item(self) -> dict[str, dict[str, str]]:
        """item -> {test id: outcome} for every test that covers it."""
        by_item: dict[str, dict[str, str]] = {item: {} for item in RUBRIC}
        for test, items in self.covers.items():
            for item in items:
                by_item[item][test] = self.outcomes.get(test, "not run")
        return by_item

    def workflows_of(self, tests: dict[str, str]) -> set[str]:
        """The workflows that passing tests prove configured as the item's check."""
        passed = (test for test, outcome in tests.items() if outcome == "passed")
        return {workflow for test in passed for workflow in self.workflows.get(test, ())}

    def final_score(self) -> float:
        return min(section_scores(self.statuses).values())

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        procedures = read_procedures(self.root, date.today())
        self.statuses = {
            item: status_of(list(tests.values()), procedures.get(item))
            for item, tests in self.outcomes_by_item().items()
        }
        if self.minimum is not None and self.final_score() < self.minimum:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        write = terminalreporter.write_line
        procedures = read_procedures(self.root, date.today())
        terminalreporter.write_sep("=", "ML Test Score (Breck et al. 2017): this run")
        write(f"{'item':<10} {'status':<10} {'points':<6}  statement")
        for item, tests in self.outcomes_by_item().items():
            status = self.statuses[item]
            write(f"{item:<10} {status:<10} {POINTS[status]:<6}  {RUBRIC[item]}")
            reason = why(item, status, tests, procedures.get(item), self.workflows_of(tests))
            write(f"{'':<11}why: {reason}")
        scores = section_scores(self.statuses)
        write("sections: " + ", ".join(f"{name} {score:g}/7" for name, score in scores.items()))
        write(f"final score (the lowest section): {self.final_score():g}")
        if self.minimum is not None:
            verdict = "below" if self.final_score() < self.minimum else "meets"
            write(f"{verdict} --ml-test-score-min={self.minimum:g}", red=verdict == "below")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--ml-test-score",
        action="store_true",
        help="print this run's ML Test Score: each rubric item automated (by tests that passed), "
        f"recorded (a procedure in {PROCEDURES} with a dated record) or not; section sums; "
        "the final score",
    )
    parser.addoption(
        "--ml-test-score-min",
        type=float,
        default=None,
        metavar="N",
        help="print the ML Test Score, and fail the run when its final score is below N",
    )


def pytest_configure(config: pytest.Config) -> None:
    minimum = config.getoption("ml_test_score_min")
    wanted = config.getoption("ml_test_score") or minimum is not None
    # Under pytest-xdist only the controller sees every test's report: it alone scores.
    if wanted and not hasattr(config, "workerinput"):
        config.pluginmanager.register(
            MLTestScore(config.rootpath, minimum), "ml-test-score-report"
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a marker naming no item or an unknown one; pass each test's items to its reports."""
    for item in items:
        marked = any(True for _ in item.iter_markers(PROPERTY))
        unknown = sorted(set(covered_items(item)) - RUBRIC.keys())
        if marked and (unknown or not covered_items(item)):
            raise pytest.UsageError(
                f"{item.nodeid}: ml_test_score names {unknown or 'no item'}; the items are "
                f"{', '.join(RUBRIC)} ({PROCEDURES})"
            )
        if covered_items(item):
            item.user_properties.append((PROPERTY, covered_items(item)))
            item.user_properties.append((WORKFLOWS, named_workflows(item)))
