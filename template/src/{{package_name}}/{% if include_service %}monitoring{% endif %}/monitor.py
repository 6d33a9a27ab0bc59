"""Judge the served traffic: ``<project> monitor [overrides]``.

Reads the prediction log the service wrote (monitoring.served_log: serving.prediction_log, or
the path or URL in the SERVED_LOG environment variable) and the served model's artifact
(serving.model), keeps the records of that model's version, and runs three suites over them in
the gx/ context: inputs and predictions against the model's training reference, the service's
refusals and latency, and the model's staleness. Where true labels came back, it compares the
online accuracy, overall and per class, with the model's offline one (online.py). Prints each
failure, builds Data Docs, and exits 1 when anything failed; a record of the log it cannot read
exits 4, naming its line and field (serving/prediction_log.py: read_log).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from ..build import build_datamodule
from ..data_gate import context
from ..goldens.export import Exported, load_exported
from ..project import UsageError, run, shown
from ..serving.prediction_log import is_url, read_log
from .online import accuracy_drops, describe, join_labels, online_accuracy
from .suites import inputs_suite, model_suite, requests_suite
from .tables import model_table, traffic_tables

#: The prediction log's tables, as gx/great_expectations.yml declares them (its assets).
TABLES = ("inputs", "requests", "model")


@dataclass
class MonitorReport:
    success: bool
    failures: list[str]
    requests: int
    inputs: int
    other_versions: int
    #: The online accuracy beside the offline one, or why it was not judged.
    online: str = ""
    docs_index: Path | None = None


def check_traffic(
    exported: Exported,
    records: list[dict],
    data_fingerprint: str,
    settings: DictConfig,
    now: datetime,
    build_docs: bool = False,
) -> MonitorReport:
    """Run the monitoring suites over ``records`` served by ``exported``."""
    metadata, version = exported.metadata, exported.metadata["model_version"]
    traffic = traffic_tables(records, version)
    if traffic.requests.empty:
        raise UsageError(
            f"the prediction log holds no request served by model {version} "
            f"({traffic.other_versions} of other versions): serve this model first, or point "
            "serving.model at the model that served the log"
        )
    # Suites need an active context: open it first.
    gx_context = context.open_context(Path(settings.gx_dir))
    dataset = metadata["dataset"]
    suites = {
        "inputs": inputs_suite(f"{dataset}_served_inputs", metadata, exported.reference, settings),
        "requests": requests_suite(f"{dataset}_served_requests", settings),
        "model": model_suite(f"{dataset}_served_model", data_fingerprint, settings),
    }
    tables = {"inputs": traffic.inputs, "requests": traffic.requests}
    tables["model"] = model_table(metadata, now)
    failures: list[str] = []
    success = True
    for table in TABLES:
        names = OmegaConf.create(
            {
                "datasource": settings.datasource,
                "asset": table,
                "batch_definition": "whole_table",
                "checkpoint": f"monitor_{table}",
            }
        )
        # Data Docs for this run's results only (rebuilding every page would take longer with
        # each run the validation store keeps).
        result = context.run_checkpoint(
            gx_context, tables[table], [suites[table]], names, build_docs=build_docs
        )
        success = success and result.success
        failures += context.describe_failures(result)
    docs_index = context.docs_index(gx_context) if build_docs else None
    online, drops = judge_online_accuracy(exported, records, settings)
    return MonitorReport(
        success=success and not drops,
        failures=failures + drops,
        requests=len(traffic.requests),
        inputs=len(traffic.inputs),
        other_versions=traffic.other_versions,
        online=online,
        docs_index=docs_index,
    )


def judge_online_accuracy(
    exported: Exported, records: list[dict], settings: DictConfig
) -> tuple[str, list[str]]:
    """The online accuracy of ``exported``'s labelled images in one line, and each drop below
    its offline accuracy beyond the limit."""
    metadata = exported.metadata
    offline = metadata.get("offline")
    if offline is None:
        raise UsageError(
            f"the exported model {metadata['model_version']} carries no offline accuracy to "
            "compare served traffic with: it was exported by an older version; run `export` again"
        )
    images = join_labels(records).images
    mine = images[images["model_version"] == metadata["model_version"]]
    online = online_accuracy(mine, metadata["class_names"])
    drops = accuracy_drops(online, offline, settings)
    return describe(online, offline, settings), [f"online_accuracy: {drop}" for drop in drops]


def monitor(cfg: DictConfig) -> bool:
    """Print each failed expectation, a summary and where the Data Docs are; return success."""
    exported = load_exported(cfg.serving.model)
    source = str(cfg.monitoring.served_log or "").strip()
    if not source:
        raise UsageError(
            "monitoring.served_log is empty: set SERVED_LOG (the scheduled workflow reads the "
            "repository secret SERVED_LOG) to the service's prediction log, a path or a URL"
        )
    records = read_log(source)
    fingerprint = build_datamodule(cfg).fingerprint()
    now = datetime.now(timezone.utc)
    report = check_traffic(exported, records, fingerprint, cfg.monitoring, now, build_docs=True)
    version = exported.metadata["model_version"]
    for failure in report.failures:
        print(f"FAILED {failure}")
    skipped = (
        f"; {report.other_versions} of other models left out" if report.other_versions else ""
    )
    print(
        f"{'PASSED' if report.success else 'FAILED'}: {report.requests} requests, "
        f"{report.inputs} images served by model {version} "
        f"(trained {exported.metadata['trained_at']}), from {shown_source(source)}{skipped}"
    )
    print(report.online)
    print(f"Data Docs: {report.docs_index}")
    return report.success


def shown_source(source: str) -> str:
    return source if is_url(source) else shown(Path(source))


def main(argv: Sequence[str] | None = None) -> None:
    if not run(monitor, "monitor", argv):
        sys.exit(1)


if __name__ == "__main__":
    main()
