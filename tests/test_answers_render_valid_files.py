"""Any answer a person may type renders a repo whose TOML, YAML, Python and JSON all parse.

Text answers go into pyproject.toml, a module docstring, Markdown and the answers file; quotes,
backslashes, non-ASCII letters, emoji, leading digits and punctuation must not break any of them.
Hypothesis draws the answers (a fixed seed, so CI sees the same examples every run) beside the
cases people reported.
"""

from __future__ import annotations

import ast
import json
import tomllib

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers.rendering import package_name, render, rendered_files

#: One line of text, as a prompt takes it: any character but control characters and lone
#: surrogates (the validators refuse control characters with a message of their own).
ONE_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)
NAMED = ONE_LINE.filter(lambda text: any(c.isascii() and c.isalpha() for c in text))


def assert_every_file_parses(project) -> None:
    for name in rendered_files(project):
        path = project / name
        if name.endswith(".toml"):
            tomllib.loads(path.read_text())
        elif name.endswith((".yaml", ".yml")):
            yaml.safe_load(path.read_text())
        elif name.endswith(".py"):
            ast.parse(path.read_text(), filename=name)
        elif name.endswith((".json", ".ipynb")):
            json.loads(path.read_text())


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(project_name=NAMED, description=ONE_LINE, author_name=ONE_LINE)
@example(
    project_name='Classifies "digits"', description='Says "hi" \\ bye', author_name='Ann O"Neil'
)
@example(project_name="2fast 🚀", description="Emoji ✨ and ünïcode", author_name="Zoë \\n")
@example(project_name="Deep-Learning v2.0!", description='"""', author_name="'; DROP TABLE")
def test_any_text_answer_renders_files_that_parse(
    tmp_path_factory, project_name, description, author_name
):
    """Catches an answer with quotes, backslashes or emoji breaking pyproject.toml or Python."""
    project = render(
        tmp_path_factory.mktemp("answers") / "project",
        project_name=project_name,
        description=description,
        author_name=author_name,
    )
    assert_every_file_parses(project)
    metadata = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    assert metadata["description"] == description
    assert metadata["authors"] == [{"name": author_name, "email": "ml-team@example.com"}]
    module = project / "src" / package_name(project) / "__init__.py"
    assert ast.get_docstring(ast.parse(module.read_text())) == f"{project_name}: {description}"
    assert f"# {project_name}\n" in (project / "README.md").read_text()


@pytest.mark.parametrize("project_name", ["Ünïcode Æsthetics", "_private", "9 lives", "ÅÄÖ"])
def test_derived_package_name_is_valid_or_asked_for(tmp_path, project_name):
    """Catches a default package_name that its own validator refuses."""
    try:
        project = render(tmp_path / "project", project_name=project_name)
    except ValueError as error:
        assert "package_name is empty: the project name has no ASCII letters" in str(error)
        return
    assert package_name(project).isidentifier() and package_name(project).islower()
