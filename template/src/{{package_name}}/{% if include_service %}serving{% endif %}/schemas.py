"""Request and response bodies, declared from what the exported model says it takes.

The shape, value range and batch limit are the artifact's (its metadata.json), so pydantic
refuses a bad request before the model sees it, and its error names the field: the row, the
pixel, the batch. Values must be JSON numbers (``strict``: no "3" strings, no booleans) and
finite (no NaN, no Infinity).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator


class OneOrABatch(BaseModel):
    """Exactly one of ``image`` (one input) or ``images`` (a batch); nothing else.

    request_model() narrows both fields to the shape and range of one model's inputs.
    """

    model_config = ConfigDict(extra="forbid")
    image: Any = None
    images: Any = None

    @model_validator(mode="after")
    def exactly_one_field(self) -> OneOrABatch:
        given = [name for name in ("image", "images") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of `image` (one input) or `images` (a batch)")
        return self

    def batch(self) -> list:
        return self.images if self.images is not None else [self.image]


def request_model(metadata: dict, max_batch: int) -> type[OneOrABatch]:
    """The /predict body for the model ``metadata`` describes: one image, or up to a batch."""
    low, high = metadata["value_range"]
    height, width = metadata["image_size"]
    pixel = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=low, le=high)]
    row = Annotated[list[pixel], Field(min_length=width, max_length=width)]
    image = Annotated[list[row], Field(min_length=height, max_length=height)]
    batch = Annotated[list[image], Field(min_length=1, max_length=max_batch)]
    return create_model(
        "PredictRequest",
        __base__=OneOrABatch,
        image=(image | None, Field(None, description=f"one {height}x{width} image")),
        images=(batch | None, Field(None, description=f"1 to {max_batch} images")),
    )


def expected_input(metadata: dict, max_batch: int) -> str:
    """What a request must hold, in words, for error messages.

    >>> expected_input({"image_size": [8, 8], "value_range": [0.0, 16.0]}, 256)
    'one 8x8 image as `image` or up to 256 as `images`, each value a number from 0 to 16'
    """
    low, high = metadata["value_range"]
    height, width = metadata["image_size"]
    return (
        f"one {height}x{width} image as `image` or up to {max_batch} as `images`, "
        f"each value a number from {low:g} to {high:g}"
    )


class Prediction(BaseModel):
    class_index: int
    class_name: str
    confidence: float
    probabilities: list[float]


class PredictResponse(BaseModel):
    model_version: str
    predictions: list[Prediction]


class Health(BaseModel):
    status: str
    model_version: str
    #: The process id of the worker that answered (`serve serving.workers=N` runs N).
    worker: int
