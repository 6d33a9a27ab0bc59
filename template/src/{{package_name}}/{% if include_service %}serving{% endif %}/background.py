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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from ..project import find_project_root
from .replay import wait_until_healthy

#: A fresh interpreter imports torch, Lightning and FastAPI before it serves.
STARTUP_S = 120


def free_port() -> int:
    """A port nothing listens on now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def background_service(
    model: Path, prediction_log: Path, output: Path, *overrides: str
) -> Iterator[str]:
    """The service's URL while `serve` runs; its stdout and stderr go to ``output``."""
    port = free_port()
    package = __package__.split(".")[0]
    command = [
        *(sys.executable, "-m", f"{package}.cli", "serve"),
        f"serving.model={model}",
        f"serving.port={port}",
        f"serving.prediction_log={prediction_log}",
        "serving.log_level=warning",
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
        with httpx.Client(base_url=url, timeout=30) as client:
            wait_until_healthy(client, STARTUP_S, server)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
