"""Gradual adoption in an adopted repo: the repo's own hooks and settings keep working, and the
hooks ml-testkit added judge only the paths opted in, by the repo's own standards.

Each shape is adopted once for this module; every test works on a clone of it, changes it as a
maintainer would (opting a path in, writing a bug, committing, updating) and runs the hooks
exactly as the added CI runs them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.adoption import adopt, ci_workflow, hooks_config, job_running, opt_in, run_steps
from tests.helpers.commands import run_in
from tests.helpers.edits import append_to, replace_in, write
from tests.helpers.git import clone, commit_all, git, stage_all
from tests.helpers.pre_commit import commit
from tests.helpers.rendering import update
from tests.helpers.repo_shapes import NO_TESTS, PACKAGED, SHAPES, TUTORIAL, build, changed_files
from tests.helpers.template_releases import LATER_HOOK, this_release

#: Each shape's longest line, by its own settings: flake8's where it has them
#: (pyproject.toml's [tool.flake8], setup.cfg's [flake8]), black's default 88 where it has none.
LINE_LIMITS = {"packaged": 150, "setup_py": 120, "no_tests": 88}


@pytest.fixture(scope="module")
def adopted(tmp_path_factory, adoption_template):
    """Each shape adopted once, on first use: (repo, the files the adoption added)."""
    repos: dict[str, tuple[Path, set[str]]] = {}

    def adopted_repo(name: str) -> tuple[Path, set[str]]:
        if name not in repos:
            project = tmp_path_factory.mktemp(name) / "repo"
            build(project, SHAPES[name])
            repos[name] = (project, adopt(project, adoption_template, this_release()))
        return repos[name]

    return adopted_repo


def working_copy(adopted, name: str, tmp_path: Path) -> tuple[Path, list[str], str]:
    """A clone of the adopted ``name`` shape: (clone, the CI hooks job's steps, its config)."""
    project, added = adopted(name)
    checkout = clone(project, tmp_path / name)
    workflow = ci_workflow(checkout, added)
    return checkout, job_running(workflow, "pre-commit run"), hooks_config(workflow)


def comment_of_length(length: int) -> str:
    """A comment line of ``length`` columns: black never rewraps one, and pycodestyle measures
    it (several words: a comment of one long word, a URL, is exempt)."""
    words = ("# " + "word " * length)[:length].rstrip()
    return words + "x" * (length - len(words))


def ci_hooks(checkout: Path, steps: list[str]) -> subprocess.CompletedProcess[str]:
    commit_all(checkout, "A change to check")
    return run_steps(checkout, steps, Path(sys.executable), check=False)


def test_repo_own_hooks_pass_on_the_adopted_repo(adopted, tmp_path):
    """Catches added files the repo's own hooks reject or rewrite: its black at 150 columns
    reformatting a script of ours, its flake8 flagging one."""
    checkout, _, _ = working_copy(adopted, PACKAGED.name, tmp_path)
    hooks = run_in(checkout, sys.executable, "-m", "pre_commit", "run", "--all-files", check=False)
    assert hooks.returncode == 0, hooks.stdout[-4000:]
    assert git(checkout, "status", "--porcelain") == ""


def test_opted_in_path_is_judged_by_the_repo_settings(adopted, tmp_path):
    """Catches strict hooks with settings of their own: a 99-column flake8 that rejects what
    the repo's black at 150 writes (a dead .flake8 beside [tool.flake8])."""
    checkout, steps, config = working_copy(adopted, PACKAGED.name, tmp_path)
    opt_in(checkout, config, PACKAGED.clean_path)
    hooks = ci_hooks(checkout, steps)
    assert hooks.returncode == 0, hooks.stdout[-4000:]


def test_a_bug_on_an_opted_in_path_fails_the_hooks(adopted, tmp_path):
    """Catches a repo with its own pre-commit config that gets no gradual adoption: no strict
    hooks at all, so a mutable default on a path opted in passes."""
    checkout, steps, config = working_copy(adopted, PACKAGED.name, tmp_path)
    opt_in(checkout, config, PACKAGED.clean_path)
    append_to(checkout / PACKAGED.clean_path, "\n\ndef crop(mask, kept=[]):\n    return kept\n")
    hooks = ci_hooks(checkout, steps)
    assert hooks.returncode != 0
    assert re.search(rf"^{PACKAGED.clean_path}:18:\d+: B006 ", hooks.stdout, re.M), hooks.stdout


@pytest.mark.parametrize("name", list(LINE_LIMITS))
def test_line_length_follows_the_repo_flake8_settings_or_its_black(adopted, tmp_path, name):
    """Catches an added flake8 limit that contradicts the repo's: its own flake8 settings where
    it has them (pyproject.toml, setup.cfg), its black's line length where it has none."""
    checkout, steps, config = working_copy(adopted, name, tmp_path)
    opt_in(checkout, config, "limits.py")
    limit = LINE_LIMITS[name]
    for length, passes in ((limit, True), (limit + 1, False)):
        write(checkout, "limits.py", comment_of_length(length) + "\n")
        hooks = ci_hooks(checkout, steps)
        assert (hooks.returncode == 0) is passes, f"{length} columns:\n{hooks.stdout[-3000:]}"
    assert f"limits.py:1:{limit + 1}: E501 line too long ({limit + 1} > {limit}" in hooks.stdout


def test_only_opted_in_notebooks_lose_their_outputs(adopted, tmp_path):
    """Catches nbstripout on every notebook, which strips a tutorial repo's outputs (its
    content) on the first run and on every commit that touches a notebook."""
    checkout, steps, config = working_copy(adopted, TUTORIAL.name, tmp_path)
    opt_in(checkout, config, TUTORIAL.clean_path)
    own = {name: text.encode() for name, text in TUTORIAL.files.items()}
    hooks = ci_hooks(checkout, steps)
    assert hooks.returncode != 0, "nbstripout must rewrite the opted-in notebook"
    assert changed_files(checkout, own) == [TUTORIAL.clean_path]
    assert '"outputs": []' in (checkout / TUTORIAL.clean_path).read_text()


def test_a_commit_that_touches_a_notebook_keeps_its_outputs(adopted, tmp_path):
    """Catches commit hooks that strip the outputs of every notebook a commit touches."""
    checkout, _, config = working_copy(adopted, TUTORIAL.name, tmp_path)
    run_in(checkout, sys.executable, "-m", "pre_commit", "install", "--config", config)
    notebook = "notebooks/01_tensors.ipynb"
    replace_in(checkout / notebook, "tensors\\n", "tensors, rerun\\n")
    stage_all(checkout)
    result = commit(checkout, "Rerun the tensors notebook")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tensors, rerun\\n" in git(checkout, "show", f"HEAD:{notebook}")


def test_opting_a_legacy_file_in_puts_it_under_every_style_hook(adopted, tmp_path):
    """Catches strict paths that some style hooks ignore: opting a file in is one line, and
    from then on black, the whitespace fixers and both flake8 sets judge it."""
    checkout, steps, config = working_copy(adopted, TUTORIAL.name, tmp_path)
    opt_in(checkout, config, "01_tensors.py")
    hooks = ci_hooks(checkout, steps)
    failed = {line.split(".")[0] for line in hooks.stdout.splitlines() if line.endswith("Failed")}
    assert {"trim trailing whitespace", "black (formatter)"} <= failed, hooks.stdout[-4000:]
    assert "01_tensors.py:1:1: F401 'os' imported but unused" in hooks.stdout


def test_paths_opted_in_stay_opted_in_through_an_update(adopted, tmp_path):
    """Catches an update that drops the maintainer's edit to the added hooks, or the release."""
    checkout, _, config = working_copy(adopted, NO_TESTS.name, tmp_path)
    opt_in(checkout, config, "train.py")
    commit_all(checkout, "Opt train.py in to the strict hooks")
    update(checkout)
    hooks = (checkout / config).read_text()
    assert "&strict_paths ^train\\.py$" in hooks and LATER_HOOK in hooks
