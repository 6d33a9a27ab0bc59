"""The warm process behind tests/helpers/prewarmed_pytest.py; run as a script, never imported.

It imports the generated projects' heavy third-party libraries once, then reads one request per
line on stdin (JSON: cwd, env, args, output) and answers each with a line of JSON holding the
exit code of a pytest run made in a child forked for it. The child starts where
`python -m pytest ARGS` in ``cwd`` would: that environment, that sys.path and sys.argv,
stdin empty, fresh random seeds, stdout and stderr into ``output``. It imports the project, its
tests and pytest's plugins itself, from the run's own folder.

Forking is safe here because the server has run no torch operation: its only threads are
OpenBLAS's (numpy, scipy) and jemalloc's (pyarrow), which re-create themselves in a child.
OpenMP's would not: a DDP rank forked from a parent that had trained deadlocked in conv2d
(docs/generated-repo.md), and a child that starts processes (DDP's ranks) spawns them.
"""

from __future__ import annotations

import json
import os
import random
import sys

#: What the generated projects import and take seconds to: torch and Lightning above all, then
#: great_expectations (pandas, pyarrow), scikit-learn and matplotlib. Only libraries that no
#: test injects bugs into, and none that a pytest plugin ships: pytest would warn that it
#: cannot rewrite the asserts of a plugin's package imported before it started (hydra, anyio).
PREIMPORTED = (
    "torch",
    "lightning",
    "torchmetrics",
    "pandas",
    "sklearn.datasets",
    "great_expectations",
    "matplotlib",
    "omegaconf",
)


def run_pytest_in_child(request: dict) -> None:
    """In the forked child: become `python -m pytest ARGS` in ``cwd``, run, exit with its code."""
    code = 99  # what the parent hears if the child failed before pytest ended
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # `python -m` puts the working folder first; PYTHONPATH (the render's src/) follows.
        pythonpath = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:0] = [request["cwd"], *(p for p in pythonpath if p not in sys.path)]
        empty = os.open(os.devnull, os.O_RDONLY)
        output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(empty, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        # A fresh interpreter seeds these from the OS; forked children would share one state.
        random.seed()
        import numpy

        numpy.random.seed()
        import pytest

        sys.argv = [
            os.path.join(os.path.dirname(pytest.__file__), "__main__.py"),
            *request["args"],
        ]
        code = int(pytest.main(request["args"]))
    except Exception:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        # Never returns into the server's loop (a second server), and never runs the atexit
        # handlers the fork copied from the server: they are not this run's.
        os._exit(code)


def serve() -> None:
    del sys.path[0]  # this script's folder: the generator's helpers are no project's modules
    for name in PREIMPORTED:
        __import__(name)
    for line in sys.stdin:
        child = os.fork()
        if child == 0:
            run_pytest_in_child(json.loads(line))
        _, status = os.waitpid(child, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":  # DDP's spawned ranks import this file as __mp_main__: nothing runs
    serve()
