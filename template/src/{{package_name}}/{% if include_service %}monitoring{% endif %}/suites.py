"""Expectation suites for served traffic, written from the served model's training reference.

Each limit of configs/monitoring/ becomes one expectation, so a failure names what strayed:
the inputs (drift of each summary's mean and range), the outputs (the spread of predicted
classes, the confidence), the service (refused requests, latency percentiles) or the model
(its age, the data it was trained on).

Each suite is built whole, ``gx.ExpectationSuite(name=..., expectations=[...])``: once gx/ holds
a suite of that name, ``suite.add_expectation`` writes the stored suite anew for every
expectation added.
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations import expectations as gxe
from omegaconf import DictConfig

#: A class never predicted on held-out data still gets this many examples' weight, so one
#: served prediction of it does not make the divergence infinite.
UNSEEN_CLASS_EXAMPLES = 0.5


def smoothed(shares: list[float], count: int) -> list[float]:
    """Class shares of ``count`` examples, each at least UNSEEN_CLASS_EXAMPLES / count; sum 1.

    >>> smoothed([1.0, 0.0], count=10)
    [0.9523809523809523, 0.047619047619047616]
    """
    floor = UNSEEN_CLASS_EXAMPLES / count
    raised = [max(share, floor) for share in shares]
    return [share / sum(raised) for share in raised]


def inputs_suite(name: str, metadata: dict, reference: dict, limits: DictConfig):
    low, high = metadata["value_range"]
    tolerance = limits.max_mean_shift * (high - low)
    expectations = []
    add = expectations.append
    add(
        gxe.ExpectTableRowCountToBeBetween(
            min_value=limits.min_inputs,
            description=f"at least {limits.min_inputs} served images to judge by",
        )
    )
    for column, trained in reference["inputs"]["features"].items():
        add(
            gxe.ExpectColumnMeanToBeBetween(
                column=column,
                min_value=trained["mean"] - tolerance,
                max_value=trained["mean"] + tolerance,
                description=f"mean within {tolerance:g} of training's {trained['mean']:.4g}",
            )
        )
        add(
            gxe.ExpectColumnValuesToBeBetween(
                column=column,
                min_value=trained["min"],
                max_value=trained["max"],
                mostly=limits.min_share_in_range,
                description=f"at least {limits.min_share_in_range:.0%} inside training's "
                f"range, {trained['min']:g} to {trained['max']:g}",
            )
        )
    predictions, confidence = reference["predictions"], reference["confidence"]
    add(
        gxe.ExpectColumnKLDivergenceToBeLessThan(
            column="prediction",
            partition_object={
                "values": list(range(len(predictions["share"]))),
                "weights": smoothed(predictions["share"], predictions["count"]),
            },
            threshold=limits.max_prediction_kl,
            description=f"predicted classes spread as on the {predictions['split']} split (KL "
            f"divergence below {limits.max_prediction_kl:g})",
        )
    )
    add(
        gxe.ExpectColumnMeanToBeBetween(
            column="confidence",
            min_value=confidence["mean"] - limits.max_confidence_drop,
            description=f"mean confidence down at most {limits.max_confidence_drop:g} from "
            f"{confidence['mean']:.4g} on the {confidence['split']} split",
        )
    )
    return gx.ExpectationSuite(name=name, expectations=expectations)


def requests_suite(name: str, limits: DictConfig):
    latency = limits.max_latency_ms
    refused = gxe.ExpectColumnValuesToBeInSet(
        column="status",
        value_set=[200],
        mostly=1 - limits.max_refused_share,
        description=f"at most {limits.max_refused_share:.0%} of requests refused",
    )
    # A p-th percentile at most L is "at least p % of the latencies at most L": `mostly` says
    # it in one expectation per percentile (refused requests have no latency and do not count).
    percentiles = [
        gxe.ExpectColumnValuesToBeBetween(
            column="latency_ms",
            max_value=limit,
            mostly=int(percentile.removeprefix("p")) / 100,
            description=f"latency {percentile} at most {limit} ms",
        )
        for percentile, limit in latency.items()
    ]
    return gx.ExpectationSuite(name=name, expectations=[refused, *percentiles])


def model_suite(name: str, data_fingerprint: str, limits: DictConfig):
    return gx.ExpectationSuite(
        name=name,
        expectations=[
            gxe.ExpectColumnValuesToBeBetween(
                column="model_age_days",
                max_value=limits.max_model_age_days,
                description=f"trained at most {limits.max_model_age_days:g} days ago",
            ),
            gxe.ExpectColumnValuesToBeInSet(
                column="data_fingerprint",
                value_set=[data_fingerprint],
                description=f"trained on the data this repo has now ({data_fingerprint})",
            ),
        ],
    )
