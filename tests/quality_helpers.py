"""Plumbing for the code-quality tests: a rendered project as a git repo, its hooks, its files."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from tests.rendering import run_in
from tests.template_repo import GIT_IDENTITY


def as_git_repo(project: Path) -> Path:
    """`git init && git add -A`: pre-commit only sees files that git knows."""
    run_in(project, "git", "init", "-q", "-b", "main")
    stage_all(project)
    return project


def copy_as_git_repo(project: Path, destination: Path) -> Path:
    """A git repo holding a copy of ``project``, free to modify."""
    return as_git_repo(Path(shutil.copytree(project, destination)))


def stage_all(project: Path) -> None:
    run_in(project, "git", "add", "-A")


def git_commit(project: Path, message: str, *, skip: str = "", verify: bool = True):
    """`[SKIP=hooks] git commit`, returning the result rather than raising."""
    command = ["git", *GIT_IDENTITY, "commit", "-q", "-m", message]
    if not verify:
        command.append("--no-verify")
    env_prefix = ["env", f"SKIP={skip}"] if skip else []
    return run_in(project, *env_prefix, *command, check=False)


def precommit(project: Path, *args: str):
    """`pre-commit run ARGS` after staging everything, returning the result rather than raising."""
    stage_all(project)
    return run_in(project, sys.executable, "-m", "pre_commit", "run", *args, check=False)


def write(project: Path, path: str, text: str) -> Path:
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def add_notebook_cell(notebook: Path, source: str, *, tags: tuple[str, ...] = ()) -> None:
    """Append a code cell (no outputs) to a committed notebook."""
    content = json.loads(notebook.read_text())
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": list(tags)} if tags else {},
        "outputs": [],
        "source": source,
    }
    content["cells"].append(cell)
    notebook.write_text(json.dumps(content, indent=1) + "\n")


def install_hooks(project: Path) -> None:
    """`pre-commit install`: from now on `git commit` runs the hooks on staged files."""
    run_in(project, sys.executable, "-m", "pre_commit", "install")
