"""Dutch by default, English available through Django's translation machinery (compiled catalogue)."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_nederlands_standaard_engels_beschikbaar(client):
    assert "Wachtwoord vergeten?" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Forgot your password?" in html
