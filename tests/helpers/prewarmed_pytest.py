"""Many pytest runs of generated projects, each without paying for torch's import again.

The bug-injection tests start some forty runs of part of a render's suite. A cold
`python -m pytest` spent 5-8 s of each importing torch, Lightning, great_expectations, pandas,
scikit-learn and matplotlib before its first test. Here one process imports those once
(prewarmed_pytest_server.py) and forks a child per run, which starts as `python -m pytest`
would in the run's folder and imports everything else itself: the project (with its injected
bug), its tests, pytest's plugins. Where a proof is about the command a person types, the tests
use commands.run_pytest, a process of its own.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

from .commands import outer_environment, project_env

SERVER = Path(__file__).with_name("prewarmed_pytest_server.py")
#: A run that has not answered by then hangs (the server's children run one at a time).
HANG_SECONDS = 600


class PrewarmedPytest:
    """``run(project, *args)`` answers like ``commands.run_pytest(project, *args, check=False)``,
    with stdout and stderr in one stream (stdout)."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.runs = 0
        self.server_log = scratch / "server.log"
        with open(self.server_log, "w") as log:
            self.server = subprocess.Popen(
                [sys.executable, str(SERVER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env=outer_environment(),
                cwd=scratch,
                # Its own process group: a hung run, its server and their children end together.
                start_new_session=True,
            )

    def run(self, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        self.runs += 1
        output = self.scratch / f"run-{self.runs}.txt"
        argv = ["-p", "no:cacheprovider", *args]
        request = {
            "cwd": str(project),
            "env": project_env(project),
            "args": argv,
            "output": str(output),
        }
        self.server.stdin.write(json.dumps(request) + "\n")
        self.server.stdin.flush()
        answer = self._answer(f"pytest {' '.join(args)} in {project}")
        return subprocess.CompletedProcess(
            ["pytest", *argv], answer["returncode"], output.read_text(), ""
        )

    def _answer(self, what: str) -> dict:
        ready, _, _ = select.select([self.server.stdout], [], [], HANG_SECONDS)
        line = self.server.stdout.readline() if ready else ""
        if not line:
            self.close(kill=True)
            cause = f"no answer within {HANG_SECONDS} s" if not ready else "the server ended"
            raise AssertionError(
                f"prewarmed {what}: {cause}; its log ({self.server_log}):\n"
                f"{self.server_log.read_text()[-3000:]}"
            )
        return json.loads(line)

    def close(self, kill: bool = False) -> None:
        """End the server: at the end of its stdin, or at once with its children (a hang)."""
        if kill and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGKILL)
        self.server.stdin.close()
        self.server.wait()
        self.server.stdout.close()

    def __enter__(self) -> PrewarmedPytest:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
