"""The service's endpoints: what it says about its model, what it predicts, what it refuses.

Bad requests get a 4xx whose error names the field, and the service goes on serving.
"""

from __future__ import annotations

import json

import pytest
import torch

from tests.model.golden import datamodule, examples, golden_net
from tests.serving.service import in_process, raw_split

pytestmark = pytest.mark.serving
#: A small batch limit, so an oversized batch is cheap to send.
MAX_BATCH = 4
GOOD = [[1.0] * 8 for _ in range(8)]


def with_pixel(value) -> list:
    """GOOD with its last pixel replaced by ``value``."""
    image = json.loads(json.dumps(GOOD))
    image[7][7] = value
    return image


@pytest.fixture
def client(golden_served, tmp_path):
    with in_process(golden_served, tmp_path / "predictions.jsonl", MAX_BATCH) as client:
        yield client


def test_health_and_metadata_say_which_model_serves(client):
    """Catches a service that cannot say which model, trained when, on which data, it serves."""
    health = client.get("/health").json()
    metadata = client.get("/metadata").json()
    assert health == {"status": "ok", "model_version": metadata["model_version"]}
    assert metadata["data_fingerprint"] == datamodule().fingerprint()
    assert metadata["trained_at"] <= metadata["exported_at"]
    assert metadata["image_size"] == list(datamodule().image_size)
    assert metadata["value_range"] == list(datamodule().value_range)
    assert metadata["max_batch"] == MAX_BATCH


def test_one_image_or_a_batch_gets_the_golden_models_probabilities(client):
    """Catches a service that answers a batch differently from single images, or unlike the
    model it exported (raw inputs in: the preprocessing is the artifact's)."""
    images, _ = raw_split()
    batch = client.post("/predict", json={"images": images[:MAX_BATCH].tolist()}).json()
    singles = [
        client.post("/predict", json={"image": image.tolist()}).json()["predictions"][0]
        for image in images[:MAX_BATCH]
    ]
    for in_batch, alone in zip(batch["predictions"], singles, strict=True):
        assert in_batch["class_index"] == alone["class_index"]
        # A batch runs other kernels than one image: float32 noise, about 1e-8.
        assert in_batch["probabilities"] == pytest.approx(alone["probabilities"], abs=1e-6)
    _, inputs, _ = examples("test")
    with torch.no_grad():
        eager = golden_net()(inputs[:MAX_BATCH]).softmax(dim=1)
    served = torch.tensor([p["probabilities"] for p in batch["predictions"]])
    torch.testing.assert_close(served, eager, atol=1e-5, rtol=0)
    first = batch["predictions"][0]
    assert first["class_name"] == datamodule().class_names[first["class_index"]]
    assert first["confidence"] == max(first["probabilities"])


BAD_REQUESTS = {
    "a short row": (
        {"image": GOOD[:7] + [[1.0] * 7]},
        422,
        "image[7]: List should have at least 8",
    ),
    "a missing row": ({"image": GOOD[:7]}, 422, "image: List should have at least 8 items"),
    "a batch of rows": ({"images": GOOD[:2]}, 422, "images[0][0]: Input should be a valid list"),
    "out of range": ({"image": with_pixel(17.0)}, 422, "image[7][7]: Input should be less than"),
    "below range": ({"image": with_pixel(-0.5)}, 422, "image[7][7]: Input should be greater"),
    "a string": ({"image": with_pixel("3")}, 422, "image[7][7]: Input should be a valid number"),
    "a boolean": ({"image": with_pixel(True)}, 422, "image[7][7]: Input should be a valid number"),
    "a null": ({"image": with_pixel(None)}, 422, "image[7][7]: Input should be a valid number"),
    "an oversized batch": ({"images": [GOOD] * 5}, 422, "images: List should have at most 4"),
    "an empty batch": ({"images": []}, 422, "images: List should have at least 1 item"),
    "both fields": ({"image": GOOD, "images": [GOOD]}, 422, "body: give exactly one of"),
    "no field": ({}, 422, "body: give exactly one of `image`"),
    "an unknown field": (
        {"image": GOOD, "label": 3},
        422,
        "label: Extra inputs are not permitted",
    ),
    "not an object": ([GOOD], 422, "body: Input should be a valid dictionary"),
}


@pytest.mark.ml_test_score("monitor-2")
@pytest.mark.parametrize(
    ("body", "status", "error"), BAD_REQUESTS.values(), ids=list(BAD_REQUESTS)
)
def test_bad_request_is_refused_naming_the_field_and_the_service_keeps_serving(
    client, body, status, error
):
    """Catches a service that lets a malformed input reach the model, answers it with a 500,
    or stops serving after it."""
    response = client.post("/predict", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"].startswith(error), response.json()["error"]
    assert "send one 8x8 image as `image` or up to 4 as `images`" in response.json()["error"]
    assert client.post("/predict", json={"image": GOOD}).status_code == 200


RAW_BODIES = {
    "NaN": (
        b'{"image": [[NaN, 1, 1, 1, 1, 1, 1, 1]]}',
        422,
        "image[0][0]: Input should be a finite",
    ),
    "Infinity": (b'{"image": [[Infinity]]}', 422, "image[0][0]: Input should be a finite number"),
    "malformed JSON": (b'{"image": [[1,', 422, "body: not valid JSON"),
    "too large to read": (
        b"[" + b"1.0, " * 20_000 + b"1.0]",
        413,
        "body of 100005 bytes; at most",
    ),
}


@pytest.mark.ml_test_score("monitor-2")
@pytest.mark.parametrize(("body", "status", "error"), RAW_BODIES.values(), ids=list(RAW_BODIES))
def test_bad_body_is_refused_and_the_service_keeps_serving(client, body, status, error):
    """Catches NaN or Infinity reaching the model (JSON parsers accept both), and a body read
    whole however large it is."""
    headers = {"content-type": "application/json"}
    response = client.post("/predict", content=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["error"].startswith(error), response.json()["error"]
    assert client.post("/predict", json={"image": GOOD}).status_code == 200
