"""An item's status in one run, and the sentence that says why it earned its points."""

from __future__ import annotations

from .records import PROCEDURES, Procedure


def status_of(outcomes: list[str], procedure: Procedure | None) -> str:
    """An item's status from its covering tests' outcomes in this run, else its procedure.

    >>> recorded = Procedure("data-2", ("2026-11-02: 0.91 vs 0.93",), ())
    >>> status_of(["passed", "skipped"], None), status_of([], recorded)
    ('automated', 'recorded')
    >>> status_of(["passed", "failed"], recorded), status_of(["skipped"], None)
    ('failed', 'missing')
    >>> status_of([], Procedure("data-2", (), ("2026-11-02: no figures",)))
    'unrecorded'
    """
    if "failed" in outcomes:
        return "failed"
    if "passed" in outcomes:
        return "automated"
    if procedure is None:
        return "missing"
    return "recorded" if procedure.records else "unrecorded"


def test_names(tests: list[str]) -> str:
    """>>> test_names(["tests/a.py::test_x[1]", "tests/b.py::test_y"])
    'test_x[1], test_y'
    """
    return ", ".join(test.rpartition("::")[2] for test in tests)


def why(
    item: str,
    status: str,
    tests: dict[str, str],
    procedure: Procedure | None,
    workflows: set[str],
) -> str:
    """What an item's points rest on, or what would earn them."""
    by_outcome: dict[str, list[str]] = {}
    for test, outcome in tests.items():
        by_outcome.setdefault(outcome, []).append(test)
    if status == "failed":
        failed = test_names(by_outcome["failed"])
        return f"FAILED in this run, so the property does not hold: {failed}"
    if status == "automated":
        passed = by_outcome["passed"]
        checks = (
            f"; the check itself is {' and '.join(sorted(workflows))}, which these tests prove "
            "configured to fail or notify"
            if workflows
            else ""
        )
        return f"{len(passed)} automated test(s) passed in this run{checks}: {test_names(passed)}"
    uncounted = ", ".join(f"{len(ids)} {outcome}" for outcome, ids in sorted(by_outcome.items()))
    note = f" (tests not counted: {uncounted})" if uncounted else ""
    if status == "recorded":
        return f"manual procedure, last recorded {procedure.records[0]} ({PROCEDURES}){note}"
    if status == "unrecorded":
        refused = f"; records refused: {'; '.join(procedure.refused)}" if procedure.refused else ""
        return (
            f"a procedure in {PROCEDURES} with no dated record of its figures "
            f"(`- YYYY-MM-DD: <figures>` in its section) earns nothing{refused}{note}"
        )
    return (
        f'no test marked @pytest.mark.ml_test_score("{item}") passed, and {PROCEDURES} has no '
        f"procedure for it{note}"
    )
