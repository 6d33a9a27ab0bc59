"""The docs site builds strictly and explains every question of copier.yml."""

from __future__ import annotations

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


def test_every_question_is_documented():
    questions = [
        name
        for name, spec in copier_config().items()
        if not name.startswith("_") and spec.get("when") is not False
    ]
    reference = (TEMPLATE_ROOT / "docs" / "questions.md").read_text()
    assert [q for q in questions if f"`{q}`" not in reference] == []
