"""A rendered project installed as its README says (`pip install -e . --group dev`), with its
command.

The virtual environment also sees this environment's packages (a .pth file), so the install
finds torch, Lightning and the rest already there and downloads nothing big; what it proves is
the project's own packaging: its entry point, its package discovery, its extras.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.commands import excerpt, outer_environment


def venv_seeing_these_packages(venv: Path) -> Path:
    """A venv whose interpreter also imports this environment's packages (CPU torch included).

    pip among them: `python -m pip` in the venv installs into the venv, so it is made without a
    pip of its own (ensurepip costs seconds a venv).
    """
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "tests_environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # Its own `pip` command, as a venv made with pip has: a bare `pip` typed in it must install
    # into it, never into the environment behind it.
    pip = venv / "bin" / "pip"
    pip.write_text(f'#!/bin/sh\nexec "{venv / "bin/python"}" -m pip "$@"\n')
    pip.chmod(0o755)
    return venv


def venv_with(venv: Path, *requirements: str) -> Path:
    """A plain venv, blind to this environment, with ``requirements`` from the package index:
    a maintainer's own environment (pytest 7, say), where nothing of ours leaks in."""
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
    if requirements:
        subprocess.run(
            [venv / "bin/python", "-m", "pip", "install", "-q", *requirements],
            check=True,
            capture_output=True,
        )
    return venv


@dataclass(frozen=True)
class Installed:
    """A project and the venv it is installed in; runs commands as a person at a shell would."""

    project: Path
    venv: Path
    #: Settings of the person's machine that the project does not make (a git identity, say).
    machine: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = outer_environment("PYTHONPATH")
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env['PATH']}"
        env["VIRTUAL_ENV"] = str(self.venv)
        return {**env, **self.machine}

    def run(
        self,
        *command: str,
        cwd: Path | None = None,
        check: bool = True,
        timeout: float = 600,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """``command`` in ``cwd`` (default: the project root), the venv first on PATH, with
        ``env`` added to the environment."""
        result = subprocess.run(
            command,
            cwd=cwd or self.project,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"`{' '.join(command)}` failed in {cwd or self.project} with exit code "
                f"{result.returncode}:\n{excerpt(result.stdout)}\n{result.stderr[-4000:]}"
            )
        return result

    def shell(self, line: str, **options) -> subprocess.CompletedProcess[str]:
        """One line of shell, exactly as written in a README, run by bash."""
        return self.run("bash", "-c", line, **options)

    def start(
        self,
        *command: str,
        env: dict[str, str] | None = None,
        log: Path,
        cwd: Path | None = None,
    ) -> subprocess.Popen:
        """``command`` started in the background (stdout and stderr to ``log``); the caller
        waits for it or stops it."""
        with log.open("w") as output:
            return subprocess.Popen(
                command,
                cwd=cwd or self.project,
                env={**self.env, **(env or {})},
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )


def install(project: Path, venv: Path) -> Installed:
    """`pip install -e . --group dev` into a venv seeing this environment's packages.

    The pip that runs is this environment's (25.1 or newer, which reads dependency groups).
    """
    venv_seeing_these_packages(venv)
    installed = Installed(project, venv)
    installed.run(
        str(venv / "bin/python"), "-m", "pip", "install", "-q", "-e", ".", "--group", "dev"
    )
    return installed
