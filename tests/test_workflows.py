"""Every rendered GitHub workflow passes actionlint and zizmor --offline with no findings.

The linters run over every file in .github/workflows, so workflows other features add are
linted too. One test feeds them a broken workflow, to show they do report findings here.
"""

from __future__ import annotations

import yaml

from tests.helpers.edits import replace_in, write
from tests.helpers.git import init_repo
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


def test_every_workflow_passes_actionlint(variant):
    _, project = variant
    workflows = workflow_files(project)
    assert workflows, "no workflow rendered"
    assert actionlint(project, workflows) == []


def test_every_workflow_and_dependabot_pass_zizmor_offline(variant):
    _, project = variant
    result = zizmor(project, ".github")
    assert result.returncode == 0, result.stdout + result.stderr


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
