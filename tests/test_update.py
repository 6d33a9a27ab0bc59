"""`copier update` across two releases loses nothing: the story a team lives on its second day.

One story, told once per module (it is expensive): the template is tagged v0.1.0 (before its
experiment rename), a project is generated, the user edits it, the template gains v0.2.0
(a new question, a changed line the user also changed, the rename's migration), and the
project is updated. The tests below each check one promise of that update; the last ones
resolve the conflict and check the repo's own hooks and tests, then a second update.
"""

from __future__ import annotations

import pytest
import yaml
from copier.errors import UnsafeTemplateError

from tests.helpers.commands import run_pytest
from tests.helpers.edits import append_to, replace_in
from tests.helpers.git import commit_all, git, init_repo
from tests.helpers.pre_commit import run_hooks
from tests.helpers.rendering import render, update
from tests.helpers.template_releases import clone_template, release, undo_scale_up_rename

PACKAGE = "ml_project"
USER_MODEL = '"""The user\'s own model head: no template owns this file."""\n\nWIDTH = 7\n'
NEW_QUESTION = """
team_channel:
  type: str
  help: Where the team talks about this repo.
  default: "#ml-team"
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    root = tmp_path_factory.mktemp("update")
    template = clone_template(root / "template")
    renamed = ("configs/experiment/digits_scale_up.yaml", "README.md.jinja")
    current = {name: (template / "template" / name).read_text() for name in renamed}
    mentions = undo_scale_up_rename(template)
    release(template, "v0.1.0", "Release 0.1.0")

    project = render(root / "project", template=template, vcs_ref="v0.1.0")
    init_repo(project, "Generated from ml-testkit 0.1.0")
    # The user's edits: a template-managed line, a template-managed file that v0.2.0
    # renames, their README, their own code, and a config they do not want.
    replace_in(project / "configs/trainer/default.yaml", "max_epochs: 15", "max_epochs: 20")
    replace_in(project / "configs/experiment/scale_up.yaml", "hidden: 128", "hidden: 96")
    (project / "README.md").write_text("# Our digits\n\nRun `train experiment=scale_up`.\n")
    (project / "src" / PACKAGE / "models" / "head.py").write_text(USER_MODEL)
    (project / "configs/logger/csv_tensorboard.yaml").unlink()
    commit_all(project, "Our changes")

    # v0.2.0: the current template (its rename and migration) plus real changes.
    template_files = template / "template"
    (template_files / "configs/experiment/scale_up.yaml").unlink()
    for name, text in current.items():
        (template_files / name).write_text(text)
    replace_in(template_files / "configs/trainer/default.yaml", "max_epochs: 15", "max_epochs: 12")
    replace_in(template_files / "configs/logger/csv_tensorboard.yaml", "csv", "csv  # both")
    append_to(template / "copier.yml", NEW_QUESTION)
    (template_files / "TEAM.md.jinja").write_text("Questions go to {{ team_channel }}.\n")
    release(template, "v0.2.0", "Release 0.2.0")

    with pytest.raises(UnsafeTemplateError) as refused:
        update(project)
    assert git(project, "status", "--porcelain") == "", "a refused update must touch nothing"
    update(project, trust=True)
    return {"project": project, "refused": str(refused.value), "mentions": mentions}


def read(story, name: str) -> str:
    return (story["project"] / name).read_text()


def test_update_without_trust_is_refused_because_of_the_migration(story):
    """Catches a release whose migration runs silently, without the user's --trust."""
    assert "migrations" in story["refused"]


def test_git_status_shows_exactly_the_update(story):
    """Catches an update that touches files it has no business touching."""
    changed = {line[3:] for line in git(story["project"], "status", "--porcelain").splitlines()}
    mentions = story["mentions"] - {"configs/experiment/scale_up.yaml"}
    assert (
        changed
        == {
            ".copier-answers.yml",
            "README.md",
            "TEAM.md",
            "configs/experiment/digits_scale_up.yaml",
            "configs/experiment/scale_up.yaml",
            "configs/trainer/default.yaml",
        }
        | mentions
    )


def test_user_code_and_readme_are_untouched_by_the_template(story):
    """Catches an update that overwrites the user's own code or their README."""
    assert read(story, f"src/{PACKAGE}/models/head.py") == USER_MODEL
    assert read(story, "README.md") == "# Our digits\n\nRun `train experiment=digits_scale_up`.\n"


def test_migration_moved_the_renamed_config_with_the_users_edit(story):
    """Catches a rename that drops the user's edits to the old file or leaves it behind.

    Copier sees the moved file as new on both sides, so the edited line shows both versions.
    """
    project = story["project"]
    assert not (project / "configs/experiment/scale_up.yaml").exists()
    text = read(story, "configs/experiment/digits_scale_up.yaml")
    assert "hidden: 96" in text and "hidden: 128" in text
    assert "experiment=digits_scale_up" in text
    for name in story["mentions"] - {"configs/experiment/scale_up.yaml"}:
        assert "experiment=scale_up" not in read(story, name), name


def test_conflict_keeps_both_sides_between_markers(story):
    """Catches an update that silently picks one side where user and template both changed."""
    text = read(story, "configs/trainer/default.yaml")
    assert "<<<<<<< before updating" in text and ">>>>>>> after updating" in text
    assert "max_epochs: 20" in text and "max_epochs: 12" in text


def test_commit_moved_and_new_question_took_its_default(story):
    """Catches an update that forgets its new release or asks nobody for a new answer."""
    answers = yaml.safe_load(read(story, ".copier-answers.yml"))
    assert answers["_commit"] == "v0.2.0"
    assert answers["team_channel"] == "#ml-team"
    assert read(story, "TEAM.md") == "Questions go to #ml-team.\n"


def test_file_the_user_deleted_stays_deleted(story):
    """Catches an update that resurrects a config the user removed on purpose."""
    assert not (story["project"] / "configs/logger/csv_tensorboard.yaml").exists()


def test_pre_commit_refuses_leftover_conflict_markers(story):
    """Catches a conflicted update committed by accident."""
    result = run_hooks(story["project"], "check-merge-conflict", "--all-files")
    assert result.returncode != 0, result.stdout
    assert "configs/trainer/default.yaml" in result.stdout


def keep_ours(path) -> None:
    """Resolve every inline conflict in ``path`` the way the user chose: their side."""
    text = path.read_text()
    while "<<<<<<< before updating\n" in text:
        head, rest = text.split("<<<<<<< before updating\n", 1)
        ours, rest = rest.split("=======\n", 1)
        _theirs, tail = rest.split(">>>>>>> after updating\n", 1)
        text = head + ours + tail
    path.write_text(text)


@pytest.fixture(scope="module")
def resolved(story):
    """The user resolves the conflicts (keeping their values) and commits the update."""
    project = story["project"]
    for name in ("configs/trainer/default.yaml", "configs/experiment/digits_scale_up.yaml"):
        keep_ours(project / name)
    commit_all(project, "Update to ml-testkit 0.2.0")
    return project


def test_updated_repo_passes_its_own_hooks_and_fast_suite(resolved):
    """Catches an update that leaves the repo failing its own hooks or fast suite (not slow)."""
    hooks = run_hooks(resolved, "--all-files")
    git(resolved, "checkout", "--", ".")  # undo hook fixes, so the next test sees the commit
    assert hooks.returncode == 0, hooks.stdout[-6000:]
    run_pytest(resolved, "-q", "-m", "not slow")


def test_second_update_changes_nothing_and_needs_no_trust(resolved):
    """Catches an update that is not idempotent, or that asks for trust with no migration due."""
    head = git(resolved, "rev-parse", "HEAD")
    update(resolved)
    assert git(resolved, "status", "--porcelain") == ""
    assert git(resolved, "rev-parse", "HEAD") == head
