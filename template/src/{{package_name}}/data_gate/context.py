"""great_expectations plumbing: the gx/ file context, its checkpoint, and failures in plain words.

The data source, asset and batch definition are declared once in the committed
gx/great_expectations.yml (declaring them here would rewrite that file with fresh ids on every
run); the suites, their validation definitions and the checkpoint are rebuilt from code on
every run and stored under gx/uncommitted/.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import DictConfig

from ..project import UsageError

CONFIG_FILE = "great_expectations.yml"
#: The Data Docs site's index, under the base_directory that great_expectations.yml gives it.
DOCS_INDEX = Path("uncommitted", "data_docs", "local_site", "index.html")
#: Unexpected values a failure message lists (the Data Docs list more).
MAX_VALUES_SHOWN = 5


def open_context(gx_dir: Path) -> Any:
    """The file context in ``gx_dir``; never scaffold a new one where the repo's is missing."""
    if not (gx_dir / CONFIG_FILE).is_file():
        raise UsageError(
            f"no great_expectations context at {gx_dir} ({CONFIG_FILE} missing): "
            "run the command inside the project, or set data_gate.gx_dir"
        )
    return _context(str(gx_dir.resolve()))


@lru_cache(maxsize=4)
def _context(gx_dir: str) -> Any:
    # Loading a file context reads and validates its whole config (about 0.3 s): a process that
    # validates several tables (the data tests) loads it once.
    import great_expectations as gx

    return gx.get_context(mode="file", project_root_dir=str(Path(gx_dir).parent))


def run_checkpoint(
    context: Any, table: pd.DataFrame, suites: list, names: DictConfig, build_docs: bool
) -> Any:
    """Validate ``table`` against ``suites`` through the checkpoint named in ``names``.

    One process at a time per context: the stores are files, and a checkpoint refuses to run
    when another process rewrote its suites or definitions in between (two first runs at once,
    or a test suite on several workers).
    """
    from filelock import FileLock

    with FileLock(Path(context.root_directory, "uncommitted", "checkpoint.lock")):
        return _run_checkpoint(context, table, suites, names, build_docs)


def _run_checkpoint(
    context: Any, table: pd.DataFrame, suites: list, names: DictConfig, build_docs: bool
) -> Any:
    import great_expectations as gx

    source = context.data_sources.get(names.datasource)
    batch = source.get_asset(names.asset).get_batch_definition(names.batch_definition)
    definitions = [
        context.validation_definitions.add_or_update(
            gx.ValidationDefinition(
                name=suite.name, data=batch, suite=context.suites.add_or_update(suite)
            )
        )
        for suite in suites
    ]
    actions = [gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")] if build_docs else []
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=names.checkpoint,
            validation_definitions=definitions,
            actions=actions,
            result_format={"result_format": "SUMMARY"},
        )
    )
    return checkpoint.run(batch_parameters={"dataframe": table})


def describe_failures(result: Any) -> list[str]:
    """One line per failed expectation: suite, expectation, column, its description if it has
    one, and what was found."""
    failures = []
    for validation in result.run_results.values():
        for outcome in validation.results:
            if outcome.success:
                continue
            config = outcome.expectation_config
            column = config.kwargs.get("column", "<table>")
            raised = (outcome.exception_info or {}).get("exception_message")
            found = raised or outcome.result.get("partial_unexpected_list")
            if found is None:
                found = outcome.result.get("observed_value")
            if isinstance(found, np.generic):
                found = found.item()  # 8.0, not np.float64(8.0)
            shown = repr(found)
            if isinstance(found, list) and len(found) > MAX_VALUES_SHOWN:
                shown = repr(found[:MAX_VALUES_SHOWN])[:-1] + ", ...]"
            what = "raised" if raised else "found"
            why = f"{config.description}; " if config.description else ""
            failures.append(
                f"{validation.suite_name}: {config.type} on column {column!r} "
                f"({why}{what}: {shown})"
            )
    return failures


def docs_index(context: Any) -> Path:
    url = context.get_docs_sites_urls()[0]["site_url"]
    return Path(url.removeprefix("file://"))


def docs_index_if_built(gx_dir: Path) -> Path | None:
    """The Data Docs index under ``gx_dir`` if a validation built it, without importing GX."""
    index = gx_dir / DOCS_INDEX
    return index if index.is_file() else None
