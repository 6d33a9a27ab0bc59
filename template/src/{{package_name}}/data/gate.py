"""The data gate: run the expectation suites through the gx/ checkpoint; refuse bad data.

great_expectations is imported only here, inside functions, so commands that do not
validate (and a gate that hits its cache) do not pay for its import.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .frame import frame_fingerprint

log = logging.getLogger(__name__)

CHECKPOINT_NAME = "digits"
DATA_SOURCE, ASSET, BATCH = "digits", "splits", "all_splits"


class DataValidationError(ValueError):
    """The data failed its expectations; the message names each failing one and its column."""


@dataclass
class ValidationReport:
    success: bool
    failures: list[str]
    docs_index: Path | None = None


def _suites_fingerprint() -> str:
    # Editing the suites must invalidate the cache of data that passed the old ones.
    return hashlib.sha256(Path(__file__).with_name("expectations.py").read_bytes()).hexdigest()


def _cache_marker(gx_dir: Path, frame: pd.DataFrame) -> Path:
    key = f"{frame_fingerprint(frame)[:24]}-{_suites_fingerprint()[:12]}"
    return gx_dir / "uncommitted" / "passed" / key


def _checkpoint(context: Any, build_docs: bool) -> Any:
    """Suites, validation definitions and checkpoint, rebuilt from expectations.py each run."""
    import great_expectations as gx

    from .expectations import all_suites

    # The data source is declared in the committed great_expectations.yml; adding it again
    # would rewrite that file with fresh ids on every run.
    batch = context.data_sources.get(DATA_SOURCE).get_asset(ASSET).get_batch_definition(BATCH)
    definitions = [
        context.validation_definitions.add_or_update(
            gx.ValidationDefinition(
                name=suite.name, data=batch, suite=context.suites.add_or_update(suite)
            )
        )
        for suite in all_suites()
    ]
    actions = [gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")] if build_docs else []
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=CHECKPOINT_NAME,
            validation_definitions=definitions,
            actions=actions,
            result_format={"result_format": "SUMMARY"},
        )
    )


def _failures(result: Any) -> list[str]:
    failures = []
    for validation in result.run_results.values():
        suite = validation.suite_name
        for outcome in validation.results:
            if outcome.success:
                continue
            config = outcome.expectation_config
            column = config.kwargs.get("column", "<table>")
            seen = outcome.result.get("partial_unexpected_list") or outcome.result.get(
                "observed_value"
            )
            failures.append(f"{suite}: {config.type} on column {column!r} (found: {seen!r})")
    return failures


def validate_frame(
    frame: pd.DataFrame, gx_dir: Path, build_docs: bool = False
) -> ValidationReport:
    """Run the checkpoint on ``frame``; on success remember its fingerprint in gx/uncommitted."""
    import great_expectations as gx

    context = gx.get_context(mode="file", project_root_dir=str(Path(gx_dir).parent))
    result = _checkpoint(context, build_docs).run(batch_parameters={"dataframe": frame})
    docs_index = None
    if build_docs:
        url = context.get_docs_sites_urls()[0]["site_url"]
        docs_index = Path(url.removeprefix("file://"))
    if result.success:
        marker = _cache_marker(Path(gx_dir), frame)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    return ValidationReport(result.success, _failures(result), docs_index)


def require_valid(frame: pd.DataFrame, gx_dir: Path | str) -> None:
    """Raise DataValidationError unless ``frame`` passes; skip GX if these exact values passed."""
    gx_dir = Path(gx_dir)
    if _cache_marker(gx_dir, frame).exists():
        log.info("Data gate: these exact data already passed the suites (cache in %s)", gx_dir)
        return
    report = validate_frame(frame, gx_dir)
    if not report.success:
        raise DataValidationError(
            f"The data failed {len(report.failures)} expectation(s) of the suites in {gx_dir}:\n  "
            + "\n  ".join(report.failures)
            + "\nFix the data (or the suite in data/expectations.py if the expectation is wrong);"
            " to train anyway, knowingly, pass data_gate.enabled=false."
        )
