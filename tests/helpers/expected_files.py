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

#: Onboarding and template lifecycle: rendered in every mode.
LIFECYCLE = {
    "CONTRIBUTING.md",
    "scripts/doctor.py",
    "scripts/setup-dev.sh",
    ".github/workflows/template-update.yml",
}

#: What tooling-only mode leaves out of an adopted repo: its code, configs, tests, own files,
#: and the digits notebook, which needs the example package.
FULL_ONLY_DIRS = ("src/", "configs/", "tests/", "notebooks/")
FULL_ONLY_FILES = {"README.md", "LICENSE", "pyproject.toml"}

#: Code-quality automation: linters and their escape valves, pre-commit, CI.
QUALITY = {
    ".flake8",
    ".shellcheckrc",
    ".pre-commit-config.yaml",
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    "docs/code-quality.md",
    "scripts/check.sh",
}
GPU_WORKFLOW = {".github/workflows/gpu.yml", ".github/actionlint.yaml", "docs/gpu-runner.md"}
NOTEBOOKS = {"notebooks/explore_digits.ipynb"}

#: ML tests and the troubleshooting kit: data expectations, memorization, regression, debug.
ML_TESTS = {
    "gx/.gitignore",
    "gx/great_expectations.yml",
    "configs/validate_data.yaml",
    "configs/data_gate/default.yaml",
    "configs/debug/anomaly.yaml",
    "configs/debug/fp64.yaml",
    "configs/debug/grad_norm.yaml",
    "configs/debug/overfit.yaml",
    "configs/debug/profile.yaml",
    "tests/data/__init__.py",
    "tests/data/test_expectations.py",
    "tests/model/__init__.py",
    "tests/training/test_memorization.py",
    "tests/training/test_troubleshooting.py",
    "tests/unit/test_shapes.py",
    "tests/unit/test_lazy_imports.py",
    "tests/model/golden.py",
    "tests/model/goldens/digit_cnn.json",
    "tests/model/goldens/digit_cnn.pt",
    "tests/model/goldens/goldens.json",
    "tests/model/suites/hardest_test.yaml",
    "tests/model/suites/hardest_val.yaml",
    "tests/model/test_behaviour.py",
    "tests/model/test_export.py",
    "tests/model/test_regression.py",
}
ML_PACKAGE = {
    "callbacks/__init__.py",
    "callbacks/grad_norm.py",
    "callbacks/loss_threshold.py",
    "callbacks/nan_guard.py",
    "data/expectations.py",
    "data/frame.py",
    "data/gate.py",
    "regression/__init__.py",
    "regression/export.py",
    "regression/golden_model.py",
    "regression/goldens.py",
    "regression/hard_examples.py",
    "regression/update_goldens.py",
    "tune.py",
    "validate_data.py",
}

PACKAGE = {
    "__init__.py",
    "data/__init__.py",
    "data/datamodule.py",
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
    files |= {f"src/{answers['package_name']}/{name}" for name in PACKAGE | ML_PACKAGE}
    files |= ML_TESTS
    if answers["license"] != "proprietary":
        files.add("LICENSE")
    files |= LIFECYCLE
    files |= QUALITY
    if answers.get("include_gpu_workflow", True):
        files |= GPU_WORKFLOW
    if answers.get("include_notebooks", True):
        files |= NOTEBOOKS
    if answers.get("project_kind", "full") == "tooling-only":
        files = {f for f in files if not f.startswith(FULL_ONLY_DIRS)} - FULL_ONLY_FILES
        files.add("pytest.ini")
    return files
