"""Each variant renders exactly the expected files, with every Jinja expression resolved."""

from __future__ import annotations

import re
import subprocess

import yaml

from tests.helpers.edits import write
from tests.helpers.expected_files import expected_files
from tests.helpers.rendering import TEMPLATE_ROOT, render, rendered_files

# A Jinja expression or statement; Python's nested dict literals ({"a": {"b": 1}}) and GitHub
# Actions expressions (${{ github.ref }}) do not match.
LEFTOVER_JINJA = re.compile(
    r"(?<!\$){{-?\s*[\w.|()'\" ,]+\s*-?}}"
    r"|{%-?\s*(if|elif|else|endif|for|endfor|include|set|raw|endraw)\b"
)


def test_exact_file_set(variant):
    answers, project = variant
    answers = {"package_name": "ml_project", **answers}
    assert rendered_files(project) == expected_files(answers)


def test_exact_file_set_of_tooling_only(tmp_path):
    """Catches a file an adopted repo would lose, one of the example's leaking in, Jinja left."""
    answers = {"project_kind": "tooling-only", "package_name": "oldnet"}
    project = render(tmp_path / "project", **answers)
    assert rendered_files(project) == expected_files(answers)
    leftovers = [
        n for n in rendered_files(project) if LEFTOVER_JINJA.search((project / n).read_text())
    ]
    assert leftovers == []


def test_no_jinja_left(variant):
    # errors="replace": binary files (the golden model's weights) are searched too.
    _, project = variant
    leftovers = [
        name
        for name in rendered_files(project)
        if LEFTOVER_JINJA.search(name)
        or LEFTOVER_JINJA.search((project / name).read_text(errors="replace"))
    ]
    assert leftovers == []


def test_answers_are_recorded_for_copier_update(variant):
    answers, project = variant
    recorded = (project / ".copier-answers.yml").read_text()
    assert "_commit:" in recorded and "_src_path:" in recorded
    recorded_answers = yaml.safe_load(recorded)
    for question, answer in answers.items():
        assert recorded_answers[question] == answer, question


#: How each license's text begins (its title), and a phrase only that license has.
LICENSE_TEXTS = {
    "MIT": ("MIT License", "Permission is hereby granted, free of charge"),
    "Apache-2.0": ("Apache License", "Version 2.0, January 2004"),
    "BSD-3-Clause": ("BSD 3-Clause License", "Neither the name of the copyright holder"),
}


def test_license_matches_answer(variant):
    """Catches a LICENSE whose text is another license than the one answered (or recorded)."""
    answers, project = variant
    license_file = project / "LICENSE"
    pyproject = (project / "pyproject.toml").read_text()
    if answers["license"] == "proprietary":
        assert not license_file.exists() and "license =" not in pyproject
    else:
        assert f'license = "{answers["license"]}"' in pyproject
        title, phrase = LICENSE_TEXTS[answers["license"]]
        text = license_file.read_text()
        assert text.lstrip().splitlines()[0].strip() == title and phrase in text


def test_python_version_sets_requires_python(variant):
    answers, project = variant
    assert (
        f'requires-python = ">={answers["python_version"]}"'
        in (project / "pyproject.toml").read_text()
    )


def test_a_new_project_copied_over_files_keeps_every_one_of_them(tmp_path):
    """Catches a copy into a folder that holds files overwriting them: copier asked "Overwrite
    pyproject.toml? (Y/n)" about the person's own file, yes by default, and without a terminal
    stopped half-written, with no answers file."""
    theirs = {
        "pyproject.toml": "[project]\nname = 'theirs'\n",
        "README.md": "# Theirs\n",
        ".gitignore": "secrets/\n",
        "configs/train.yaml": "lr: 1\n",
    }
    folder = tmp_path / "existing"
    for name, text in theirs.items():
        write(folder, name, text)
    result = subprocess.run(
        ["copier", "copy", "--defaults", "--vcs-ref", "HEAD", str(TEMPLATE_ROOT), str(folder)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert {name: (folder / name).read_text() for name in theirs} == theirs
    assert re.search(r"skip\S*\s+pyproject\.toml", result.stderr), result.stderr[-3000:]
    answers = yaml.safe_load((folder / ".copier-answers.yml").read_text())
    assert answers["project_kind"] == "full"
