"""Median time of one data gate validation (the digits table against both suites), in-process.

    python benchmarks/data_gate_validation.py [--runs 9] [--against REF]

What `validate-data`, a training run on new data and each data gate test pay for the work of
great_expectations, its import and the context's loading left out: one process per render
composes the train config, validates once (which registers the suites in gx/ as every later run
finds them), then times ``--runs`` validations. `--against REF` renders this checkout at REF
as well; the two processes run one after the other, twice, so both see the same load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.commands import project_env  # noqa: E402 - needs ROOT on sys.path
from tests.helpers.rendering import render  # noqa: E402 - needs ROOT on sys.path

VALIDATIONS = """
import json, sys, time
from hydra import compose, initialize_config_dir
from ml_project.build import build_datamodule
from ml_project.data_gate import gate

with initialize_config_dir(config_dir=sys.argv[1], version_base=None):
    cfg = compose("train")
datamodule = build_datamodule(cfg)
table = gate.table_of(datamodule)
gate.validate_table(table, datamodule, cfg.data_gate)
seconds = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    assert gate.validate_table(table, datamodule, cfg.data_gate).success
    seconds.append(time.perf_counter() - start)
print(json.dumps(seconds))
"""


def validation_seconds(project: Path, runs: int) -> list[float]:
    result = subprocess.run(
        [sys.executable, "-c", VALIDATIONS, str(project / "configs"), str(runs)],
        cwd=project,
        env=project_env(project),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--against", metavar="REF", help="also measure a render of REF")
    args = parser.parse_args()
    refs = ["HEAD", *([args.against] if args.against else [])]
    seconds: dict[str, list[float]] = {ref: [] for ref in refs}
    with tempfile.TemporaryDirectory() as scratch:
        projects = {
            ref: render(Path(scratch) / f"project-{number}", vcs_ref=ref)
            for number, ref in enumerate(refs)
        }
        for _ in range(2):
            for ref, project in projects.items():
                seconds[ref] += validation_seconds(project, args.runs)
    for ref, runs in seconds.items():
        print(
            f"{ref}: one validation, median of {len(runs)}: {statistics.median(runs):.3f} s "
            f"(fastest {min(runs):.3f} s, slowest {max(runs):.3f} s)"
        )


if __name__ == "__main__":
    main()
