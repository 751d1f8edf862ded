import pytest
from django.core.cache import cache

from tests.toegang import kvk_server


@pytest.fixture(autouse=True)
def lege_cache():
    """Each test counts its own registrations against the rate limit, and asks the register afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def nep_kvk(settings):
    """The KvK client switched on against a local server in the API's format (``tests/toegang/kvk_server.py``)."""
    staat, server = kvk_server.start()
    settings.KVK_API_URL, settings.KVK_API_SLEUTEL, settings.KVK_TIMEOUT = staat.url, kvk_server.SLEUTEL, 1.0
    cache.clear()
    yield staat
    server.shutdown()
    server.server_close()
    cache.clear()


@pytest.fixture
def idp(settings, tmp_path):
    """The tests' OpenID Connect provider, with the portal's eHerkenning and staff SSO pointed at it."""
    from tests import oidc_idp

    aanbieder = oidc_idp.start(tmp_path, ["http://testserver"])
    settings.OIDC_AANBIEDERS = oidc_idp.aanbieders(aanbieder)
    yield aanbieder
    aanbieder.stop()
