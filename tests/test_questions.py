"""Bad answers stop copier with the validator's message and leave nothing behind."""

from __future__ import annotations

import pytest

from tests.helpers.rendering import render

BAD_ANSWERS = [
    ({"package_name": "Bad-Name"}, "not a valid lowercase Python identifier"),
    ({"package_name": "2fast"}, "not a valid lowercase Python identifier"),
    ({"package_name": "import"}, "would shadow a Python keyword"),
    ({"package_name": "torch"}, "would shadow a .* package this project imports"),
    ({"package_name": "tests"}, "would shadow a .* package this project imports"),
    # Each accepted before, and each render then could not import its own package.
    ({"package_name": "pandas"}, "would shadow a .* package this project imports"),
    ({"package_name": "great_expectations"}, "would shadow a .* package this project imports"),
    ({"package_name": "os"}, "would shadow a Python keyword, a standard-library module"),
    ({"package_name": "numpy"}, "would shadow a .* package this project imports"),
    ({"python_version": "3.9"}, "Invalid choice for 'python_version'"),
    ({"project_name": ""}, "project_name must not be empty"),
    ({"project_name": "   "}, "project_name must not be empty"),
    ({"license": "GPL"}, "Invalid choice for 'license'"),
    ({"author_email": "nobody"}, "is not an e-mail address"),
    ({"ci_python_versions": []}, "ci_python_versions must name at least one Python version"),
    (
        {"python_version": "3.12", "ci_python_versions": ["3.11", "3.13"]},
        "ci_python_versions lists 3.11, older than python_version 3.12: drop it",
    ),
    ({"strict_lint_paths": "src/"}, "strict_lint_paths must be a list of paths"),
    ({"strict_lint_paths": 3}, "strict_lint_paths must be a list of paths"),
    ({"strict_lint_paths": ["src/", "/etc/"]}, 'entry "/etc/" is not a relative path inside'),
    ({"strict_lint_paths": ["../other/"]}, 'entry "../other/" is not a relative path inside'),
    ({"project_name": "Data\nScience"}, "project_name must be one line of text"),
    ({"description": "Tabs\tand\x7f"}, "description must be one line of text"),
    ({"author_name": "Ann\x00"}, "author_name must be one line of text"),
    ({"project_name": "🚀 ✨"}, "package_name is empty: the project name has no ASCII letters"),
    # Not "abc": the standard library's abstract base classes.
    ({"package_name": "1abc"}, 'not a valid lowercase Python identifier.*for example "abc_project"'),
    ({"package_name": "Ünïcode"}, 'not a valid lowercase Python identifier.*for example "n_code"'),
]


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS, ids=[str(a) for a, _ in BAD_ANSWERS])
def test_bad_answer_is_refused_with_its_reason(tmp_path, answers, message):
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=message):
        render(destination, **answers)
    assert not destination.exists(), "a refused render must leave no half-written project"


@pytest.mark.parametrize(
    ("project_name", "package"),
    [
        ("Digit Recognizer", "digit_recognizer"),
        ('Classifies "digits"', "classifies_digits"),
        ("2fast 4you", "fast_4you"),
        ("Deep-Learning v2.0!", "deep_learning_v2_0"),
        ("class", "class_project"),
        ("1abc", "abc_project"),
        ("Pandas", "pandas_project"),
    ],
)
def test_package_name_derives_from_project_name(tmp_path, project_name, package):
    """Catches a derived default that fails its own validator, or a surprising one."""
    project = render(tmp_path / "project", project_name=project_name)
    assert (project / "src" / package / "train.py").is_file()


def test_reserved_names_are_refused_whole_not_as_substrings(tmp_path):
    """Catches the reserved list read as one string, where "es" (inside "tests") is refused."""
    assert (render(tmp_path / "project", package_name="es") / "src" / "es").is_dir()
