"""Adopting an existing repo: tooling-only mode adds the tooling and leaves the repo's own files.

One story, told once per module: a small, messy ML repo (its own README, setup.py, legacy code
that black and flake8 would reject, a shell script shellcheck would flag, a CONTRIBUTING.md of
its own) is committed; the template's release v0.2.0 is copied into it in tooling-only mode with
one new, clean module as the only strict path; the tooling is tried; then the template gains
v0.2.1 and the repo is updated.
"""

from __future__ import annotations

import pytest
import yaml

from tests.helpers.commands import run_in, run_pytest
from tests.helpers.edits import replace_in, write
from tests.helpers.git import commit_all, git, init_repo
from tests.helpers.pre_commit import run_hooks
from tests.helpers.rendering import render, rendered_files, update
from tests.helpers.template_releases import clone_template, release

ANSWERS = {
    "project_kind": "tooling-only",
    "package_name": "oldnet",
    "strict_lint_paths": ["src/oldnet/metrics.py"],
}
CLEAN_MODULE = '''"""Metrics written after the adoption, the only strict path."""


def accuracy(predictions: list[int], labels: list[int]) -> float:
    """Share of predictions equal to their label.

    >>> accuracy([1, 2, 3], [1, 2, 0])
    0.6666666666666666
    """
    hits = sum(p == y for p, y in zip(predictions, labels, strict=True))
    return hits / len(labels)
'''
MESSY_REPO = {
    "README.md": "# oldnet\n\nOur legacy model. Run `bash scripts/train.sh data/`.\n",
    "CONTRIBUTING.md": "# Contributing to oldnet\n\nAsk Alice before touching model.py.\n",
    ".gitignore": "*.pyc\ncheckpoints/\n",
    "setup.py": (
        "from setuptools import setup, find_packages\n"
        "setup(name='oldnet',version='0.3',packages=find_packages('src'),"
        "package_dir={'':'src'})\n"
    ),
    "src/oldnet/__init__.py": "",
    # Unused imports (F401), E231/E701 spacing, a mutable default (B006), not black-formatted.
    "src/oldnet/model.py": (
        "import os, sys\n"
        "def scale(values,factor = 2):\n"
        "    l = []\n"
        "    for v in values: l.append(v*factor)\n"
        "    return l   \n"
        "def mean(values, default=[]):\n"
        "    if len(values)==0 : return None\n"
        "    return sum(values)/len(values)\n"
    ),
    "src/oldnet/metrics.py": CLEAN_MODULE,
    "tests/test_model.py": (
        "import pytest\n"
        "from oldnet.model import scale, mean\n"
        "def test_scale():\n"
        "    assert scale([1,2]) == [2,4]\n"
        "@pytest.mark.slow\n"
        "def test_mean_of_many():\n"
        "    assert mean(list(range(100001))) == 50000\n"
    ),
    # Unquoted variables (SC2086) and "$@" unquoted (SC2068).
    "scripts/train.sh": "#!/bin/bash\ncd $1\npython -m oldnet.train $@\n",
}
FLAKE8_ADDITION = (
    "    # Added in v0.2.1: generated protobuf modules are not ours to lint.\n    *_pb2.py: E501\n"
)


def build_messy_repo(root) -> dict[str, bytes]:
    """Write and commit the legacy repo; return its files' bytes, to compare against later."""
    for name, text in MESSY_REPO.items():
        write(root, name, text)
    init_repo(root, "Legacy oldnet")
    return {name: (root / name).read_bytes() for name in MESSY_REPO}


def changed_own_files(project, own: dict[str, bytes]) -> list[str]:
    return [name for name, content in own.items() if (project / name).read_bytes() != content]


@pytest.fixture(scope="module")
def adoption(tmp_path_factory):
    root = tmp_path_factory.mktemp("adopt")
    template = clone_template(root / "template")
    release(template, "v0.2.0", "Release 0.2.0")
    project = root / "oldnet"
    project.mkdir()
    own = build_messy_repo(project)
    # What the docs tell a user to run: a copy with defaults, no --overwrite.
    render(project, template=template, vcs_ref="v0.2.0", **ANSWERS)
    added = rendered_files(project) - set(own)
    return {"root": root, "template": template, "project": project, "own": own, "added": added}


def test_copy_leaves_every_file_of_the_repo_byte_identical(adoption):
    """Catches an adoption that overwrites the repo's README, code, scripts or CONTRIBUTING.md."""
    assert changed_own_files(adoption["project"], adoption["own"]) == []


def test_copy_adds_the_tooling_and_no_template_code(adoption):
    """Catches a tooling-only render that drops the tooling or drags in the digits example."""
    added = adoption["added"]
    tooling = {
        ".pre-commit-config.yaml",
        ".flake8",
        "pytest.ini",
        "gx/great_expectations.yml",
        ".github/workflows/ci.yml",
        ".github/workflows/template-update.yml",
        "scripts/doctor.py",
        "scripts/setup-dev.sh",
        ".copier-answers.yml",
    }
    assert tooling <= added
    assert [f for f in added if f.startswith(("src/", "configs/", "tests/", "notebooks/"))] == []


def test_pre_commit_passes_with_legacy_code_outside_the_strict_paths(adoption):
    """Catches hooks that block the first commit of an adopted repo on code nobody has touched."""
    project = adoption["project"]
    hooks = run_hooks(project, "--all-files")
    assert hooks.returncode == 0, hooks.stdout[-6000:]
    assert changed_own_files(project, adoption["own"]) == []
    commit_all(project, "Adopt ml-testkit tooling")


def test_strict_path_is_still_linted(adoption):
    """Catches a tooling-only config that silences the hooks everywhere, strict paths included."""
    project = adoption["project"]
    metrics = project / "src/oldnet/metrics.py"
    metrics.write_text(CLEAN_MODULE + "\n\ndef top(values, seen=[]):\n    return seen\n")
    try:
        hooks = run_hooks(project, "--files", str(metrics))
    finally:
        git(project, "checkout", "HEAD", "--", "src/oldnet/metrics.py")
    assert hooks.returncode != 0
    assert "src/oldnet/metrics.py:14:22: B006" in hooks.stdout, hooks.stdout[-4000:]


def test_opting_a_legacy_path_in_is_a_one_line_edit(adoption):
    """Catches strict paths copied into each hook, where opting a path in misses some hooks."""
    project = adoption["project"]
    config = project / ".pre-commit-config.yaml"
    replace_in(
        config,
        "src/oldnet/metrics\\.py",
        "src/oldnet/metrics\\.py|\n            src/oldnet/model\\.py",
    )
    try:
        hooks = run_hooks(project, "--files", "src/oldnet/model.py")
    finally:
        git(project, "checkout", "HEAD", "--", ".pre-commit-config.yaml", "src/oldnet/model.py")
    failed = {line.split(".")[0] for line in hooks.stdout.splitlines() if line.endswith("Failed")}
    assert {"trim trailing whitespace", "black (formatter)"} <= failed, hooks.stdout[-4000:]
    assert "F401" in hooks.stdout and "B006" in hooks.stdout, hooks.stdout[-4000:]


def test_repo_tests_run_with_the_registered_markers(adoption):
    """Catches a pytest.ini that misses the markers (--strict-markers) or the repo's tests."""
    fast = run_pytest(adoption["project"], "-q", "-m", "not slow", "-p", "no:randomly")
    assert "1 passed, 1 deselected" in fast.stdout, fast.stdout
    markers = run_pytest(adoption["project"], "--markers").stdout
    for marker in ("slow", "gpu", "data", "memorization", "regression"):
        assert f"@pytest.mark.{marker}:" in markers


def test_gx_context_opens_from_the_added_folder(adoption):
    """Catches a gx/ folder that great_expectations cannot load as a file context."""
    script = (
        "import great_expectations as gx; "
        "print(type(gx.get_context(mode='file', project_root_dir='.')).__name__)"
    )
    result = run_in(adoption["project"], "python", "-c", script)
    assert result.stdout.strip() == "FileDataContext"


@pytest.fixture(scope="module")
def updated(adoption):
    """The template releases v0.2.1 (a new .flake8 escape valve); the adopted repo updates."""
    template, project = adoption["template"], adoption["project"]
    replace_in(
        template / "template/.flake8",
        "    __init__.py: F401\n",
        "    __init__.py: F401\n" + FLAKE8_ADDITION,
    )
    release(template, "v0.2.1", "Release 0.2.1")
    update(project)
    return project


def test_update_brings_the_new_release_and_keeps_the_repo_files(updated, adoption):
    """Catches an update that fails on an adopted repo or rewrites its own files."""
    assert FLAKE8_ADDITION in (updated / ".flake8").read_text()
    assert yaml.safe_load((updated / ".copier-answers.yml").read_text())["_commit"] == "v0.2.1"
    assert changed_own_files(updated, adoption["own"]) == []
    changed = {line[3:] for line in git(updated, "status", "--porcelain").splitlines()}
    assert changed == {".flake8", ".copier-answers.yml"}
