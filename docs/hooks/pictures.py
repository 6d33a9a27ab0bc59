"""mkdocs hook: the site's pictures of a generated project, made from a real render and a real
run at build time, so they never go stale and none is committed.

The template is rendered with its defaults and its first commands run (real_run.py); their
products are cached under build/docs-pictures/<key>/, the key a hash of the template and of the
recipe (picture_cache.py). The pages link to them under pictures/, as if they were in docs/:
mkdocs copies them into the site and, building with --strict, fails on a link that misses.
"""

from __future__ import annotations

import logging
from pathlib import Path

import real_run
import yaml
from layout_svg import draw_layout
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from picture_cache import cache_key, cached

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "docs-pictures"
#: Where the pages find the pictures, as if it were a folder of docs/.
PICTURES_FOLDER = "pictures"

#: What the layout picture says of the folders a newcomer looks for, keyed by their path in a
#: default render ({package}: its package). A note for a folder the render lacks stops the
#: build: the page would describe a folder nobody gets.
FOLDER_NOTES = {
    ".github/workflows/": "CI, the GPU runner, template updates, monitoring",
    "benchmarks/": "the service's load benchmark",
    "configs/": "Hydra config groups that mirror the code",
    "docs/": "the project's own docs site",
    "gx/": "great_expectations' file context",
    "notebooks/": "tutorial notebooks, run by the tests",
    "scripts/": "setting up a machine, checking it",
    "src/{package}/callbacks/": "NaN guard, gradient norms, pre-emption",
    "src/{package}/data/": "where data enters: the datamodules",
    "src/{package}/data_gate/": "the data gate: suites the data must pass",
    "src/{package}/goldens/": "golden model, quality gates, export",
    "src/{package}/models/": "the networks and the LightningModule",
    "src/{package}/monitoring/": "judging what the service served",
    "src/{package}/serving/": "the prediction service",
    "tests/data/": "tests of the data",
    "tests/model/": "tests of the trained model",
    "tests/model/goldens/": "the golden model, its outputs and card",
    "tests/model/suites/": "hard-example suites",
    "tests/monitoring/": "tests of the monitoring",
    "tests/serving/": "tests of the service",
    "tests/training/": "tests of training",
    "tests/unit/": "tests of the code",
}

log = logging.getLogger(f"mkdocs.hooks.{__name__}")


def recipe() -> bytes:
    """The code that makes the cached products: changing it makes new ones."""
    return Path(real_run.__file__).read_bytes()


def products() -> Path:
    """The cached products of a real run of this template, made first if need be."""
    folder = CACHE / cache_key(ROOT, recipe())
    if not folder.is_dir():
        log.info(f"Pictures: a render and its commands (half a minute or so) for {folder}")
    return cached(folder, lambda scratch: real_run.make_products(ROOT, scratch))


def layout_picture(folder: Path) -> str:
    """The render's folders as an SVG, the main ones annotated with FOLDER_NOTES."""
    files = (folder / real_run.FILE_LIST).read_text().splitlines()
    answers = yaml.safe_load((folder / real_run.ANSWERS).read_text())
    package = answers["package_name"]
    notes = {path.format(package=package): note for path, note in FOLDER_NOTES.items()}
    missing = [path for path in notes if not any(name.startswith(path) for name in files)]
    if missing:
        raise PluginError(
            f"docs pictures: FOLDER_NOTES in {__file__} describes folders a default render "
            f"does not have: {', '.join(missing)}"
        )
    return draw_layout(package.replace("_", "-"), files, notes)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the pictures to the site's files, under pictures/, as if they were in docs/."""
    folder = products()
    layout = layout_picture(folder)
    files.append(File.generated(config, f"{PICTURES_FOLDER}/layout.svg", content=layout))
    shown = folder / real_run.SITE
    for path in sorted(shown.rglob("*")):
        if path.is_file():
            uri = f"{PICTURES_FOLDER}/{path.relative_to(shown).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files
