"""Online accuracy: the true labels sent back (``POST /feedback``), joined to the answers.

A label record names its request by the id the answer carried, so ``join_labels`` pairs each
served image with its true label, whatever order the labels came back in (None while none has).
The accuracy is measured on the labelled images only, overall and per true class, and compared
with the offline figure the served model carries: its model card's test accuracy (export.py
puts it in the artifact). A drop beyond ``monitoring.max_online_accuracy_drop`` fails `monitor`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from omegaconf import DictConfig

JOINED_COLUMNS = ["model_version", "request_id", "prediction", "confidence", "label", "shadow"]


@dataclass(frozen=True)
class Joined:
    #: One row per served image: which model answered, the request, its prediction and
    #: confidence, its true label (None: none came back) and the golden model's shadow answer
    #: where a canary candidate answered (None elsewhere).
    images: pd.DataFrame
    #: Labels sent back for a request id that no served record carries.
    unmatched: int
    #: Labels sent back for a request with another number of images.
    miscounted: int


def join_labels(records: list[dict]) -> Joined:
    """The log's served images, each with the true label sent back for it (the last one sent).

    >>> served = {"time": "t", "model_version": "v1", "status": 200, "request_id": "a",
    ...           "inputs": [{}, {}], "predictions": [3, 5], "confidences": [0.9, 0.8]}
    >>> joined = join_labels([served, {"time": "t", "feedback": "a", "labels": [3, 4]}])
    >>> joined.images[["prediction", "label"]].values.tolist()
    [[3, 3], [5, 4]]
    """
    labels_of = {entry["feedback"]: entry["labels"] for entry in records if "feedback" in entry}
    rows, miscounted, matched = [], 0, set()
    for record in records:
        if record.get("status") != 200:
            continue
        request_id = record.get("request_id")
        labels = labels_of.get(request_id)
        if labels is not None:
            matched.add(request_id)
            if len(labels) != len(record["predictions"]):
                miscounted += len(labels)
                labels = None
        shadow = record.get("shadow", {}).get("predictions")
        for index, (prediction, confidence) in enumerate(
            zip(record["predictions"], record["confidences"], strict=True)
        ):
            rows.append(
                {
                    "model_version": record["model_version"],
                    "request_id": request_id,
                    "prediction": prediction,
                    "confidence": confidence,
                    "label": labels[index] if labels else None,
                    "shadow": shadow[index] if shadow else None,
                }
            )
    unmatched = sum(len(labels) for key, labels in labels_of.items() if key not in matched)
    images = pd.DataFrame(rows, columns=JOINED_COLUMNS).astype(
        {"label": "Int64", "shadow": "Int64"}
    )
    return Joined(images, unmatched, miscounted)


@dataclass(frozen=True)
class OnlineAccuracy:
    images: int
    labelled: int
    #: On the labelled images; None when none is.
    accuracy: float | None
    #: Class name -> {"accuracy", "samples"}, by true label, for the classes labelled.
    per_class: dict[str, dict]


def online_accuracy(images: pd.DataFrame, class_names: list[str]) -> OnlineAccuracy:
    """Accuracy of ``images`` (a Joined table's rows) on those with a true label only.

    >>> rows = pd.DataFrame({"prediction": [1, 1, 0], "label": [1, 0, None]}).astype(
    ...     {"label": "Int64"})
    >>> measured = online_accuracy(rows, ["zero", "one"])
    >>> measured.labelled, measured.accuracy, measured.per_class["one"]
    (2, 0.5, {'accuracy': 1.0, 'samples': 1})
    """
    labelled = images[images["label"].notna()]
    correct = (labelled["prediction"] == labelled["label"]).astype(bool)
    per_class = {
        class_names[int(label)]: {
            "accuracy": round(float(correct[labelled["label"] == label].mean()), 6),
            "samples": int((labelled["label"] == label).sum()),
        }
        for label in sorted(labelled["label"].unique())
    }
    accuracy = round(float(correct.mean()), 6) if len(labelled) else None
    return OnlineAccuracy(len(images), len(labelled), accuracy, per_class)


def accuracy_drops(online: OnlineAccuracy, offline: dict, limits: DictConfig) -> list[str]:
    """Each way the online accuracy fell more than ``limits.max_online_accuracy_drop`` below
    the offline figures (overall, then per class), where enough images are labelled to say."""
    drop, split = limits.max_online_accuracy_drop, offline["split"]
    if online.labelled < limits.min_labelled:
        return []
    failures = []
    if offline["accuracy"] - online.accuracy > drop:
        failures.append(
            f"online accuracy {online.accuracy:.4f} on {online.labelled} labelled images is "
            f"below the offline {offline['accuracy']:.4f} ({split} split) by more than "
            f"monitoring.max_online_accuracy_drop={drop:g}"
        )
    for name, measured in online.per_class.items():
        expected = offline["per_class"].get(name, {}).get("accuracy")
        if measured["samples"] < limits.min_labelled_per_class or expected is None:
            continue
        if expected - measured["accuracy"] > drop:
            failures.append(
                f"class {name!r}: online accuracy {measured['accuracy']:.4f} on "
                f"{measured['samples']} labelled images is below the offline {expected:.4f} "
                f"({split} split) by more than monitoring.max_online_accuracy_drop={drop:g}"
            )
    return failures


def describe(online: OnlineAccuracy, offline: dict, limits: DictConfig) -> str:
    """One line: the online accuracy beside the offline one, or why it is not judged."""
    if online.labelled < limits.min_labelled:
        return (
            f"online accuracy not judged: {online.labelled} of {online.images} images labelled "
            f"(monitoring.min_labelled={limits.min_labelled}; POST /feedback sends labels)"
        )
    return (
        f"online accuracy {online.accuracy:.4f} on {online.labelled} of {online.images} images "
        f"labelled; offline {offline['accuracy']:.4f} ({offline['split']} split)"
    )
