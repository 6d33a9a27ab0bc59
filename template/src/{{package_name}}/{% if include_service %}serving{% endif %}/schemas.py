"""Request and response bodies, declared from what the exported model says it takes.

The shape, value range and batch limit are the artifact's (its metadata.json), so pydantic
refuses a bad request before the model sees it, and its error names the field: the row, the
pixel, the batch. Values must be JSON numbers (``strict``: no "3" strings, no booleans) and
finite (no NaN, no Infinity).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator


class OneOrMany(BaseModel):
    """A body that gives exactly one of two fields, ``ONE`` (for one image) or ``MANY`` (one
    entry per image of a batch), and no field it does not declare."""

    model_config = ConfigDict(extra="forbid")
    #: (the field for one image, what it holds, the field for a batch)
    FIELDS: ClassVar[tuple[str, str, str]]

    @model_validator(mode="after")
    def exactly_one_field(self) -> OneOrMany:
        one, holds, many = self.FIELDS
        given = [name for name in (one, many) if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of `{one}` ({holds}) or `{many}` (a batch)")
        return self

    def each(self) -> list:
        """The batch's entries, or the one entry as a batch of one."""
        one, _, many = self.FIELDS
        return getattr(self, many) if getattr(self, many) is not None else [getattr(self, one)]


class OneOrABatch(OneOrMany):
    """Exactly one of ``image`` (one input) or ``images`` (a batch); nothing else.

    request_model() narrows both fields to the shape and range of one model's inputs.
    """

    FIELDS = ("image", "one input", "images")
    image: Any = None
    images: Any = None

    def batch(self) -> list:
        return self.each()


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
    #: The version of the model that answered: the golden one, or a canary candidate.
    model_version: str
    #: What to send back with the true labels (``POST /feedback``).
    request_id: str
    predictions: list[Prediction]


class OneOrManyLabels(OneOrMany):
    """The true labels of an earlier request's images: ``label`` for a request of one image,
    or ``labels``, one per image in request order; never both."""

    FIELDS = ("label", "one image's class index", "labels")
    request_id: str = Field(pattern="^[0-9a-f]{32}$", description="the answer's request_id")
    label: Any = None
    labels: Any = None


def feedback_model(metadata: dict, max_batch: int) -> type[OneOrManyLabels]:
    """The /feedback body for the model ``metadata`` describes: class indices it knows."""
    last = len(metadata["class_names"]) - 1
    label = Annotated[int, Field(strict=True, ge=0, le=last)]
    return create_model(
        "FeedbackRequest",
        __base__=OneOrManyLabels,
        label=(label | None, Field(None, description=f"a class index from 0 to {last}")),
        labels=(
            Annotated[list[label], Field(min_length=1, max_length=max_batch)] | None,
            Field(None, description=f"1 to {max_batch} class indices, one per image"),
        ),
    )


class FeedbackReceipt(BaseModel):
    request_id: str
    labels: int


class Health(BaseModel):
    status: str
    model_version: str
    #: The process id of the worker that answered (`serve serving.workers=N` runs N).
    worker: int
