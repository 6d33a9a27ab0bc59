"""Linters with escape valves: each real violation fails, and its documented valve turns it green.

Every test injects a violation into a fresh render made a git repo, runs the hook (or the
generated pytest) that must catch it, then applies the escape valve from docs/code-quality.md.
"""

from __future__ import annotations

import json

import pytest

from tests.quality_helpers import (
    as_git_repo,
    copy_as_git_repo,
    git_commit,
    install_hooks,
    precommit,
    stage_all,
    write,
)
from tests.rendering import render

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
    return as_git_repo(fresh_project)


@pytest.fixture
def module(repo):
    """Where injected Python goes: a new module of the generated package (a strict path)."""
    return f"src/{package_name(repo)}/scratch.py"


def package_name(project) -> str:
    return next(p.name for p in (project / "src").iterdir() if p.is_dir())


def test_precommit_passes_on_every_variant(variant, tmp_path):
    _, project = variant
    result = precommit(copy_as_git_repo(project, tmp_path / "repo"), "--all-files")
    assert result.returncode == 0, result.stdout


def test_unused_import_fails_until_noqa_names_its_code(repo, module):
    write(repo, module, UNUSED_IMPORT)
    flake8 = precommit(repo, "flake8", "--files", module)
    assert flake8.returncode != 0 and "F401" in flake8.stdout

    write(repo, module, "import os  # noqa\n")
    bare = precommit(repo, "no-bare-noqa", "--files", module)
    assert (
        bare.returncode != 0 and f"{module}:1:" in bare.stdout
    ), "a bare `# noqa` must be refused"

    write(repo, module, "import os  # noqa: F401\n")
    assert precommit(repo, "--files", module).returncode == 0


def test_per_file_ignores_silence_a_code_for_one_file(repo, module):
    write(repo, module, UNUSED_IMPORT)
    assert precommit(repo, "flake8", "--files", module).returncode != 0

    flake8_config = repo / ".flake8"
    flake8_config.write_text(flake8_config.read_text() + f"    {module}: F401\n")
    result = precommit(repo, "--files", module)
    assert result.returncode == 0, result.stdout


def test_unquoted_shell_variable_fails_until_shellcheck_disable(repo):
    script = "scripts/greet.sh"
    write(repo, script, UNQUOTED_VARIABLE)
    failed = precommit(repo, "shellcheck", "--files", script)
    assert failed.returncode != 0 and "SC2086" in failed.stdout

    write(repo, script, UNQUOTED_VARIABLE.replace("echo", "# shellcheck disable=SC2086\necho"))
    assert precommit(repo, "--files", script).returncode == 0


def test_shellcheckrc_disables_a_check_for_the_whole_repo(repo):
    script = "scripts/greet.sh"
    write(repo, script, UNQUOTED_VARIABLE)
    assert precommit(repo, "shellcheck", "--files", script).returncode != 0

    rc = repo / ".shellcheckrc"
    rc.write_text(rc.read_text() + "disable=SC2086\n")
    assert precommit(repo, "--files", script).returncode == 0


def test_unformatted_code_fails_until_fmt_off_or_skip(repo, module):
    write(repo, module, HAND_ALIGNED)
    assert precommit(repo, "black", "--files", module).returncode != 0

    write(repo, module, f"# fmt: off\n{HAND_ALIGNED}# fmt: on\n")
    assert precommit(repo, "--files", module).returncode == 0

    write(repo, module, "NAME = 'single quotes'\n")
    assert precommit(repo, "black", "--files", module).returncode != 0
    write(repo, module, "NAME = 'single quotes'  # fmt: skip\n")
    assert precommit(repo, "--files", module).returncode == 0


def test_strict_rules_apply_only_to_opted_in_paths(repo, module):
    legacy = "legacy/old_script.py"
    write(repo, legacy, MUTABLE_DEFAULT)
    assert precommit(repo, "--files", legacy).returncode == 0, "legacy paths get the lenient set"

    write(repo, module, MUTABLE_DEFAULT)
    strict = precommit(repo, "flake8-strict", "--files", module)
    assert strict.returncode != 0 and "B006" in strict.stdout


def test_strict_lint_paths_answer_seeds_the_strict_list(tmp_path):
    project = as_git_repo(render(tmp_path / "project", strict_lint_paths=["legacy/cleaned/"]))
    write(project, "legacy/cleaned/new.py", MUTABLE_DEFAULT)
    write(project, "legacy/old.py", MUTABLE_DEFAULT)
    assert precommit(project, "flake8-strict", "--files", "legacy/cleaned/new.py").returncode != 0
    assert precommit(project, "flake8-strict", "--files", "legacy/old.py").returncode == 0


def test_skip_env_lets_a_commit_through_a_failing_hook(repo, module):
    assert git_commit(repo, "baseline", verify=False).returncode == 0
    install_hooks(repo)
    write(repo, module, UNUSED_IMPORT)
    stage_all(repo)

    blocked = git_commit(repo, "add scratch")
    assert blocked.returncode != 0 and "F401" in blocked.stdout + blocked.stderr
    allowed = git_commit(repo, "add scratch", skip="flake8,flake8-strict")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_notebook_outputs_are_stripped_before_commit(repo):
    notebook = repo / "notebooks" / "explore_digits.ipynb"
    content = json.loads(notebook.read_text())
    first_code = next(cell for cell in content["cells"] if cell["cell_type"] == "code")
    first_code["execution_count"] = 1
    first_code["outputs"] = [{"name": "stdout", "output_type": "stream", "text": ["leaked\n"]}]
    notebook.write_text(json.dumps(content, indent=1) + "\n")

    assert (
        precommit(repo, "nbstripout", "--files", "notebooks/explore_digits.ipynb").returncode != 0
    )
    assert "leaked" not in notebook.read_text(), "the hook strips the outputs it refused"
