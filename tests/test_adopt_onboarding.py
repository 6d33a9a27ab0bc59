"""Setting up a machine in an adopted repo: the added setup script runs end to end, its
virtual environment stays out of git, and the doctor checks only what applies to the repo.

The repo with no tests (its own .gitignore knows nothing of .venv) is adopted and set up once,
as a new contributor would: `bash <added setup-dev.sh>` with the default VENV_DIR. Its .venv
is made beforehand to see this interpreter's packages, so nothing big is downloaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.adoption import adopt
from tests.helpers.git import git
from tests.helpers.installed import venv_seeing_these_packages
from tests.helpers.repo_shapes import NO_TESTS, build
from tests.helpers.template_releases import this_release


def added_script(added: set[str], name: str) -> str:
    """The added file called ``name`` (`setup-dev`, `doctor`), whatever folder it is in."""
    (path,) = [path for path in added if Path(path).stem == name]
    return path


@pytest.fixture(scope="module")
def set_up(tmp_path_factory, adoption_template):
    """(repo, added files, what the setup script printed and its exit code)."""
    project = tmp_path_factory.mktemp("onboarding") / "repo"
    build(project, NO_TESTS)
    added = adopt(project, adoption_template, this_release())
    venv_seeing_these_packages(project / ".venv")
    result = subprocess.run(
        ["bash", added_script(added, "setup-dev")],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
        capture_output=True,
        text=True,
    )
    return project, added, result


def doctor(project: Path, added: set[str], *args: str) -> subprocess.CompletedProcess[str]:
    script = added_script(added, "doctor")
    runner = [sys.executable] if script.endswith(".py") else ["bash"]
    env = {"PATH": f"{project / '.venv/bin'}:/usr/bin:/bin", "HOME": str(Path.home())}
    return subprocess.run(
        [*runner, script, *args], cwd=project, env=env, capture_output=True, text=True
    )


def test_setup_script_runs_end_to_end(set_up):
    """Catches a setup script that exits non-zero in an adopted repo (a doctor that fails on a
    `data` folder the repo never had)."""
    _, _, result = set_up
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "doctor: all good" in result.stdout


def test_virtual_environment_stays_out_of_git(set_up):
    """Catches a .venv that `git add -A` would commit, in a repo whose .gitignore is its own."""
    project, _, _ = set_up
    assert git(project, "status", "--porcelain", "--untracked-files=all") == ""


def test_doctor_checks_only_what_applies(set_up):
    """Catches a doctor that judges an adopted repo by a generated one: torch it may not use,
    data where it keeps none."""
    project, added, _ = set_up
    result = doctor(project, added)
    checks = [
        line.split()[1] for line in result.stdout.splitlines() if line[:4] in ("ok  ", "FAIL")
    ]
    assert (result.returncode, checks) == (0, ["python", "hooks"]), result.stdout


def test_doctor_checks_the_data_where_the_repo_says(set_up):
    """Catches a doctor that cannot be pointed at the repo's own data."""
    project, added, _ = set_up
    result = doctor(project, added, "--data", "data/raw")
    assert result.returncode == 1
    assert "FAIL data    not found: data/raw" in result.stdout, result.stdout
    assert doctor(project, added, "--data", "train.py").returncode == 0


def test_gx_context_opens_as_the_note_says(set_up):
    """Catches a GX folder that great_expectations cannot open where the note points."""
    project, added, _ = set_up
    note = (project / ".ml-testkit/README.md").read_text()
    call = 'gx.get_context(mode="file", project_root_dir=".ml-testkit")'
    assert call in note
    # An empty folder opens as a FileDataContext too (GX scaffolds one there): what tells the
    # committed context apart is the data source its great_expectations.yml declares.
    script = (
        f"import great_expectations as gx; context = {call}; "
        "sources = sorted(s.name for s in context.data_sources.all().values()); "
        "print(type(context).__name__, sources)"
    )
    committed = sorted((project / ".ml-testkit/gx").iterdir())
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True
    )
    assert result.stdout.strip() == "FileDataContext ['samples']", result.stderr[-3000:]
    scaffolded = set((project / ".ml-testkit/gx").iterdir()) - set(committed)
    assert {path.name for path in scaffolded} <= {"uncommitted"}, scaffolded
