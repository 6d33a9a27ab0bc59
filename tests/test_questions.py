"""Bad answers stop copier with the validator's message and leave nothing behind."""

from __future__ import annotations

import pytest

from tests.helpers.rendering import render

BAD_ANSWERS = [
    ({"package_name": "Bad-Name"}, "not a valid lowercase Python identifier"),
    ({"package_name": "2fast"}, "not a valid lowercase Python identifier"),
    ({"package_name": "import"}, "would shadow a Python keyword"),
    ({"python_version": "3.9"}, "Invalid choice for 'python_version'"),
    ({"project_name": ""}, "project_name must not be empty"),
    ({"project_name": "   "}, "project_name must not be empty"),
    ({"license": "GPL"}, "Invalid choice for 'license'"),
    ({"author_email": "nobody"}, "is not an e-mail address"),
]


@pytest.mark.parametrize(("answers", "message"), BAD_ANSWERS, ids=[str(a) for a, _ in BAD_ANSWERS])
def test_bad_answer_is_refused_with_its_reason(tmp_path, answers, message):
    destination = tmp_path / "project"
    with pytest.raises(ValueError, match=message):
        render(destination, **answers)
    assert not destination.exists(), "a refused render must leave no half-written project"


def test_package_name_derives_from_project_name(tmp_path):
    project = render(tmp_path / "project", project_name="Digit Recognizer")
    assert (project / "src" / "digit_recognizer" / "train.py").is_file()
