"""Run commands inside a rendered project, with this interpreter and the render's src/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def is_outer_pytest_setting(name: str) -> bool:
    """An environment variable of the generator's own pytest run (its options, its xdist
    worker) that must not reach a generated project's pytest."""
    return name == "PYTEST_ADDOPTS" or name.startswith("PYTEST_XDIST")


def outer_environment(*dropped: str) -> dict[str, str]:
    """This process's environment without ``dropped`` and the generator's pytest settings."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in dropped and not is_outer_pytest_setting(name)
    }


def project_env(project: Path, *dropped: str) -> dict[str, str]:
    """The environment a generated project runs in: this interpreter, its src/ importable,
    without ``dropped``.

    The generator's tests reuse one environment that holds every dependency of the
    generated projects (a CPU build of torch above all) instead of installing each render.
    """
    env = outer_environment(*dropped)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(project / "src"), env.get("PYTHONPATH")])
    )
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


def run_cli(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`<project> COMMAND [overrides]` through `python -m <package>.cli`: the console script's
    code path, for a render that is not installed (a copy a test may change)."""
    package = next(path.name for path in (project / "src").iterdir() if path.is_dir())
    return run_in(project, sys.executable, "-m", f"{package}.cli", *args, check=check)
