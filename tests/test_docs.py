"""The docs sites build strictly: the generator's, which explains every question of copier.yml
and shows pictures of a real render and a real run, and a generated repo's own."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from types import ModuleType

import numpy as np
import pytest
from matplotlib import image

from tests.helpers.edits import append_to, write
from tests.helpers.git import commit_all
from tests.helpers.rendering import (
    TEMPLATE_ROOT,
    copier_config,
    package_name,
    render,
    rendered_files,
)
from tests.helpers.template_releases import clone_template


def mkdocs_build(project, site):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
    )


def hook_module(name: str) -> ModuleType:
    """A module of the generator's docs hooks (docs/hooks/), imported from its file."""
    spec = importlib.util.spec_from_file_location(
        name, TEMPLATE_ROOT / "docs/hooks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


real_run = hook_module("real_run")
picture_cache = hook_module("picture_cache")

#: Each page of the generator's site that shows pictures, and what it shows (under pictures/).
PICTURES_ON_PAGES = {
    "generated-repo": {"layout.svg", "confusion_matrix.png"},
    "model-quality": {"hardest_test.png", "hardest_val.png"},
    "bring-your-own-data": {"data-docs/index.html"},
}
#: <img src="..."> and <iframe src="...">, as mkdocs writes them.
SHOWN = re.compile(r'<(?:img|iframe)\b[^>]*\bsrc="([^"]+)"')
#: A page of a Data Docs site: an expectation suite or a validation result.
DATA_DOCS_PAGE = re.compile(r"(?:expectations|validations)/[^'\"\\]+?\.html")


@pytest.fixture(scope="module")
def generator_site(tmp_path_factory) -> Path:
    """The generator's site, built once with --strict.

    Its pictures come from a real render and run of this template: about 35 s on 2 cores, or
    a second when build/docs-pictures/ holds them for this template already (docs/hooks/).
    """
    site = tmp_path_factory.mktemp("generator-site")
    result = mkdocs_build(TEMPLATE_ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def test_docs_build_strictly_with_search_copy_buttons_and_two_palettes(generator_site):
    """Catches a broken link, a missing picture or a page missing from the nav (--strict makes
    each an error), and the theme's features switched off."""
    home = (generator_site / "index.html").read_text()
    assert (generator_site / "search" / "search_index.json").is_file()
    assert "content.code.copy" in home
    assert home.count('name="__palette"') == 2, "a light and a dark palette, with a toggle"


@pytest.mark.parametrize("name", [name for name in real_run.PICTURES if name.endswith(".png")])
def test_pictures_of_a_real_run_are_pngs_with_something_in_them(generator_site, name):
    """Catches a picture the run did not draw, or drew empty: a blank page has no spread."""
    picture = generator_site / "pictures" / name
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert picture.stat().st_size > 10_000
    pixels = image.imread(picture)[..., :3]
    assert min(pixels.shape[:2]) >= 200
    assert np.std(pixels) > 0.05


@pytest.mark.parametrize("page", PICTURES_ON_PAGES)
def test_each_page_shows_its_pictures(generator_site, page):
    """Catches a picture dropped from its page, or an image or frame that points nowhere."""
    page_folder = generator_site / page
    sources = SHOWN.findall((page_folder / "index.html").read_text())
    shown = {(page_folder / source).resolve() for source in sources}
    assert all(path.is_file() for path in shown), sources
    pictures = generator_site.resolve() / "pictures"
    assert {path.relative_to(pictures).as_posix() for path in shown} >= PICTURES_ON_PAGES[page]


def test_layout_picture_names_exactly_the_folders_of_a_fresh_render(generator_site, fresh_project):
    """Catches a layout drawn from anything but a render: a folder the template no longer has,
    or one it gained, shown or missed."""
    svg = ET.parse(generator_site / "pictures" / "layout.svg").getroot()
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    drawn = {title.text for title in svg.findall("svg:g/svg:title", namespace)}
    folders = {
        f"{parent}/"
        for name in rendered_files(fresh_project)
        for parent in PurePosixPath(name).parents
        if str(parent) != "."
    }
    assert drawn == folders
    assert f"src/{package_name(fresh_project)}/serving/" in drawn


def test_site_holds_the_data_docs_of_a_real_validate_data(generator_site):
    """Catches Data Docs missing or copied in part: every suite and validation result page the
    index links to is there (results are linked from its table's data), and a real run's
    validation results are among them."""
    docs = generator_site / "pictures" / "data-docs"
    links = set(DATA_DOCS_PAGE.findall((docs / "index.html").read_text()))
    assert all((docs / link).is_file() for link in links), links
    assert {link.split("/")[0] for link in links} == {"expectations", "validations"}


def test_picture_cache_key_follows_the_template_and_the_recipe(tmp_path):
    """Catches pictures of an older template taken from the cache: any change to what copier
    renders (committed or not, a new file included) or to the recipe gives a new key; a change
    elsewhere keeps the key, and the pictures."""
    template = clone_template(tmp_path / "template")

    def key(recipe: bytes = b"recipe") -> str:
        return picture_cache.cache_key(template, recipe)

    first = key()
    append_to(template / "docs" / "index.md", "\nA page changed, not the template.\n")
    assert key() == first
    append_to(template / "template" / "README.md.jinja", "\nA template edit.\n")
    edited = key()
    assert edited != first
    commit_all(template, "The template edit, committed")
    assert key() == edited, "the key is what copier renders, committed or not"
    write(template, "template/configs/new.yaml", "new: true\n")
    assert key() not in {first, edited}
    assert key(b"another recipe") != key()


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
    documented |= {"cluster", "mutation-testing", "performance"}
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
