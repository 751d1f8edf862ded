"""The werkvoorraad (queue) and the detail page of an assessment.

One world: a round of zorgkantoor X that closed twenty days ago (real time, so the database's own clock
agrees that it is closed). Three inschrijvingen went through the real services and pipeline steps: Alfa
(type 3, complete: in the controle), Beta (type 1a, complete: in the controle) and Gamma (type 3 without
statuten: not taken into consideration). Bulk rows (``massa``) add cheap assessments pointing at bulk-made
indieningen, for counting queries and paging.
"""

from datetime import timedelta
from itertools import cycle
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beoordeling import pipeline
from beoordeling.models import AuditRegel, Beoordeling, Fase, Toetsresultaat, Uitkomst, Verduidelijkingsverzoek
from beoordeling.toewijzing import toewijzen
from inschrijving import services
from inschrijving.models import AfwijkendePlanning, Document, Indiening, Inschrijving, Status, Zorgaanbieder
from tests.factories import (
    WACHTWOORD,
    GebruikerFactory,
    InkooprondeFactory,
    ZorgaanbiederFactory,
    ZorgkantoorFactory,
    kluis_geopend,
)
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving
from wlzportal.datums import moment

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = (timezone.now() - timedelta(days=20)).astimezone(AMS).replace(hour=17, minute=0, second=0, microsecond=0)
WERKVOORRAAD = reverse("beoordeling:werkvoorraad")


def bij(moment):
    return time_machine.travel(moment, tick=False)


def detail_url(beoordeling) -> str:
    return reverse("beoordeling:beoordeling", args=[beoordeling.pk])


def bestuurder_van(naam):
    return GebruikerFactory(tekenbevoegd=True, zorgaanbieder=ZorgaanbiederFactory(statutaire_naam=naam))


@pytest.fixture
def w(settings):
    # Passwords are not what these tests are about; PBKDF2 would be most of their running time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with bij(SLUITING - timedelta(days=10)):
        x = ZorgkantoorFactory(naam="Zorgkantoor Werkvoorraad X")
        ronde = ronde_met_regels(zorgkantoren=[x], sluiting=SLUITING)
        alfa, bestuurder_alfa = volledige_inschrijving("3", ronde=ronde, zorgkantoor=x,
                                                       bestuurder=bestuurder_van("Stichting Alfa Zorg"))
        beta, bestuurder_beta = volledige_inschrijving("1a", ronde=ronde, zorgkantoor=x,
                                                       bestuurder=bestuurder_van("Beta Zorggroep B.V."))
        gamma, bestuurder_gamma = volledige_inschrijving("3", ronde=ronde, zorgkantoor=x,
                                                         bestuurder=bestuurder_van("Gamma Thuis"))
        Document.objects.filter(inschrijving=gamma, documenttype__code="statuten").delete()
    with bij(SLUITING - timedelta(hours=1)):
        for inschrijving, bestuurder in ((alfa, bestuurder_alfa), (beta, bestuurder_beta), (gamma, bestuurder_gamma)):
            services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                              ondanks_bevindingen=True)
    with bij(SLUITING + timedelta(minutes=5)):
        ids = pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=x)
        for pk in ids:
            pipeline.stap1_volledigheid(pk)
            pipeline.stap2_controle(pk)
    ik = GebruikerFactory(inkoper=True, zorgkantoor=x, first_name="Ilse", last_name="Inkoper")
    collega = GebruikerFactory(inkoper=True, zorgkantoor=x, first_name="Cor", last_name="Collega")
    kluis_geopend(ronde, x, ik, collega)
    y = ZorgkantoorFactory(naam="Zorgkantoor Werkvoorraad Y")
    wereld = SimpleNamespace(
        x=x, y=y, ronde=ronde, ik=ik, collega=collega, bestuurder=bestuurder_alfa,
        vreemde=GebruikerFactory(inkoper=True, zorgkantoor=y, first_name="Vera", last_name="Vreemd"),
        alfa=Beoordeling.objects.get(inschrijving=alfa), beta=Beoordeling.objects.get(inschrijving=beta),
        gamma=Beoordeling.objects.get(inschrijving=gamma),
    )
    assert (wereld.alfa.fase, wereld.beta.fase, wereld.gamma.fase) == (
        Fase.CONTROLE, Fase.CONTROLE, Fase.VOORSTEL_NIET_IN_BEHANDELING)
    return wereld


_volgnummer = iter(range(1, 1_000_000))


def massa(aantal, *, ronde, zorgkantoor, door, fasen=(Fase.NIEUW, Fase.CONTROLE, Fase.GESPREK, Fase.BESLUIT,
                                                     Fase.AFGEWEZEN), toegewezen=(None,), aanbieder_type="2"):
    """``aantal`` assessments made in bulk: aanbieders, submitted inschrijvingen, indieningen, assessments, a
    result or two and an audit line each. Not through the services: only for counting and paging."""
    nummers = [next(_volgnummer) for _ in range(aantal)]
    aanbieders = Zorgaanbieder.objects.bulk_create([
        Zorgaanbieder(statutaire_naam=f"Massa Zorg {n:06d}", kvk_nummer=f"{90000000 + n:08d}", rechtsvorm="stichting",
                      straat="Zorgstraat 1", postcode="1011 AB", plaats="Amsterdam") for n in nummers])
    inschrijvingen = Inschrijving.objects.bulk_create([
        Inschrijving(ronde=ronde, zorgaanbieder=a, zorgkantoor=zorgkantoor, aanbieder_type=aanbieder_type,
                     type_reden="massa", status=Status.INGEDIEND, aangemaakt_door=door) for a in aanbieders])
    indieningen = Indiening.objects.bulk_create([
        Indiening(inschrijving=i, volgnummer=1, ingediend_op=SLUITING - timedelta(hours=2), ingediend_door=door,
                  snapshot={}, sha256="0" * 64) for i in inschrijvingen])
    beoordelingen = Beoordeling.objects.bulk_create([
        Beoordeling(inschrijving=i, indiening=ind, fase=fase, toegewezen_aan=aan, zorgkantoor=zorgkantoor,
                    ronde=ronde)
        for i, ind, fase, aan in zip(inschrijvingen, indieningen, cycle(fasen), cycle(toegewezen), strict=False)])
    nu = timezone.now()
    Toetsresultaat.objects.bulk_create(
        [Toetsresultaat(beoordeling=b, regel="massa.handmatig", stap="controle", uitkomst=Uitkomst.HANDMATIG,
                        titel="Handmatig", toelichting="-", bron="-", besloten_op=nu) for b in beoordelingen[::2]]
        + [Toetsresultaat(beoordeling=b, regel="massa.niet", stap="controle", uitkomst=Uitkomst.VOLDOET_NIET,
                          titel="Voldoet niet", toelichting="-", bron="-", besloten_op=nu) for b in beoordelingen[::3]])
    AuditRegel.objects.bulk_create([AuditRegel(inschrijving=i, op=nu, actie="massa") for i in inschrijvingen])
    # What autovacuum does within a minute of a bulk insert in production: fresh statistics. Without them the
    # planner may take a few rows for thousands and pick a plan that runs for minutes (seen once in a full run).
    with connection.cursor() as cursor:
        for tabel in ("inschrijving_zorgaanbieder", "inschrijving_inschrijving", "inschrijving_indiening",
                      "beoordeling_beoordeling", "beoordeling_toetsresultaat", "beoordeling_auditregel"):
            cursor.execute(f"ANALYZE {tabel}")
    return beoordelingen


def aangemeld(login, gebruiker) -> Client:
    return login(Client(), gebruiker)


def zichtbaar(client, query="") -> set[int]:
    """The pks of every row the queue selects (all pages)."""
    antwoord = client.get(WERKVOORRAAD + query)
    assert antwoord.status_code == 200
    return set(antwoord.context["pagina"].paginator.object_list.values_list("pk", flat=True))


def namen_op_pagina(antwoord) -> list[str]:
    return [b.inschrijving.zorgaanbieder.statutaire_naam for b in antwoord.context["pagina"].object_list]


def meldingen(antwoord) -> list[str]:
    return [str(m) for m in antwoord.context["messages"]]


# ---------------------------------------------------------------------------------------------------------------
# The queue


def _aantal_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    return len(vastgelegd.captured_queries), antwoord


def test_zelfde_aantal_queries_bij_10_en_200(w, login):
    massa(7, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, toegewezen=(None, w.ik, w.collega))
    pipeline.fout_vastleggen(w.alfa.pk, "controle", RuntimeError("kapot"))
    Verduidelijkingsverzoek.objects.create(beoordeling=w.beta, vraag="Welke?", gesteld_door=w.ik,
                                           gesteld_op=timezone.now(), termijn=timezone.now() + timedelta(days=5))
    client = aangemeld(login, w.ik)
    urls = [WERKVOORRAAD, f"{WERKVOORRAAD}?ronde={w.ronde.pk}&sort=fase&zoek=zorg&te_laat=&page=1"]
    client.get(urls[0])  # warm caches (content types, translations) once

    bij_10 = [_aantal_queries(client, url) for url in urls]
    assert [a.context["pagina"].paginator.count for _n, a in bij_10] == [10, 9]  # "Gamma Thuis" has no "zorg"
    massa(190, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, toegewezen=(None, w.ik, w.collega))
    bij_200 = [_aantal_queries(client, url) for url in urls]
    assert [a.context["pagina"].paginator.count for _n, a in bij_200] == [200, 199]
    assert [len(a.context["pagina"].object_list) for _n, a in bij_200] == [50, 50]

    assert [n for n, _a in bij_10] == [n for n, _a in bij_200]
    tekst = bij_10[0][1].content.decode()
    assert "mislukt: controle" in tekst and "Opnieuw proberen" in tekst
    assert "verduidelijking open" in tekst


def test_hoogstens_12_queries_bij_20_en_1200(w, login):
    """Issue 10: the queue and the detail page each take at most 12 queries, and the same number whatever the
    size of the zorgkantoor's werkvoorraad."""
    massa(17, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, toegewezen=(None, w.ik, w.collega))
    pipeline.fout_vastleggen(w.alfa.pk, "controle", RuntimeError("kapot"))
    for vraag in ("Welke VOG?", "Welk jaarverslag?"):
        Verduidelijkingsverzoek.objects.create(beoordeling=w.beta, vraag=vraag, gesteld_door=w.ik,
                                               gesteld_op=timezone.now(), termijn=timezone.now() + timedelta(days=5))
    client = aangemeld(login, w.ik)
    urls = [WERKVOORRAAD, f"{WERKVOORRAAD}?ronde={w.ronde.pk}&page=2",
            f"{WERKVOORRAAD}?ronde={w.ronde.pk}&type=2&zoek=zorg&mij=on&fase=nieuw&sort=-name",
            f"{WERKVOORRAAD}?te_laat=on&mislukt=on&sort=fase",
            detail_url(w.alfa), detail_url(w.beta), detail_url(w.gamma)]
    for url in (WERKVOORRAAD, detail_url(w.alfa)):
        client.get(url)  # warm caches (content types, translations) once

    klein = [_aantal_queries(client, url) for url in urls]
    assert klein[0][1].context["pagina"].paginator.count == 20
    massa(1180, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, toegewezen=(None, w.ik, w.collega))
    groot = [_aantal_queries(client, url) for url in urls]
    assert groot[0][1].context["pagina"].paginator.count == 1200
    assert len(groot[1][1].context["pagina"].object_list) == 50

    assert [n for n, _a in groot] == [n for n, _a in klein]
    assert max(n for n, _a in klein) <= 12, [n for n, _a in klein]
    tekst = groot[5][1].content.decode()
    assert "Welke VOG?" in tekst and "Welk jaarverslag?" in tekst and "Ilse Inkoper" in tekst


@pytest.mark.parametrize("query", ["", "fase=nieuw", "fase=gesprek&type=2", "type=3&fase=controle", "zoek=massa",
                                   "mij=on", "fase=onbekend", "mislukt=on&fase=controle", "te_laat=on",
                                   "ronde=999999&fase=nieuw"])
def test_totaal_van_de_pagina_klopt_met_de_selectie(w, login, query):
    """The page total comes from the one counting query; it is what the filtered selection holds."""
    massa(30, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, toegewezen=(None, w.ik),
          fasen=(Fase.NIEUW, Fase.GESPREK, Fase.CONTROLE))
    pipeline.fout_vastleggen(w.beta.pk, "controle", RuntimeError("kapot"))
    antwoord = aangemeld(login, w.ik).get(f"{WERKVOORRAAD}?{query}")
    assert antwoord.status_code == 200
    pagina = antwoord.context["pagina"]
    assert pagina.paginator.count == antwoord.context["filter"].qs.count() == pagina.paginator.object_list.count()
    klaar = Beoordeling.objects.filter(inschrijving__zorgkantoor=w.x).exclude(fase=Fase.NIEUW).count()
    assert (antwoord.context["klaar"], antwoord.context["totaal"]) == (klaar, 33)


def test_rij_toont_tellingen_en_toewijzing(w, login):
    toewijzen(beoordeling=w.alfa, aan=w.collega, door=w.ik)
    client = aangemeld(login, w.ik)
    antwoord = client.get(WERKVOORRAAD)
    rij = {b.pk: b for b in antwoord.context["pagina"].object_list}
    alfa = Beoordeling.objects.get(pk=w.alfa.pk)
    assert rij[w.alfa.pk].aantal_handmatig == alfa.resultaten.filter(uitkomst=Uitkomst.HANDMATIG).count() > 0
    assert rij[w.gamma.pk].aantal_voldoet_niet >= 1 and rij[w.alfa.pk].aantal_voldoet_niet == 0
    tekst = antwoord.content.decode()
    assert "Cor Collega" in tekst and alfa.inschrijving.zorgaanbieder.kvk_nummer in tekst
    assert "Voorstel: niet in behandeling (onvolledig)" in tekst
    assert detail_url(w.alfa) in tekst


def test_rij_ontsnapt_wat_een_aanbieder_of_collega_typte(w, login):
    """The rows are filled in by a format string (issue 10), not the template: every text is still escaped."""
    Zorgaanbieder.objects.filter(pk=w.alfa.inschrijving.zorgaanbieder_id).update(
        statutaire_naam='Zorg <script>alert("x")</script> & Co')
    w.collega.first_name, w.collega.last_name = "<b>Cor</b>", "O'Collega"
    w.collega.save()
    toewijzen(beoordeling=w.alfa, aan=w.collega, door=w.ik)
    tekst = aangemeld(login, w.ik).get(WERKVOORRAAD).content.decode()
    assert "<script>alert" not in tekst and "<b>Cor</b>" not in tekst
    assert "Zorg &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</a>" in tekst
    assert "&lt;b&gt;Cor&lt;/b&gt; O&#x27;Collega</td>" in tekst


@pytest.mark.parametrize("query, verwacht", [
    ("type=3", {"alfa", "gamma"}),
    ("type=1a", {"beta"}),
    ("fase=voorstel_onvolledig", {"gamma"}),
    ("fase=controle", {"alfa", "beta"}),
    ("zoek=alfa+zorg", {"alfa"}),
    ("zoek=ZORG", {"alfa", "beta"}),
])
def test_filters(w, login, query, verwacht):
    client = aangemeld(login, w.ik)
    alle = zichtbaar(client)
    assert alle == {w.alfa.pk, w.beta.pk, w.gamma.pk}
    assert zichtbaar(client, f"?{query}") == {getattr(w, naam).pk for naam in verwacht}


def test_zoeken_op_kvk_met_spaties(w, login):
    kvk = w.beta.inschrijving.zorgaanbieder.kvk_nummer
    client = aangemeld(login, w.ik)
    assert zichtbaar(client, f"?zoek={kvk}") == {w.beta.pk}
    assert zichtbaar(client, f"?zoek={kvk[:4]}+{kvk[4:]}") == {w.beta.pk}


def test_filter_aan_mij_toegewezen(w, login):
    toewijzen(beoordeling=w.alfa, aan=w.ik, door=w.ik)
    toewijzen(beoordeling=w.beta, aan=w.collega, door=w.ik)
    assert zichtbaar(aangemeld(login, w.ik), "?mij=on") == {w.alfa.pk}
    assert zichtbaar(aangemeld(login, w.collega), "?mij=on") == {w.beta.pk}


def test_filter_mislukt(w, login):
    pipeline.fout_vastleggen(w.beta.pk, "controle", RuntimeError("bron niet bereikbaar"))
    client = aangemeld(login, w.ik)
    assert zichtbaar(client, "?mislukt=on") == {w.beta.pk}
    tekst = client.get(WERKVOORRAAD + "?mislukt=on").content.decode()
    assert "mislukt: controle" in tekst
    assert reverse("beoordeling:opnieuw_proberen", args=[w.beta.pk]) in tekst


def test_filter_te_laat(w, login):
    # An open verzoek om verduidelijking past its termijn makes an assessment late.
    Verduidelijkingsverzoek.objects.create(beoordeling=w.beta, vraag="Welke VOG?", gesteld_door=w.ik,
                                           gesteld_op=timezone.now() - timedelta(days=8),
                                           termijn=timezone.now() - timedelta(days=1))
    Verduidelijkingsverzoek.objects.create(beoordeling=w.alfa, vraag="Nog open, op tijd", gesteld_door=w.ik,
                                           gesteld_op=timezone.now(),
                                           termijn=w.ronde.gesprekken_afgerond + timedelta(days=30))
    assert zichtbaar(aangemeld(login, w.ik), "?te_laat=on") == {w.beta.pk}

    # After the round's gesprekken_afgerond every unfinished assessment is late; Gamma's too: incomplete, it still
    # waits for the zorginkoper's decision on the proposal "niet in behandeling" (002 §4.6).
    with bij(w.ronde.gesprekken_afgerond + timedelta(days=1)):
        assert zichtbaar(aangemeld(login, w.ik), "?te_laat=on") == {w.alfa.pk, w.beta.pk, w.gamma.pk}
    # The zorgkantoor's own planning comes first.
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.x,
                                      gesprekken_afgerond=w.ronde.gesprekken_afgerond + timedelta(days=10))
    with bij(w.ronde.gesprekken_afgerond + timedelta(days=1)):
        assert zichtbaar(aangemeld(login, w.ik), "?te_laat=on") == {w.beta.pk}


def test_filter_ronde_alleen_eigen_rondes(w, login):
    andere = InkooprondeFactory(zorgkantoren=[w.y], sluiting=SLUITING)
    client = aangemeld(login, w.ik)
    antwoord = client.get(WERKVOORRAAD)
    keuzes = {keuze.pk for keuze in antwoord.context["filter"].form.fields["ronde"].queryset}
    assert keuzes == {w.ronde.pk}
    assert zichtbaar(client, f"?ronde={w.ronde.pk}") == {w.alfa.pk, w.beta.pk, w.gamma.pk}
    # Another zorgkantoor's round is not a valid choice: the filter says so and narrows nothing it may not.
    antwoord = client.get(f"{WERKVOORRAAD}?ronde={andere.pk}")
    assert "ronde" in antwoord.context["filter"].form.errors


def test_onbekende_sortering_valt_terug_op_naam(w, login):
    client = aangemeld(login, w.ik)
    op_naam = ["Beta Zorggroep B.V.", "Gamma Thuis", "Stichting Alfa Zorg"]
    for sort in ("", "?sort=name", "?sort=inschrijving__zorgaanbieder__kvk_nummer", "?sort=fout%3BDROP",
                 "?sort=-pk"):
        antwoord = client.get(WERKVOORRAAD + sort)
        assert antwoord.status_code == 200
        assert namen_op_pagina(antwoord) == op_naam, sort
    assert namen_op_pagina(client.get(WERKVOORRAAD + "?sort=-name")) == op_naam[::-1]
    # Fase in workflow order: niet in behandeling (step 1) before controle (step 2).
    assert namen_op_pagina(client.get(WERKVOORRAAD + "?sort=fase"))[0] == "Gamma Thuis"
    assert namen_op_pagina(client.get(WERKVOORRAAD + "?sort=type"))[0] == "Beta Zorggroep B.V."
    for sort in ("bijgewerkt", "laatste_activiteit"):
        assert client.get(f"{WERKVOORRAAD}?sort={sort}").status_code == 200


def test_paginering_houdt_filters_vast(w, login):
    massa(120, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, aanbieder_type="2")
    client = aangemeld(login, w.ik)
    antwoord = client.get(f"{WERKVOORRAAD}?type=2&sort=-name")
    pagina = antwoord.context["pagina"]
    assert (pagina.paginator.count, pagina.paginator.num_pages, len(pagina.object_list)) == (120, 3, 50)
    tekst = antwoord.content.decode()
    assert "?type=2&amp;sort=-name&amp;page=2" in tekst
    assert "?type=2&amp;sort=-name&amp;page=3" in tekst
    tweede = client.get(f"{WERKVOORRAAD}?type=2&sort=-name&page=2")
    assert tweede.context["pagina"].number == 2
    assert "?type=2&amp;sort=-name&amp;page=1" in tweede.content.decode()
    namen = namen_op_pagina(antwoord) + namen_op_pagina(tweede)
    assert namen == sorted(namen, reverse=True) and len(set(namen)) == 100
    # A page number out of range shows the last page rather than an error.
    assert client.get(f"{WERKVOORRAAD}?type=2&page=99").context["pagina"].number == 3


def test_tellingen_per_fase(w, login):
    massa(10, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, fasen=(Fase.NIEUW, Fase.GESPREK))
    # Another zorgkantoor's assessments never count.
    massa(4, ronde=InkooprondeFactory(zorgkantoren=[w.y], sluiting=SLUITING), zorgkantoor=w.y, door=w.bestuurder)
    client = aangemeld(login, w.ik)
    antwoord = client.get(f"{WERKVOORRAAD}?fase=gesprek")
    fasen = {fase: aantal for fase, _label, aantal in antwoord.context["fasen"]}
    assert fasen[Fase.NIEUW] == 5 and fasen[Fase.GESPREK] == 5
    assert fasen[Fase.CONTROLE] == 2 and fasen[Fase.VOORSTEL_NIET_IN_BEHANDELING] == 1
    assert sum(fasen.values()) == 13
    tekst = antwoord.content.decode()
    assert 'data-testid="telling-controle"' in tekst
    assert 'href="?fase=controle"' in tekst
    # The type filter narrows the counts too.
    fasen = {fase: aantal for fase, _l, aantal in client.get(f"{WERKVOORRAAD}?type=3").context["fasen"]}
    assert (fasen[Fase.CONTROLE], fasen[Fase.VOORSTEL_NIET_IN_BEHANDELING], fasen[Fase.NIEUW]) == (1, 1, 0)


def test_voortgang_met_nederlandse_getallen(w, login):
    massa(1200, ronde=w.ronde, zorgkantoor=w.x, door=w.bestuurder, fasen=(Fase.NIEUW, Fase.CONTROLE, Fase.CONTROLE))
    client = aangemeld(login, w.ik)
    tekst = client.get(WERKVOORRAAD).content.decode()
    assert "803 van 1.203 automatisch gecontroleerd" in tekst


def test_opnieuw_proberen(w, login, django_capture_on_commit_callbacks):
    pipeline.fout_vastleggen(w.beta.pk, "controle", RuntimeError("bron niet bereikbaar"))
    client = aangemeld(login, w.ik)
    with django_capture_on_commit_callbacks() as callbacks:
        antwoord = client.post(reverse("beoordeling:opnieuw_proberen", args=[w.beta.pk]),
                               {"terug": "mislukt=on"})
    assert antwoord.status_code == 302 and antwoord.url == f"{WERKVOORRAAD}?mislukt=on"
    assert len(callbacks) == 1  # the chain of steps, dispatched after commit
    beta = Beoordeling.objects.get(pk=w.beta.pk)
    assert beta.mislukt_op is None and beta.fout == ""
    assert AuditRegel.objects.filter(actie="opnieuw_geprobeerd", inschrijving=beta.inschrijving, door=w.ik).exists()
    assert client.get(WERKVOORRAAD + "?mislukt=on").context["pagina"].paginator.count == 0


# ---------------------------------------------------------------------------------------------------------------
# Assignment


def test_bulk_toewijzen_met_fout_per_beoordeling(w, login):
    [vreemd] = massa(1, ronde=InkooprondeFactory(zorgkantoren=[w.y], sluiting=SLUITING), zorgkantoor=w.y,
                     door=w.bestuurder)
    client = aangemeld(login, w.ik)
    antwoord = client.post(reverse("beoordeling:toewijzen"), {
        "beoordeling": [w.alfa.pk, vreemd.pk, w.beta.pk], "actie": "aan", "aan": w.collega.pk,
        "terug": "type=3&fase=controle"}, follow=True)
    assert antwoord.redirect_chain[-1][0] == f"{WERKVOORRAAD}?type=3&fase=controle"
    assert set(Beoordeling.objects.filter(toegewezen_aan=w.collega).values_list("pk", flat=True)) == {
        w.alfa.pk, w.beta.pk}
    assert Beoordeling.objects.get(pk=vreemd.pk).toegewezen_aan is None
    berichten = meldingen(antwoord)
    assert f"Beoordeling {vreemd.pk} is niet gevonden in uw werkvoorraad en is niet toegewezen." in berichten
    assert "2 beoordeling(en) toegewezen aan Cor Collega." in berichten
    assert vreemd.inschrijving.zorgaanbieder.statutaire_naam not in antwoord.content.decode()
    regel = AuditRegel.objects.get(actie="toegewezen", inschrijving=w.alfa.inschrijving)
    assert regel.door == w.ik and "Cor Collega" in regel.omschrijving

    # "Aan mij toewijzen" takes them over, and the audit line names who had it.
    antwoord = client.post(reverse("beoordeling:toewijzen"), {"beoordeling": [w.alfa.pk], "actie": "mij",
                                                              "aan": ""}, follow=True)
    assert Beoordeling.objects.get(pk=w.alfa.pk).toegewezen_aan == w.ik
    assert "(was Cor Collega)" in AuditRegel.objects.filter(actie="toegewezen").first().omschrijving


def test_toewijzen_aan_iemand_van_een_ander_zorgkantoor_kan_niet(w, login):
    client = aangemeld(login, w.ik)
    antwoord = client.post(reverse("beoordeling:toewijzen"), {
        "beoordeling": [w.alfa.pk], "actie": "aan", "aan": w.vreemde.pk}, follow=True)
    assert Beoordeling.objects.get(pk=w.alfa.pk).toegewezen_aan is None
    assert meldingen(antwoord)
    with pytest.raises(ValidationError):
        toewijzen(beoordeling=w.alfa, aan=w.vreemde, door=w.ik)
    with pytest.raises(ValidationError):
        toewijzen(beoordeling=w.alfa, aan=w.bestuurder, door=w.ik)
    with pytest.raises(PermissionDenied):
        toewijzen(beoordeling=w.alfa, aan=w.vreemde, door=w.vreemde)
    assert not AuditRegel.objects.filter(actie="toegewezen").exists()


# ---------------------------------------------------------------------------------------------------------------
# The detail page


def test_ander_zorgkantoor_krijgt_404_op_elke_url(w, login):
    handmatig = w.alfa.resultaten.filter(uitkomst=Uitkomst.HANDMATIG).first()
    client = aangemeld(login, w.vreemde)
    voor = list(Toetsresultaat.objects.filter(beoordeling=w.alfa).values())
    assert client.get(detail_url(w.alfa)).status_code == 404
    resultaat_url = reverse("beoordeling:resultaat_vastleggen", args=[w.alfa.pk, handmatig.pk])
    assert client.post(resultaat_url, {f"resultaat-{handmatig.pk}-uitkomst": "voldoet",
                                       f"resultaat-{handmatig.pk}-toelichting": "Overgenomen"}).status_code == 404
    assert client.post(reverse("beoordeling:controle_afronden", args=[w.alfa.pk])).status_code == 404
    pipeline.fout_vastleggen(w.alfa.pk, "controle", RuntimeError("x"))
    assert client.post(reverse("beoordeling:opnieuw_proberen", args=[w.alfa.pk])).status_code == 404
    assert zichtbaar(client) == set()
    assert list(Toetsresultaat.objects.filter(beoordeling=w.alfa).values()) == voor
    assert Beoordeling.objects.get(pk=w.alfa.pk).mislukt_op is not None
    assert not AuditRegel.objects.filter(door=w.vreemde).exists()
    # A result of another assessment through one's own assessment's URL is a 404 too.
    eigen = aangemeld(login, w.ik)
    assert eigen.post(reverse("beoordeling:resultaat_vastleggen", args=[w.beta.pk, handmatig.pk]),
                      {f"resultaat-{handmatig.pk}-uitkomst": "voldoet",
                       f"resultaat-{handmatig.pk}-toelichting": "Via een ander"}).status_code == 404


def test_aanbieder_komt_er_niet_in(w, login):
    client = aangemeld(login, w.bestuurder)
    assert client.get(WERKVOORRAAD).status_code == 403
    assert client.get(detail_url(w.alfa)).status_code == 403


def test_detail_toont_resultaten_documenten_en_geschiedenis(w, login):
    client = aangemeld(login, w.ik)
    antwoord = client.get(detail_url(w.alfa))
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    alfa = w.alfa.inschrijving
    assert alfa.zorgaanbieder.statutaire_naam in tekst
    # The reason for the type, written to the aanbieder ("U heeft …"), as the zorginkoper reads it (issue 11).
    assert alfa.type_reden.startswith("U heeft op dit moment")
    assert ("De aanbieder heeft op dit moment met geen enkel zorgkantoor een Wlz-overeenkomst; de aanbieder is een "
            "nieuwe zorgaanbieder") in tekst and "U heeft" not in tekst
    assert "Controle verklaring en documenten" in tekst and "stap 2" in tekst
    assert 'data-testid="stap-volledigheid"' in tekst and 'data-testid="stap-controle"' in tekst
    met_bewijs = w.alfa.resultaten.exclude(bewijs={}).first()
    link = reverse("inschrijving:document_downloaden", args=[met_bewijs.bewijs["document_id"]]) + "?inline=1"
    assert link in tekst and met_bewijs.bewijs["sha256"] in tekst
    assert "automatische controle" in tekst  # who decided
    for document in Indiening.objects.get(pk=w.alfa.indiening_id).documenten.all():
        assert document.sha256 in tekst
    # The history: every audit line of the inschrijving, newest first, including this very look.
    bekeken = AuditRegel.objects.get(actie="beoordeling_bekeken", inschrijving=alfa, door=w.ik)
    geschiedenis = tekst[tekst.index('data-testid="geschiedenis"'):]
    # In words, not the codes they are stored with (issue 11).
    assert geschiedenis.index("Beoordeling bekeken") < geschiedenis.index("Stap 2: verklaring en documenten") \
        < geschiedenis.index("Stap 1: volledigheid")
    assert "beoordeling_bekeken" not in geschiedenis and "stap1_volledigheid" not in geschiedenis
    assert "Ilse Inkoper" in geschiedenis and moment(bekeken.op.astimezone(AMS)) in geschiedenis


def test_handmatig_resultaat_vastleggen(w, login):
    handmatig = w.alfa.resultaten.filter(uitkomst=Uitkomst.HANDMATIG).first()
    client = aangemeld(login, w.ik)
    url = reverse("beoordeling:resultaat_vastleggen", args=[w.alfa.pk, handmatig.pk])
    veld = f"resultaat-{handmatig.pk}"

    # Without a reason nothing changes and the error stands beside the field.
    antwoord = client.post(url, {f"{veld}-uitkomst": "voldoet", f"{veld}-toelichting": " "})
    assert antwoord.status_code == 400
    assert f'id="id_{veld}-toelichting"' in antwoord.content.decode()
    assert Toetsresultaat.objects.get(pk=handmatig.pk).uitkomst == Uitkomst.HANDMATIG

    antwoord = client.post(url, {f"{veld}-uitkomst": "voldoet",
                                 f"{veld}-toelichting": "Eigen bronnen geraadpleegd: geen bevindingen."})
    assert antwoord.status_code == 302 and antwoord.url.endswith(f"#resultaat-{handmatig.pk}")
    handmatig.refresh_from_db()
    assert (handmatig.uitkomst, handmatig.automatisch, handmatig.besloten_door) == (Uitkomst.VOLDOET, False, w.ik)
    assert handmatig.toelichting == "Eigen bronnen geraadpleegd: geen bevindingen."
    regel = AuditRegel.objects.get(actie="resultaat_vastgelegd", inschrijving=w.alfa.inschrijving)
    assert regel.door == w.ik and "handmatig → voldoet" in regel.omschrijving
    assert "Ilse Inkoper" in client.get(detail_url(w.alfa)).content.decode()


def test_controle_afronden_pas_als_niets_handmatig_openstaat(w, login):
    client = aangemeld(login, w.ik)
    afronden = reverse("beoordeling:controle_afronden", args=[w.alfa.pk])
    antwoord = client.post(afronden, follow=True)
    assert any(m.startswith("Nog niet beoordeeld:") for m in meldingen(antwoord))
    assert Beoordeling.objects.get(pk=w.alfa.pk).fase == Fase.CONTROLE
    assert not AuditRegel.objects.filter(actie="controle_afgerond").exists()

    for resultaat in w.alfa.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
        veld = f"resultaat-{resultaat.pk}"
        client.post(reverse("beoordeling:resultaat_vastleggen", args=[w.alfa.pk, resultaat.pk]),
                    {f"{veld}-uitkomst": "voldoet", f"{veld}-toelichting": "Gecontroleerd."})
    antwoord = client.post(afronden, follow=True)
    alfa = Beoordeling.objects.get(pk=w.alfa.pk)
    assert alfa.fase == Fase.GESPREK, meldingen(antwoord)  # a new provider, positive on steps 1 and 2
    assert AuditRegel.objects.filter(actie="controle_afgerond", inschrijving=alfa.inschrijving).exists()
    # After the controle the results are read-only: no forms any more.
    assert "resultaat_vastleggen" not in antwoord.content.decode()
    assert reverse("beoordeling:resultaat_vastleggen", args=[w.alfa.pk, resultaat.pk]) \
        not in antwoord.content.decode()


def test_startpagina_linkt_naar_de_werkvoorraad_per_ronde(w, login):
    tekst = aangemeld(login, w.ik).get(reverse("beoordeling:start")).content.decode()
    assert f"{WERKVOORRAAD}?ronde={w.ronde.pk}" in tekst

