"""The render matrix, built from the questions' own choices.

Options that change output independently are cycled so that each value appears once,
instead of taking their full product: 4 variants instead of 16.
"""

from __future__ import annotations

from tests.helpers.rendering import copier_config

#: Questions whose answer changes what is rendered, independently of each other.
INDEPENDENT_QUESTIONS = ("license", "python_version", "include_gpu_workflow", "include_notebooks")


def question_choices(name: str) -> list:
    question = copier_config()[name]
    if question.get("type") == "bool":
        return [True, False]
    return question["choices"]


def default_answer(name: str):
    return copier_config()[name]["default"]


def cycled_variants(questions=INDEPENDENT_QUESTIONS) -> list[dict]:
    """Each choice of each question at least once; the first variant is all defaults."""
    columns = []
    for name in questions:
        choices = question_choices(name)
        default = default_answer(name)
        columns.append([default] + [c for c in choices if c != default])
    longest = max(len(column) for column in columns)
    return [
        {name: column[i % len(column)] for name, column in zip(questions, columns)}
        for i in range(longest)
    ]


def variant_id(answers: dict) -> str:
    return "-".join(f"{value}" for value in answers.values())


VARIANTS = cycled_variants()
VARIANT_IDS = [variant_id(v) for v in VARIANTS]
