"""The render matrix, built from the questions' own choices.

Options that change output independently are cycled so that each value appears at least once,
instead of taking their full product: 4 variants instead of 128. The yes/no questions are
cycled as one column of combinations in which every pair of them takes all four pairs of
answers (yes-yes, yes-no, no-yes, no-no), so no two of them always change together: a file that
answers to the wrong one of them renders differently from what is expected.
"""

from __future__ import annotations

from itertools import combinations, product

import jinja2
import yaml

from tests.helpers.rendering import copier_config

#: Questions whose answer changes what is rendered, independently of each other, and the name
#: each goes by in a variant's id: license=MIT-python=3.11-gpu=yes-notebooks=yes-service=yes.
INDEPENDENT_QUESTIONS = {
    "license": "license",
    "python_version": "python",
    "include_gpu_workflow": "gpu",
    "include_notebooks": "notebooks",
    "include_service": "service",
}


def is_yes_no(name: str) -> bool:
    return copier_config()[name].get("type") == "bool"


def default_answer(name: str, answers: dict | None = None):
    """The default answer to ``name``. A default that is a Jinja expression (include_service's
    depends on project_kind) is rendered as copier does: against ``answers``, any question they
    leave out taking its own default."""
    default = copier_config()[name]["default"]
    if not (isinstance(default, str) and "{{" in default):
        return default
    context = {
        question: spec["default"]
        for question, spec in copier_config().items()
        if not question.startswith("_") and isinstance(spec, dict) and "default" in spec
    }
    context.update(answers or {})
    rendered = jinja2.Environment().from_string(default).render(context)
    return yaml.safe_load(rendered) if is_yes_no(name) else rendered


def choices_default_first(name: str) -> list:
    choices = [True, False] if is_yes_no(name) else copier_config()[name]["choices"]
    default = default_answer(name)
    return [default] + [choice for choice in choices if choice != default]


def all_pairs(yes_no: list[str]) -> list[tuple]:
    """Rows of answers to ``yes_no``, defaults first, until every pair of questions has taken
    every pair of answers: 4 rows for 2 or 3 questions, where all combinations take 4 and 8.

    Greedy: each next row is the one that covers the most pairs not covered yet.

    >>> len(all_pairs(["include_gpu_workflow", "include_notebooks", "include_service"]))
    4
    """
    rows = list(product(*(choices_default_first(name) for name in yes_no)))
    pairs = list(combinations(range(len(yes_no)), 2))

    def uncovered_by(row: tuple, chosen: list[tuple]) -> int:
        seen = {(i, j, r[i], r[j]) for r in chosen for i, j in pairs}
        return sum((i, j, row[i], row[j]) not in seen for i, j in pairs)

    chosen = [rows[0]]
    while True:
        best = max(rows, key=lambda row: uncovered_by(row, chosen))
        if uncovered_by(best, chosen) == 0:
            return chosen
        chosen.append(best)


def cycled_variants(questions=tuple(INDEPENDENT_QUESTIONS)) -> list[dict]:
    """Each choice of each question at least once; the first variant is all defaults."""
    yes_no = [name for name in questions if is_yes_no(name)]
    columns = [
        [{name: choice} for choice in choices_default_first(name)]
        for name in questions
        if name not in yes_no
    ]
    columns.append([dict(zip(yes_no, answers)) for answers in all_pairs(yes_no)])
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
    `"tests/test_render.py::test_exact_file_set[license=MIT-python=3.11-gpu=yes-notebooks=yes-service=yes]"`,
    or by a plain word (`-k proprietary`).
    """
    shown = {True: "yes", False: "no"}
    return "-".join(
        f"{INDEPENDENT_QUESTIONS[name]}={shown.get(value, value)}"
        for name, value in answers.items()
    )


VARIANTS = cycled_variants()
VARIANT_IDS = [variant_id(v) for v in VARIANTS]
