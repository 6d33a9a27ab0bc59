"""``pytest --ml-test-score``: this run, scored against the ML Test Score (Breck et al. 2017).

A test names the rubric items it checks: ``@pytest.mark.ml_test_score("infra-1")``. At the end of
a run with ``--ml-test-score``, each of the 28 items is

- automated (1 point): a test covering it ran in this run and passed, and none failed;
- failed (0): a test covering it failed, so the property does not hold today;
- manual (0.5): docs/ml-test-score.md documents a procedure for it (a ``### <item>`` section);
- missing (0): none of these.

Skipped, deselected, xfailed and xpassed tests count for nothing. A section's score is the sum
of its items; the final score is the lowest section's. Registered by tests/conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

#: The rubric, in the paper's order: item -> what good looks like.
RUBRIC = {
    "data-1": "Feature expectations are captured in a schema.",
    "data-2": "All features are beneficial.",
    "data-3": "No feature's cost is too much.",
    "data-4": "Features adhere to meta-level requirements.",
    "data-5": "The data pipeline has appropriate privacy controls.",
    "data-6": "New features can be added quickly.",
    "data-7": "All input feature code is tested.",
    "model-1": "Model specs are reviewed and submitted.",
    "model-2": "Offline and online metrics correlate.",
    "model-3": "All hyperparameters have been tuned.",
    "model-4": "The impact of model staleness is known.",
    "model-5": "A simpler model is not better.",
    "model-6": "Model quality is sufficient on important data slices.",
    "model-7": "The model is tested for considerations of inclusion.",
    "infra-1": "Training is reproducible.",
    "infra-2": "Model specs are unit tested.",
    "infra-3": "The ML pipeline is integration tested.",
    "infra-4": "Model quality is validated before serving.",
    "infra-5": "The model is debuggable.",
    "infra-6": "Models are canaried before serving.",
    "infra-7": "Serving models can be rolled back.",
    "monitor-1": "Dependency changes result in notification.",
    "monitor-2": "Data invariants hold for inputs.",
    "monitor-3": "Training and serving are not skewed.",
    "monitor-4": "Models are not too stale.",
    "monitor-5": "Models are numerically stable.",
    "monitor-6": "Computing performance has not regressed.",
    "monitor-7": "Prediction quality has not regressed.",
}
SECTIONS = {"data": "Data", "model": "Model", "infra": "Infrastructure", "monitor": "Monitoring"}
POINTS = {"automated": 1.0, "manual": 0.5, "failed": 0.0, "missing": 0.0}
PROCEDURES = Path("docs", "ml-test-score.md")
#: A manual procedure's heading in PROCEDURES: ``### data-2: All features are beneficial``.
PROCEDURE_HEADING = re.compile(r"^### (?P<item>[a-z]+-\d)\b", re.MULTILINE)
#: Where each test's items travel: the reports' user properties (so pytest-xdist keeps them).
PROPERTY = "ml_test_score"


def documented_procedures(doc: Path) -> set[str]:
    """The items that ``doc`` gives a manual procedure for."""
    text = doc.read_text() if doc.is_file() else ""
    return {match["item"] for match in PROCEDURE_HEADING.finditer(text)} & RUBRIC.keys()


def status_of(outcomes: list[str], documented: bool) -> str:
    """An item's status from its covering tests' outcomes in this run.

    >>> status_of(["passed", "skipped"], documented=False), status_of([], documented=True)
    ('automated', 'manual')
    >>> status_of(["passed", "failed"], documented=True), status_of(["skipped"], documented=False)
    ('failed', 'missing')
    """
    if "failed" in outcomes:
        return "failed"
    if "passed" in outcomes:
        return "automated"
    return "manual" if documented else "missing"


def section_scores(statuses: dict[str, str]) -> dict[str, float]:
    """Each section's sum of points.

    >>> section_scores({"data-1": "automated", "data-2": "manual", "model-1": "missing"})
    {'Data': 1.5, 'Model': 0.0}
    """
    scores: dict[str, float] = {}
    for item, status in statuses.items():
        section = SECTIONS[item.partition("-")[0]]
        scores[section] = scores.get(section, 0.0) + POINTS[status]
    return scores


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


def evidence(item: str, status: str, tests: dict[str, str]) -> str:
    """What an item's status rests on, or how to earn the item."""
    by_outcome: dict[str, list[str]] = {}
    for test, outcome in tests.items():
        by_outcome.setdefault(outcome, []).append(test)
    if status in ("automated", "failed"):
        shown = by_outcome["passed" if status == "automated" else "failed"]
        more = f" and {len(shown) - 1} more" if len(shown) > 1 else ""
        return f"{'passed' if status == 'automated' else 'FAILED'}: {shown[0]}{more}"
    uncounted = ", ".join(f"{len(ids)} {outcome}" for outcome, ids in sorted(by_outcome.items()))
    note = f" (not counted: {uncounted})" if uncounted else ""
    if status == "manual":
        return f"procedure: {PROCEDURES}, section {item}{note}"
    return (
        f'add a test marked @pytest.mark.ml_test_score("{item}") or a procedure in '
        f"{PROCEDURES}{note}"
    )


class MLTestScore:
    """Records how each covering test ended in this run, then prints the score."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.covers: dict[str, tuple[str, ...]] = {}  # test id -> its items
        self.outcomes: dict[str, str] = {}  # test id -> passed, failed, skipped, ...

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        for item in items:
            if covered_items(item):
                self.covers[item.nodeid] = covered_items(item)
                self.outcomes[item.nodeid] = "deselected"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        items = dict(report.user_properties).get(PROPERTY)
        if items:
            self.covers[report.nodeid] = tuple(items)
            self.outcomes[report.nodeid] = outcome_after(self.outcomes.get(report.nodeid), report)

    def outcomes_by_item(self) -> dict[str, dict[str, str]]:
        """item -> {test id: outcome} for every test that covers it."""
        by_item: dict[str, dict[str, str]] = {item: {} for item in RUBRIC}
        for test, items in self.covers.items():
            for item in items:
                by_item[item][test] = self.outcomes.get(test, "not run")
        return by_item

    def pytest_terminal_summary(self, terminalreporter) -> None:
        write = terminalreporter.write_line
        documented = documented_procedures(self.root / PROCEDURES)
        terminalreporter.write_sep("=", "ML Test Score (Breck et al. 2017): this run")
        write(f"{'item':<10} {'status':<10} {'points':<6}  statement")
        statuses = {}
        for item, tests in self.outcomes_by_item().items():
            status = statuses[item] = status_of(list(tests.values()), item in documented)
            write(f"{item:<10} {status:<10} {POINTS[status]:<6}  {RUBRIC[item]}")
            write(f"{'':<30}{evidence(item, status, tests)}")
        scores = section_scores(statuses)
        write("sections: " + ", ".join(f"{name} {score:g}/7" for name, score in scores.items()))
        write(f"final score (the lowest section): {min(scores.values()):g}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--ml-test-score",
        action="store_true",
        help="print this run's ML Test Score: each rubric item automated (by tests that passed), "
        f"manual (a procedure in {PROCEDURES}) or missing; section sums; the final score",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("ml_test_score"):
        config.pluginmanager.register(MLTestScore(config.rootpath), "ml-test-score-report")


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
