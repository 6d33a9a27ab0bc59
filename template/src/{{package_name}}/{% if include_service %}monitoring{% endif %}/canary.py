"""Judge a canary: ``<project> canary-verdict [overrides]`` says promote or roll back.

Reads the prediction log the service wrote while it ran a candidate beside the golden model
(``serve serving.canary.model=...``: serving/canary.py) and both artifacts (serving.model and
serving.canary.model). Each model is judged on the traffic it got: its images, mean confidence,
p50 and p99 latency, and its accuracy on the images whose true labels came back; the candidate's
answers are compared with the golden model's answers to the same images (the log's ``shadow``).
The candidate is promoted only if it agrees with the golden model often enough and is no less
confident, no slower and no less accurate than ``monitoring.canary`` allows.

The candidate reaches the canary through the quality gate: adopted by ``update-goldens
ckpt_path=...`` (which keeps the model it replaces) and exported to its own file. ``act=true``
carries the verdict out: a roll back runs ``rollback-goldens`` while the golden model is the
candidate (so running it again changes nothing); then ``export`` serves whichever model is
golden. Exit 0: promote (or, with act=true, the verdict carried out); 1: roll back; 2: too
little traffic to say.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from omegaconf import DictConfig

from ..build import build_datamodule
from ..goldens.export import load_exported, model_version
from ..goldens.rollback import rollback_goldens
from ..goldens.store import load_golden_net
from ..project import UsageError, run
from ..serving.prediction_log import read_log
from .online import join_labels, online_accuracy
from .tables import traffic_tables


@dataclass(frozen=True)
class Arm:
    """What one model did with the traffic it got."""

    version: str
    images: int
    mean_confidence: float
    latency_ms: dict[str, float]
    labelled: int
    accuracy: float | None


def arm(records: list[dict], images: pd.DataFrame, version: str, class_names: list) -> Arm:
    """``version``'s figures from the log's ``records`` (``images``: join_labels' table)."""
    traffic = traffic_tables(records, version)
    latencies = traffic.requests["latency_ms"].dropna()
    online = online_accuracy(images[images["model_version"] == version], class_names)
    return Arm(
        version=version,
        images=len(traffic.inputs),
        mean_confidence=float(traffic.inputs["confidence"].mean()) if len(traffic.inputs) else 0.0,
        latency_ms={p: float(latencies.quantile(int(p[1:]) / 100)) for p in ("p50", "p99")},
        labelled=online.labelled,
        accuracy=online.accuracy,
    )


def agreement(images: pd.DataFrame, candidate: str) -> float:
    """The share of the candidate's images on which the golden model (its shadow answer)
    predicted the same class."""
    mine = images[(images["model_version"] == candidate) & images["shadow"].notna()]
    return float((mine["prediction"] == mine["shadow"]).mean()) if len(mine) else 0.0


def reasons_to_roll_back(golden: Arm, candidate: Arm, agreed: float, limits: DictConfig) -> list:
    """Each way the candidate falls short of the golden model, with its figures."""
    reasons = []
    if agreed < limits.min_agreement:
        reasons.append(
            f"it agrees with the golden model on {agreed:.1%} of its images, below "
            f"monitoring.canary.min_agreement={limits.min_agreement:g}"
        )
    if golden.mean_confidence - candidate.mean_confidence > limits.max_confidence_drop:
        reasons.append(
            f"its mean confidence {candidate.mean_confidence:.4f} is below the golden model's "
            f"{golden.mean_confidence:.4f} by more than monitoring.canary.max_confidence_drop="
            f"{limits.max_confidence_drop:g}"
        )
    for percentile, allowed in limits.max_latency_increase_ms.items():
        slower = candidate.latency_ms[percentile] - golden.latency_ms[percentile]
        if slower > allowed:
            reasons.append(
                f"its {percentile} latency {candidate.latency_ms[percentile]:.1f} ms is "
                f"{slower:.1f} ms over the golden model's, more than "
                f"monitoring.canary.max_latency_increase_ms.{percentile}={allowed:g}"
            )
    if min(golden.labelled, candidate.labelled) >= limits.min_labelled:
        if golden.accuracy - candidate.accuracy > limits.max_accuracy_drop:
            reasons.append(
                f"its accuracy {candidate.accuracy:.4f} on {candidate.labelled} labelled images "
                f"is below the golden model's {golden.accuracy:.4f} by more than "
                f"monitoring.canary.max_accuracy_drop={limits.max_accuracy_drop:g}"
            )
    return reasons


def table(golden: Arm, candidate: Arm) -> str:
    rows = [("", f"golden {golden.version}", f"candidate {candidate.version}")]
    for name, value in [
        ("images", lambda a: str(a.images)),
        ("mean confidence", lambda a: f"{a.mean_confidence:.4f}"),
        ("latency p50 (ms)", lambda a: f"{a.latency_ms['p50']:.1f}"),
        ("latency p99 (ms)", lambda a: f"{a.latency_ms['p99']:.1f}"),
        ("labelled images", lambda a: str(a.labelled)),
        ("accuracy (labelled)", lambda a: "-" if a.accuracy is None else f"{a.accuracy:.4f}"),
    ]:
        rows.append((name, value(golden), value(candidate)))
    return "\n".join(f"{a:<20} {b:<24} {c}" for a, b, c in rows)


def canary_verdict(cfg: DictConfig) -> bool:
    """Print both models' figures and the verdict; True to promote."""
    if not cfg.serving.canary.model:
        raise UsageError(
            "serving.canary.model is not set: name the candidate that served beside the golden "
            "model (canary-verdict serving.canary.model=artifacts/candidate.pt2)"
        )
    golden_model = load_exported(cfg.serving.model)
    candidate_model = load_exported(cfg.serving.canary.model)
    if candidate_model.metadata["model_version"] == golden_model.metadata["model_version"]:
        print(
            f"Nothing to judge: the candidate is the served model itself (version "
            f"{golden_model.metadata['model_version']}), promoted already."
        )
        return True
    records = read_log(cfg.monitoring.served_log)
    images = join_labels(records).images
    class_names = golden_model.metadata["class_names"]
    golden, candidate = (
        arm(records, images, exported.metadata["model_version"], class_names)
        for exported in (golden_model, candidate_model)
    )
    limits = cfg.monitoring.canary
    short = [a for a in (golden, candidate) if a.images < limits.min_images]
    if short:
        raise UsageError(
            f"too little traffic to judge the canary: {', '.join(str(a.images) for a in short)} "
            f"images served by model {', '.join(a.version for a in short)}, fewer than "
            f"monitoring.canary.min_images={limits.min_images}: let it serve longer, or raise "
            "serving.canary.share"
        )
    agreed = agreement(images, candidate.version)
    print(table(golden, candidate))
    print(f"agreement with the golden model on the candidate's images: {agreed:.1%}")
    reasons = reasons_to_roll_back(golden, candidate, agreed, limits)
    adopted = golden_version(cfg) == candidate.version
    if not reasons:
        print(f"PROMOTE {candidate.version}: it held up beside the golden model on live traffic.")
        source = candidate_model.metadata["source"]
        print(
            "It is the golden model: `export`, and serve it alone."
            if adopted
            else f"Adopt it through the quality gate, `update-goldens ckpt_path={source}`, then "
            "`export` and serve it alone."
        )
        return True
    print(f"ROLL BACK {candidate.version}: " + "; ".join(reasons))
    if not cfg.act:
        print(
            "`rollback-goldens` (if it was adopted), then `export`, and serve the golden model "
            "alone; or pass act=true to roll back now."
        )
        return False
    if adopted:
        rollback_goldens(cfg)
    else:
        print("The golden model is not the candidate: nothing to roll back.")
    print("`export`, and serve the golden model alone.")
    return True


def golden_version(cfg: DictConfig) -> str | None:
    """The version the golden model would be exported with (None: no golden model)."""
    try:
        return model_version(load_golden_net(cfg, build_datamodule(cfg)))
    except UsageError:
        return None


def main(argv: Sequence[str] | None = None) -> None:
    if not run(canary_verdict, "canary_verdict", argv):
        sys.exit(1)


if __name__ == "__main__":
    main()
