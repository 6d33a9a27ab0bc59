"""Plumbing for the generator's tests: render the template, run what comes out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import copier

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]


def render(destination: Path, template: Path | str = TEMPLATE_ROOT, **answers: Any) -> Path:
    """`copier copy --defaults` of the template HEAD (plus uncommitted edits), without trust."""
    copier.run_copy(
        str(template),
        destination,
        data=answers,
        defaults=True,
        vcs_ref="HEAD",
        unsafe=False,
        quiet=True,
    )
    return destination


def project_env(project: Path) -> dict[str, str]:
    """The environment a generated project runs in: this interpreter, its src/ importable.

    The generator's tests reuse one environment that holds every dependency of the
    generated projects (a CPU build of torch above all) instead of installing each render.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(project / "src"), env.get("PYTHONPATH")])
    )
    env.pop("PYTEST_ADDOPTS", None)
    return env


def run_in(project: Path, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``command`` inside ``project``; on an unexpected failure, show its output."""
    result = subprocess.run(
        command, cwd=project, env=project_env(project), capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"`{' '.join(command)}` failed in {project} with exit code {result.returncode}:\n"
            f"{excerpt(result.stdout)}\n{result.stderr[-4000:]}"
        )
    return result


def excerpt(output: str, head: int = 6000, tail: int = 3000) -> str:
    """The start of pytest's FAILURES section (where the assertion is) and the summary."""
    start = output.find("= FAILURES =")
    if start < 0 or len(output) <= head + tail:
        return output[-(head + tail) :]
    return f"{output[start : start + head]}\n[...]\n{output[-tail:]}"


def run_pytest(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The generated project's own test suite, as its README says to run it."""
    return run_in(
        project, sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args, check=check
    )


def rendered_files(project: Path) -> set[str]:
    """Every file of a rendered project, as POSIX paths relative to it."""
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }
