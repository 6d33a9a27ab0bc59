"""Onboarding: `scripts/doctor.py` says what is wrong and how to fix it; `setup-dev.sh` runs.

Every doctor check is run on a rendered repo twice: where it passes, and where it fails, with
the exit code and the fix it prints. setup-dev.sh runs end to end in a virtual environment
that already sees this interpreter's packages (torch above all), so nothing big is downloaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tests.helpers.commands import run_in
from tests.helpers.git import init_repo
from tests.helpers.installed import venv_seeing_these_packages
from tests.helpers.pre_commit import install_hooks
from tests.helpers.rendering import render

TORCH_MISSING = (
    "import runpy, sys; sys.modules['torch'] = None; "
    "runpy.run_path('scripts/doctor.py', run_name='__main__')"
)


def doctor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(project, sys.executable, "scripts/doctor.py", *args, check=False)


def failure(result: subprocess.CompletedProcess[str], check: str) -> str:
    """The FAIL line of ``check`` and the fix printed under it; asserts the run failed."""
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"FAIL {check} "):
            return f"{line}\n{lines[index + 1]}"
    raise AssertionError(f"no FAIL line for {check}:\n{result.stdout}")


@pytest.fixture(scope="module")
def hooked_project(tmp_path_factory) -> Path:
    """A default render in a git repo with its hooks installed: a machine ready for work."""
    project = init_repo(render(tmp_path_factory.mktemp("onboarding") / "project"))
    install_hooks(project)
    return project


def test_doctor_passes_on_a_ready_machine(hooked_project):
    """Catches a doctor that fails a healthy machine (and so teaches people to ignore it)."""
    result = doctor(hooked_project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "doctor: all good"
    cuda = "CUDA visible" if torch.cuda.is_available() else "CUDA not visible (CPU only)"
    assert "ok   torch" in result.stdout and cuda in result.stdout
    assert "ok   data    digits: 1797 images of 8x8" in result.stdout


def test_doctor_says_to_install_hooks_when_they_are_missing(tmp_path):
    """Catches commits that skip every hook because nobody ran `pre-commit install`."""
    result = doctor(init_repo(render(tmp_path / "project")))
    assert failure(result, "hooks").endswith("-> run `pre-commit install`")
    assert result.stdout.splitlines()[-1] == "doctor: 1 problem(s): hooks"


def test_doctor_says_to_git_init_outside_a_repository(tmp_path):
    """Catches a doctor that crashes, instead of advising, before `git init`."""
    result = doctor(render(tmp_path / "project"))
    message = failure(result, "hooks")
    assert "not inside a git repository" in message
    assert message.endswith("-> run `git init`, then `pre-commit install`")


def test_doctor_names_a_missing_data_path_and_the_fix(hooked_project):
    """Catches training that starts on a machine where the data is not where the config says."""
    message = failure(doctor(hooked_project, "--data", "data/raw"), "data")
    assert "not found: data/raw" in message
    assert message.endswith("-> fetch the data there, or point `--data` at where it lives")
    assert doctor(hooked_project, "--data", "configs").returncode == 0


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU: nothing to refuse")
def test_doctor_require_cuda_fails_without_a_gpu(hooked_project):
    """Catches a GPU box whose torch build cannot see CUDA (gpu tests would silently skip)."""
    message = failure(doctor(hooked_project, "--require-cuda"), "torch")
    assert "CUDA not visible (CPU only)" in message
    assert "-> check `nvidia-smi`, then install a CUDA build of torch" in message


def test_doctor_says_to_run_setup_when_torch_is_missing(hooked_project):
    """Catches a fresh machine where nothing is installed yet."""
    result = run_in(hooked_project, sys.executable, "-c", TORCH_MISSING, check=False)
    message = failure(result, "torch")
    assert "cannot import torch" in message
    assert message.endswith("-> run `bash scripts/setup-dev.sh`")


def test_doctor_refuses_a_python_older_than_the_project_needs(tmp_path):
    """Catches a Python older than python_version (syntax and wheels the project relies on)."""
    project = render(tmp_path / "project", python_version="3.13", ci_python_versions=["3.13"])
    found = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= (3, 13):
        pytest.skip(f"this interpreter ({found}) is not older than 3.13")
    message = failure(doctor(project), "python")
    assert f"{found} is older than 3.13" in message
    assert message.endswith(
        "-> install Python 3.13 or newer, then rerun `bash scripts/setup-dev.sh` with it"
    )


@pytest.mark.slow
def test_setup_dev_installs_the_project_and_hooks_then_runs_doctor(tmp_path):
    """Catches a setup script that breaks before a newcomer's first commit."""
    project = render(tmp_path / "project")
    venv = venv_seeing_these_packages(tmp_path / "venv")
    result = subprocess.run(
        ["bash", "scripts/setup-dev.sh"],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "VENV_DIR": str(venv)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "installing torch" not in result.stdout
    assert "not a git repository yet; running git init" in result.stdout
    assert (project / ".git/hooks/pre-commit").is_file()
    assert "doctor: all good" in result.stdout
    installed = subprocess.run(
        [venv / "bin/python", "-c", "import ml_project, pre_commit; print(ml_project.__file__)"],
        capture_output=True,
        text=True,
    )
    assert installed.stdout.strip() == str(project / "src/ml_project/__init__.py")
