"""The prediction log as tables, one per question the monitor asks.

requests: one row per request (status, latency); inputs: one row per served image (its
summaries, the predicted class, the confidence); model: one row, the served model's age and
the fingerprint of the data it was trained on. Only records of the served model's version are
taken: a log that outlived earlier models says nothing about this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

REQUEST_COLUMNS = ["time", "status", "latency_ms", "batch_size"]
INPUT_COLUMNS = ["pixel_min", "pixel_max", "pixel_mean", "prediction", "confidence"]


@dataclass(frozen=True)
class Traffic:
    requests: pd.DataFrame
    inputs: pd.DataFrame
    #: Records of other model versions, left out.
    other_versions: int


def traffic_tables(records: list[dict], model_version: str) -> Traffic:
    """The requests and inputs tables of ``model_version``'s records.

    >>> record = {"time": "t", "model_version": "v1", "status": 200, "latency_ms": 2.0,
    ...           "inputs": [{"pixel_min": 0.0, "pixel_max": 16.0, "pixel_mean": 5.0}],
    ...           "predictions": [3], "confidences": [0.9]}
    >>> traffic = traffic_tables([record, {**record, "model_version": "v0"}], "v1")
    >>> len(traffic.requests), traffic.inputs["prediction"].tolist(), traffic.other_versions
    (1, [3], 1)
    """
    mine = [record for record in records if record.get("model_version") == model_version]
    requests = [
        {
            "time": record["time"],
            "status": record["status"],
            "latency_ms": record.get("latency_ms"),
            "batch_size": len(record.get("predictions", [])),
        }
        for record in mine
    ]
    inputs = [
        {**summary, "prediction": prediction, "confidence": confidence}
        for record in mine
        if record["status"] == 200
        for summary, prediction, confidence in zip(
            record["inputs"], record["predictions"], record["confidences"], strict=True
        )
    ]
    return Traffic(
        requests=pd.DataFrame(requests, columns=REQUEST_COLUMNS).astype({"latency_ms": float}),
        inputs=pd.DataFrame(inputs, columns=INPUT_COLUMNS),
        # Labels sent back (feedback records) are no requests of any model.
        other_versions=sum("feedback" not in record for record in records) - len(mine),
    )


def age_in_days(trained_at: str, now: datetime) -> float:
    """Days from ``trained_at`` (ISO 8601, with its time zone) to ``now``.

    >>> from datetime import timezone
    >>> age_in_days("2026-01-01T00:00:00+00:00", datetime(2026, 1, 3, 12, tzinfo=timezone.utc))
    2.5
    """
    return (now - datetime.fromisoformat(trained_at)).total_seconds() / 86400


def model_table(metadata: dict, now: datetime) -> pd.DataFrame:
    """One row: the served model's version, its age in days, its training data's fingerprint."""
    return pd.DataFrame(
        [
            {
                "model_version": metadata["model_version"],
                "model_age_days": age_in_days(metadata["trained_at"], now),
                "data_fingerprint": metadata["data_fingerprint"],
            }
        ]
    )
