"""The generated project's own test suite passes, for every variant of the render matrix."""

from __future__ import annotations

from tests.rendering import run_pytest


def test_generated_suite_passes(variant):
    _, project = variant
    result = run_pytest(project, "-q")
    assert " passed" in result.stdout and " failed" not in result.stdout
