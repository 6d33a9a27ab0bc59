"""`serve` in a child process on a free loopback port, for as long as a ``with`` block lasts.

What the load benchmark (benchmarks/serve_load.py) and the test of the real server use: the
service exactly as the command starts it, on 127.0.0.1, waited for within a time limit, and
stopped (SIGTERM, then waited for) however the block ends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from ..project import UsageError, find_project_root
from .replay import wait_until_healthy

#: A fresh interpreter imports torch, Lightning and FastAPI before it serves.
STARTUP_S = 120


def free_port() -> int:
    """A port nothing listens on now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_workers(client: httpx.Client, workers: int, seconds: float) -> None:
    """Until ``workers`` different workers have answered /health: each loads the model before
    it takes connections, so the first to answer may be alone for a while."""
    seen: set[int] = set()
    deadline = time.monotonic() + seconds
    while len(seen) < workers:
        if time.monotonic() > deadline:
            raise UsageError(f"{len(seen)} of {workers} workers answered within {seconds:g} s")
        seen.add(client.get("/health").json()["worker"])
        time.sleep(0.05)


@contextmanager
def background_service(
    model: Path, prediction_log: Path, output: Path, *overrides: str, workers: int = 1
) -> Iterator[str]:
    """The service's URL while `serve` runs with ``workers`` worker processes, every one of
    them answering; its stdout and stderr go to ``output``."""
    port = free_port()
    package = __package__.split(".")[0]
    command = [
        *(sys.executable, "-m", f"{package}.cli", "serve"),
        f"serving.model={model}",
        f"serving.port={port}",
        f"serving.prediction_log={prediction_log}",
        "serving.log_level=warning",
        f"serving.workers={workers}",
        *overrides,
    ]
    # The folder this package is imported from: the child imports it from there too.
    paths = [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    with output.open("w") as sink:
        server = subprocess.Popen(
            command, cwd=find_project_root(), env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        # A connection each request: a kept-alive one would stay with one worker.
        fresh = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=url, timeout=30, limits=fresh) as client:
            started = time.monotonic()
            wait_until_healthy(client, STARTUP_S, server)
            # uvicorn starts the workers together: the others are a moment behind the first,
            # never a whole startup behind.
            wait_for_workers(client, workers, max(time.monotonic() - started, 10))
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
