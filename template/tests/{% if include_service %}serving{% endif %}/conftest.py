"""The golden model, exported once for the tests that need a model to serve but not a new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.model.golden import export_golden


@pytest.fixture(scope="session")
def golden_served(tmp_path_factory) -> Path:
    return export_golden(tmp_path_factory.mktemp("golden") / "model.pt2")
