"""Linters with escape valves: each real violation fails, and its documented valve turns it green.

Every variant first passes its own hooks as rendered. Then each test injects a violation into
a fresh render made a git repo, runs the hook that must catch it, and applies the escape valve
from docs/code-quality.md (pytest's valves: test_doctests_notebooks_coverage.py).
"""

from __future__ import annotations

import shutil

import pytest

from tests.helpers.edits import append_to, notebook_cells, write
from tests.helpers.git import init_repo, stage_all
from tests.helpers.pre_commit import commit, install_hooks, run_hooks
from tests.helpers.rendering import package_name, render

UNUSED_IMPORT = "import os\n"
UNQUOTED_VARIABLE = (
    '#!/usr/bin/env bash\nset -euo pipefail\ngreeting="hello world"\necho $greeting\n'
)
# Valid for flake8, but black would join the rows onto one line.
HAND_ALIGNED = "IDENTITY = [\n    [1, 0],\n    [0, 1]\n]\n"
# pyflakes and pycodestyle accept a mutable default; bugbear (B006) does not.
MUTABLE_DEFAULT = "def append_to(item, bucket=[]):\n    bucket.append(item)\n    return bucket\n"


@pytest.fixture
def repo(fresh_project):
    """A default render, `git init && git add -A` done, free to modify."""
    return init_repo(fresh_project)


@pytest.fixture
def module(repo):
    """Where injected Python goes: a new module of the generated package (a strict path, which
    flake8-strict lints with the lenient set's rules and more)."""
    return f"src/{package_name(repo)}/scratch.py"


def test_precommit_passes_on_every_variant(variant, tmp_path):
    _, project = variant
    result = run_hooks(init_repo(shutil.copytree(project, tmp_path / "repo")), "--all-files")
    assert result.returncode == 0, result.stdout


def test_unused_import_fails_until_noqa_names_its_code(repo, module):
    write(repo, module, UNUSED_IMPORT)
    flake8 = run_hooks(repo, "flake8-strict", "--files", module)
    assert flake8.returncode != 0 and "F401" in flake8.stdout
    lenient = run_hooks(repo, "flake8", "--files", module)
    assert "(no files to check)" in lenient.stdout, "a strict path is linted once, not twice"

    write(repo, module, "import os  # noqa\n")
    bare = run_hooks(repo, "no-bare-noqa", "--files", module)
    assert (
        bare.returncode != 0 and f"{module}:1:" in bare.stdout
    ), "a bare `# noqa` must be refused"

    write(repo, module, "import os  # noqa: F401\n")
    assert run_hooks(repo, "--files", module).returncode == 0


def test_per_file_ignores_silence_a_code_for_one_file(repo, module):
    write(repo, module, UNUSED_IMPORT)
    assert run_hooks(repo, "flake8-strict", "--files", module).returncode != 0

    append_to(repo / ".flake8", f"    {module}: F401\n")
    result = run_hooks(repo, "--files", module)
    assert result.returncode == 0, result.stdout


def test_unquoted_shell_variable_fails_until_shellcheck_disable(repo):
    script = "scripts/greet.sh"
    write(repo, script, UNQUOTED_VARIABLE)
    failed = run_hooks(repo, "shellcheck", "--files", script)
    assert failed.returncode != 0 and "SC2086" in failed.stdout

    write(repo, script, UNQUOTED_VARIABLE.replace("echo", "# shellcheck disable=SC2086\necho"))
    assert run_hooks(repo, "--files", script).returncode == 0


def test_shellcheckrc_disables_a_check_for_the_whole_repo(repo):
    script = "scripts/greet.sh"
    write(repo, script, UNQUOTED_VARIABLE)
    assert run_hooks(repo, "shellcheck", "--files", script).returncode != 0

    append_to(repo / ".shellcheckrc", "disable=SC2086\n")
    assert run_hooks(repo, "--files", script).returncode == 0


def test_unformatted_code_fails_until_fmt_off_or_skip(repo, module):
    write(repo, module, HAND_ALIGNED)
    assert run_hooks(repo, "black", "--files", module).returncode != 0

    write(repo, module, f"# fmt: off\n{HAND_ALIGNED}# fmt: on\n")
    assert run_hooks(repo, "--files", module).returncode == 0

    write(repo, module, "NAME = 'single quotes'\n")
    assert run_hooks(repo, "black", "--files", module).returncode != 0
    write(repo, module, "NAME = 'single quotes'  # fmt: skip\n")
    assert run_hooks(repo, "--files", module).returncode == 0


def test_strict_rules_apply_only_to_opted_in_paths(repo, module):
    legacy = "legacy/old_script.py"
    write(repo, legacy, MUTABLE_DEFAULT)
    assert run_hooks(repo, "--files", legacy).returncode == 0, "legacy paths get the lenient set"

    write(repo, module, MUTABLE_DEFAULT)
    strict = run_hooks(repo, "flake8-strict", "--files", module)
    assert strict.returncode != 0 and "B006" in strict.stdout


def test_strict_lint_paths_answer_seeds_the_strict_list(tmp_path):
    project = init_repo(render(tmp_path / "project", strict_lint_paths=["legacy/cleaned/"]))
    write(project, "legacy/cleaned/new.py", MUTABLE_DEFAULT)
    write(project, "legacy/old.py", MUTABLE_DEFAULT)
    assert run_hooks(project, "flake8-strict", "--files", "legacy/cleaned/new.py").returncode != 0
    assert run_hooks(project, "flake8-strict", "--files", "legacy/old.py").returncode == 0


def test_skip_env_lets_a_commit_through_a_failing_hook(repo, module):
    assert commit(repo, "baseline", verify=False).returncode == 0
    install_hooks(repo)
    write(repo, module, UNUSED_IMPORT)
    stage_all(repo)

    blocked = commit(repo, "add scratch")
    assert blocked.returncode != 0 and "F401" in blocked.stdout + blocked.stderr
    allowed = commit(repo, "add scratch", skip="flake8,flake8-strict")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_notebook_outputs_are_stripped_before_commit(repo):
    notebook = repo / "notebooks" / "explore_digits.ipynb"
    with notebook_cells(notebook) as cells:
        first_code = next(cell for cell in cells if cell["cell_type"] == "code")
        first_code["execution_count"] = 1
        first_code["outputs"] = [{"name": "stdout", "output_type": "stream", "text": ["leaked\n"]}]

    assert (
        run_hooks(repo, "nbstripout", "--files", "notebooks/explore_digits.ipynb").returncode != 0
    )
    assert "leaked" not in notebook.read_text(), "the hook strips the outputs it refused"
