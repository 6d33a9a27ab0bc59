"""Adopting a real repository keeps it working, through the copy and every later update.

One story per repo shape (tests/helpers/repo_shapes.py: a package with its own tooling, a
folder of tutorial notebooks with outputs, a setup.py project pinned to pytest 7, a repo with no
tests): the repo is committed and its tests are run as its maintainer runs them; this release is
copied in with the documented answers and committed; the repo's files, its tests and the added
CI's steps are tried; then the template releases again, changing files such a repo may own, and
the repo updates.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.adoption import (
    adopt,
    ci_workflow,
    conflicted,
    hooks_config,
    job_running,
    maintainers_pytest,
    outcome,
    run_steps,
    setup_python_cache_paths,
)
from tests.helpers.git import clone, commit_all, git
from tests.helpers.installed import venv_seeing_these_packages, venv_with
from tests.helpers.rendering import update
from tests.helpers.repo_shapes import SHAPES, Shape, build, changed_files
from tests.helpers.template_releases import LATER_HOOK, this_release

#: Where an adoption may write: names no repo has of its own, so no update meets a twin.
OURS = (".ml-testkit/", ".github/workflows/ml-testkit", ".copier-answers.yml")


@dataclass(frozen=True)
class Adopted:
    shape: Shape
    project: Path
    own: dict[str, bytes]
    added: set[str]
    #: The maintainer's interpreter, and what their test suite gave before the adoption.
    python: Path
    tests_before: tuple[int, str, str]


@pytest.fixture(scope="module", params=list(SHAPES.values()), ids=list(SHAPES))
def adopted(request, tmp_path_factory, adoption_template) -> Adopted:
    shape = request.param
    root = tmp_path_factory.mktemp(shape.name)
    own = build(root / "repo", shape)
    python = Path(sys.executable)
    if shape.needs:
        python = venv_with(root / "maintainer-venv", *shape.needs) / "bin/python"
    tests_before = outcome(maintainers_pytest(root / "repo", python))
    added = adopt(root / "repo", adoption_template, this_release())
    return Adopted(shape, root / "repo", own, added, python, tests_before)


def ci_checkout(adopted: Adopted, tmp_path: Path) -> Path:
    """A fresh clone of the adopted repo, as CI checks it out; what the steps build stays in it."""
    return clone(adopted.project, tmp_path / "checkout")


def test_copy_leaves_every_file_of_the_repo_byte_identical(adopted):
    """Catches an adoption that overwrites the repo's README, code, configs or notebooks."""
    assert changed_files(adopted.project, adopted.own) == []


def test_copy_adds_files_only_under_names_no_repo_has(adopted):
    """Catches an added file at a path the repo could own (.flake8, pytest.ini, CONTRIBUTING.md):
    one that shadows the repo's settings, or meets a twin of the repo's at the next update."""
    assert sorted(name for name in adopted.added if not name.startswith(OURS)) == []


def test_repo_tests_give_the_same_result_as_before(adopted):
    """Catches an added pytest config that shadows the repo's own, turns strict markers on, or
    requires a newer pytest than the repo pins."""
    assert outcome(maintainers_pytest(adopted.project, adopted.python)) == adopted.tests_before


def test_ci_hooks_job_passes_and_keeps_every_file(adopted, tmp_path):
    """Catches added hooks that rewrite the repo (notebook outputs stripped, legacy code
    reformatted) or fail on what it already has (mkdocs.yml's python tags)."""
    checkout = ci_checkout(adopted, tmp_path)
    steps = job_running(ci_workflow(checkout, adopted.added), "pre-commit run")
    run_steps(checkout, steps, Path(sys.executable))
    assert changed_files(checkout, adopted.own) == []


def test_ci_tests_job_passes_for_the_repo_shape(adopted, tmp_path):
    """Catches a CI that installs the repo the wrong way (`pip install -e ".[dev]"` on a folder
    of scripts), skips its requirements.txt, or fails a repo with no tests yet."""
    checkout = ci_checkout(adopted, tmp_path)
    if adopted.shape.needs:  # CI starts from a bare interpreter: the repo pins its own pytest
        venv = venv_with(tmp_path / "ci-venv")
    else:
        venv = venv_seeing_these_packages(tmp_path / "ci-venv")
    steps = job_running(ci_workflow(checkout, adopted.added), ".ml-testkit/install.sh")
    result = run_steps(checkout, steps, venv / "bin/python")
    tests_before = adopted.tests_before[1]
    expected = "no tests ran" if "no tests ran" in tests_before else tests_before.split(",")[0]
    assert expected.strip("= ") in result.stdout


def test_ci_caches_key_on_files_the_repo_has(adopted):
    """Catches setup-python's `cache-dependency-path` naming only missing files, which fails the
    job before any step runs ("No file matched")."""
    for patterns in setup_python_cache_paths(ci_workflow(adopted.project, adopted.added)):
        matched = [path for pattern in patterns for path in adopted.project.glob(pattern)]
        assert matched, f"no file of the repo matches {patterns}"


@pytest.fixture(scope="module")
def updated(adopted) -> Adopted:
    """The template releases again (a new hook; a line in CONTRIBUTING.md, .gitignore, .flake8)
    and the adopted repo updates, as the template-update workflow tells it to."""
    update(adopted.project)
    return adopted


def test_update_leaves_every_file_of_the_repo_byte_identical(updated):
    """Catches an update that merges a template change into a file the repo had before (its own
    .pre-commit-config.yaml left between conflict markers, no longer YAML)."""
    assert changed_files(updated.project, updated.own) == []
    assert conflicted(updated.project) == []


def test_update_changes_only_added_files_and_brings_the_release(updated):
    """Catches an update that misses the adopted repo, or touches anything it did not add."""
    changed = {line[3:] for line in git(updated.project, "status", "--porcelain").splitlines()}
    assert changed and changed <= updated.added
    config = hooks_config(ci_workflow(updated.project, updated.added))
    assert config in changed and LATER_HOOK in (updated.project / config).read_text()


def test_repo_tests_give_the_same_result_after_the_update(updated):
    """Catches a release whose update breaks the repo's own test run."""
    assert outcome(maintainers_pytest(updated.project, updated.python)) == updated.tests_before


def test_ci_hooks_job_passes_after_the_update(updated, tmp_path):
    """Catches an update that leaves the hooks CI runs broken or rewriting the repo."""
    commit_all(updated.project, "Update ml-testkit")
    test_ci_hooks_job_passes_and_keeps_every_file(updated, tmp_path)
