"""Validate the data: ``validate-data`` or ``python -m <package>.validate_data [overrides]``.

Runs the expectation suites through the gx/ checkpoint and builds Data Docs (HTML).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig

from .data.frame import splits_frame
from .data.gate import validate_frame


def validate_data(cfg: DictConfig) -> bool:
    """Print each failing expectation and where the Data Docs are; return success."""
    frame = splits_frame(hydra.utils.instantiate(cfg.data))
    report = validate_frame(frame, Path(cfg.data_gate.gx_dir), build_docs=True)
    for failure in report.failures:
        print(f"FAILED {failure}")
    print(f"{'PASSED' if report.success else 'FAILED'}: {len(frame)} rows checked")
    print(f"Data Docs: {report.docs_index}")
    return report.success


@hydra.main(version_base="1.3", config_path="../../configs", config_name="validate_data")
def main(cfg: DictConfig) -> None:
    if not validate_data(cfg):
        sys.exit(1)


if __name__ == "__main__":
    main()
