"""The docs site builds strictly and explains every question of copier.yml."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers.rendering import TEMPLATE_ROOT, copier_config


def test_docs_build_strictly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=TEMPLATE_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


#: A row of the questions table: | `name` | default | what it does |
QUESTION_ROW = re.compile(r"^\| `(?P<name>\w+)` \|(?P<default>[^|]+)\|(?P<effect>[^|]+)\|$", re.M)


def test_every_question_has_a_row_in_the_questions_table():
    """Catches a question asked but not explained, or a row for a question that is gone."""
    questions = {
        name
        for name, spec in copier_config().items()
        if not name.startswith("_") and spec.get("when") is not False
    }
    reference = (TEMPLATE_ROOT / "docs" / "questions.md").read_text()
    rows = {m["name"]: m for m in QUESTION_ROW.finditer(reference)}
    assert set(rows) == questions
    assert all(row["default"].strip() and row["effect"].strip() for row in rows.values())
