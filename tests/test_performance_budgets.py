"""Computing performance (monitor-6) in a generated repo, run as its CI job runs it: the check
passes the code its baseline was recorded for and fails a slower training, naming the figure.

The baseline is recorded here first (`--record`): the committed one is of another machine, and
this test proves the check, not this machine's speed. One run of each (`--repeat 1`) keeps it
short.
"""

from __future__ import annotations

import sys

import yaml

from tests.helpers.commands import run_cli, run_in
from tests.helpers.edits import replace_in
from tests.helpers.git import init_repo

CHECK = (sys.executable, "benchmarks/performance.py", "--repeat", "1")
BASELINE = "benchmarks/performance_baseline.yaml"
FIGURES = {
    "train_samples_per_s",
    "train_peak_memory_mib",
    "serve_p50_ms",
    "serve_p99_ms",
    "serve_requests_per_s",
}


def test_performance_check_passes_its_baseline_and_fails_a_slower_training(fresh_project):
    """Catches a CI job that cannot fail: a slower training step (10 ms more each: about twice
    its time and more) must fail `python benchmarks/performance.py`, naming
    train_samples_per_s, where the unchanged code passed; --record keeps the committed
    margins."""
    project = init_repo(fresh_project, "Start from ml-testkit")
    margins = yaml.safe_load((project / BASELINE).read_text())["margins"]
    run_cli(project, "export")
    run_in(project, *CHECK, "--record")
    recorded = yaml.safe_load((project / BASELINE).read_text())
    assert set(recorded["figures"]) == set(recorded["normalised"]) == FIGURES
    assert recorded["margins"] == margins
    assert all(value > 0 for value in recorded["normalised"].values()), recorded

    unchanged = run_in(project, *CHECK)
    assert "every figure within its margin of the baseline" in unchanged.stdout

    package = next(path.name for path in (project / "src").iterdir() if path.is_dir())
    replace_in(
        project / "src" / package / "models" / "classifier.py",
        "    def training_step(self, batch, batch_idx: int) -> torch.Tensor:\n",
        "    def training_step(self, batch, batch_idx: int) -> torch.Tensor:\n"
        "        __import__('time').sleep(0.01)\n",
    )
    slower = run_in(project, *CHECK, check=False)
    assert slower.returncode == 1, slower.stdout + slower.stderr[-3000:]
    [message] = slower.stderr.strip().splitlines()[1:]
    assert message.startswith("train_samples_per_s: "), slower.stderr
    assert "computing performance regressed" in slower.stderr
