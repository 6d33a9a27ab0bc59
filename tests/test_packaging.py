"""Packaging of a generated repo: torch's index chosen in one place, and the uv path.

The pip path is `installed_project` (tests/helpers/installed.py): `pip install -e . --group dev`
as the README says. The uv path runs here: `uv lock`, `uv sync`, `uv run`, with the one change
this machine needs, named in the test: PyPI is reachable but PyTorch's index is not, so the
render's "pytorch" index is pointed at a local index holding the torch wheel installed here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import torch

from tests.helpers.commands import outer_environment, run_in
from tests.helpers.edits import replace_in

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def pyproject(project: Path) -> dict:
    return tomllib.loads((project / "pyproject.toml").read_text())


def torch_index_of(project: Path) -> str:
    """The url of the index that [tool.uv.sources] takes torch from."""
    uv = pyproject(project)["tool"]["uv"]
    [source] = uv["sources"]["torch"]
    [index] = [index for index in uv["index"] if index["name"] == source["index"]]
    assert index["explicit"], "only torch may come from PyTorch's index"
    return index["url"]


def torch_index_script(project: Path) -> str:
    return run_in(project, "bash", "scripts/torch-index.sh").stdout.strip()


def test_torch_build_is_chosen_in_one_place(fresh_project):
    """Catches a second copy of the torch index (CI or setup-dev installing another build than
    uv would), or a script that prints a fixed url instead of reading pyproject.toml."""
    assert torch_index_of(fresh_project) == CPU_INDEX == torch_index_script(fresh_project)
    holders = {
        path.relative_to(fresh_project).as_posix()
        for path in fresh_project.rglob("*")
        if path.is_file() and CPU_INDEX in path.read_text(errors="ignore")
    }
    assert holders == {"pyproject.toml"}
    ci = (fresh_project / ".github/workflows/ci.yml").read_text()
    assert 'pip install torch --index-url "$(bash scripts/torch-index.sh)"' in ci
    setup = (fresh_project / "scripts/setup-dev.sh").read_text()
    assert 'torch_index="${TORCH_INDEX_URL:-$(bash scripts/torch-index.sh)}"' in setup
    cuda = "https://download.pytorch.org/whl/cu128"
    replace_in(fresh_project / "pyproject.toml", f'url = "{CPU_INDEX}"', f'url = "{cuda}"')
    assert torch_index_script(fresh_project) == torch_index_of(fresh_project) == cuda


def torch_wheel_on_disk() -> Path | None:
    """The wheel of the torch installed here, in a folder pip's find-links names, if any."""
    folders = os.environ.get("PIP_FIND_LINKS", "").split()
    configured = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    ).stdout
    folders += re.findall(r"find-links='([^']+)'", configured)
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    for folder in map(Path, folders):
        for wheel in folder.glob(f"torch-{torch.__version__}-{tag}-*.whl"):
            return wheel
    return None


def local_index(root: Path, wheel: Path) -> Path:
    """A PEP 503 simple index at ``root`` holding one file: ``wheel``."""
    (root / "torch").mkdir(parents=True)
    link = f'<a href="{wheel.as_uri()}">{wheel.name}</a>'
    (root / "torch" / "index.html").write_text(f"<html><body>{link}</body></html>\n")
    return root


def uv(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    env = outer_environment("VIRTUAL_ENV", "PYTHONPATH")
    # Build the project's .venv from this interpreter, the one the torch wheel was built for.
    env["UV_PYTHON"] = sys._base_executable
    result = subprocess.run(
        [executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"uv {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_uv_locks_syncs_and_runs_the_project(fresh_project, tmp_path):
    """Catches a pyproject.toml uv cannot lock or sync (sources, index, dependency groups,
    extras), or a project that does not run in the environment uv builds."""
    wheel = torch_wheel_on_disk()
    if wheel is None:
        pytest.skip(
            f"no wheel of torch {torch.__version__} on disk in pip's find-links: the uv path "
            "needs one here, because PyTorch's index is out of reach"
        )
    index = local_index(tmp_path / "index", wheel)
    replace_in(
        fresh_project / "pyproject.toml", f'url = "{CPU_INDEX}"', f'url = "{index.as_uri()}"'
    )

    uv(fresh_project, "lock")
    lock = tomllib.loads((fresh_project / "uv.lock").read_text())
    [locked_torch] = [package for package in lock["package"] if package["name"] == "torch"]
    assert locked_torch["version"] == torch.__version__
    # uv records a local index by its path: torch came from the named index, not PyPI.
    assert locked_torch["source"] == {"registry": str(index)}, locked_torch["source"]

    uv(fresh_project, "sync", "--locked")
    venv_python = fresh_project / ".venv" / "bin" / "python"
    installed = run_in(
        fresh_project,
        str(venv_python),
        "-c",
        "import importlib.metadata as m, importlib.util as u; "
        "print(m.version('torch'), m.version('pytest'), m.version('pre-commit'), "
        "u.find_spec('mlflow') is None)",
    ).stdout.split()
    assert installed[0] == torch.__version__ and installed[3] == "True", installed

    help_text = uv(fresh_project, "run", "--locked", "ml-project", "--help").stdout
    assert "usage: ml-project COMMAND" in help_text
    tests = uv(fresh_project, "run", "--locked", "pytest", "-q", "tests/unit/test_configs.py")
    assert " passed" in tests.stdout and " failed" not in tests.stdout
    mlflow = uv(fresh_project, "sync", "--locked", "--extra", "mlflow", "--dry-run")
    assert re.search(r"\+ mlflow==", mlflow.stdout + mlflow.stderr)
