"""Test the generator's own tests: a bug in the template or its docs turns the generator test
that exists for it red. The same idea as test_generated_suite_catches_bugs.py, one level up.

Each case copies this checkout (as a git repo, the way copier reads a template), injects the bug,
and runs only the generator test that must catch it, inside the copy.
"""

from __future__ import annotations

import sys

import pytest

from tests.helpers.commands import run_in
from tests.helpers.mutations import GENERATOR_BUGS, Mutation
from tests.helpers.template_releases import clone_template


@pytest.mark.parametrize("bug", GENERATOR_BUGS, ids=[bug.name for bug in GENERATOR_BUGS])
def test_generator_test_catches_bug(tmp_path, bug: Mutation):
    checkout = clone_template(tmp_path / "ml-testkit")
    bug.apply(checkout)
    result = run_in(
        checkout,
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        *bug.pytest_args,
        check=False,
    )
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED ")]
    assert result.returncode == 1, f"{bug.name} went unnoticed:\n{result.stdout[-3000:]}"
    assert any(f"::{bug.caught_by}" in line for line in failed), result.stdout[-3000:]
