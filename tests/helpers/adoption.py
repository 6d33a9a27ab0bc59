"""Adopt ml-testkit in an existing repo, then run what the adoption added as its CI runs it.

The workflow helpers read the rendered CI workflow and run its `run:` steps with bash, the
shell GitHub gives them (`bash -e`): the steps that install and test in a job, in order, as
far as they run offline. The actions themselves (checkout, setup-python...) are not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers.commands import excerpt, outer_environment
from tests.helpers.edits import replace_in
from tests.helpers.git import commit_all
from tests.helpers.rendering import render, rendered_files

#: What docs/adopting.md tells a maintainer to answer; the rest are the defaults.
ADOPTION = {"project_kind": "tooling-only", "project_name": "Adopted repo"}


def adopt(project: Path, template: Path, vcs_ref: str, **answers) -> set[str]:
    """`copier copy` in tooling-only mode into an existing repo, committed; the files it added."""
    before = rendered_files(project)
    render(project, template=template, vcs_ref=vcs_ref, **{**ADOPTION, **answers})
    commit_all(project, f"Adopt ml-testkit {vcs_ref}")
    return rendered_files(project) - before


def workflows(project: Path, added: set[str]) -> dict[str, dict]:
    """The GitHub workflows the adoption added, parsed, by path."""
    return {
        name: yaml.safe_load((project / name).read_text())
        for name in sorted(added)
        if name.startswith(".github/workflows/")
    }


def triggers(workflow: dict) -> dict:
    return workflow[True]  # YAML 1.1 reads the key `on` as True


def ci_workflow(project: Path, added: set[str]) -> dict:
    """The added workflow that runs on every push: the one CI that checks each change."""
    on_push = [w for w in workflows(project, added).values() if "push" in triggers(w)]
    assert len(on_push) == 1, f"expected one added workflow that runs on push: {sorted(added)}"
    return on_push[0]


def job_running(workflow: dict, command: str) -> list[str]:
    """The `run:` steps, in order, of the one job where some step runs ``command``."""
    jobs = [
        [step["run"] for step in job["steps"] if "run" in step]
        for job in workflow["jobs"].values()
    ]
    matching = [runs for runs in jobs if any(command in run for run in runs)]
    assert len(matching) == 1, f"expected one job running {command!r}: {workflow['jobs']}"
    return matching[0]


def run_steps(
    project: Path, steps: list[str], python: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Each step with `bash -e`, with ``python``'s folder first on PATH; stop at a failure.

    This interpreter's folder comes next, for the console scripts a step calls (pre-commit).
    """
    env = outer_environment("PYTHONPATH")
    env["PATH"] = os.pathsep.join(
        [str(python.parent), str(Path(sys.executable).parent), env["PATH"]]
    )
    # A CI runner has the pytest plugins the repo installs, not this environment's.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    output = ""
    for step in steps:
        result = subprocess.run(
            ["bash", "-e", "-c", step], cwd=project, env=env, capture_output=True, text=True
        )
        output += result.stdout + result.stderr
        if result.returncode != 0:
            break
    if check and result.returncode != 0:
        raise AssertionError(
            f"CI step failed in {project} with exit code {result.returncode}:\n{step}\n"
            f"{excerpt(output)}"
        )
    return subprocess.CompletedProcess(steps, result.returncode, output, "")


def setup_python_cache_paths(workflow: dict) -> list[list[str]]:
    """Each setup-python step's `cache-dependency-path`, one glob per line."""
    return [
        step["with"]["cache-dependency-path"].split()
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "setup-python" in step.get("uses", "") and "cache-dependency-path" in step["with"]
    ]


def conflicted(project: Path) -> list[str]:
    """Files `copier update` left with conflict markers."""
    return [
        name
        for name in rendered_files(project)
        if "<<<<<<< before updating" in (project / name).read_text(errors="replace")
    ]


def maintainers_pytest(
    project: Path, python: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """`python -m pytest ARGS` in ``project`` with ``python``, as the repo's maintainer runs it."""
    env = outer_environment("PYTHONPATH")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ in the repo's working tree
    # The plugins of this environment (nbmake, pytest-cov, hydra's...) are not the repo's, and
    # loading them costs seconds a run.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return subprocess.run(
        [str(python), "-m", "pytest", *args], cwd=project, env=env, capture_output=True, text=True
    )


def outcome(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    """What a pytest run gave: its exit code, its summary line without the timing, and the
    config file pytest read (from the header)."""
    lines = result.stdout.splitlines() or [""]
    summary = re.sub(r" in [0-9.]+s", "", lines[-1])
    configfile = next(
        (part.strip() for line in lines for part in line.split(",") if "configfile:" in part), ""
    )
    return result.returncode, summary, configfile


def hooks_config(workflow: dict) -> str:
    """The pre-commit config the CI workflow's hooks step runs (`--config`, or the default)."""
    step = next(run for run in job_running(workflow, "pre-commit run") if "pre-commit run" in run)
    found = re.search(r"--config[= ](\S+)", step)
    return found.group(1) if found else ".pre-commit-config.yaml"


def opt_in(project: Path, config: str, path: str) -> None:
    """Opt ``path`` in to the strict hooks: the one-line edit the adoption note describes."""
    replace_in(project / config, "&strict_paths ^$", f"&strict_paths ^{re.escape(path)}$")
