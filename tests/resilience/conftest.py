"""The assistant's real domain, shared with the privacy tests."""
from tests.privacy.conftest import domain  # noqa: F401  (a fixture)
