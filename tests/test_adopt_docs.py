"""What docs/adopting.md tells a maintainer is what happens, and what an adoption adds
describes the adopted repo, not a generated one.

The documented command is read from docs/adopting.md and run as written (the template's
address pointing at a tagged clone of this one), by bash with no terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers.adoption import adopt, maintainers_pytest, outcome
from tests.helpers.edits import replace_in
from tests.helpers.expected_files import expected_files
from tests.helpers.git import IDENTITY, git
from tests.helpers.rendering import TEMPLATE_ROOT, render, rendered_files
from tests.helpers.repo_shapes import PACKAGED, SETUP_PY, TUTORIAL, build
from tests.helpers.template_releases import this_release

ADOPTING = TEMPLATE_ROOT / "docs" / "adopting.md"
PUBLISHED_TEMPLATE = "gh:ml-testkit/ml-testkit"
#: The questions that mean something in an adopted repo; every other one is about the
#: generated project (its package, license, authors, notebooks).
APPLICABLE = {
    "project_kind": "tooling-only",
    "project_name": "Tutorials",
    "python_version": "3.11",
    "ci_python_versions": '["3.11"]',
    "strict_lint_paths": "[]",
    "include_gpu_workflow": "false",
}
BACKTICKED = re.compile(r"`([^`\s]+)`")


def first_block_under(heading: str) -> str:
    """The first fenced code block after ``## heading`` in docs/adopting.md."""
    text = ADOPTING.read_text()
    section = text.split(f"\n## {heading}\n", 1)
    assert len(section) == 2, f"docs/adopting.md has no section '## {heading}'"
    block = re.search(r"^```\w*\n(.*?)^```", section[1], re.S | re.M)
    assert block, f"no code block under '## {heading}' in docs/adopting.md"
    return block.group(1)


def shell_without_terminal(project: Path, script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by bash in ``project`` with stdin from /dev/null, as in CI or a pipe."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    name, email = (option.split("=", 1)[1] for option in IDENTITY[1::2])
    env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email)
    env.update(GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )


def test_adopting_md_lists_exactly_the_files_an_adoption_adds(tmp_path):
    """Catches a list of added files that misses some, or names one no longer added."""
    listed = set(first_block_under("What it adds").split())
    assert listed == rendered_files(render(tmp_path / "repo", project_kind="tooling-only"))


def test_documented_command_adopts_a_repo_without_a_terminal(tmp_path, adoption_template):
    """Catches a documented command that stops at a prompt ("Interactive session required")
    when no terminal is attached, as in a script or CI."""
    project = tmp_path / "repo"
    own = build(project, TUTORIAL)
    commands = first_block_under("Adopt")
    assert PUBLISHED_TEMPLATE in commands and f"--vcs-ref {this_release()}" in commands
    result = shell_without_terminal(
        project, commands.replace(PUBLISHED_TEMPLATE, str(adoption_template))
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ".ml-testkit/README.md" in result.stderr, "the message after the copy"
    assert git(project, "status", "--porcelain") == ""
    added = rendered_files(project) - set(own)
    assert added == set(first_block_under("What it adds").split())


def test_questions_that_do_not_apply_are_not_asked(tmp_path, adoption_template):
    """Catches questions about the generated project (license, notebooks, package, authors)
    asked in an adopted repo: each would stop a run without a terminal, as here."""
    project = tmp_path / "repo"
    build(project, TUTORIAL)
    answers = " ".join(f"-d '{name}={value}'" for name, value in APPLICABLE.items())
    copy = f"copier copy --vcs-ref {this_release()} {answers} {adoption_template} ."
    result = shell_without_terminal(project, copy)
    assert result.returncode == 0, result.stdout + result.stderr
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {name for name in recorded if not name.startswith("_")} == set(APPLICABLE)


def generated_layout() -> set[str]:
    """The folders of a generated repo, and every file in one: what only a generated repo has
    (root files such as pyproject.toml are any repo's)."""
    nested = {path for path in expected_files({"package_name": "ml_project"}) if "/" in path}
    return nested | {str(parent) for path in nested for parent in Path(path).parents} - {"."}


@pytest.mark.parametrize("shape", [PACKAGED, TUTORIAL], ids=lambda shape: shape.name)
def test_added_docs_describe_the_adopted_repo(tmp_path, adoption_template, shape):
    """Catches docs that describe a generated repo to an adopted one: `tests/unit/`, doctests
    in `src/`, "this repo was generated from ml-testkit"."""
    project = tmp_path / "repo"
    build(project, shape)
    added = adopt(project, adoption_template, this_release())
    docs = {name: (project / name).read_text() for name in added if name.endswith(".md")}
    assert docs, "an adoption says what it did"
    layout = generated_layout()
    missing = {
        f"{name}: `{token}`"
        for name, text in docs.items()
        for token in BACKTICKED.findall(text)
        if token.rstrip("/") in layout and not (project / token).exists()
    }
    assert sorted(missing) == []
    assert [name for name, text in docs.items() if "generated from" in text.lower()] == []


@pytest.mark.parametrize(
    ("shape", "settings", "section", "language"),
    [
        (PACKAGED, "pyproject.toml", "[tool.pytest.ini_options]\n", "toml"),
        (SETUP_PY, "setup.cfg", "[tool:pytest]\n", "ini"),
    ],
    ids=["pyproject.toml", "setup.cfg"],
)
def test_marker_lines_the_note_suggests_register_the_markers(
    tmp_path, adoption_template, shape, settings, section, language
):
    """Catches marker lines that pytest cannot read where the repo keeps its settings, or that
    change the repo's test run (strictness turned on, say)."""
    project = tmp_path / "repo"
    build(project, shape)
    before = outcome(maintainers_pytest(project, Path(sys.executable)))
    adopt(project, adoption_template, this_release())
    note = (project / ".ml-testkit/README.md").read_text()
    lines = re.search(rf"^```{language}\n(.*?)^```", note, re.S | re.M).group(1)
    replace_in(project / settings, section, section + lines)
    markers = maintainers_pytest(project, Path(sys.executable), "--markers").stdout
    for marker in ("slow", "gpu", "data", "memorization", "regression"):
        assert f"@pytest.mark.{marker}:" in markers
    assert outcome(maintainers_pytest(project, Path(sys.executable))) == before
