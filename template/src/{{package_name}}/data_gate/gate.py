"""The gate itself: validate a datamodule's table, refuse failing data, remember passing data."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig

from ..data.base import ImageDataModule
from ..project import ProjectError, shown
from . import cache, context
from .data_card import require_data_card
from .suites import suite_sources, suites_for

log = logging.getLogger(__name__)


class DataValidationError(ProjectError):
    """The data failed its expectations; the message names each failing one and its column."""

    exit_code = 3


@dataclass
class ValidationReport:
    success: bool
    failures: list[str]
    rows: int
    docs_index: Path | None = None


def table_of(datamodule: ImageDataModule) -> pd.DataFrame:
    """The datamodule's validation table; images and labels that do not pair up are refused."""
    images, labels = datamodule.arrays()
    if len(images) != len(labels):
        raise DataValidationError(
            f"{type(datamodule).__name__}.load_arrays() returned {len(images)} images but "
            f"{len(labels)} labels: each image needs exactly one label"
        )
    return datamodule.validation_table()


def validate(
    datamodule: ImageDataModule, gate: DictConfig, build_docs: bool = False
) -> ValidationReport:
    """Run every suite of the dataset on its table; on success, remember the table passed."""
    return validate_table(table_of(datamodule), datamodule, gate, build_docs)


def validate_table(
    table: pd.DataFrame, datamodule: ImageDataModule, gate: DictConfig, build_docs: bool = False
) -> ValidationReport:
    """Run the suites of ``datamodule``'s dataset on ``table`` (its own, or one a test made)."""
    gx_dir = Path(gate.gx_dir)
    gx_context = context.open_context(gx_dir)
    result = context.run_checkpoint(
        gx_context, table, suites_for(datamodule), gate, build_docs=build_docs
    )
    if result.success:
        cache.remember_pass(gx_dir, cache.cache_key(table, suite_sources(datamodule)))
    return ValidationReport(
        success=result.success,
        failures=context.describe_failures(result),
        rows=len(table),
        docs_index=context.docs_index(gx_context) if build_docs else None,
    )


def require_valid(datamodule: ImageDataModule, gate: DictConfig) -> str:
    """Refuse a dataset without a complete data card, and data that fails its suites; skip GX if
    these exact data passed.

    Returns the verdict in a few words, and where the Data Docs are, if built.
    """
    require_data_card(datamodule)
    gx_dir = Path(gate.gx_dir)
    docs = context.docs_index_if_built(gx_dir)
    docs_note = (
        f"Data Docs {shown(docs)}" if docs else "no Data Docs yet (validate-data builds them)"
    )
    key = cache.cache_key(table_of(datamodule), suite_sources(datamodule))
    if cache.has_passed(gx_dir, key):
        log.info("Data gate: these exact data already passed the suites (cache in %s)", gx_dir)
        return f"passed (these exact data, cached); {docs_note}"
    report = validate(datamodule, gate)
    if not report.success:
        raise DataValidationError(
            f"the data failed {len(report.failures)} expectation(s) of the suites in {gx_dir}:\n  "
            + "\n  ".join(report.failures)
            + f"\nFix the data (or the suite in data_gate/suites/{datamodule.name}.py if the "
            "expectation is wrong); to train anyway, knowingly, pass data_gate.enabled=false."
        )
    return f"passed; {docs_note}"
