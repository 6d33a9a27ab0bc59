"""Validate the data: ``<project> validate-data [overrides]``.

Runs the dataset's expectation suites through the gx/ checkpoint and builds Data Docs (HTML).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from omegaconf import DictConfig

from .build import build_datamodule
from .config_checks import check_config
from .project import run


def validate_data(cfg: DictConfig) -> bool:
    """Print each failing expectation and where the Data Docs are; return success."""
    from .data_gate.gate import validate

    check_config(cfg)
    report = validate(build_datamodule(cfg), cfg.data_gate, build_docs=True)
    for failure in report.failures:
        print(f"FAILED {failure}")
    print(f"{'PASSED' if report.success else 'FAILED'}: {report.rows} rows checked")
    print(f"Data Docs: {report.docs_index}")
    return report.success


def main(argv: Sequence[str] | None = None) -> None:
    if not run(validate_data, "validate_data", argv):
        sys.exit(1)


if __name__ == "__main__":
    main()
