"""Send a split of the data to the service as traffic: ``<project> replay [split=test ...]``.

What a client does, over HTTP: raw images in the dataset's units, one request each (or
``batch_size`` per request). The service logs them like any traffic, so ``monitor`` can judge
them: a check of the deployed model on data whose answers are known. ``scale`` and ``invert``
shift the images (still inside the value range) to see the monitor notice drift. ``clients=N``
sends the requests as N clients, each naming itself in the canary's client header, and
``feedback=true`` sends each answer's true labels back (``POST /feedback``), as a labelling job
would.
The same functions send the tests' traffic, through an in-process client.
"""

from __future__ import annotations

import logging
import subprocess
import time
from collections import Counter
from collections.abc import Iterator, Sequence

import httpx
import numpy as np
from omegaconf import DictConfig

from ..build import build_datamodule
from ..config_checks import Rule, check_rules, is_number, is_whole
from ..project import UsageError, run

RULES = [
    Rule("batch_size", lambda v: is_whole(v) and v >= 1, "a whole number >= 1"),
    Rule("scale", lambda v: is_number(v) and 0 <= v <= 1, "a number from 0 to 1"),
    Rule("wait_s", lambda v: is_number(v) and v >= 0, "a number of seconds >= 0"),
    Rule("clients", lambda v: is_whole(v) and v >= 0, "a whole number >= 0 (0: no client key)"),
]


def shifted(
    images: np.ndarray, value_range: Sequence[float], scale: float = 1.0, invert: bool = False
) -> np.ndarray:
    """``images`` pulled towards the lowest value by ``scale``, then flipped if ``invert``.

    >>> shifted(np.array([0.0, 8.0, 16.0]), (0, 16), scale=0.5).tolist()
    [0.0, 4.0, 8.0]
    >>> shifted(np.array([0.0, 4.0, 16.0]), (0, 16), invert=True).tolist()
    [16.0, 12.0, 0.0]
    """
    low, high = value_range
    images = low + (images - low) * scale
    return (low + high) - images if invert else images


def payloads(images: np.ndarray, batch_size: int = 1) -> Iterator[dict]:
    """/predict bodies: ``{"image": ...}`` one at a time, or ``{"images": [...]}`` in batches."""
    for start in range(0, len(images), batch_size):
        chunk = images[start : start + batch_size].tolist()
        yield {"image": chunk[0]} if batch_size == 1 else {"images": chunk}


def client_keys(clients: int, requests: int) -> list[str | None]:
    """The client each of ``requests`` requests comes from, in turn (None: no key sent).

    >>> client_keys(2, 3), client_keys(0, 2)
    (['client-0', 'client-1', 'client-0'], [None, None])
    """
    return [f"client-{index % clients}" if clients else None for index in range(requests)]


def send(
    client: httpx.Client,
    images: np.ndarray,
    batch_size: int = 1,
    clients: int = 0,
    client_header: str = "x-client-id",
) -> list[httpx.Response]:
    """POST ``images`` to the service behind ``client``, as ``clients`` clients naming
    themselves in ``client_header`` (0: no header); its responses, in order."""
    bodies = list(payloads(images, batch_size))
    keys = client_keys(clients, len(bodies))
    return [
        client.post("/predict", json=body, headers={client_header: key} if key else {})
        for body, key in zip(bodies, keys, strict=True)
    ]


def send_feedback(
    client: httpx.Client, responses: list[httpx.Response], labels: np.ndarray, batch_size: int = 1
) -> int:
    """POST the true ``labels`` of each answered request of ``responses`` (sent by ``send``
    with ``batch_size``); how many labels the service took."""
    taken = 0
    for start, response in zip(range(0, len(labels), batch_size), responses, strict=True):
        if response.status_code != 200:
            continue
        chunk = labels[start : start + batch_size].tolist()
        body = {"request_id": response.json()["request_id"], "labels": chunk}
        if client.post("/feedback", json=body).status_code == 202:
            taken += len(chunk)
    return taken


def wait_until_healthy(
    client: httpx.Client, seconds: float, server: subprocess.Popen | None = None
) -> dict:
    """The service's /health answer, polled until it comes or ``seconds`` pass (or, when this
    process started it, until ``server`` exits)."""
    deadline = time.monotonic() + seconds
    while True:
        if server is not None and server.poll() is not None:
            raise UsageError(f"the service exited with status {server.returncode} at start")
        try:
            response = client.get("/health")
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise UsageError(
                f"no service answered at {client.base_url} within {seconds:g} s: start it "
                "with the `serve` command (same serving.host and serving.port)"
            )
        time.sleep(0.2)


def replay(cfg: DictConfig) -> None:
    check_rules(cfg, RULES)
    datamodule = build_datamodule(cfg)
    if cfg.split not in datamodule.sample_ids:
        raise UsageError(f"split={cfg.split!r}: choose one of {', '.join(datamodule.sample_ids)}")
    _, images, labels = datamodule.split_arrays(cfg.split)
    images = shifted(images, datamodule.value_range, cfg.scale, cfg.invert)
    # httpx logs every request at INFO; the summary below says what happened.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with httpx.Client(base_url=cfg.url, timeout=30) as client:
        health = wait_until_healthy(client, cfg.wait_s)
        header = cfg.serving.canary.client_header
        responses = send(client, images, cfg.batch_size, cfg.clients, header)
        labelled = send_feedback(client, responses, labels, cfg.batch_size) if cfg.feedback else 0
    served = sum(response.status_code == 200 for response in responses)
    versions = Counter(r.json()["model_version"] for r in responses if r.status_code == 200)
    # A canary: how many requests each model answered.
    answered_by = "".join(
        f"; {count} answered by model {version}" for version, count in versions.items()
    )
    print(
        f"Sent {len(images)} {cfg.split} images in {len(responses)} requests to {cfg.url} "
        f"(model {health['model_version']}): {served} served, {len(responses) - served} refused"
        + (answered_by if len(versions) > 1 else "")
        + (f"; sent back the true labels of {labelled} images" if cfg.feedback else "")
    )


def main(argv: Sequence[str] | None = None) -> None:
    run(replay, "replay", argv)


if __name__ == "__main__":
    main()
