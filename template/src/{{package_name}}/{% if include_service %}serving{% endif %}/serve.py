"""Serve the exported model over HTTP: ``<project> serve [serving.port=8000 ...]``.

uvicorn with ``serving.workers`` worker processes behind one port (one by default), on
127.0.0.1 unless ``serving.host`` says otherwise. Each worker loads the model and appends to the
one prediction log (prediction_log.py says why no line is lost or mixed). Ctrl-C or SIGTERM
stops it after the requests in flight.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Sequence

from omegaconf import DictConfig, OmegaConf

from ..config_checks import Rule, check_rules, is_number, is_whole
from ..project import UsageError, run, shown

log = logging.getLogger(__name__)

RULES = [
    Rule("serving.port", lambda v: is_whole(v) and 1 <= v <= 65535, "a port from 1 to 65535"),
    Rule("serving.max_batch", lambda v: is_whole(v) and v >= 1, "a whole number >= 1"),
    Rule("serving.workers", lambda v: is_whole(v) and v >= 1, "a whole number >= 1"),
    Rule("serving.canary.share", lambda v: is_number(v) and 0 <= v <= 1, "a number from 0 to 1"),
]
#: How `serve` hands the app's settings to its worker processes, which uvicorn starts afresh.
WORKER_SETTINGS = "SERVE_WORKER_SETTINGS"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def require_free(host: str, port: int) -> None:
    """Fail in one line, before loading anything more, when ``host:port`` cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a previous run is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(
                f"cannot listen on {host}:{port} ({error.strerror}): pass serving.port=<another "
                "port>, or stop the process that holds it"
            ) from None


def worker_app():
    """The app of one worker process of `serve serving.workers=N` (uvicorn's factory)."""
    import torch

    from .app import create_app

    options = json.loads(os.environ[WORKER_SETTINGS])
    # The workers share the machine's cores: torch's threads in each, a share of them.
    torch.set_num_threads(max(1, (os.cpu_count() or 1) // options.pop("workers")))
    return create_app(**options)


def serve(cfg: DictConfig) -> None:
    import uvicorn

    from .app import create_app

    check_rules(cfg, RULES)
    settings = cfg.serving
    require_free(settings.host, settings.port)
    options = {
        "model_path": str(settings.model),
        "prediction_log": str(settings.prediction_log),
        "max_batch": settings.max_batch,
        "keep_raw_inputs": settings.log_raw_inputs,
        "retention_days": settings.log_retention_days,
        "canary": OmegaConf.to_container(settings.canary, resolve=True),
    }
    # Here too with several workers: a missing or bad model fails once, in one line, before
    # any worker starts.
    app = create_app(**options)
    if settings.host not in LOOPBACK:
        log.warning(
            "Listening on %s: anyone who can reach this machine can query the model.",
            settings.host,
        )
    print(
        f"Serving {shown(settings.model)} (version {app.version}) on "
        f"http://{settings.host}:{settings.port}; prediction log: "
        f"{shown(settings.prediction_log)}; {settings.workers} worker process(es)",
        flush=True,
    )
    if app.state.canary is not None:
        print(
            f"Canary: {shown(settings.canary.model)} answers {settings.canary.share:.0%} of the "
            f"clients (by their {settings.canary.client_header} header)",
            flush=True,
        )
    where = {"host": settings.host, "port": settings.port, "log_level": settings.log_level}
    if settings.workers == 1:
        uvicorn.run(app, **where)
        return
    os.environ[WORKER_SETTINGS] = json.dumps({**options, "workers": settings.workers})
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=settings.workers, **where)


def main(argv: Sequence[str] | None = None) -> None:
    run(serve, "serve", argv)


if __name__ == "__main__":
    main()
