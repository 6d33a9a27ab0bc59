"""Fixtures: each variant of the render matrix is rendered once per test session."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.commands import run_pytest
from tests.helpers.git import init_repo
from tests.helpers.installed import Installed, install
from tests.helpers.rendering import render
from tests.helpers.template_releases import (
    clone_template,
    next_patch,
    release,
    release_changing_shared_files,
    this_release,
)
from tests.helpers.variants import VARIANT_IDS, VARIANTS


def pytest_configure(config) -> None:
    """The processes the tests start: bytecode cached, and torch sharing the cores.

    Some machines (this project's CI among them) set PYTHONDONTWRITEBYTECODE. Then every
    generated project's pytest run compiles anew, and assertion-rewrites, each pytest plugin
    it loads (hypothesis, hydra, anyio, xdist, nbmake: 184 modules), about 4 s a run, and the
    generator's tests start over a hundred such runs. Nothing asserted depends on it.

    Under pytest-xdist each worker gets its share of the cores for torch's threads: two
    trainings side by side on two cores, each with torch's default of two threads, took 16-18 s
    here, against 9-10 s with one thread each. A test that sets OMP_NUM_THREADS itself
    (test_generated_suite_passes.py runs with 1 and with 2) still does.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))


@pytest.fixture(scope="session", params=VARIANTS, ids=VARIANT_IDS)
def variant(request, tmp_path_factory) -> tuple[dict, Path]:
    """(answers, rendered project) for each variant of the render matrix."""
    answers = request.param
    project = render(tmp_path_factory.mktemp("variant") / "project", **answers)
    return answers, project


@pytest.fixture(scope="session")
def default_project(tmp_path_factory) -> Path:
    """The default render, for tests that only need one project. Treat it as read-only."""
    return render(tmp_path_factory.mktemp("default") / "project")


@pytest.fixture
def fresh_project(tmp_path) -> Path:
    """A default render of the test's own, free to modify."""
    return render(tmp_path / "project")


@pytest.fixture(scope="session")
def installed_project(tmp_path_factory) -> Installed:
    """The default render, committed and installed as its README says (console script on PATH).

    Treat it as read-only: commands may write only what git ignores (logs/, artifacts/,
    gx/uncommitted/), and tests that change files take a `fresh_project` instead.
    """
    root = tmp_path_factory.mktemp("installed")
    project = init_repo(render(root / "project"), "Start from ml-testkit")
    return install(project, root / "venv")


def session_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this session sees (each has a basetemp of its own
    inside it); without xdist, the basetemp."""
    basetemp = tmp_path_factory.getbasetemp()
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


@pytest.fixture(scope="session")
def default_suite_run(
    default_project, tmp_path_factory
) -> tuple[Path, subprocess.CompletedProcess]:
    """The default render's whole suite, run once (OMP_NUM_THREADS=1) with `--ml-test-score`.

    In a copy of its own, which it leaves as the run left it: the most expensive run of the
    session, shared by test_generated_suite_passes.py (the first of its two runs in a row) and
    test_ml_test_score.py (the score it printed). Under pytest-xdist the first worker that asks
    runs it, under a lock, and the others read its record.
    """
    shared = session_folder(tmp_path_factory)
    record = shared / "default-suite-run.json"
    with open(shared / "default-suite-run.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            project = shutil.copytree(default_project, shared / "default-suite" / "project")
            with pytest.MonkeyPatch.context() as env:
                env.setenv("OMP_NUM_THREADS", "1")
                result = run_pytest(project, "-q", "--ml-test-score", check=False)
            fields = [str(project), result.args, result.returncode, result.stdout, result.stderr]
            record.write_text(json.dumps(fields))
    project, args, returncode, stdout, stderr = json.loads(record.read_text())
    return Path(project), subprocess.CompletedProcess(args, returncode, stdout, stderr)


@pytest.fixture(scope="session")
def adoption_template(tmp_path_factory) -> Path:
    """This working tree released as this_release(), then a later patch release that changes
    files an adopted repo may have of its own (`release_changing_shared_files`)."""
    template = clone_template(tmp_path_factory.mktemp("adoption") / "template")
    release(template, this_release(), "This release")
    release_changing_shared_files(template, next_patch(this_release()))
    return template


#: The modules that take longest (docs/performance.md lists every module's cost), run first: under
#: `--dist loadfile` a worker takes the next module when it is free, so starting with the longest
#: lets the two workers finish together instead of one waiting on a long module begun last.
LONGEST_FIRST = (
    "test_docs_commands_run.py",
    "test_generated_suite_passes.py",
    "test_generated_suite_catches_bugs.py",
    "test_bring_your_own_data.py",
    "test_ml_commands.py",
    "test_packaging.py",
)


def pytest_collection_modifyitems(items) -> None:
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: order kept within


#: What the docs tests ran and skipped, printed at the end of the session (with pytest-xdist the
#: workers' reports reach the controller as user properties).
DOCUMENTED_COMMANDS: list[tuple[str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        DOCUMENTED_COMMANDS.extend(
            (report.nodeid, value) for name, value in report.user_properties if name == "commands"
        )


def pytest_terminal_summary(terminalreporter) -> None:
    for nodeid, summary in DOCUMENTED_COMMANDS:
        terminalreporter.write_sep("-", f"documented commands: {nodeid}")
        terminalreporter.write_line(summary)
