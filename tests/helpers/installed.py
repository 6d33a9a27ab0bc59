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
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.commands import excerpt


def venv_seeing_these_packages(venv: Path) -> Path:
    """A venv whose interpreter also imports this environment's packages (CPU torch included)."""
    subprocess.run([sys._base_executable, "-m", "venv", str(venv)], check=True)
    purelib = subprocess.run(
        [venv / "bin/python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "tests_environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv


@dataclass(frozen=True)
class Installed:
    """A project and the venv it is installed in; runs commands as a person at a shell would."""

    project: Path
    venv: Path

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTEST_ADDOPTS"}}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env['PATH']}"
        env["VIRTUAL_ENV"] = str(self.venv)
        return env

    def run(
        self, *command: str, cwd: Path | None = None, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """``command`` in ``cwd`` (default: the project root), the venv first on PATH."""
        result = subprocess.run(
            command,
            cwd=cwd or self.project,
            env=self.env,
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

    def shell(self, line: str, cwd: Path | None = None, check: bool = True, timeout: float = 600):
        """One line of shell, exactly as written in a README, run by bash."""
        return self.run("bash", "-c", line, cwd=cwd, check=check, timeout=timeout)


def install(project: Path, venv: Path) -> Installed:
    """`pip install -e . --group dev` into a venv seeing this environment's packages.

    pip first becomes 25.1 or newer, as the README says: older ones cannot read dependency
    groups (PEP 735).
    """
    venv_seeing_these_packages(venv)
    installed = Installed(project, venv)
    pip = (str(venv / "bin/python"), "-m", "pip", "install", "-q")
    installed.run(*pip, "--upgrade", "pip>=25.1")
    installed.run(*pip, "-e", ".", "--group", "dev")
    return installed
