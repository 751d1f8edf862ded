import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def lege_cache():
    """Each test counts its own registrations against the rate limit, and asks the register afresh."""
    cache.clear()
    yield
    cache.clear()
