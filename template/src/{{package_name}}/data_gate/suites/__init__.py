"""Expectation suites: contract.py for what every dataset promises, <dataset name>.py for the rest.

A dataset's suites are found by its datamodule's ``name``: digits -> digits.py, whose
``profile_suite`` adds what is true of that dataset alone (its size, its class balance).

Both import great_expectations, which takes seconds: they are imported when a suite is built,
not when the gate only reads their source to find that these exact data passed already.

Each builds its suite whole, ``gx.ExpectationSuite(name=..., expectations=[...])``: once gx/
holds a suite of that name, ``suite.add_expectation`` writes the stored suite anew for every
expectation added, a quarter of a validation's time.
"""

from __future__ import annotations

import importlib
import importlib.util
from importlib.machinery import ModuleSpec
from pathlib import Path

from ...data.base import ImageDataModule
from ...project import UsageError


def profile_spec(datamodule: ImageDataModule) -> ModuleSpec:
    """Where the dataset's profile module is, found without importing it; refused if nowhere."""
    spec = importlib.util.find_spec(f"{__name__}.{datamodule.name}")
    if spec is None:
        raise UsageError(
            f"no expectation suite for dataset {datamodule.name!r}: write "
            f"{Path(__file__).with_name(datamodule.name + '.py')} with a "
            "profile_suite(datamodule) function (suites/digits.py is an example)"
        )
    return spec


def suites_for(datamodule: ImageDataModule) -> list:
    """The contract every dataset keeps, then the dataset's own profile."""
    from .contract import contract_suite

    profile = importlib.import_module(profile_spec(datamodule).name)
    return [contract_suite(datamodule), profile.profile_suite(datamodule)]


def suite_sources(datamodule: ImageDataModule) -> bytes:
    """The code of both suites: part of the gate's cache key, so editing a suite re-validates."""
    modules = (Path(__file__).with_name("contract.py"), Path(profile_spec(datamodule).origin))
    return b"".join(path.read_bytes() for path in modules)
