"""The generated pytest run: doctests from src/, executed notebooks, coverage as information."""

from __future__ import annotations

import tomllib

from tests.helpers.commands import run_pytest
from tests.helpers.edits import code_cell, notebook_cells, write
from tests.helpers.rendering import package_name, render

NOTEBOOK = "notebooks/explore_digits.ipynb"
DOCTESTED = '''"""Scratch module with one doctest."""


def third(x):
    """A third of x.

    >>> third(1){flag}
    {expected}
    """
    return x / 3
'''


def scratch_module(project) -> str:
    return f"src/{package_name(project)}/scratch.py"


def test_wrong_doctest_output_fails_until_skipped(fresh_project):
    module = scratch_module(fresh_project)
    write(fresh_project, module, DOCTESTED.format(flag="", expected="0.333"))
    assert run_pytest(fresh_project, "-q", module).returncode == 0, "NUMBER: 3 digits suffice"

    write(fresh_project, module, DOCTESTED.format(flag="", expected="0.5"))
    failed = run_pytest(fresh_project, "-q", module, check=False)
    assert failed.returncode != 0 and "Expected:\n    0.5" in failed.stdout

    write(fresh_project, module, DOCTESTED.format(flag="  # doctest: +SKIP", expected="0.5"))
    assert run_pytest(fresh_project, "-q", module).returncode == 0


def test_default_run_collects_the_notebook(default_project):
    collected = run_pytest(default_project, "--collect-only", "-q").stdout
    assert NOTEBOOK in collected


def test_notebook_cell_that_raises_fails_until_tagged(fresh_project):
    notebook = fresh_project / NOTEBOOK
    assert run_pytest(fresh_project, "-q", NOTEBOOK).returncode == 0

    with notebook_cells(notebook) as cells:
        cells.append(code_cell("raise ValueError('the data changed')"))
    failed = run_pytest(fresh_project, "-q", NOTEBOOK, check=False)
    assert failed.returncode != 0 and "the data changed" in failed.stdout

    with notebook_cells(notebook) as cells:
        cells[-1]["metadata"] = {"tags": ["raises-exception"]}
    assert run_pytest(fresh_project, "-q", NOTEBOOK).returncode == 0


def test_without_notebooks_the_suite_does_not_ask_for_nbmake(tmp_path):
    project = render(tmp_path / "project", include_notebooks=False)
    assert not (project / "notebooks").exists()
    pyproject = (project / "pyproject.toml").read_text()
    assert "--nbmake" not in pyproject and "nbmake" not in pyproject


def test_coverage_is_reported_in_terminal_and_xml_without_a_threshold(fresh_project):
    result = run_pytest(fresh_project, "-q", "tests/unit/test_data_split.py", "--cov")
    assert "TOTAL" in result.stdout
    assert (fresh_project / "coverage.xml").is_file()
    coverage = tomllib.loads((fresh_project / "pyproject.toml").read_text())["tool"]["coverage"]
    assert "fail_under" not in coverage["report"], "coverage is information, not a target"
