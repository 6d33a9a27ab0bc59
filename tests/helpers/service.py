"""A generated project's prediction service, started as a person starts it, on loopback only.

Bounded: the service gets a free port on 127.0.0.1, a limited time to come up, and is stopped
(SIGTERM, then waited for) however the test ends.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.helpers.installed import Installed

#: A fresh interpreter imports torch, Lightning and FastAPI before it serves; on a loaded
#: 2-core machine that has taken 40 s.
STARTUP_S = 180


def free_port() -> int:
    """A port nothing listens on now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class RunningService:
    url: str
    port: int
    #: Everything the service printed (its stdout and stderr).
    output: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


def wait_until_healthy(server: subprocess.Popen, url: str, output: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve exited with {server.returncode}:\n{output.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.25)
    raise AssertionError(f"serve did not answer within {STARTUP_S} s:\n{output.read_text()}")


@contextmanager
def serving(installed: Installed, output: Path, *overrides: str) -> Iterator[RunningService]:
    """`<project> serve serving.port=<free port> OVERRIDES` in ``installed``, until the end."""
    port = free_port()
    command = ["ml-project", "serve", f"serving.port={port}", *overrides]
    with output.open("w") as sink:
        server = subprocess.Popen(
            command,
            cwd=installed.project,
            env=installed.env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(server, url, output)
        yield RunningService(url, port, output)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
