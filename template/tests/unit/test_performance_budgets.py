"""Computing performance has not regressed (monitor-6): benchmarks/performance.py measures this
code's figures against benchmarks/performance_baseline.yaml, and the performance workflow runs
it on every push and pull request.

The check is the workflow, not this test: measuring takes minutes, so it never runs in the
suite. This test proves the check can fail: the comparison the workflow runs passes the
recorded figures and fails a figure made worse than its margin, naming it; the margins are
narrow enough to notice a regression; and the workflow runs the comparison, not the recording.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from benchmarks.performance import FIGURES, Figure, normalised, read_baseline, regressions
from tests.hydra_configs import PROJECT_ROOT

WORKFLOW = ".github/workflows/performance.yml"
CHECK = "python benchmarks/performance.py"
#: The widest margin a figure may have: one that lets it double unnoticed is no budget.
WIDEST_MARGIN = 2.0


def made_worse(record: dict, figure: Figure, factor: float) -> dict:
    """``record`` with ``figure`` ``factor`` times worse, on a machine of the same speed."""
    worse = {}
    for part in ("figures", "normalised"):
        value = record[part][figure.name]
        worse[part] = {
            **record[part],
            figure.name: value / factor if figure.better == "higher" else value * factor,
        }
    return {**record, **worse}


def on_a_faster_machine(figure: Figure, value: float, speedup: float) -> float:
    """What ``value`` becomes, same code, on a machine ``speedup`` times as fast."""
    return value * {"throughput": speedup, "latency": 1 / speedup, None: 1.0}[figure.speed]


@pytest.mark.ml_test_score("monitor-6", workflow=WORKFLOW)
def test_a_figure_worse_than_its_margin_fails_the_performance_check():
    """Catches a budget that cannot fail: a comparison that lets a regressed figure through, or
    a margin so wide that a figure may double unnoticed. A faster or slower machine is no
    regression: the reference workload divides its speed out."""
    baseline = read_baseline()
    assert date.fromisoformat(baseline["recorded_on"]) <= date.today(), baseline["recorded_on"]
    assert regressions(baseline, baseline) == {}
    for figure in FIGURES:
        value, reference = baseline["figures"][figure.name], baseline["reference_per_s"]
        for speedup in (3.0, 1 / 3):
            elsewhere = on_a_faster_machine(figure, value, speedup)
            assert normalised(figure, elsewhere, reference * speedup) == pytest.approx(
                normalised(figure, value, reference)
            ), figure
        margin = baseline["margins"][figure.name]
        assert 1 < margin <= WIDEST_MARGIN, f"{figure.name}: margin {margin}"
        assert regressions(baseline, made_worse(baseline, figure, margin * 0.95)) == {}
        found = regressions(baseline, made_worse(baseline, figure, margin * 1.05))
        assert list(found) == [figure.name], found
        assert found[figure.name].startswith(f"{figure.name}: "), found


@pytest.mark.ml_test_score("monitor-6", workflow=WORKFLOW)
def test_the_performance_workflow_compares_every_change_with_the_baseline():
    """Catches a check that never runs: a workflow that only records a new baseline, runs on a
    schedule nobody watches, or lets the job pass when the comparison fails."""
    workflow = yaml.safe_load((PROJECT_ROOT / WORKFLOW).read_text())
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers), triggers
    steps = [
        (job, step)
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if CHECK in step.get("run", "")
    ]
    assert steps, f"no job of {WORKFLOW} runs `{CHECK}`"
    for job, step in steps:
        assert "--record" not in step["run"], step
        assert not job.get("continue-on-error") and not step.get("continue-on-error"), step
        assert job["permissions"] == {"contents": "read"}, job["permissions"]
