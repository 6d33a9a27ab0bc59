"""Existing repositories, in the shapes real ML repos come in, for the adoption stories.

Each shape is a small dict of files, written and committed by `build()`: what a maintainer has
before adopting ml-testkit. The four shapes, each with what adoption must leave working:

- `packaged`: a setuptools package in a flat layout with its own `.pre-commit-config.yaml`,
  black, flake8 (through Flake8-pyproject) and pytest configured in `pyproject.toml`, a pinned
  `requirements.txt`, tests that use a marker nobody registered, and an mkdocs site whose
  `mkdocs.yml` carries a `!!python/name:` tag.
- `tutorial`: a flat folder of scripts and notebooks with outputs; no packaging, no tests.
- `setup_py`: a `setup.py` project whose `requirements.txt` pins pytest 7, with its pytest and
  flake8 settings in `setup.cfg`; its tests need nothing but pytest.
- `no_tests`: a `requirements.txt` and a training script, no tests yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from tests.helpers.edits import write
from tests.helpers.git import init_repo

#: The pinned dependency of the shapes that have one: the version this environment already
#: has, so installing the requirements downloads nothing.
NUMPY_PIN = f"numpy=={version('numpy')}"

#: The hooks of the packaged repo's own pre-commit config: local, like every hook here, because
#: GitHub cannot be reached; black and flake8 at the versions the template pins, so pre-commit
#: reuses the environments it already built.
PACKAGED_OWN_HOOKS = """\
repos:
  - repo: local
    hooks:
      - id: black
        name: black
        entry: black
        language: python
        additional_dependencies: ["black==26.10.1"]
        types: [python]
      - id: flake8
        name: flake8
        entry: flake8
        language: python
        additional_dependencies: ["flake8==7.5.0", "Flake8-pyproject==1.2.4"]
        types: [python]
"""
LONG_LINE = "    " + "return " + " + ".join(f"mask[{i}]" for i in range(12)) + "\n"


def notebook(*cells: tuple[str, str]) -> str:
    """A notebook whose code cells ran: each (source, printed output) keeps its output."""
    return (
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "execution_count": number,
                        "id": f"cell-{number}",
                        "metadata": {},
                        "outputs": [{"name": "stdout", "output_type": "stream", "text": [out]}],
                        "source": [source],
                    }
                    for number, (source, out) in enumerate(cells, start=1)
                ],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=1,
        )
        + "\n"
    )


@dataclass(frozen=True)
class Shape:
    """A repository before adoption: its files, and how its maintainer runs its tests."""

    name: str
    files: dict[str, str]
    #: The path (under the repo) that opts in to the strict hooks in the gradual-adoption story.
    clean_path: str = ""
    needs: tuple[str, ...] = field(default=())


PACKAGED = Shape(
    name="packaged",
    clean_path="tinyseg/masks.py",
    files={
        "README.md": (
            "# tinyseg\n\nTiny segmentation masks. `pip install -e .`, then\n"
            "`python -m tinyseg.train` (a command of ours: no update may rewrite it).\n"
        ),
        "CONTRIBUTING.md": "# Contributing to tinyseg\n\nRun `pre-commit install` first.\n",
        ".gitignore": "__pycache__/\n*.egg-info/\n.venv/\nsite/\n",
        ".pre-commit-config.yaml": PACKAGED_OWN_HOOKS,
        "pyproject.toml": (
            "[build-system]\n"
            'requires = ["setuptools>=61"]\n'
            'build-backend = "setuptools.build_meta"\n\n'
            "[project]\n"
            'name = "tinyseg"\n'
            'version = "0.4.0"\n'
            'requires-python = ">=3.10"\n'
            'dependencies = ["numpy"]\n\n'
            "[tool.black]\n"
            "line-length = 150\n\n"
            "[tool.flake8]\n"
            "max-line-length = 150\n"
            'extend-ignore = "E203"\n\n'
            "[tool.pytest.ini_options]\n"
            'testpaths = ["tests", "tinyseg"]\n'
            'addopts = "--doctest-modules -ra"\n'
        ),
        "requirements.txt": f"# Pinned for reproducible runs.\n{NUMPY_PIN}\n",
        "mkdocs.yml": (
            "site_name: tinyseg\n"
            "markdown_extensions:\n"
            "  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        ),
        "docs/index.md": "# tinyseg\n\nMasks, small and tested.\n",
        "tinyseg/__init__.py": '"""Tiny segmentation masks."""\n',
        "tinyseg/masks.py": (
            '"""Mask arithmetic."""\n\n\n'
            "def area(mask: list[int]) -> int:\n"
            '    """Pixels set in a flat mask.\n\n'
            "    >>> area([0, 1, 1])\n"
            "    2\n"
            '    """\n'
            "    return sum(mask)\n\n\n"
            "def first_row(mask: list[int]) -> int:\n"
            '    """The first twelve pixels, summed on one long line (black at 150 keeps it)."""\n'
            + LONG_LINE
        ),
        "tests/test_masks.py": (
            "import numpy as np\n"
            "import pytest\n\n"
            "from tinyseg.masks import area\n\n\n"
            "def test_area():\n"
            "    assert area([1, 0, 1]) == 2\n\n\n"
            "@pytest.mark.integration\n"
            "def test_area_of_an_array():\n"
            "    assert area(np.ones(4, dtype=int).tolist()) == 4\n"
        ),
    },
)
TUTORIAL = Shape(
    name="tutorial",
    clean_path="notebooks/03_drafts.ipynb",
    files={
        "README.md": "# Deep learning tutorials\n\nRun the scripts, then the notebooks.\n",
        # Not black-formatted, with unused imports: nobody will reformat a tutorial.
        "01_tensors.py": "import os,sys\nx=[1,2,3]\nprint( sum(x) )   \n",
        "02_training_loop.py": "for epoch in range(3) : print('epoch',epoch)\n",
        "notebooks/01_tensors.ipynb": notebook(
            ("1 + 1", "2\n"), ("print('tensors')", "tensors\n")
        ),
        "notebooks/02_training.ipynb": notebook(("loss = 0.25", ""), ("print(loss)", "0.25\n")),
        "notebooks/03_drafts.ipynb": notebook(("print('draft')", "draft\n")),
    },
)
SETUP_PY = Shape(
    name="setup_py",
    needs=("pytest<8",),
    files={
        "README.md": "# legacy-metrics\n\n`pip install -e . && pytest`\n",
        "setup.py": (
            "from setuptools import find_packages, setup\n\n"
            'setup(name="legacy-metrics", version="1.2", '
            'packages=find_packages(exclude=["tests"]))\n'
        ),
        "setup.cfg": ("[tool:pytest]\ntestpaths = tests\n\n[flake8]\nmax-line-length = 120\n"),
        "requirements.txt": "pytest>=7,<8\n",
        "legacy_metrics/__init__.py": "",
        "legacy_metrics/f1.py": (
            "def f1(precision, recall):\n"
            "    return 2 * precision * recall / (precision + recall)\n"
        ),
        "tests/test_f1.py": (
            "from legacy_metrics.f1 import f1\n\n\n"
            "def test_f1_of_equal_scores():\n"
            "    assert f1(0.5, 0.5) == 0.5\n"
        ),
    },
)
NO_TESTS = Shape(
    name="no_tests",
    files={
        "README.md": "# churn-model\n\n`pip install -r requirements.txt && python train.py`\n",
        ".gitignore": "__pycache__/\n",
        "requirements.txt": f"{NUMPY_PIN}\n",
        "train.py": "import numpy as np\n\nprint(np.mean([0.2, 0.4]))\n",
    },
)
SHAPES = {shape.name: shape for shape in (PACKAGED, TUTORIAL, SETUP_PY, NO_TESTS)}


def build(root: Path, shape: Shape) -> dict[str, bytes]:
    """Write and commit ``shape`` at ``root``; return its files' bytes, to compare later."""
    for name, text in shape.files.items():
        write(root, name, text)
    init_repo(root, f"{shape.name}: the repo before adoption")
    return {name: (root / name).read_bytes() for name in shape.files}


def changed_files(root: Path, own: dict[str, bytes]) -> list[str]:
    """The repo's own files that are no longer byte-identical (or are gone)."""
    return [
        name
        for name, content in own.items()
        if not (root / name).is_file() or (root / name).read_bytes() != content
    ]
