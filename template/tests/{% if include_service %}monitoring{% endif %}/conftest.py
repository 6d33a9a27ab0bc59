"""The golden model, exported once, shared with the serving tests."""

from tests.serving.conftest import golden_served  # noqa: F401 (a fixture, used by name)
