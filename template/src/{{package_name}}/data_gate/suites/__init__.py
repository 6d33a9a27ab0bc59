"""Expectation suites: contract.py for what every dataset promises, <dataset name>.py for the rest.

A dataset's suites are found by its datamodule's ``name``: digits -> digits.py, whose
``profile_suite`` adds what is true of that dataset alone (its size, its class balance).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from ...data.base import ImageDataModule
from ...project import UsageError
from .contract import contract_suite


def profile_module(datamodule: ImageDataModule) -> ModuleType:
    module_name = f"{__name__}.{datamodule.name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        raise UsageError(
            f"no expectation suite for dataset {datamodule.name!r}: write "
            f"{Path(__file__).with_name(datamodule.name + '.py')} with a "
            "profile_suite(datamodule) function (suites/digits.py is an example)"
        ) from None


def suites_for(datamodule: ImageDataModule) -> list:
    """The contract every dataset keeps, then the dataset's own profile."""
    return [contract_suite(datamodule), profile_module(datamodule).profile_suite(datamodule)]


def suite_sources(datamodule: ImageDataModule) -> bytes:
    """The code of both suites: part of the gate's cache key, so editing a suite re-validates."""
    modules = (Path(__file__).with_name("contract.py"), Path(profile_module(datamodule).__file__))
    return b"".join(path.read_bytes() for path in modules)
