"""hooks/migrate.py, the engine of every release's migration, on small repos of its own.

The update stories (test_update.py, test_update_from_last_release.py) show migrations in a real
`copier update`; these tests pin the engine's promises one by one: a second run changes nothing,
references are rewritten even where a person already moved the file, nothing is read or written
through a symbolic link or outside the project, and what cannot be done automatically says so.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers.edits import write
from tests.helpers.git import git, init_repo
from tests.helpers.rendering import TEMPLATE_ROOT

MIGRATE = TEMPLATE_ROOT / "hooks" / "migrate.py"
PLAN = {
    "moves": {"src/{package}/old_name.py": "src/{package}/new_name.py"},
    "rewrites": {r"\b{package}\.old_name\b": "{package}.new_name", r"^run-old\b": "{cli} run"},
}
README = "Import `shop_kit.old_name`, then:\n\nrun-old --fast\n"


def migrate(project: Path, stage: str, plan: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MIGRATE), stage, str(plan), ".copier-answers.yml"],
        cwd=project,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    write(root, ".copier-answers.yml", "package_name: shop_kit\n")
    write(root, "src/shop_kit/old_name.py", "VALUE = 1\n")
    write(root, "README.md", README)
    return init_repo(root, "Generated")


@pytest.fixture
def plan(tmp_path) -> Path:
    return write(tmp_path, "plan.yaml", yaml.safe_dump(PLAN))


def test_move_then_rewrite_and_a_second_run_changes_nothing(project, plan):
    """Catches a migration that is not idempotent (a rerun would rewrite its own output)."""
    assert migrate(project, "move", plan).returncode == 0
    assert migrate(project, "rewrite", plan).returncode == 0
    assert (project / "src/shop_kit/new_name.py").read_text() == "VALUE = 1\n"
    expected = "Import `shop_kit.new_name`, then:\n\nshop-kit run --fast\n"
    assert (project / "README.md").read_text() == expected
    git(project, "add", "-A")
    for stage in ("move", "rewrite"):
        rerun = migrate(project, stage, plan)
        assert rerun.returncode == 0 and rerun.stdout == ""
    assert git(project, "status", "--porcelain").splitlines() == [
        "M  README.md",
        "R  src/shop_kit/old_name.py -> src/shop_kit/new_name.py",
    ]


def test_references_are_rewritten_where_the_move_was_done_by_hand(project, plan):
    """Catches a migration that skips the rewrites because someone already moved the file."""
    git(project, "mv", "src/shop_kit/old_name.py", "src/shop_kit/new_name.py")
    assert "moved" not in migrate(project, "move", plan).stdout
    migrate(project, "rewrite", plan)
    assert "shop_kit.new_name" in (project / "README.md").read_text()


def test_never_writes_through_a_symbolic_link(project, plan, tmp_path):
    """Catches a rewrite that follows a tracked symlink and edits a file outside the repo."""
    outside = write(tmp_path, "elsewhere/notes.md", "run-old is our deploy script\n")
    (project / "docs").mkdir()
    (project / "docs/notes.md").symlink_to(outside)
    git(project, "add", "-A")
    assert migrate(project, "rewrite", plan).returncode == 0
    assert outside.read_text() == "run-old is our deploy script\n"


def test_refuses_to_move_onto_a_symbolic_link(project, plan, tmp_path):
    """Catches a move whose target is a symlink leading out of the project."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "src/shop_kit/new_name.py").symlink_to(outside / "new_name.py")
    result = migrate(project, "move", plan)
    assert result.returncode == 1
    assert "src/shop_kit/new_name.py is a symbolic link: the migration moves" in result.stderr
    assert not (outside / "new_name.py").exists()


def test_refuses_to_create_a_file_in_a_symlinked_folder(project, tmp_path):
    """Catches a move into a folder the user replaced with a symlink: it wrote outside the repo
    (the check looked only at paths that existed already)."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "src/shop_kit/moved").symlink_to(outside)
    moves = {"src/{package}/old_name.py": "src/{package}/moved/new_name.py"}
    plan = write(tmp_path, "plan.yaml", yaml.safe_dump({"moves": moves}))
    result = migrate(project, "move", plan)
    assert result.returncode == 1
    assert "new_name.py is under a symbolic link (src/shop_kit/moved)" in result.stderr
    assert list(outside.iterdir()) == [] and (project / "src/shop_kit/old_name.py").is_file()


def test_both_old_and_new_present_stops_with_the_hand_step(project, plan):
    """Catches a migration that overwrites a file or guesses when both versions exist."""
    write(project, "src/shop_kit/new_name.py", "VALUE = 2\n")
    result = migrate(project, "move", plan)
    assert result.returncode == 1
    assert "merge your changes into src/shop_kit/new_name.py" in result.stderr
    assert (project / "src/shop_kit/new_name.py").read_text() == "VALUE = 2\n"


def test_an_untouched_file_is_left_for_the_update_to_replace(project, tmp_path):
    """Catches a move of a pristine file, which would turn a clean update into a conflict."""
    pristine = hashlib.sha256(b"VALUE = 1\n").hexdigest()
    spec = {"to": "src/{package}/new_name.py", "pristine_sha256": pristine}
    plan = write(
        tmp_path, "plan.yaml", yaml.safe_dump({"moves": {"src/{package}/old_name.py": spec}})
    )
    assert migrate(project, "move", plan).stdout == ""
    assert (project / "src/shop_kit/old_name.py").exists()
    (project / "src/shop_kit/old_name.py").write_text("VALUE = 3\n")
    assert "moved" in migrate(project, "move", plan).stdout


def test_an_adopted_repo_is_left_alone(tmp_path, plan):
    """Catches a migration that moves or rewrites an adopted repo's own files (its code, its
    README's commands), as adopted with 0.2.0, whose answers name a package."""
    root = tmp_path / "adopted"
    write(root, ".copier-answers.yml", "project_kind: tooling-only\npackage_name: shop_kit\n")
    write(root, "src/shop_kit/old_name.py", "VALUE = 1\n")
    write(root, "README.md", README)
    init_repo(root, "Adopted")
    for stage in ("move", "rewrite"):
        assert migrate(root, stage, plan).returncode == 0
    assert git(root, "status", "--porcelain") == ""
