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

Three more (OWN_TOOLING) have tooling of their own that meets what an adoption adds:

- `lightning_hydra`: a Lightning + Hydra template's tooling: `setup.py`, its own pre-commit
  hooks (pre-commit-hooks' checks, prettier on YAML, mdformat, isort) with black at 79 columns
  and flake8's ignores and excludes set only in the hooks' args, `--strict-markers` with only
  `slow` registered, GPU tests skipped without CUDA rather than marked, CI on Python 3.7-3.10.
- `data_science`: the cookiecutter data-science layout (v2, flake8 + black + isort): a
  Makefile, settings in `setup.cfg` and `pyproject.toml`, `data/` kept by `.gitkeep`, no hooks.
- `notebooks_only`: notebooks, a conda `environment.yml`, and hooks that run prettier on its
  YAML and Markdown; no tests.
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
    #: Files committed with the executable bit (scripts with a shebang).
    executables: tuple[str, ...] = field(default=())


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
def local_hook(
    hook_id: str,
    package: str,
    types: str,
    *,
    entry: str = "",
    language: str = "python",
    args: tuple[str, ...] = (),
    exclude: str = "",
) -> str:
    """One hook of a team's own config, local and pinned, as a config without GitHub has it.

    ``types`` is pre-commit's `types` (all must match) or, after `or:`, its `types_or`.
    """
    types_key, types = ("types_or", types[3:]) if types.startswith("or:") else ("types", types)
    lines = [
        f"      - id: {hook_id}",
        f"        name: {hook_id}",
        f"        entry: {entry or hook_id}",
        f"        language: {language}",
        f'        additional_dependencies: ["{package}"]',
        # A block list: the team's prettier splits a flow list past 80 columns.
        *(["        args:"] if args else []),
        *(f"          - {json.dumps(arg)}" for arg in args),
        f"        {types_key}: [{types}]",
        *([f"        exclude: {exclude}"] if exclude else []),
    ]
    return "\n".join(lines) + "\n"


def local_hooks(*hooks: str) -> str:
    return "repos:\n  - repo: local\n    hooks:\n" + "".join(hooks)


PRE_COMMIT_HOOKS = "pre-commit-hooks==6.0.0"
#: Hooks teams commonly run: pre-commit-hooks' checks, and prettier (from npm) and mdformat,
#: which rewrite YAML and Markdown in their own canonical form. Files an adoption adds must
#: pass every one of them unchanged.
PRE_COMMIT_HOOKS_CHECKS = "".join(
    local_hook(hook_id, PRE_COMMIT_HOOKS, types, entry=entry)
    for hook_id, entry, types in (
        ("trailing-whitespace", "trailing-whitespace-fixer", "text"),
        ("end-of-file-fixer", "", "text"),
        ("check-yaml", "", "yaml"),
        ("check-json", "", "json"),
        ("check-shebang-scripts-are-executable", "", "text"),
        ("check-executables-have-shebangs", "", "text, executable"),
    )
)
PRETTIER = "prettier@3.6.2"


def prettier_hook(types: str) -> str:
    entry = "prettier --write --ignore-unknown"
    return local_hook("prettier", PRETTIER, f"or:{types}", entry=entry, language="node")


MDFORMAT_HOOK = local_hook("mdformat", "mdformat==0.7.22", "markdown", args=("--number",))
#: Every hook above, in one config: what `tests/test_adopt_own_tooling.py` runs on the files
#: an adoption adds (prettier on Markdown too, which some teams run instead of mdformat).
COMMON_HOOKS = local_hooks(PRE_COMMIT_HOOKS_CHECKS, prettier_hook("yaml, markdown"), MDFORMAT_HOOK)

#: The style a Lightning + Hydra template sets only in its hooks' args: black at 79 columns,
#: isort's black profile, flake8's ignores and excludes; no [tool.black], no flake8 config.
LIGHTNING_HYDRA_HOOKS = local_hooks(
    PRE_COMMIT_HOOKS_CHECKS,
    local_hook("black", "black==26.10.1", "python", args=("--line-length", "79")),
    local_hook("isort", "isort==6.0.1", "python", args=("--profile", "black", "--filter-files")),
    local_hook(
        "flake8",
        "flake8==7.5.0",
        "python",
        args=("--extend-ignore", "E203,E402,E501,F401,F841", "--exclude", "logs/*,data/*"),
        exclude="^scripts/legacy_eval\\.py$",
    ),
    prettier_hook("yaml"),
    MDFORMAT_HOOK,
)
LIGHTNING_HYDRA = Shape(
    name="lightning_hydra",
    clean_path="src/models/mnist_module.py",
    executables=("scripts/schedule.sh",),
    files={
        "README.md": (
            "# MNIST with Lightning and Hydra\n\n"
            "1. `pip install -e .`\n"
            "2. `python src/train.py trainer=gpu`\n"
        ),
        ".gitignore": "__pycache__/\n*.egg-info/\nlogs/\n",
        ".pre-commit-config.yaml": LIGHTNING_HYDRA_HOOKS,
        "setup.py": (
            "from setuptools import find_packages, setup\n\n"
            'setup(name="mnist-lightning", version="0.1.0", packages=find_packages())\n'
        ),
        "requirements.txt": "# hydra-core and lightning in the real one.\npytest\n",
        "pyproject.toml": (
            "[tool.pytest.ini_options]\n"
            'addopts = ["--strict-markers", "--doctest-modules", "-ra"]\n'
            'testpaths = ["tests/"]\n'
            'markers = ["slow: slow tests"]\n'
        ),
        ".github/workflows/test.yml": (
            "name: Tests\n\n"
            "on:\n  push:\n    branches: [main]\n  pull_request:\n\n"
            "jobs:\n"
            "  tests:\n"
            "    runs-on: ubuntu-22.04\n"
            "    strategy:\n"
            "      matrix:\n"
            '        python-version: ["3.7", "3.8", "3.9", "3.10"]\n'
            "    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - uses: actions/setup-python@v5\n"
            "        with:\n"
            "          python-version: ${{ matrix.python-version }}\n"
            "      - run: pip install -r requirements.txt && pytest\n"
        ),
        "configs/train.yaml": (
            "defaults:\n  - model: mnist\n  - trainer: cpu\n  - _self_\n\nseed: 12345\n"
        ),
        "configs/model/mnist.yaml": (
            "_target_: src.models.mnist_module.MNISTLitModule\n"
            "hidden_size: 64\nlearning_rate: 0.001\n"
        ),
        "configs/trainer/cpu.yaml": "accelerator: cpu\nmax_epochs: 10\n",
        "configs/trainer/gpu.yaml": "accelerator: gpu\ndevices: 1\nmax_epochs: 10\n",
        "scripts/schedule.sh": (
            "#!/bin/bash\n# Schedule runs from here.\n\n"
            "python src/train.py trainer.max_epochs=5 logger=csv\n"
        ),
        "src/__init__.py": "",
        "src/models/__init__.py": "",
        # Formatted by black at 79 columns: at 88, black joins both calls onto one line.
        "src/models/mnist_module.py": (
            '"""The MNIST classifier\'s settings, as Hydra hands them over."""\n\n'
            "import os\n\n\n"
            "class MNISTLitModule:\n"
            '    """Holds what the trainer needs to build the optimizer."""\n\n'
            "    def __init__(\n"
            "        self, hidden_size: int = 64, learning_rate: float = 0.001\n"
            "    ) -> None:\n"
            "        self.hidden_size = hidden_size\n"
            "        self.learning_rate = learning_rate\n\n"
            "    def optimizer_settings(self) -> dict:\n"
            "        return dict(\n"
            "            learning_rate=self.learning_rate, hidden_size=self.hidden_size\n"
            "        )\n"
        ),
        # Excluded from flake8 by the repo's hook args, and by its hook's `exclude`.
        "data/download.py": "import sys\n\nif sys.argv == None:\n    pass\n",
        "scripts/legacy_eval.py": "import sys\n\nif sys.argv == None:\n    pass\n",
        "tests/__init__.py": "",
        "tests/helpers/__init__.py": "",
        # GPU tests are marked by a skip condition, as the template's RunIf does, not a marker.
        "tests/helpers/run_if.py": (
            '"""Skip a test the machine cannot run."""\n\n'
            "import shutil\n\n"
            "import pytest\n\n"
            "no_gpu = shutil.which(\"nvidia-smi\") is None\n"
            'gpu = pytest.mark.skipif(no_gpu, reason="needs a CUDA GPU")\n'
        ),
        "tests/test_train.py": (
            "import pytest\n\n"
            "from src.models.mnist_module import MNISTLitModule\n"
            "from tests.helpers.run_if import gpu\n\n\n"
            "def test_optimizer_settings():\n"
            "    assert MNISTLitModule().optimizer_settings()[\"hidden_size\"] == 64\n\n\n"
            "@pytest.mark.slow\n"
            "def test_learning_rate_is_small():\n"
            "    assert MNISTLitModule().learning_rate < 0.01\n\n\n"
            "@gpu\n"
            "def test_train_on_gpu():\n"
            "    assert False, \"no GPU should run here\"\n"
        ),
    },
)
#: cookiecutter-data-science (v2) with its flake8 + black + isort option: settings in
#: setup.cfg and pyproject.toml, a Makefile, data/ folders kept by .gitkeep, no hooks.
DATA_SCIENCE = Shape(
    name="data_science",
    files={
        "README.md": "# churn\n\nPredict churn. `make requirements`, then `make data`.\n",
        ".gitignore": "/data/\n!/data/**/.gitkeep\n__pycache__/\n",
        "Makefile": (
            "PYTHON_INTERPRETER = python\n\n"
            "requirements:\n\t$(PYTHON_INTERPRETER) -m pip install -r requirements.txt\n\n"
            "lint:\n\tflake8 churn\n\tisort --check --diff churn\n\tblack --check churn\n\n"
            "test:\n\tpython -m pytest tests\n"
        ),
        "pyproject.toml": (
            "[tool.black]\n"
            "line-length = 99\n"
            "include = '\\.pyi?$'\n\n"
            "[tool.isort]\n"
            'profile = "black"\n'
            'known_first_party = ["churn"]\n'
            "force_sort_within_sections = true\n"
        ),
        "setup.cfg": (
            "[flake8]\n"
            "ignore = E731,E266,E501,C901,W503\n"
            "max-line-length = 99\n"
            "exclude = .git,notebooks,references,models,data\n"
        ),
        "requirements.txt": f"{NUMPY_PIN}\n",
        "data/raw/.gitkeep": "",
        "data/processed/.gitkeep": "",
        "models/.gitkeep": "",
        "references/.gitkeep": "",
        "reports/figures/.gitkeep": "",
        "docs/mkdocs.yml": "site_name: churn\n",
        "docs/docs/index.md": "# churn\n\nProject documentation.\n",
        "notebooks/1.0-jqp-initial-data-exploration.ipynb": notebook(("1 + 1", "2\n")),
        "churn/__init__.py": "from churn import config  # noqa: F401\n",
        "churn/config.py": (
            "from pathlib import Path\n\n"
            "PROJ_ROOT = Path(__file__).resolve().parents[1]\n"
            'RAW_DATA_DIR = PROJ_ROOT / "data" / "raw"\n'
        ),
        "churn/features.py": (
            "def tenure_years(months):\n"
            "    return months / 12\n"
        ),
        "tests/test_data.py": (
            "from churn.features import tenure_years\n\n\n"
            "def test_tenure_in_years():\n"
            "    assert tenure_years(18) == 1.5\n"
        ),
    },
)
#: A repo of notebooks and nothing else to test: prettier keeps its YAML and Markdown.
NOTEBOOKS_ONLY = Shape(
    name="notebooks_only",
    files={
        "README.md": "# Course notebooks\n\n- `01_tensors.ipynb`\n- `02_training.ipynb`\n",
        ".pre-commit-config.yaml": local_hooks(
            PRE_COMMIT_HOOKS_CHECKS, prettier_hook("yaml, markdown")
        ),
        "environment.yml": (
            "name: course\nchannels:\n  - conda-forge\ndependencies:\n"
            "  - python=3.11\n  - jupyterlab\n"
        ),
        "01_tensors.ipynb": notebook(("1 + 1", "2\n")),
        "02_training.ipynb": notebook(("loss = 0.25", ""), ("print(loss)", "0.25\n")),
    },
)
#: Repos with tooling of their own, adopted in tests/test_adopt_own_tooling.py.
OWN_TOOLING = {shape.name: shape for shape in (LIGHTNING_HYDRA, DATA_SCIENCE, NOTEBOOKS_ONLY)}

SHAPES = {shape.name: shape for shape in (PACKAGED, TUTORIAL, SETUP_PY, NO_TESTS)}


def build(root: Path, shape: Shape) -> dict[str, bytes]:
    """Write and commit ``shape`` at ``root``; return its files' bytes, to compare later."""
    for name, text in shape.files.items():
        write(root, name, text)
    for name in shape.executables:
        (root / name).chmod(0o755)
    init_repo(root, f"{shape.name}: the repo before adoption")
    return {name: (root / name).read_bytes() for name in shape.files}


def changed_files(root: Path, own: dict[str, bytes]) -> list[str]:
    """The repo's own files that are no longer byte-identical (or are gone)."""
    return [
        name
        for name, content in own.items()
        if not (root / name).is_file() or (root / name).read_bytes() != content
    ]
