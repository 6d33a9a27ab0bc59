"""The render matrix, built from the questions' own choices.

Options that change output independently are cycled so that each value appears at least once,
instead of taking their full product: 4 variants instead of 16. The yes/no questions are
cycled as one column of all their combinations, so no two of them always change together: a
file that answers to the wrong one of them renders differently from what is expected.
"""

from __future__ import annotations

from itertools import product

import jinja2

from tests.helpers.rendering import copier_config

#: Questions whose answer changes what is rendered, independently of each other, and the name
#: each goes by in a variant's id: license=MIT-python=3.11-gpu=yes-notebooks=yes.
INDEPENDENT_QUESTIONS = {
    "license": "license",
    "python_version": "python",
    "include_gpu_workflow": "gpu",
    "include_notebooks": "notebooks",
}


def is_yes_no(name: str) -> bool:
    return copier_config()[name].get("type") == "bool"


def default_answer(name: str, project_kind: str = "full"):
    """A question's default; one worked out from project_kind (`{{ ... }}`) is worked out here."""
    default = copier_config()[name]["default"]
    if not (isinstance(default, str) and "{{" in default):
        return default
    rendered = jinja2.Template(default).render(project_kind=project_kind)
    return {"True": True, "False": False}[rendered] if is_yes_no(name) else rendered


def choices_default_first(name: str) -> list:
    choices = [True, False] if is_yes_no(name) else copier_config()[name]["choices"]
    default = default_answer(name)
    return [default] + [choice for choice in choices if choice != default]


def cycled_variants(questions=tuple(INDEPENDENT_QUESTIONS)) -> list[dict]:
    """Each choice of each question at least once; the first variant is all defaults."""
    yes_no = [name for name in questions if is_yes_no(name)]
    columns = [
        [{name: choice} for choice in choices_default_first(name)]
        for name in questions
        if name not in yes_no
    ]
    combinations = product(*(choices_default_first(name) for name in yes_no))
    columns.append([dict(zip(yes_no, combination)) for combination in combinations])
    longest = max(len(column) for column in columns)
    variants = []
    for i in range(longest):
        answers = {}
        for column in columns:
            answers.update(column[i % len(column)])
        variants.append({name: answers[name] for name in questions})
    return variants


def variant_id(answers: dict) -> str:
    """Each answer named, so a failing variant says what it is.

    pytest's -k does not accept `=`: select one variant by its node id,
    `"tests/test_render.py::test_exact_file_set[license=MIT-python=3.11-gpu=yes-notebooks=yes]"`,
    or by a plain word (`-k proprietary`).
    """
    shown = {True: "yes", False: "no"}
    return "-".join(
        f"{INDEPENDENT_QUESTIONS[name]}={shown.get(value, value)}"
        for name, value in answers.items()
    )


VARIANTS = cycled_variants()
VARIANT_IDS = [variant_id(v) for v in VARIANTS]
