"""The docs sites build strictly: the generator's, which explains every question of copier.yml,
and a generated repo's own."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.helpers.edits import append_to
from tests.helpers.rendering import TEMPLATE_ROOT, copier_config, render


def mkdocs_build(project, site):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
    )


def test_docs_build_strictly(tmp_path):
    result = mkdocs_build(TEMPLATE_ROOT, tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "gpu_workflow, service", [(True, True), (False, False)], ids=["all-pages", "fewest-pages"]
)
def test_generated_docs_site_builds_strictly_with_every_page(tmp_path, gpu_workflow, service):
    """Catches a generated docs page missing from mkdocs.yml's nav, or a link to nowhere, in
    the site of the generated repo's `docs` dependency group."""
    project = render(
        tmp_path / "project", include_gpu_workflow=gpu_workflow, include_service=service
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = {path.stem for path in (project / "docs").glob("*.md")}
    documented = {"index", "bring-your-own-data", "code-quality", "model-quality", "ml-test-score"}
    documented |= {"gpu-runner"} if gpu_workflow else set()
    documented |= {"serving", "monitoring"} if service else set()
    assert pages == documented
    assert all((tmp_path / "site" / page).is_dir() for page in pages - {"index"})

    append_to(project / "docs" / "index.md", "\nSee [the missing page](missing.md).\n")
    assert mkdocs_build(project, tmp_path / "site").returncode != 0, "strict must fail"


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
