"""Shared fixtures: configs that write under tmp_path; gpu tests skip without a GPU."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from omegaconf import DictConfig

from tests import hydra_configs
from tests.hydra_configs import compose_config, shrink_for_tests

#: `pytest --ml-test-score`: the run scored against the ML Test Score rubric.
pytest_plugins = ["tests.ml_test_score"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--override",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Hydra override for every config the tests compose, e.g. data=my_data",
    )


def pytest_configure(config: pytest.Config) -> None:
    hydra_configs.SESSION_OVERRIDES[:] = config.getoption("override")
    # pyproject's `pythonpath` makes src/ importable in this process; notebook kernels and
    # other subprocesses the tests start need it too, installed package or not.
    paths = [str(hydra_configs.PROJECT_ROOT / "src"), os.environ.get("PYTHONPATH")]
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, paths))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `gpu` tests, with the reason, where no CUDA device is visible."""
    if torch.cuda.is_available():
        return
    no_cuda = pytest.mark.skip(reason="needs a CUDA device: torch.cuda.is_available() is False")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(no_cuda)


@pytest.fixture
def cfg_train(tmp_path: Path) -> DictConfig:
    """The default training config, writing under tmp_path."""
    return shrink_for_tests(compose_config("train"), tmp_path / "run")


@pytest.fixture
def cfg_evaluate(tmp_path: Path) -> DictConfig:
    """The default evaluation config, writing under tmp_path (ckpt_path still to set)."""
    return shrink_for_tests(compose_config("evaluate", ["ckpt_path=unset"]), tmp_path / "eval")
