"""A render's pre-commit hooks: run them, install them, commit through them.

Each returns the result rather than raising: the tests check failures as often as successes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.commands import run_in
from tests.helpers.git import run_git, stage_all


def run_hooks(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`git add -A && pre-commit run ARGS`: pre-commit only sees files that git knows."""
    stage_all(project)
    return run_in(project, sys.executable, "-m", "pre_commit", "run", *args, check=False)


def install_hooks(project: Path) -> None:
    """`pre-commit install`: from now on `git commit` runs the hooks on staged files."""
    run_in(project, sys.executable, "-m", "pre_commit", "install")


def commit(
    project: Path, message: str, *, skip: str = "", verify: bool = True
) -> subprocess.CompletedProcess[str]:
    """`[SKIP=hooks] git commit [--no-verify]`: the installed hooks run on what is staged."""
    flags = () if verify else ("--no-verify",)
    env = {**os.environ, "SKIP": skip} if skip else None
    return run_git(project, "commit", "-q", "-m", message, *flags, env=env)
