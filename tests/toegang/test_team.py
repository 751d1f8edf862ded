"""The organisation runs its own team (issue 12, item 4): a tekenbevoegde invites a colleague by e-mail, who accepts
and gets an account; roles change with their ground, colleagues are removed, the last tekenbevoegde stays; every
change is in the organisation's history; nobody sees another organisation's users (404 on every team page)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from beoordeling.models import AuditRegel
from inschrijving.models import Bericht, Gebruiker, Rol
from inschrijving.tasks import verstuur_bericht
from tests.factories import GebruikerFactory
from toegang.models import Uitnodiging

pytestmark = pytest.mark.django_db


def _link(aan: str) -> str:
    bericht = Bericht.objects.filter(aan=aan).latest("pk")
    assert "[link:uitnodiging:" in bericht.tekst  # the token is made when the mail leaves
    verstuur_bericht.run(bericht.pk)
    return re.search(r"https?://\S+", mail.outbox[-1].body)[0]


def _uitnodigen(client, **anders):
    gegevens = {"voornaam": "Sam", "achternaam": "Collega", "email": "sam@example.nl", "rol": "medewerker",
                **anders}
    return client.post(reverse("toegang:uitnodigen"), gegevens)


def test_uitnodigen_aanvaarden_en_de_geschiedenis(client):
    bestuurder = GebruikerFactory(tekenbevoegd=True, first_name="Bea", last_name="Bestuur")
    client.force_login(bestuurder)
    assert _uitnodigen(client).status_code == 302
    uitnodiging = Uitnodiging.objects.get()
    assert (uitnodiging.zorgaanbieder, uitnodiging.rol, uitnodiging.uitgenodigd_door) == (
        bestuurder.zorgaanbieder, "medewerker", bestuurder)
    link = _link("sam@example.nl")
    client.logout()
    pagina = client.get(link).content.decode()
    assert "Bea Bestuur nodigt u uit" in pagina and bestuurder.zorgaanbieder.statutaire_naam in pagina
    zwak = client.post(link, {"new_password1": "sam", "new_password2": "sam"})
    assert zwak.status_code == 400 and not Gebruiker.objects.filter(username="sam@example.nl").exists()
    wachtwoord = "Sam-Collega-Wachtwoord-7"
    antwoord = client.post(link, {"new_password1": wachtwoord, "new_password2": wachtwoord})
    assert antwoord.status_code == 302
    sam = Gebruiker.objects.get(username="sam@example.nl")
    assert (sam.zorgaanbieder, sam.rol, sam.check_password("Sam-Collega-Wachtwoord-7")) == (
        bestuurder.zorgaanbieder, Rol.MEDEWERKER, True)
    # Logged in, and the second factor comes first (issue 12: aanbieders too).
    assert client.get(reverse("inschrijving:dashboard")).url.startswith(reverse("tweefactor_instellen"))
    # Used once: the link works no more.
    client.logout()
    assert client.get(link).status_code == 400
    # The history, in words, for both.
    client.force_login(sam)
    team = client.get(reverse("toegang:team")).content.decode()
    assert "Collega uitgenodigd" in team and "Uitnodiging aanvaard" in team and "Sam Collega" in team
    assert 'data-testid="uitnodigen"' not in team  # a medewerker does not run the team
    assert list(AuditRegel.objects.filter(zorgaanbieder=bestuurder.zorgaanbieder).order_by("pk")
                .values_list("actie", flat=True)) == ["collega_uitgenodigd", "uitnodiging_aanvaard"]


def test_tekenbevoegde_vraagt_een_grond(client):
    bestuurder = GebruikerFactory(tekenbevoegd=True)
    client.force_login(bestuurder)
    antwoord = _uitnodigen(client, rol="tekenbevoegde")
    assert antwoord.status_code == 400 and "waarop de tekenbevoegdheid berust" in antwoord.content.decode()
    assert 'value="sam@example.nl"' in antwoord.content.decode()  # nothing typed is lost
    assert _uitnodigen(client, rol="tekenbevoegde", grond="volmacht").status_code == 302
    assert "met volmacht" in AuditRegel.objects.get(actie="collega_uitgenodigd").omschrijving


def test_dubbel_uitnodigen_en_intrekken(client):
    bestuurder = GebruikerFactory(tekenbevoegd=True)
    client.force_login(bestuurder)
    _uitnodigen(client)
    antwoord = _uitnodigen(client)
    assert antwoord.status_code == 400 and "is al uitgenodigd" in antwoord.content.decode()
    uitnodiging = Uitnodiging.objects.get()
    link = _link("sam@example.nl")
    client.post(reverse("toegang:intrekken", args=[uitnodiging.pk]))
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == "ingetrokken"
    client.logout()
    assert client.get(link).status_code == 400


def test_rol_wijzigen_en_verwijderen_met_de_laatste_tekenbevoegde_beschermd(client):
    bestuurder = GebruikerFactory(tekenbevoegd=True)
    collega = GebruikerFactory(zorgaanbieder=bestuurder.zorgaanbieder, first_name="Cees", last_name="Collega")
    client.force_login(bestuurder)
    # The last tekenbevoegde can neither step down nor be removed.
    eigen = reverse("toegang:collega", args=[bestuurder.pk])
    antwoord = client.post(eigen, {"rol": "medewerker"})
    assert antwoord.status_code == 400 and "laatste tekenbevoegde" in antwoord.content.decode()
    assert client.post(eigen, {"verwijderen": "1"}).status_code == 400
    # A colleague made tekenbevoegde, with its ground; then the first one may step down.
    pagina = reverse("toegang:collega", args=[collega.pk])
    assert client.post(pagina, {"rol": "tekenbevoegde"}).status_code == 400
    assert client.post(pagina, {"rol": "tekenbevoegde", "grond": "register"}).status_code == 302
    collega.refresh_from_db()
    assert collega.rol == Rol.TEKENBEVOEGDE
    assert "medewerker zorgaanbieder → tekenbevoegde bestuurder (staat als bevoegd in het KvK Handelsregister)" in (
        AuditRegel.objects.get(actie="rol_gewijzigd").omschrijving)
    assert client.post(pagina, {"verwijderen": "1"}).status_code == 302
    collega.refresh_from_db()
    assert not collega.is_active and Gebruiker.objects.filter(pk=collega.pk).exists()  # deactivated, not deleted
    assert AuditRegel.objects.filter(actie="collega_verwijderd", zorgaanbieder=bestuurder.zorgaanbieder).exists()


def test_een_medewerker_beheert_het_team_niet(client):
    bestuurder = GebruikerFactory(tekenbevoegd=True)
    medewerker = GebruikerFactory(zorgaanbieder=bestuurder.zorgaanbieder)
    client.force_login(medewerker)
    assert _uitnodigen(client).status_code == 403
    assert client.post(reverse("toegang:collega", args=[bestuurder.pk]), {"verwijderen": "1"}).status_code == 403
    assert not Uitnodiging.objects.exists()
    bestuurder.refresh_from_db()
    assert bestuurder.is_active


def test_een_andere_organisatie_krijgt_overal_404(client, login):
    a = GebruikerFactory(tekenbevoegd=True)
    a_collega = GebruikerFactory(zorgaanbieder=a.zorgaanbieder, first_name="Geheim", last_name="Persoon")
    client.force_login(a)
    _uitnodigen(client)
    client.get(reverse("toegang:team"))  # the confirmation shown (a message keeps until it is)
    uitnodiging = Uitnodiging.objects.get()
    b = GebruikerFactory(tekenbevoegd=True)
    client.force_login(b)
    team = client.get(reverse("toegang:team")).content.decode()
    assert "Geheim Persoon" not in team and "sam@example.nl" not in team and a.username not in team
    for pk in (a.pk, a_collega.pk):
        assert client.get(reverse("toegang:collega", args=[pk])).status_code == 404
        assert client.post(reverse("toegang:collega", args=[pk]), {"verwijderen": "1"}).status_code == 404
        assert client.post(reverse("toegang:collega", args=[pk]), {"rol": "tekenbevoegde",
                                                                    "grond": "volmacht"}).status_code == 404
    assert client.post(reverse("toegang:intrekken", args=[uitnodiging.pk])).status_code == 404
    a_collega.refresh_from_db()
    uitnodiging.refresh_from_db()
    assert a_collega.is_active and a_collega.rol == Rol.MEDEWERKER and uitnodiging.status == "open"
    # Staff are not in any aanbieder's team either.
    login(client, GebruikerFactory(inkoper=True))
    assert client.get(reverse("toegang:team")).status_code == 403
    assert client.get(reverse("toegang:collega", args=[a.pk])).status_code == 403


def test_elke_record_url_van_toegang_heeft_een_geval():
    """A record URL added to toegang/urls.py without a 404 case fails here: collega and intrekken in
    ::test_een_andere_organisatie_krijgt_overal_404, aanmelding in test_aanmelden::test_alleen_beheerders_zien_…"""
    from toegang import urls

    assert {p.name for p in urls.urlpatterns if "<int:" in str(p.pattern)} == {"collega", "intrekken", "aanmelding"}
