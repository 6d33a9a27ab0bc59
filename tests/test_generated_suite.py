"""The generated project's own test suite passes, for every variant of the render matrix."""

from __future__ import annotations

import shutil

from tests.rendering import run_pytest


def test_generated_suite_passes(variant, tmp_path):
    _, rendered = variant
    # A copy: the suite writes caches (gx/uncommitted/) that the other tests must not see.
    project = shutil.copytree(rendered, tmp_path / "project")
    result = run_pytest(project, "-q")
    assert " passed" in result.stdout and " failed" not in result.stdout
