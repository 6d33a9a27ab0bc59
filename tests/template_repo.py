"""Plumbing for lifecycle tests: a git clone of this template that can be tagged and changed.

Each test builds its own release history in a temporary folder, so it can make an "older"
release, tag it, change the template and tag a newer one, exactly as the template's
maintainers would, then update a project across them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.rendering import TEMPLATE_ROOT

GIT_IDENTITY = ["-c", "user.name=ml-testkit tests", "-c", "user.email=tests@example.com"]


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; raise with git's own message when it fails."""
    result = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=repo, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise AssertionError(f"`git {' '.join(args)}` failed in {repo}:\n{result.stderr}")
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)


def init_repo(repo: Path, message: str = "Initial commit") -> Path:
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, message)
    return repo


def clone_template(destination: Path) -> Path:
    """This template's working tree (uncommitted edits included, ignored files not) as a repo."""
    listed = git(TEMPLATE_ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        source = TEMPLATE_ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return init_repo(destination, "Template snapshot")


def release(template: Path, version: str, message: str) -> None:
    """Commit whatever changed in the template and tag it as ``version``."""
    commit_all(template, message)
    git(template, "tag", version)


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file the way a person would, failing loudly if ``old`` is not there."""
    text = path.read_text()
    if old not in text:
        raise AssertionError(f"{path} does not contain {old!r}; the test's edit is stale")
    path.write_text(text.replace(old, new))


def undo_scale_up_rename(template: Path) -> set[str]:
    """Make the template look like v0.1.0, before v0.2.0 renamed experiment=scale_up.

    Returns the rendered paths whose text mentions the experiment, which the migration edits.
    """
    files = template / "template"
    experiments = files / "configs" / "experiment"
    (experiments / "digits_scale_up.yaml").rename(experiments / "scale_up.yaml")
    mentions = set()
    for path in files.rglob("*"):
        if path.is_file() and "experiment=digits_scale_up" in path.read_text(errors="replace"):
            replace_in(path, "experiment=digits_scale_up", "experiment=scale_up")
            mentions.add(path.relative_to(files).as_posix().removesuffix(".jinja"))
    return mentions
