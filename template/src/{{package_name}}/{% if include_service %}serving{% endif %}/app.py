"""The service: load the exported model, validate each request, predict, log. Thin on purpose.

``create_app(model_path, prediction_log, max_batch)`` builds a fresh app for each caller (the
serve command, each test), so nothing is global; ``canary=`` serves a candidate beside the model
to a share of the clients (canary.py). Each answer carries a request id, which ``POST /feedback``
sends back with the true labels. Everything it knows about the data comes from
the artifact (goldens/export.py): the preprocessing inside the model, the input shape and
value range in its metadata. A bad request gets a 4xx whose ``error`` names the field; nothing
a client sends can stop the service.
"""

# No `from __future__ import annotations`: FastAPI reads the endpoint's annotations at run
# time, and the request body's class is made inside create_app().

import os
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ..goldens.export import load_exported
from .canary import load_canary
from .prediction_log import DECIMALS, LogNotWritten, PredictionLog
from .schemas import (
    FeedbackReceipt,
    Health,
    Prediction,
    PredictResponse,
    expected_input,
    feedback_model,
    request_model,
)

#: Characters one pixel value can take in JSON ("15.999999999999998, "): with the batch
#: limit, this bounds the body a request may send before it is read.
MAX_CHARS_PER_VALUE = 24
#: Validation errors listed in a 422 response; the count says how many there were.
MAX_ERRORS_SHOWN = 10


def field_path(location: Sequence[Any]) -> str:
    """Where in the body an error is, as a client would index it.

    >>> field_path(("body", "images", 0, 3, 7))
    'images[0][3][7]'
    >>> field_path(("body",))
    'body'
    """
    names = [str(part) for part in location[1:] if isinstance(part, str)]
    indices = "".join(f"[{part}]" for part in location[1:] if isinstance(part, int))
    return (".".join(names) or "body") + indices


def describe_invalid(errors: Sequence[dict], expected: str) -> str:
    """One line: the first error, with its field, how many more there are, what is expected."""
    first = errors[0]
    if first["type"] == "json_invalid":
        message = f"body: not valid JSON ({first.get('ctx', {}).get('error', first['msg'])})"
    else:
        # A model_validator's message comes prefixed "Value error, ": the client needs only it.
        message = f"{field_path(first['loc'])}: {first['msg'].removeprefix('Value error, ')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return f"{message}; send {expected}"


def refusal(status: int, error: str, details: list | None = None) -> JSONResponse:
    content: dict[str, Any] = {"error": error}
    if details is not None:
        content["detail"] = details
    return JSONResponse(status_code=status, content=content)


class Intake:
    """ASGI middleware: stamps each request's arrival (latency is measured from it) and refuses
    a /predict body larger than ``max_bytes`` before reading it, so memory stays bounded."""

    def __init__(self, app: Any, max_bytes: int, refused: Callable[[int, str], None]) -> None:
        self.app, self.max_bytes, self.refused = app, max_bytes, refused

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        scope.setdefault("state", {})["arrived"] = time.perf_counter()
        # /predict only: a POST anywhere else is no request to the model, and FastAPI answers
        # it (404, 405) without a line in the prediction log, where monitoring would count it.
        if scope["method"] == "POST" and scope["path"] == "/predict":
            length = dict(scope["headers"]).get(b"content-length")
            problem = None
            if length is None or not length.isdigit():
                status, problem = 411, "send a Content-Length header with the request body"
            elif int(length) > self.max_bytes:
                status = 413
                problem = f"body of {int(length)} bytes; at most {self.max_bytes} are accepted"
            if problem is not None:
                self.refused(status, problem)
                return await refusal(status, problem)(scope, receive, send)
        return await self.app(scope, receive, send)


def create_app(
    model_path: Path | str,
    prediction_log: Path | str,
    max_batch: int = 256,
    canary: dict | None = None,
    **log_privacy,
) -> FastAPI:
    """The service for the exported model at ``model_path``, logging to ``prediction_log``
    (``log_privacy``: PredictionLog's keep_raw_inputs and retention_days). ``canary``: a
    candidate's ``model``, the ``share`` of clients it answers and the ``client_header`` that
    names a client (configs/serving/: serving.canary)."""
    exported = load_exported(model_path)
    model, metadata = exported.model, exported.metadata
    version = metadata["model_version"]
    class_names = metadata["class_names"]
    log = PredictionLog(prediction_log, version, **log_privacy)
    candidate = load_canary(canary, metadata, prediction_log, **log_privacy)
    expected = expected_input(metadata, max_batch)
    PredictRequest = request_model(metadata, max_batch)  # a class: the body's type, for FastAPI
    FeedbackRequest = feedback_model(metadata, max_batch)
    height, width = metadata["image_size"]

    app = FastAPI(title=f"{metadata['dataset']} classifier", version=version)
    app.state.canary = candidate
    max_bytes = max_batch * height * width * MAX_CHARS_PER_VALUE + 1024
    app.add_middleware(Intake, max_bytes=max_bytes, refused=log.refused)

    @app.exception_handler(RequestValidationError)
    async def refuse_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = error.errors()
        # A bad /feedback is no request to the model: not logged as the model's refusal.
        for_the_model = request.url.path == "/predict"
        message = describe_invalid(errors, expected if for_the_model else FEEDBACK_EXPECTED)
        if for_the_model:
            log.refused(422, message)
        # No "input" in the details: it can be the whole (large) body.
        details = [
            {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
            for e in errors[:MAX_ERRORS_SHOWN]
        ]
        return refusal(422, message, details)

    @app.exception_handler(LogNotWritten)
    async def withhold_unlogged(request: Request, error: LogNotWritten) -> JSONResponse:
        return refusal(503, f"{error}; {UNLOGGED.get(request.url.path, UNLOGGED['/predict'])}")

    @app.get("/health", response_model=Health)
    def health() -> Any:
        """ok, or 503 saying why the service cannot answer now (its log cannot be written)."""
        writable = log.can_write()
        state = "ok" if writable else str(log.failure)
        status = Health(status=state, model_version=version, worker=os.getpid())
        return status if writable else JSONResponse(status.model_dump(), status_code=503)

    @app.get("/metadata")
    def describe() -> dict:
        """Where the model came from (version, training date, data fingerprint), what it takes,
        and the canary candidate beside it, if any."""
        described = {**metadata, "max_batch": max_batch}
        if candidate is not None:
            described["canary"] = {"model_version": candidate.version, "share": candidate.share}
        return described

    @app.post("/predict", response_model=PredictResponse)
    def predict(body: PredictRequest, request: Request) -> Any:
        images = np.asarray(body.batch(), dtype=np.float32)
        routed = candidate is not None and candidate.takes(request.headers.get(candidate.header))
        answering, answer_log = (candidate.model, candidate.log) if routed else (model, log)
        with torch.inference_mode():
            probabilities = answering(torch.from_numpy(images))
        if not torch.isfinite(probabilities).all():
            problem = "the model produced non-finite probabilities for this input"
            answer_log.refused(500, problem)
            return refusal(500, problem)
        confidences, classes = probabilities.max(dim=1)
        latency = time.perf_counter() - request.state.arrived
        predicted, confident = classes.tolist(), confidences.tolist()
        # The golden model's answer to the candidate's traffic, after the latency is taken.
        shadow = golden_answer(model, version, images) if routed else None
        request_id = uuid.uuid4().hex
        answer_log.served(latency, images, predicted, confident, request_id, shadow)
        return PredictResponse(
            model_version=answer_log.model_version,
            request_id=request_id,
            predictions=[
                Prediction(
                    class_index=index,
                    class_name=class_names[index],
                    confidence=confidence,
                    probabilities=row,
                )
                for index, confidence, row in zip(
                    predicted, confident, probabilities.tolist(), strict=True
                )
            ],
        )

    @app.post("/feedback", response_model=FeedbackReceipt, status_code=202)
    def feedback(body: FeedbackRequest) -> Any:
        """The true labels of an earlier request, logged to be joined to its answer."""
        labels = body.each()
        log.feedback(body.request_id, labels)
        return FeedbackReceipt(request_id=body.request_id, labels=len(labels))

    return app


#: What a client is told when its request cannot be logged. An answer that no record backs
#: would be traffic monitoring never sees: it is withheld.
UNLOGGED = {
    "/predict": "the prediction is withheld until it can be logged",
    "/feedback": "the label is not recorded: send it again later",
}
#: What every refused /feedback says a body must hold.
FEEDBACK_EXPECTED = (
    "send the answer's `request_id` and the true class index as `label`, or one per image "
    "as `labels`"
)


def golden_answer(model: Any, version: str, images: np.ndarray) -> dict:
    """The golden model's predictions and confidences for ``images``, as a log's ``shadow``."""
    with torch.inference_mode():
        confidences, classes = model(torch.from_numpy(images)).max(dim=1)
    return {
        "model_version": version,
        "predictions": classes.tolist(),
        "confidences": [round(value, DECIMALS) for value in confidences.tolist()],
    }
