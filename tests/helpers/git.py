"""git in a test's own repository, always with the tests' commit identity, never the user's."""

from __future__ import annotations

import subprocess
from pathlib import Path

IDENTITY = ("-c", "user.name=ml-testkit tests", "-c", "user.email=tests@example.com")


def run_git(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`git ARGS` in ``repo``; the result, whether git succeeded or not."""
    return subprocess.run(
        ["git", *IDENTITY, *args], cwd=repo, env=env, capture_output=True, text=True
    )


def git(repo: Path, *args: str) -> str:
    """`git ARGS` in ``repo`` and its output; raise with git's own message when it fails."""
    result = run_git(repo, *args)
    if result.returncode != 0:
        raise AssertionError(f"`git {' '.join(args)}` failed in {repo}:\n{result.stderr}")
    return result.stdout


def stage_all(repo: Path) -> None:
    git(repo, "add", "-A")


def commit_all(repo: Path, message: str) -> None:
    stage_all(repo)
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)


def init_repo(repo: Path, message: str | None = None) -> Path:
    """`git init` with every file staged (pre-commit only sees files git knows).

    With a ``message``, the files are committed too.
    """
    git(repo, "init", "--quiet", "--initial-branch=main")
    stage_all(repo)
    if message is not None:
        commit_all(repo, message)
    return repo


def listed_files(root: Path) -> list[str]:
    """The files git knows under ``root``, tracked or new (not ignored), relative to it.

    What copier takes from a local template rendered at HEAD: its commit plus every edit that
    `git add -A` would stage.
    """
    listed = git(root, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


def clone(repo: Path, destination: Path) -> Path:
    """`git clone`: what CI checks out, the committed tree and nothing else."""
    git(destination.parent, "clone", "--quiet", str(repo), destination.name)
    return destination
