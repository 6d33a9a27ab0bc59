"""Adopting a repo that has tooling of its own: its hooks accept what the adoption adds, the
added CI selects tests as the repo's pytest allows, and both hook configs agree on style.

The repos are shaped like real teams' (tests/helpers/repo_shapes.py, OWN_TOOLING): a Lightning
+ Hydra template's tooling (its own pre-commit hooks, prettier and mdformat among them, black at
79 columns and flake8's ignores set only in the hooks' args, `--strict-markers`, GPU tests
skipped without CUDA rather than marked), a cookiecutter data-science layout, and a repo of
notebooks whose hooks run prettier on its YAML and Markdown. Each is adopted once for the
module, with its own hooks installed, as the docs say: `copier copy`, then `git add -A && git
commit`. Tests that change a repo work on a clone.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.adoption import ADOPTION, ci_workflow, job_running, run_steps, workflows
from tests.helpers.commands import run_in
from tests.helpers.edits import append_to, replace_in, write
from tests.helpers.git import clone, commit_all, git, stage_all
from tests.helpers.pre_commit import commit, install_hooks
from tests.helpers.rendering import copier_config, render, rendered_files, update
from tests.helpers.repo_shapes import COMMON_HOOKS, LIGHTNING_HYDRA, OWN_TOOLING, build
from tests.helpers.template_releases import LATER_HOOK, next_patch, this_release


@dataclass(frozen=True)
class Adopted:
    project: Path
    added: set[str]
    #: `git add -A && git commit` right after the copy, through the repo's own hooks.
    first_commit: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def adopted(tmp_path_factory, adoption_template):
    """Each shape adopted once, on first use, its own hooks installed (GPU workflow included)."""
    repos: dict[str, Adopted] = {}

    def adopted_repo(name: str) -> Adopted:
        if name not in repos:
            project = tmp_path_factory.mktemp(name) / "repo"
            own = build(project, OWN_TOOLING[name])
            if (project / ".pre-commit-config.yaml").is_file():
                install_hooks(project)
            render(
                project,
                template=adoption_template,
                vcs_ref=this_release(),
                **ADOPTION,
                include_gpu_workflow=True,
            )
            added = rendered_files(project) - set(own)
            rendered = {name: (project / name).read_bytes() for name in added}
            stage_all(project)
            first_commit = commit(project, "Adopt ml-testkit")
            if first_commit.returncode != 0:  # the other tests get the files as rendered
                for name, content in rendered.items():
                    (project / name).write_bytes(content)
                stage_all(project)
                commit(project, "Adopt ml-testkit", verify=False)
            repos[name] = Adopted(project, added, first_commit)
        return repos[name]

    return adopted_repo


def copier_update(project: Path) -> subprocess.CompletedProcess[str]:
    """`copier update --defaults --conflict inline`, as the note says, its message on stderr."""
    command = ("-m", "copier", "update", "--defaults", "--conflict", "inline")
    return run_in(project, sys.executable, *command)


def read(project: Path, name: str) -> str:
    return (project / name).read_text(errors="replace")


def pre_commit(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(project, sys.executable, "-m", "pre_commit", "run", *args, check=False)


def common_hooks_on(project: Path, files: set[str]) -> subprocess.CompletedProcess[str]:
    """The hooks teams commonly run (repo_shapes.COMMON_HOOKS) on ``files``, as committed."""
    config = project.parent / "common-hooks.yaml"
    config.write_text(COMMON_HOOKS)
    return pre_commit(project, "--config", str(config), "--files", *sorted(files))


@pytest.mark.parametrize("name", ["lightning_hydra", "notebooks_only"])
def test_documented_commit_passes_the_repo_own_hooks(adopted, name):
    """Catches added files that the repo's own hooks reject or rewrite, which blocks the
    documented `git add -A && git commit`: scripts with a shebang and no executable bit,
    YAML and Markdown that prettier or mdformat would write otherwise."""
    result = adopted(name).first_commit
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_added_files_pass_common_hooks_unchanged(adopted):
    """Catches an added file that pre-commit-hooks, prettier or mdformat would change or reject
    (a script with a shebang but no executable bit, a missing final newline, `- '3.11'` where
    prettier writes `  - "3.11"`, a flow list past 80 columns, a code span broken over two
    lines): accepting the rewrite makes the next `copier update` conflict."""
    repo = adopted(LIGHTNING_HYDRA.name)
    hooks = common_hooks_on(repo.project, repo.added)
    assert hooks.returncode == 0, hooks.stdout[-4000:]


@pytest.fixture(scope="module")
def updated(adopted, tmp_path_factory) -> Path:
    """A clone of the adopted Lightning repo, updated to the next release and committed."""
    repo = adopted(LIGHTNING_HYDRA.name)
    checkout = clone(repo.project, tmp_path_factory.mktemp("updated") / "checkout")
    update(checkout)
    commit_all(checkout, "Update ml-testkit")
    return checkout


def test_added_files_stay_canonical_after_an_update(adopted, updated):
    """Catches an update that re-renders ml-testkit's files in a form the common hooks rewrite."""
    added = adopted(LIGHTNING_HYDRA.name).added
    assert next_patch(this_release()) in (updated / ".copier-answers.yml").read_text()
    hooks = common_hooks_on(updated, rendered_files(updated) & added)
    assert hooks.returncode == 0, hooks.stdout[-4000:]


def test_note_names_its_release_without_claiming_it_was_copied(updated):
    """Catches a note that, after an update, says the update's release is the one `copier copy`
    brought: every sentence naming the release the files now come from claims no copy."""
    release = next_patch(this_release())
    note = re.sub(r"\s+", " ", (updated / ".ml-testkit/README.md").read_text())
    naming = [sentence for sentence in re.split(r"(?<=[.;])\s", note) if release in sentence]
    assert naming, f"the note names no release {release}"
    assert [sentence for sentence in naming if "copy" in sentence] == []


def test_project_name_prompt_names_where_an_adoption_shows_it(adopted):
    """Catches a prompt that promises the name in the README, which an adoption never touches:
    the adopted repo shows it in the file the prompt names for an adoption, and nowhere else."""
    repo = adopted("data_science")
    help = copier_config()["project_name"]["help"]
    named = re.search(r"\((\S+) if adopting\)", help)
    assert named, f"the prompt names no file for an adoption: {help!r}"
    showing = {name for name in repo.added if ADOPTION["project_name"] in read(repo.project, name)}
    assert named.group(1) in showing, (help, showing)


def steps_after_install(workflow: dict) -> list[str]:
    """The steps of the job that installs and tests the repo, after the install, but the check
    for a CUDA device (this machine has none)."""
    steps = job_running(workflow, ".ml-testkit/install.sh")
    after = steps[[index for index, step in enumerate(steps) if "install.sh" in step][-1] + 1 :]
    return [step for step in after if "torch.cuda" not in step]


def gpu_workflow(project: Path, added: set[str]) -> dict:
    """The added workflow whose job runs on the self-hosted `gpu` runner."""
    (workflow,) = [
        workflow
        for workflow in workflows(project, added).values()
        if any("gpu" in job["runs-on"] for job in workflow["jobs"].values())
    ]
    return workflow


#: Where a repo keeps strict markers; each registers `slow` only.
STRICT_SETTINGS = {
    "pyproject.toml": None,  # the shape's own
    "pytest.ini": "[pytest]\naddopts = --strict-markers -ra\nmarkers =\n    slow: slow tests\n",
    "setup.cfg": "[tool:pytest]\naddopts = --strict-markers\nmarkers =\n    slow: slow tests\n",
}


@pytest.mark.parametrize("settings", list(STRICT_SETTINGS))
def test_ci_and_gpu_tests_run_under_strict_markers(adopted, tmp_path, settings):
    """Catches `pytest -m "not gpu"` (CI) and `-m gpu` (GPU runner) in a repo that registers
    no `gpu` marker under --strict-markers: pytest 9 stops with a usage error (exit 4) before
    any test runs. Such a repo (GPU tests skipped without CUDA) runs every test in both."""
    repo = adopted(LIGHTNING_HYDRA.name)
    checkout = clone(repo.project, tmp_path / "checkout")
    if STRICT_SETTINGS[settings]:
        write(checkout, "pyproject.toml", "")
        write(checkout, settings, STRICT_SETTINGS[settings])
    for workflow in (ci_workflow(checkout, repo.added), gpu_workflow(checkout, repo.added)):
        result = run_steps(checkout, steps_after_install(workflow), Path(sys.executable))
        assert "2 passed, 1 skipped" in result.stdout, result.stdout[-3000:]


def test_registered_gpu_marker_splits_the_tests_on_pytest_8(adopted, tmp_path, pytest_8):
    """Catches a marker lookup that misses a registered `gpu` marker (CI would run the GPU
    tests on CPU runners) or that only works on the newest pytest."""
    repo = adopted(LIGHTNING_HYDRA.name)
    checkout = clone(repo.project, tmp_path / "checkout")
    replace_in(checkout / "pyproject.toml", '"slow: slow tests"', '"slow: slow", "gpu: CUDA"')
    replace_in(checkout / "tests/test_train.py", "@gpu\n", "@pytest.mark.gpu\n")
    replace_in(checkout / "tests/test_train.py", "assert False, ", "assert True, ")
    ci = run_steps(checkout, steps_after_install(ci_workflow(checkout, repo.added)), pytest_8)
    assert "2 passed, 1 deselected" in ci.stdout, ci.stdout[-3000:]
    gpu = run_steps(checkout, steps_after_install(gpu_workflow(checkout, repo.added)), pytest_8)
    assert "1 passed, 2 deselected" in gpu.stdout, gpu.stdout[-3000:]


@pytest.fixture(scope="module")
def pytest_8(tmp_path_factory) -> Path:
    """A maintainer's interpreter with pytest 8, the last release before 9, and nothing else of
    ours: a venv without pip of its own (ensurepip costs seconds), filled by this pip."""
    venv = tmp_path_factory.mktemp("pytest-8") / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip = (sys.executable, "-m", "pip", "--python", str(venv / "bin/python"))
    subprocess.run([*pip, "install", "--quiet", "pytest>=8,<9"], check=True, capture_output=True)
    return venv / "bin/python"


def test_both_hook_configs_twice_change_nothing_the_second_time(adopted, tmp_path):
    """Catches ml-testkit's black and flake8 ignoring settings the repo gives only in its hooks'
    args: at 88 columns our black joins the lines the repo's black (79) splits, on every commit,
    and our flake8 reports what the repo ignores (F401) or excludes (data/ in its args, a
    script in its hook's `exclude`)."""
    repo = adopted(LIGHTNING_HYDRA.name)
    checkout = clone(repo.project, tmp_path / "checkout")
    ours = ".ml-testkit/pre-commit-config.yaml"
    excluded = ("data/download.py", "scripts/legacy_eval.py")  # by flake8's args, by its hook
    opted = "|".join(re.escape(path) for path in (LIGHTNING_HYDRA.clean_path, *excluded))
    replace_in(checkout / ours, "&strict_paths ^$", f"&strict_paths ^({opted})$")
    commit_all(checkout, "Opt three paths in")
    for round in ("first", "second"):
        own_run = pre_commit(checkout, "--all-files")
        our_run = pre_commit(checkout, "--config", ours, "--all-files")
        commit_all(checkout, f"What the {round} round of both configs changed")
    assert git(checkout, "diff", "HEAD~1", "HEAD") == ""
    assert own_run.returncode == 0, own_run.stdout[-4000:]
    assert our_run.returncode == 0, our_run.stdout[-4000:]


def test_update_message_says_where_a_conflict_was_left(adopted, tmp_path):
    """Catches a message after an update that says the files are as they were when a conflict
    was left: the command it names must list the file left between conflict markers."""
    repo = adopted(LIGHTNING_HYDRA.name)
    checkout = clone(repo.project, tmp_path / "checkout")
    ours = ".ml-testkit/pre-commit-config.yaml"
    append_to(checkout / ours, LATER_HOOK.replace("check-json", "check-json-strict"))
    commit_all(checkout, "Our own JSON hook")
    message = copier_update(checkout).stderr
    assert "as they were" not in message, message
    commands = re.findall(r"`(git [^`]+)`", message)
    assert commands, f"the message names no command that finds a conflict:\n{message}"
    listed = git(checkout, *commands[0].split()[1:]).split()
    assert listed == [ours], message


def run_doctor(project: Path) -> subprocess.CompletedProcess[str]:
    """`bash .ml-testkit/doctor.sh` with this interpreter as the developer's Python."""
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHON": sys.executable}
    return subprocess.run(
        ["bash", ".ml-testkit/doctor.sh"], cwd=project, env=env, capture_output=True, text=True
    )


def test_adopted_ci_matrix_takes_the_versions_the_repo_tests(tmp_path):
    """Catches an adopted repo's CI that cannot follow the repo's own matrix (3.8 to 3.10, say:
    refused as below python_version), or whose hooks job moves to a Python the pinned hooks
    (black) do not run on."""
    project = tmp_path / "repo"
    own = build(project, LIGHTNING_HYDRA)
    versions = ["3.8", "3.9", "3.10"]
    render(project, **ADOPTION, ci_python_versions=versions)
    workflow = ci_workflow(project, rendered_files(project) - set(own))
    tests, hooks = (
        next(
            job
            for job in workflow["jobs"].values()
            if any(needle in step.get("run", "") for step in job["steps"])
        )
        for needle in ("install.sh", "pre-commit run")
    )
    assert tests["strategy"]["matrix"]["python-version"] == versions
    (setup,) = [step for step in hooks["steps"] if "setup-python" in step.get("uses", "")]
    assert int(setup["with"]["python-version"].split(".")[1]) >= 10


def test_defaults_let_the_oldest_python_the_hooks_run_on_pass_the_doctor(tmp_path):
    """Catches an adopt-mode default (3.11) that fails developers on 3.10 at the doctor: the
    oldest Python ml-testkit's hooks run on, and the newest a repo whose CI tests 3.7 to 3.10
    has."""
    project = tmp_path / "repo"
    build(project, OWN_TOOLING["notebooks_only"])
    render(project, **ADOPTION)
    doctor = run_doctor(project)
    assert re.search(r"^ok +python .*needs >= 3\.10\)", doctor.stdout, re.M), doctor.stdout
