"""The exact set of files a render must produce, given its answers."""

from __future__ import annotations

COMMON = {
    ".copier-answers.yml",
    ".gitignore",
    "README.md",
    "pyproject.toml",
    "configs/train.yaml",
    "configs/evaluate.yaml",
    "configs/callbacks/default.yaml",
    "configs/callbacks/none.yaml",
    "configs/data/digits.yaml",
    "configs/experiment/digits_scale_up.yaml",
    "configs/logger/csv.yaml",
    "configs/logger/csv_tensorboard.yaml",
    "configs/logger/none.yaml",
    "configs/logger/tensorboard.yaml",
    "configs/model/cnn.yaml",
    "configs/paths/default.yaml",
    "configs/trainer/cpu.yaml",
    "configs/trainer/ddp.yaml",
    "configs/trainer/default.yaml",
    "configs/trainer/gpu.yaml",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/hydra_configs.py",
    "tests/training/__init__.py",
    "tests/training/test_train.py",
    "tests/unit/__init__.py",
    "tests/unit/test_configs.py",
    "tests/unit/test_data_split.py",
}

PACKAGE = {
    "__init__.py",
    "data/__init__.py",
    "data/digits.py",
    "evaluate.py",
    "instantiate.py",
    "models/__init__.py",
    "models/classifier.py",
    "models/cnn.py",
    "train.py",
}


def expected_files(answers: dict) -> set[str]:
    files = set(COMMON)
    files |= {f"src/{answers['package_name']}/{name}" for name in PACKAGE}
    if answers["license"] != "proprietary":
        files.add("LICENSE")
    return files
