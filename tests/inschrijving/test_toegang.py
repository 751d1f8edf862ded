"""Access: every URL that shows or changes a record answers 404 to another organisation.

The world (``bouw_wereld``): zorgaanbieders A and B each submitted a complete inschrijving with zorgkantoor X.
Zorgkantoor Y takes part in the same round but received nothing; zorgkantoor Z does not take part. The
sluitingstijd lies in the future at build time; each test travels to before (VOOR) or after (NA) it and
signs in inside that time (a session made at the real time would be 8 hours old, or not yet born).

Every aanbieder URL that takes a record id is listed once in GEVALLEN; ``test_elke_record_url_heeft_een_geval``
fails when a record URL is added to inschrijving/urls.py without a case here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import beoordeling.urls
import inschrijving.urls
from beoordeling.models import AuditRegel
from inschrijving import nvi, services
from inschrijving.models import (
    AfwijkendePlanning,
    Bestuursverklaring,
    Document,
    Indiening,
    Inschrijving,
    KwaliteitKeuze,
    NotaVanInlichtingen,
    NvIAntwoord,
    Ondernemingsplan,
    OntwikkelplanVoorstel,
    Opening,
    Status,
    Vraag,
    Zelfanalyse,
)
from kwaliteit.models import Thema
from tests.beoordeling.helpers import open_kluis
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgaanbiederFactory, ZorgkantoorFactory
from tests.inschrijving.maak import pdf_upload, ronde_met_regels, volledige_inschrijving

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2031, 7, 25, 17, 0, 0, tzinfo=AMS)
VOOR = SLUITING - timedelta(hours=1)
NA = SLUITING + timedelta(hours=1)

VERZEGELD = "De inschrijvingen blijven verzegeld tot de sluitingstijd"


def bij(moment):
    return time_machine.travel(moment, tick=False)


def _indienen(inschrijving, door, **kwargs):
    return services.indienen(inschrijving=inschrijving, door=door, wachtwoord=WACHTWOORD, **kwargs)


def bouw_wereld(sluiting):
    """A and B submitted with X a day before ``sluiting``; Y takes part in the round, Z does not."""
    with bij(sluiting - timedelta(days=10)):
        x = ZorgkantoorFactory(naam="Zorgkantoor Toegang X")
        y = ZorgkantoorFactory(naam="Zorgkantoor Toegang Y")
        z = ZorgkantoorFactory(naam="Zorgkantoor Toegang Z")
        ronde = ronde_met_regels(zorgkantoren=[x, y], sluiting=sluiting)
        bestuurder_a = GebruikerFactory(tekenbevoegd=True, first_name="Anna", last_name="Alfa",
                                        zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Stichting Toegang Alfa"))
        bestuurder_b = GebruikerFactory(tekenbevoegd=True, first_name="Bert", last_name="Beta",
                                        zorgaanbieder=ZorgaanbiederFactory(statutaire_naam="Zorggroep Toegang Beta"))
        a, _ = volledige_inschrijving("3", ronde=ronde, zorgkantoor=x, bestuurder=bestuurder_a)
        b, _ = volledige_inschrijving("3", ronde=ronde, zorgkantoor=x, bestuurder=bestuurder_b)
    with bij(sluiting - timedelta(days=1)):
        indiening_a = _indienen(a, bestuurder_a)
        indiening_b = _indienen(b, bestuurder_b)
    return SimpleNamespace(
        ronde=ronde, x=x, y=y, z=z, a=a, b=b, indiening_a=indiening_a, indiening_b=indiening_b,
        bestuurder_a=bestuurder_a, bestuurder_b=bestuurder_b,
        medewerker_a=GebruikerFactory(zorgaanbieder=bestuurder_a.zorgaanbieder),
        medewerker_b=GebruikerFactory(zorgaanbieder=bestuurder_b.zorgaanbieder),
        inkoper_x=GebruikerFactory(inkoper=True, zorgkantoor=x, first_name="Xander", last_name="Eerste-Opener"),
        collega_x=GebruikerFactory(inkoper=True, zorgkantoor=x, first_name="Xenia", last_name="Collega"),
        inkoper_y=GebruikerFactory(inkoper=True, zorgkantoor=y),
        inkoper_z=GebruikerFactory(inkoper=True, zorgkantoor=z),
        a_statuten=Document.objects.get(inschrijving=a, documenttype__code="statuten"),
        a_kvk=Document.objects.get(inschrijving=a, documenttype__code="kvk_uittreksel"),
        b_kvk=Document.objects.get(inschrijving=b, documenttype__code="kvk_uittreksel"),
        thema=Thema.objects.get(kader__code="ggz-wlz", code="client"),
        a_voorstel=OntwikkelplanVoorstel.objects.create(inschrijving=a, doel="Meer regie", aanpak="Herstelplan"),
    )


@pytest.fixture
def w():
    return bouw_wereld(SLUITING)


def toestand(inschrijving) -> dict:
    """Everything of an inschrijving a request could change."""
    pk = inschrijving.pk
    rij = Inschrijving.objects.get(pk=pk)
    return {
        "inschrijving": (rij.status, rij.aanbieder_type, rij.type_reden, rij.gewijzigd_op),
        "documenten": list(Document.objects.filter(inschrijving=pk).order_by("pk").values_list(
            "pk", "versie", "vervangen_op", "sha256", "bestand", "afgiftedatum", "rechtspersoon")),
        "indieningen": list(Indiening.objects.filter(inschrijving=pk).order_by("pk").values_list(
            "pk", "volgnummer", "sha256", "ingetrokken_op", "ontvangstbewijs")),
        "verklaring": Bestuursverklaring.objects.filter(inschrijving=pk).values().first(),
        "plan": Ondernemingsplan.objects.filter(inschrijving=pk).values().first(),
        "kwaliteit": (KwaliteitKeuze.objects.filter(inschrijving=pk).values().first(),
                      list(Zelfanalyse.objects.filter(inschrijving=pk).order_by("pk").values()),
                      list(OntwikkelplanVoorstel.objects.filter(inschrijving=pk).order_by("pk").values())),
        "inschrijvingen_van_aanbieder": list(Inschrijving.objects.filter(
            zorgaanbieder=rij.zorgaanbieder_id).order_by("pk").values_list("pk", "zorgkantoor")),
    }


def lees(antwoord) -> bytes:
    """The body of a (possibly streaming) response. Reading a FileResponse to the end closes its file (the
    test client wraps it); closing it again would fire request_finished and close the test's connection."""
    if getattr(antwoord, "streaming", False):
        return b"".join(antwoord.streaming_content)
    return antwoord.content


def status(antwoord) -> int:
    """The status code, after reading the body (so a FileResponse's file is closed)."""
    lees(antwoord)
    return antwoord.status_code


def aangemeld(login, gebruiker) -> Client:
    return login(Client(), gebruiker)


def download_url(document, inline=False) -> str:
    return reverse("inschrijving:document_downloaden", args=[document.pk]) + ("?inline=1" if inline else "")


def bon_url(inschrijving, volgnummer=1) -> str:
    return reverse("inschrijving:ontvangstbevestiging", args=[inschrijving.pk, volgnummer])


def detail_url(inschrijving) -> str:
    return reverse("beoordeling:inschrijving", args=[inschrijving.pk])


def ontvangen_url(ronde) -> str:
    return reverse("beoordeling:ontvangen", args=[ronde.pk])


def ingediende_documenten(indiening) -> list[Document]:
    return list(Indiening.objects.get(pk=indiening.pk).documenten.all())


# ---------------------------------------------------------------------------------------------------------------
# Every aanbieder URL that takes a record id


@dataclass(frozen=True)
class Geval:
    naam: str
    args: Callable[[SimpleNamespace], list]
    # POST data that changes A's inschrijving when A's own user sends it (proved by test_eigen_aanbieder).
    post: Callable[[SimpleNamespace], dict] | None = None
    alleen_post: bool = False  # @require_POST: a GET is 405 for everyone
    alleen_aanbieder: bool = True  # @aanbieder_vereist: zorgkantoor staff get 403
    streaming: bool = False  # a FileResponse (PDF)

    def url(self, w) -> str:
        return reverse(self.naam if ":" in self.naam else f"inschrijving:{self.naam}", args=self.args(w))

    def __str__(self):
        return self.naam


GEVALLEN = [
    Geval("overzicht", lambda w: [w.a.pk]),
    Geval("verklaring", lambda w: [w.a.pk], post=lambda w: {
        "ondertekenaar_naam": "Overgenomen", "oa-TOTAL_FORMS": "0", "oa-INITIAL_FORMS": "0"}),
    Geval("ondernemingsplan", lambda w: [w.a.pk], post=lambda w: {"missie": "Overgenomen"}),
    Geval("document", lambda w: [w.a.pk, "statuten"], post=lambda w: {"bestand": pdf_upload("overgenomen.pdf")}),
    Geval("document_gegevens", lambda w: [w.a.pk, w.a_kvk.pk], alleen_post=True, post=lambda w: {
        "afgiftedatum": "2031-07-01", "rechtspersoon": "Overgenomen B.V."}),
    Geval("voorcontrole", lambda w: [w.a.pk]),
    Geval("zelfanalyse", lambda w: [w.a.pk], post=lambda w: {"sectoren": ["ggz", "vv"], "dominante_sector": "ggz"}),
    Geval("zelfanalyse_thema", lambda w: [w.a.pk, w.thema.pk], alleen_post=True,
          post=lambda w: {f"t{w.thema.pk}-invulling": "Overgenomen"}),
    Geval("ontwikkelplan_voorstel", lambda w: [w.a.pk], alleen_post=True,
          post=lambda w: {"nieuw-doel": "Overgenomen", "nieuw-aanpak": "Overgenomen"}),
    Geval("ontwikkelplan_voorstel_wijzigen", lambda w: [w.a.pk, w.a_voorstel.pk], alleen_post=True,
          post=lambda w: {f"v{w.a_voorstel.pk}-doel": "Overgenomen", f"v{w.a_voorstel.pk}-aanpak": "Overgenomen"}),
    Geval("ontwikkelplan_voorstel_verwijderen", lambda w: [w.a.pk, w.a_voorstel.pk], alleen_post=True,
          post=lambda w: {}),
    Geval("indienen", lambda w: [w.a.pk], post=lambda w: {
        "wachtwoord": WACHTWOORD, "verklaring_juist": "on", "ondanks_bevindingen": "on"}),
    Geval("ingediend", lambda w: [w.a.pk, w.indiening_a.volgnummer]),
    Geval("intrekken", lambda w: [w.a.pk], alleen_post=True, post=lambda w: {}),
    Geval("ontvangstbevestiging", lambda w: [w.a.pk, w.indiening_a.volgnummer], alleen_aanbieder=False,
          streaming=True),
    Geval("document_downloaden", lambda w: [w.a_statuten.pk], alleen_aanbieder=False, streaming=True),
    # The aanbieder's view of a gesprek invitation lives in the beoordeling app but shows A's inschrijving.
    Geval("beoordeling:gesprek_aanbieder", lambda w: [w.a.pk]),
]

# URLs keyed by a round (and, for the NvI answers, an NvIAntwoord of that round): tested further down.
RONDE_URLS = {"starten", "nvi", "nvi_beheer", "nvi_antwoord", "nvi_antwoord_verwijderen", "nvi_publiceren"}
# The zorgkantoor pages this module covers (the assessment pages have their own tests).
BEOORDELING_URLS = {"start", "ontvangen", "inschrijving"}


def test_elke_record_url_heeft_een_geval():
    """A record URL added to inschrijving/urls.py without a case in this module fails here."""
    namen = {p.name for p in inschrijving.urls.urlpatterns}
    met_id = {p.name for p in inschrijving.urls.urlpatterns if "pk>" in str(p.pattern)}
    assert met_id - RONDE_URLS == {g.naam for g in GEVALLEN if ":" not in g.naam}
    assert namen - met_id - RONDE_URLS == {"dashboard"}
    assert namen >= RONDE_URLS
    beoordeling_namen = {p.name for p in beoordeling.urls.urlpatterns}
    assert beoordeling_namen >= BEOORDELING_URLS | {g.naam.split(":")[1] for g in GEVALLEN if ":" in g.naam}


@pytest.mark.parametrize("geval", GEVALLEN, ids=str)
def test_eigen_aanbieder_ziet_en_wijzigt_eigen_record(w, login, geval):
    """Sanity: the same URL and data work for A's own user, so the 404s below are about the organisation."""
    with bij(VOOR):
        client = aangemeld(login, w.bestuurder_a)
        antwoord = client.get(geval.url(w))
        if geval.alleen_post:
            assert antwoord.status_code == 405
        else:
            assert antwoord.status_code == 200
            inhoud = lees(antwoord)
            if geval.streaming:
                assert inhoud.startswith(b"%PDF-")
        if geval.post:
            voor = toestand(w.a)
            antwoord = client.post(geval.url(w), geval.post(w))
            assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
            assert toestand(w.a) != voor


@pytest.mark.parametrize("geval", GEVALLEN, ids=str)
@pytest.mark.parametrize("wie", ["bestuurder_b", "medewerker_b"])
def test_andere_aanbieder_krijgt_404_en_er_verandert_niets(w, login, geval, wie):
    with bij(VOOR):
        client = aangemeld(login, getattr(w, wie))
        voor_a, voor_b = toestand(w.a), toestand(w.b)
        antwoord = client.get(geval.url(w))
        assert antwoord.status_code == (405 if geval.alleen_post else 404)
        antwoord = client.post(geval.url(w), geval.post(w) if geval.post else {})
        assert antwoord.status_code == 404
        assert w.a.zorgaanbieder.statutaire_naam not in antwoord.content.decode()
    assert toestand(w.a) == voor_a
    assert toestand(w.b) == voor_b


def test_eigen_inschrijving_met_document_van_een_ander_is_404(w, login):
    """document_gegevens with B's own inschrijving but A's document id."""
    url = reverse("inschrijving:document_gegevens", args=[w.b.pk, w.a_kvk.pk])
    with bij(VOOR):
        client = aangemeld(login, w.bestuurder_b)
        voor_a, voor_b = toestand(w.a), toestand(w.b)
        antwoord = client.post(url, {"afgiftedatum": "2031-07-01", "rechtspersoon": "Overgenomen B.V."})
        assert antwoord.status_code == 404
        # Sanity: B's own document through the same route is accepted.
        eigen = client.post(reverse("inschrijving:document_gegevens", args=[w.b.pk, w.b_kvk.pk]),
                            {"afgiftedatum": "2031-07-01", "rechtspersoon": "Eigen B.V."})
        assert eigen.status_code == 302
    assert toestand(w.a) == voor_a
    assert toestand(w.b) != voor_b


def test_zorginkoper_op_aanbiederpagina_voor_sluiting(w, login):
    """Aanbieder-only pages are 403 for zorgkantoor staff; the two shared downloads are 404 while sealed."""
    with bij(VOOR):
        client = aangemeld(login, w.inkoper_x)
        voor = toestand(w.a)
        for geval in GEVALLEN:
            verwacht = 403 if geval.alleen_aanbieder else 404
            assert status(client.get(geval.url(w))) == verwacht, geval.naam
            assert status(client.post(geval.url(w), geval.post(w) if geval.post else {})) == verwacht, geval.naam
    assert toestand(w.a) == voor
    assert not AuditRegel.objects.filter(actie="document_bekeken").exists()


def test_anoniem_wordt_naar_inloggen_gestuurd(w, client):
    with bij(VOOR):
        voor = toestand(w.a)
        for geval in GEVALLEN:
            for antwoord in (client.get(geval.url(w)),
                             client.post(geval.url(w), geval.post(w) if geval.post else {})):
                assert antwoord.status_code == 302, geval.naam
                assert antwoord.url.startswith(reverse("login")), geval.naam
    assert toestand(w.a) == voor


# ---------------------------------------------------------------------------------------------------------------
# Starten: a round plus a zorgkantoor


def _starten_url(ronde_pk, zk_pk):
    return reverse("inschrijving:starten", args=[ronde_pk, zk_pk])


def test_starten_bij_zorgkantoor_buiten_de_ronde_geeft_fout(w, login):
    with bij(VOOR):
        client = aangemeld(login, w.bestuurder_b)
        voor = Inschrijving.objects.count()
        antwoord = client.post(_starten_url(w.ronde.pk, w.z.pk), follow=True)
        if antwoord.redirect_chain:
            assert antwoord.redirect_chain[-1][0] == reverse("inschrijving:dashboard")
            assert f"{w.z.naam} doet niet mee aan deze ronde" in antwoord.content.decode()
        else:
            assert antwoord.status_code == 404
        assert client.get(_starten_url(w.ronde.pk, w.z.pk)).status_code == 405
        assert client.post(_starten_url(w.ronde.pk + 1000, w.x.pk)).status_code == 404
        assert client.post(_starten_url(w.ronde.pk, w.z.pk + 1000)).status_code == 404
    assert Inschrijving.objects.count() == voor
    assert not Inschrijving.objects.filter(zorgkantoor=w.z).exists()


def test_starten_waar_een_ander_al_inschreef_geeft_eigen_inschrijving(w, login):
    with bij(VOOR):
        client = aangemeld(login, w.bestuurder_b)
        voor_a = toestand(w.a)
        antwoord = client.post(_starten_url(w.ronde.pk, w.x.pk))
        assert antwoord.status_code == 302
        assert antwoord.url == reverse("inschrijving:overzicht", args=[w.b.pk])
        # Sanity: starting with Y, where B has nothing yet, makes B's own new inschrijving.
        antwoord = client.post(_starten_url(w.ronde.pk, w.y.pk))
        nieuw = Inschrijving.objects.get(ronde=w.ronde, zorgkantoor=w.y)
        assert antwoord.url == reverse("inschrijving:overzicht", args=[nieuw.pk])
        assert nieuw.zorgaanbieder_id == w.bestuurder_b.zorgaanbieder_id
    assert toestand(w.a) == voor_a


# ---------------------------------------------------------------------------------------------------------------
# Zorgkantoor staff: sealed until the sluitingstijd, then their own zorgkantoor's submissions only


def test_voor_sluiting_alleen_het_aantal(w, login):
    with bij(VOOR):
        client = aangemeld(login, w.inkoper_x)
        start = client.get(reverse("beoordeling:start"))
        assert start.status_code == 200
        assert f'data-testid="ontvangen-{w.ronde.pk}">2<' in start.content.decode()

        verzegeld = client.get(ontvangen_url(w.ronde))
        assert verzegeld.status_code == 403
        tekst = verzegeld.content.decode()
        assert VERZEGELD in tekst and "2 inschrijvingen ontvangen" in tekst
        assert w.a.zorgaanbieder.statutaire_naam not in tekst

        assert client.get(detail_url(w.a)).status_code == 404
        for document in ingediende_documenten(w.indiening_a):
            assert status(client.get(download_url(document))) == 404
            assert status(client.get(download_url(document, inline=True))) == 404
        assert status(client.get(bon_url(w.a))) == 404
    assert not Opening.objects.exists()
    assert not AuditRegel.objects.filter(actie="document_bekeken").exists()
    assert not Indiening.objects.filter(pk=w.indiening_a.pk).exclude(ontvangstbewijs="").exists()


def geopend(w):
    """Two colleagues of X open its vault (beoordeling.opening), at the moment the test travelled to."""
    return open_kluis(w.ronde, [w.inkoper_x, w.collega_x])


def test_opening_eenmaal_vastgelegd(w, login):
    with bij(NA):
        eerste = aangemeld(login, w.inkoper_x)
        assert eerste.get(reverse("beoordeling:start")).status_code == 200
        # After the sluitingstijd, looking opens nothing: the page offers the opening by two, names no one.
        antwoord = eerste.get(ontvangen_url(w.ronde))
        assert antwoord.status_code == 200
        tekst = antwoord.content.decode()
        assert "Opening aanvragen" in tekst and "2 inschrijvingen ontvangen" in tekst
        assert w.a.zorgaanbieder.statutaire_naam not in tekst and detail_url(w.a) not in tekst
        assert not Opening.objects.exists()
        geopend(w)
        tekst = eerste.get(ontvangen_url(w.ronde)).content.decode()
        assert w.a.zorgaanbieder.statutaire_naam in tekst and w.b.zorgaanbieder.statutaire_naam in tekst
        assert detail_url(w.a) in tekst
    opening = Opening.objects.get()
    assert (opening.ronde, opening.zorgkantoor, opening.geopend_door, opening.tweede_opener) == (
        w.ronde, w.x, w.inkoper_x, w.collega_x)
    assert opening.geopend_op == NA and opening.aantal_ingediend == 2
    vastgelegd = Opening.objects.values().get()

    with bij(NA + timedelta(hours=2)):
        collega = aangemeld(login, w.collega_x)
        antwoord = collega.get(ontvangen_url(w.ronde))
        assert antwoord.status_code == 200
        assert ("aangevraagd door Xander Eerste-Opener op 25 juli 2031, 18:00:00, bevestigd door Xenia Collega op "
                "25 juli 2031, 18:00:00") in antwoord.content.decode()
        assert eerste.get(ontvangen_url(w.ronde)).status_code == 200
    assert list(Opening.objects.values()) == [vastgelegd]


def test_na_sluiting_detail_en_documenten(w, login):
    documenten = ingediende_documenten(w.indiening_a)
    assert documenten
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        antwoord = client.get(detail_url(w.a))
        assert antwoord.status_code == 200
        tekst = antwoord.content.decode()
        assert w.a.zorgaanbieder.statutaire_naam in tekst and w.indiening_a.sha256 in tekst
        for document in documenten:
            assert download_url(document, inline=True).replace("&", "&amp;") in tekst
            pdf = client.get(download_url(document, inline=True))
            assert pdf.status_code == 200
            assert pdf["Content-Disposition"].startswith("inline")
            assert lees(pdf).startswith(b"%PDF-")
    assert AuditRegel.objects.filter(actie="document_bekeken", inschrijving=w.a, door=w.inkoper_x).count() \
        == len(documenten)


def test_na_sluiting_ander_zorgkantoor_in_de_ronde_ziet_niets(w, login):
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_y)
        assert client.get(detail_url(w.a)).status_code == 404
        assert client.get(detail_url(w.b)).status_code == 404
        for document in ingediende_documenten(w.indiening_a):
            assert status(client.get(download_url(document, inline=True))) == 404
        assert status(client.get(bon_url(w.a))) == 404
        # Y may open its own (empty) vault; A is not in it.
        open_kluis(w.ronde, [w.inkoper_y, GebruikerFactory(inkoper=True, zorgkantoor=w.y)])
        antwoord = client.get(ontvangen_url(w.ronde))
        assert antwoord.status_code == 200
        assert w.a.zorgaanbieder.statutaire_naam not in antwoord.content.decode()
        # Sanity: X does see A at this moment.
        assert aangemeld(login, w.inkoper_x).get(detail_url(w.a)).status_code == 200
    assert Opening.objects.get(zorgkantoor=w.y).aantal_ingediend == 0
    assert not AuditRegel.objects.filter(actie="document_bekeken", door=w.inkoper_y).exists()


def test_na_sluiting_zorgkantoor_buiten_de_ronde_ziet_niets(w, login):
    with bij(NA):
        client = aangemeld(login, w.inkoper_z)
        assert client.get(ontvangen_url(w.ronde)).status_code == 404
        assert f"ontvangen-{w.ronde.pk}" not in client.get(reverse("beoordeling:start")).content.decode()
        assert client.get(detail_url(w.a)).status_code == 404
        for document in ingediende_documenten(w.indiening_a):
            assert status(client.get(download_url(document))) == 404
        assert status(client.get(bon_url(w.a))) == 404
    assert not Opening.objects.exists()


def test_nieuwe_versie_na_indienen_blijft_onzichtbaar(w, login):
    """A version uploaded after submitting (and not submitted) is never shown to the zorgkantoor."""
    with bij(VOOR - timedelta(minutes=30)):
        nieuw = services.document_toevoegen(inschrijving=w.a, documenttype=w.a_statuten.documenttype,
                                            upload=pdf_upload("statuten-nieuw.pdf"), gegevens={}, door=w.bestuurder_a)
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        assert status(client.get(download_url(nieuw, inline=True))) == 404
        assert status(client.get(download_url(nieuw))) == 404
        ingediend = client.get(download_url(w.a_statuten, inline=True))
        assert ingediend.status_code == 200 and lees(ingediend).startswith(b"%PDF-")
        tekst = client.get(detail_url(w.a)).content.decode()
        assert download_url(w.a_statuten) in tekst and download_url(nieuw) not in tekst
        # Sanity: the new version exists and its owner can download it.
        eigen = aangemeld(login, w.bestuurder_a).get(download_url(nieuw))
        assert eigen.status_code == 200 and lees(eigen).startswith(b"%PDF-")


def test_versie_uit_een_vervangen_indiening_blijft_onzichtbaar(w, login):
    """A submitted again with a new statuten version: only the submission that counts is opened.

    The beoordeling page shows the actuele indiening only; the version A replaced (part of indiening 1 alone)
    and the receipt of indiening 1 must not be reachable by their ids either.
    """
    with bij(VOOR - timedelta(minutes=30)):
        nieuw = services.document_toevoegen(inschrijving=w.a, documenttype=w.a_statuten.documenttype,
                                            upload=pdf_upload("statuten-v2.pdf"), gegevens={}, door=w.bestuurder_a)
        tweede = _indienen(w.a, w.bestuurder_a)
    assert w.a_statuten not in ingediende_documenten(tweede) and nieuw in ingediende_documenten(tweede)
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        tekst = client.get(detail_url(w.a)).content.decode()
        assert download_url(nieuw) in tekst and download_url(w.a_statuten) not in tekst
        assert status(client.get(download_url(nieuw, inline=True))) == 200
        assert status(client.get(download_url(w.a_statuten, inline=True))) == 404
        assert status(client.get(bon_url(w.a, tweede.volgnummer))) == 200
        assert status(client.get(bon_url(w.a, w.indiening_a.volgnummer))) == 404


# ---------------------------------------------------------------------------------------------------------------
# Withdrawn


def test_ingetrokken_inschrijving_blijft_onzichtbaar(w, login):
    with bij(VOOR):
        services.intrekken(inschrijving=w.a, door=w.bestuurder_a)
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        antwoord = client.get(ontvangen_url(w.ronde))
        assert antwoord.status_code == 200
        tekst = antwoord.content.decode()
        assert w.a.zorgaanbieder.statutaire_naam not in tekst and w.b.zorgaanbieder.statutaire_naam in tekst
        assert client.get(detail_url(w.a)).status_code == 404
        for document in ingediende_documenten(w.indiening_a):
            assert status(client.get(download_url(document, inline=True))) == 404
        assert status(client.get(bon_url(w.a))) == 404
        assert client.get(detail_url(w.b)).status_code == 200  # sanity
    assert Opening.objects.get().aantal_ingediend == 1


def test_ingetrokken_na_herindienen_blijft_onzichtbaar(w, login):
    """Submitted twice, then withdrawn: indiening 1 carries no withdrawal stamp, yet nothing may show."""
    with bij(VOOR - timedelta(minutes=30)):
        _indienen(w.a, w.bestuurder_a)
        services.intrekken(inschrijving=w.a, door=w.bestuurder_a)
    assert Inschrijving.objects.get(pk=w.a.pk).status == Status.INGETROKKEN
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        assert client.get(detail_url(w.a)).status_code == 404
        for document in ingediende_documenten(w.indiening_a):
            assert status(client.get(download_url(document, inline=True))) == 404
        assert status(client.get(bon_url(w.a, 1))) == 404
        assert status(client.get(bon_url(w.a, 2))) == 404


def test_ingetrokken_indiening_van_herindiende_inschrijving_blijft_onzichtbaar(w, login):
    """Withdrawn, new statuten, submitted again: the withdrawn indiening is not opened, not even its receipt."""
    with bij(VOOR - timedelta(minutes=30)):
        services.intrekken(inschrijving=w.a, door=w.bestuurder_a)
        nieuw = services.document_toevoegen(inschrijving=w.a, documenttype=w.a_statuten.documenttype,
                                            upload=pdf_upload("statuten-v2.pdf"), gegevens={}, door=w.bestuurder_a)
        _indienen(w.a, w.bestuurder_a)
    with bij(NA):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        assert client.get(detail_url(w.a)).status_code == 200
        assert status(client.get(download_url(nieuw, inline=True))) == 200
        assert status(client.get(download_url(w.a_statuten, inline=True))) == 404
        assert status(client.get(bon_url(w.a, 2))) == 200
        assert status(client.get(bon_url(w.a, 1))) == 404


# ---------------------------------------------------------------------------------------------------------------
# A zorgkantoor's own sluitingstijd


def test_afwijkende_latere_sluiting_houdt_de_kluis_dicht(w, login):
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.x,
                                      sluiting_inschrijving=SLUITING + timedelta(days=1))
    with bij(NA):
        with pytest.raises(ValidationError, match="verzegeld tot de sluitingstijd"):
            geopend(w)  # nobody opens before the zorgkantoor's own sluitingstijd
        client = aangemeld(login, w.inkoper_x)
        antwoord = client.get(ontvangen_url(w.ronde))
        assert antwoord.status_code == 403 and VERZEGELD in antwoord.content.decode()
        assert client.get(detail_url(w.a)).status_code == 404
        assert status(client.get(download_url(w.a_statuten, inline=True))) == 404
        assert status(client.get(bon_url(w.a))) == 404
    assert not Opening.objects.exists()
    with bij(SLUITING + timedelta(days=1, minutes=1)):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        assert client.get(ontvangen_url(w.ronde)).status_code == 200
        assert client.get(detail_url(w.a)).status_code == 200
        assert status(client.get(download_url(w.a_statuten, inline=True))) == 200


def test_afwijkende_eerdere_sluiting_opent_de_kluis_eerder(w, login):
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.x,
                                      sluiting_inschrijving=SLUITING - timedelta(hours=2))
    with bij(VOOR):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        assert client.get(ontvangen_url(w.ronde)).status_code == 200
        assert client.get(detail_url(w.a)).status_code == 200
        assert status(client.get(download_url(w.a_statuten, inline=True))) == 200
        # Y follows the round: still sealed.
        andere = aangemeld(login, w.inkoper_y)
        assert andere.get(ontvangen_url(w.ronde)).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# One clock: the sealing must follow the same clock as the deadline checks and the "sealed" page


def test_kluis_volgt_de_klok_van_de_applicatie(login):
    """Before the sluitingstijd by the application's clock (which indienen, intrekken and the verzegeld page
    use) nothing may be readable, whatever the database server's clock says.

    Here the database's clock is already past the sluitingstijd (a round that closed a day ago in real time)
    while the application is an hour before it: the aanbieder can still change and withdraw, and
    beoordeling:ontvangen says "sealed", so the detail page and the documents must be 404 too.
    """
    sluiting = (timezone.now() - timedelta(days=1)).astimezone(AMS).replace(minute=0, second=0, microsecond=0)
    wereld = bouw_wereld(sluiting)
    with bij(sluiting - timedelta(hours=1)):
        assert wereld.a.bewerkbaar()
        client = aangemeld(login, wereld.inkoper_x)
        verzegeld = client.get(ontvangen_url(wereld.ronde))
        assert verzegeld.status_code == 403 and VERZEGELD in verzegeld.content.decode()
        assert client.get(detail_url(wereld.a)).status_code == 404
        assert status(client.get(download_url(wereld.a_statuten, inline=True))) == 404
        assert status(client.get(bon_url(wereld.a))) == 404
    assert not AuditRegel.objects.filter(actie="document_bekeken").exists()


# ---------------------------------------------------------------------------------------------------------------
# The vault to the second: every way into the sealed inschrijvingen, one second before and at the sluitingstijd.
# The probes an hour either side above would not see a vault that opens 59 minutes early.

KLUIS_PADEN = {
    "dossier": lambda w: detail_url(w.a),
    "document": lambda w: download_url(w.a_statuten, inline=True),
    "document-download": lambda w: download_url(w.a_kvk),
    "ontvangstbevestiging": lambda w: bon_url(w.a),
    "proces-verbaal": lambda w: ontvangen_url(w.ronde),
}


def _niets_geopend(w):
    assert not Opening.objects.exists()
    assert not AuditRegel.objects.filter(actie="document_bekeken").exists()
    assert not Indiening.objects.filter(pk=w.indiening_a.pk).exclude(ontvangstbewijs="").exists()


def _kluis_dicht(w, login, pad, moment) -> tuple[int, str]:
    """What a zorginkoper of X gets on ``pad`` at ``moment``: no record, no PDF, nothing opened; status and page."""
    with bij(moment):
        client = aangemeld(login, w.inkoper_x)
        antwoord = client.get(KLUIS_PADEN[pad](w))
        inhoud = lees(antwoord)
    assert not inhoud.startswith(b"%PDF-")
    tekst = inhoud.decode()
    assert w.a.zorgaanbieder.statutaire_naam not in tekst and w.indiening_a.sha256 not in tekst
    if pad != "proces-verbaal":
        assert antwoord.status_code == 404
    _niets_geopend(w)
    return antwoord.status_code, tekst


@pytest.mark.parametrize("pad", KLUIS_PADEN)
def test_kluis_een_seconde_voor_sluiting_dicht(w, login, pad):
    """At 16:59:59 a zorginkoper of X gets the count only: the sealed page says how many, every record is 404."""
    status, tekst = _kluis_dicht(w, login, pad, SLUITING - timedelta(seconds=1))
    if pad == "proces-verbaal":
        assert status == 403 and VERZEGELD in tekst and "2 inschrijvingen ontvangen" in tekst


@pytest.mark.parametrize("pad", KLUIS_PADEN)
def test_kluis_na_sluiting_dicht_tot_twee_collegas_openen(w, login, pad):
    """After 17:00:00 the vault stays shut until two colleagues open it: looking opens nothing (issue 9, 2)."""
    status, tekst = _kluis_dicht(w, login, pad, SLUITING + timedelta(hours=1))
    if pad == "proces-verbaal":
        assert status == 200 and "Opening aanvragen" in tekst and "2 inschrijvingen ontvangen" in tekst


@pytest.mark.parametrize("pad", KLUIS_PADEN)
def test_kluis_op_de_sluitingstijd_open_en_opening_vastgelegd(w, login, pad):
    """At 17:00:00 exactly two colleagues can open the vault, and then every path opens."""
    with bij(SLUITING):
        geopend(w)
        client = aangemeld(login, w.inkoper_x)
        antwoord = client.get(KLUIS_PADEN[pad](w))
        inhoud = lees(antwoord)
    assert antwoord.status_code == 200
    if pad in ("dossier", "proces-verbaal"):
        tekst = inhoud.decode()
        assert w.a.zorgaanbieder.statutaire_naam in tekst
        assert (w.indiening_a.sha256 if pad == "dossier" else "aangevraagd door Xander Eerste-Opener") in tekst
    else:
        assert inhoud.startswith(b"%PDF-")
    opening = Opening.objects.get()
    assert (opening.ronde, opening.zorgkantoor, opening.geopend_door, opening.tweede_opener, opening.geopend_op,
            opening.aantal_ingediend) == (w.ronde, w.x, w.inkoper_x, w.collega_x, SLUITING, 2)
    assert AuditRegel.objects.filter(actie="document_bekeken", inschrijving=w.a, door=w.inkoper_x).count() == (
        1 if pad.startswith("document") else 0)


# ---------------------------------------------------------------------------------------------------------------
# Nota van Inlichtingen


@pytest.fixture
def nvi_antwoord(w):
    vraag = nvi.vraag_stellen(ronde=w.ronde, door=w.medewerker_a, tekst="Geldt de toegangsnorm ook voor VPT?",
                              moment=w.ronde.vragen_tot - timedelta(days=1))
    return nvi.antwoord_geven(ronde=w.ronde, vragen=[vraag], vraag_tekst="Geldt de norm voor VPT?",
                              antwoord="Ja, ook voor VPT.", door=w.inkoper_x)


def _nvi_toestand(ronde):
    return (list(Vraag.objects.filter(ronde=ronde).order_by("pk").values()),
            list(NvIAntwoord.objects.filter(nota__ronde=ronde).order_by("pk").values()),
            list(NotaVanInlichtingen.objects.filter(ronde=ronde).values()))


def _nvi_urls(ronde, item):
    """(url, POST data) for every NvI management URL of the round."""
    kw = {"ronde_pk": ronde.pk}
    vraag = Vraag.objects.get(antwoord=item)
    wijziging = {"vragen": [vraag.pk], "vraag_tekst": "Overgenomen", "antwoord": "Overgenomen"}
    return [
        (reverse("inschrijving:nvi_beheer", kwargs=kw), wijziging),
        (reverse("inschrijving:nvi_antwoord", kwargs={**kw, "pk": item.pk}), wijziging),
        (reverse("inschrijving:nvi_antwoord_verwijderen", kwargs={**kw, "pk": item.pk}), {}),
        (reverse("inschrijving:nvi_publiceren", kwargs=kw), {"bevestigen": "on"}),
    ]


def test_nvi_beheer_zorgkantoor_buiten_de_ronde_krijgt_404(w, login, nvi_antwoord):
    with bij(VOOR):
        client = aangemeld(login, w.inkoper_z)
        voor = _nvi_toestand(w.ronde)
        for url, data in _nvi_urls(w.ronde, nvi_antwoord):
            if "verwijderen" not in url and "publiceren" not in url:
                assert client.get(url).status_code == 404, url
            assert client.post(url, data).status_code == 404, url
        # Sanity: X and Y take part and see the management page with the question on it.
        for inkoper in (w.inkoper_x, w.inkoper_y):
            antwoord = aangemeld(login, inkoper).get(reverse("inschrijving:nvi_beheer", args=[w.ronde.pk]))
            assert antwoord.status_code == 200 and "Geldt de toegangsnorm ook voor VPT?" in antwoord.content.decode()
    assert _nvi_toestand(w.ronde) == voor


@pytest.mark.parametrize("wie", ["bestuurder_a", "medewerker_a", "bestuurder_b"])
def test_nvi_beheer_aanbieder_krijgt_403(w, login, nvi_antwoord, wie):
    with bij(VOOR):
        client = aangemeld(login, getattr(w, wie))
        voor = _nvi_toestand(w.ronde)
        for url, data in _nvi_urls(w.ronde, nvi_antwoord):
            if "verwijderen" not in url and "publiceren" not in url:
                assert client.get(url).status_code == 403, url
            assert client.post(url, data).status_code == 403, url
        # Sanity: the aanbieder page of the same round is open to them.
        assert client.get(reverse("inschrijving:nvi", args=[w.ronde.pk])).status_code == 200
    assert _nvi_toestand(w.ronde) == voor


def test_nvi_vragen_alleen_voor_aanbieders_en_alleen_eigen_vragen(w, login, nvi_antwoord):
    url = reverse("inschrijving:nvi", args=[w.ronde.pk])
    with bij(VOOR):
        for inkoper in (w.inkoper_x, w.inkoper_z):
            assert aangemeld(login, inkoper).get(url).status_code == 403
        eigen = aangemeld(login, w.medewerker_a).get(url)
        assert eigen.status_code == 200 and "Geldt de toegangsnorm ook voor VPT?" in eigen.content.decode()
        ander = aangemeld(login, w.medewerker_b).get(url)
        assert ander.status_code == 200 and "Geldt de toegangsnorm ook voor VPT?" not in ander.content.decode()
        assert aangemeld(login, w.medewerker_b).get(
            reverse("inschrijving:nvi", args=[w.ronde.pk + 1000])).status_code == 404

