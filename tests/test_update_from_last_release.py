"""A repo generated from the last release updates to this one: cleanly when untouched, and
keeping a user's edits and code working when not.

The last release comes from tests/fixtures (a git bundle of v0.2.0); this working tree is
committed on top of it as the next tag, exactly as the maintainers release.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers.commands import run_in, run_pytest
from tests.helpers.edits import append_to, write
from tests.helpers.git import commit_all, git, init_repo
from tests.helpers.rendering import render, rendered_files, update
from tests.helpers.template_releases import (
    LAST_RELEASE,
    template_after_last_release,
    this_release,
)

USER_MODULE = (
    '"""The user\'s own code, written against 0.2.0."""\n\n'
    "from ml_project.regression.golden_model import split_examples  # noqa: F401\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return template_after_last_release(tmp_path_factory.mktemp("releases") / "template")


def generated(template: Path, destination: Path) -> Path:
    project = render(destination, template=template, vcs_ref=LAST_RELEASE)
    return init_repo(project, f"Generated from ml-testkit {LAST_RELEASE}")


def conflicted(project: Path) -> list[str]:
    return [
        name
        for name in rendered_files(project)
        if "<<<<<<< before updating" in (project / name).read_text(errors="replace")
    ]


@pytest.fixture(scope="module")
def untouched(template, tmp_path_factory) -> Path:
    """A project generated from the last release and never edited, then updated."""
    project = generated(template, tmp_path_factory.mktemp("untouched") / "project")
    update(project, trust=True)
    return project


@pytest.fixture(scope="module")
def edited(template, tmp_path_factory) -> Path:
    """A project whose user edited the expectations and wrote code against the old modules."""
    project = generated(template, tmp_path_factory.mktemp("edited") / "project")
    append_to(project / "src/ml_project/data/expectations.py", "\n# Our labels were checked.\n")
    write(project, "src/ml_project/ours.py", USER_MODULE)
    commit_all(project, "Our edits")
    update(project, trust=True)
    return project


def test_untouched_repo_updates_without_a_conflict(untouched):
    """Catches a release that turns a clean update into conflicts (a moved file, say)."""
    assert conflicted(untouched) == []
    answers = yaml.safe_load((untouched / ".copier-answers.yml").read_text())
    assert answers["_commit"] == this_release()
    assert not (untouched / "src/ml_project/regression").exists()


def test_readme_commands_follow_the_new_command_line(untouched):
    """Catches a README (the user's file) left with commands that no longer exist."""
    readme = (untouched / "README.md").read_text()
    assert "python -m ml_project" not in readme
    assert "ml-project update-goldens [ckpt_path=path/to/last.ckpt]" in readme
    assert "ml-project train ckpt_path=last" in readme


def test_updated_repo_passes_its_hooks_and_tests(untouched):
    """Catches an update that leaves stale files behind which break the hooks or the suite."""
    git(untouched, "add", "-A")
    hooks = run_in(untouched, "pre-commit", "run", "--all-files", check=False)
    assert hooks.returncode == 0, hooks.stdout[-6000:]
    run_pytest(untouched, "-q", "tests/unit", "tests/data", "tests/model")


def test_edited_expectations_travel_to_their_new_home(edited):
    """Catches a move that drops the user's edits to a file the release relocated."""
    suite = (edited / "src/ml_project/data_gate/suites/digits.py").read_text()
    assert "# Our labels were checked." in suite
    assert not (edited / "src/ml_project/data/expectations.py").exists()


def test_users_own_code_follows_the_renamed_modules(edited):
    """Catches an update that leaves the user's imports pointing at modules that are gone."""
    ours = (edited / "src/ml_project/ours.py").read_text()
    assert "from ml_project.goldens.store import" in ours
    assert conflicted(edited) == ["src/ml_project/data_gate/suites/digits.py"]


def test_a_symlinked_folder_stops_the_migration_before_it_changes_anything(template, tmp_path):
    """Catches a migration that follows a folder the user replaced with a symlink: it moved
    files out of the repo, and failed halfway, leaving a half-migrated index."""
    project = generated(template, tmp_path / "project")
    append_to(project / "src/ml_project/data/expectations.py", "\n# Our labels were checked.\n")
    goldens, outside = project / "tests/model/goldens", tmp_path / "shared-goldens"
    shutil.move(goldens, outside)
    goldens.symlink_to(outside)
    commit_all(project, "Our edits; goldens live in a shared folder")
    before = sorted(path.name for path in outside.iterdir())

    result = run_in(project, "copier", "update", "--trust", "--defaults", check=False)
    assert result.returncode != 0
    refusal = (
        "migrate: tests/model/goldens/digit_cnn.pt is under a symbolic link (tests/model/goldens)"
    )
    assert refusal in result.stderr, result.stderr[-3000:]
    assert sorted(path.name for path in outside.iterdir()) == before
    assert git(project, "status", "--porcelain") == "", "the migration changed the repo"
