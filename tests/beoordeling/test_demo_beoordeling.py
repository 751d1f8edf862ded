"""The demo's documented path (README "De demo doorlopen"): ``demo``, ``demo_indienen`` and ``demo_sluit_ronde``
give an assessment for every type, a new provider with a signal (40% onderaanneming) that reaches the gesprek and is
offered an overeenkomst onder voorwaarden, and an incomplete inschrijving that gets a toelichting and is then
assessed; ``demo_gesprek`` lets a planned gesprek have taken place, only in the demo and only with DEBUG on.

The later steps (the zorginkoper's) run through the real services, as the README tells a person to do them in the
browser; ``tests/e2e/test_signaal_journey.py`` walks the signal path in the browser.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from beoordeling import gesprek as gesprekken
from beoordeling import pipeline, services, verduidelijking
from beoordeling.models import AFWIJZINGSGRONDEN, AuditRegel, Beoordeling, Besluit, Fase, Gesprek, InregelItem, Uitkomst
from inschrijving.demo import maak_demo
from inschrijving.models import Gebruiker, Inschrijving, Overeenkomst, Status, Zorgaanbieder
from inschrijving.voorbeeld import pdf_upload
from tests.beoordeling.helpers import gesloten_rondes_openen
from tests.beoordeling.test_besluit import _plat, _tekst

pytestmark = pytest.mark.django_db

AMSTELLAND = "Zorgkantoor Amstelland"
HORIZON = "Thuiszorg De Horizon B.V."
DE_WILG = "Stichting Zorghuis De Wilg"
ONDERAANNEMING = "verklaring.onderaanneming"
STATUTEN = "document.statuten.aanwezig"


def _demo_gesloten(capsys=None):
    """The README's steps 1-3: the demo, every demo aanbieder submits (the day before the sluitingstijd), the round
    closes; then steps 1 and 2 of the pipeline, which the Celery worker runs in ``make run``."""
    ronde, _logins = maak_demo()
    with time_machine.travel(ronde.sluiting_inschrijving - timedelta(days=1), tick=False):
        call_command("demo_indienen")
        call_command("demo_indienen")  # idempotent: nothing is submitted twice
    call_command("demo_sluit_ronde")
    gesloten_rondes_openen()  # README step 4: inkoper1 and inkoper2 open the vault
    for b in Beoordeling.objects.order_by("pk"):
        pipeline.stap1_volledigheid(b.pk)
        pipeline.stap2_controle(b.pk)
    ronde.refresh_from_db()
    return ronde


def _beoordeling(naam) -> Beoordeling:
    return Beoordeling.objects.get(inschrijving__zorgaanbieder__statutaire_naam=naam,
                                   inschrijving__zorgkantoor__naam=AMSTELLAND)


def _inkopers():
    return tuple(Gebruiker.objects.get(username=f"amstelland.inkoper{n}") for n in (1, 2))


def _checklist_en_controle(beoordeling, inkoper):
    for resultaat in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
        services.resultaat_vastleggen(resultaat=resultaat, uitkomst="voldoet",
                                      toelichting="Gecontroleerd in de ingediende stukken.", door=inkoper)
    return services.controle_afronden(beoordeling=beoordeling, door=inkoper)


def _uitnodigen(beoordeling, inkoper):
    bestuurder = Gebruiker.objects.get(username="horizon.bestuurder")
    return gesprekken.uitnodigen(beoordeling=beoordeling, datum=timezone.now() + timedelta(days=7),
                                 plaats="Zorgstraat 1, Amsterdam", deelnemers="Ina Inkoper, zorginkoper",
                                 tekenbevoegde=bestuurder, door=inkoper)


def test_demo_indienen_en_sluiten_start_beoordeling_van_elk_type(capsys):
    ronde = _demo_gesloten()
    uitvoer = capsys.readouterr().out
    assert "is gesloten" in uitvoer
    # Four types, the signal, the incomplete one and De Eik (documents that say otherwise), and the 2016 round.
    assert uitvoer.count("Ingediend:") == 8
    assert ronde.sluiting_inschrijving < timezone.now()
    ingediend = Inschrijving.objects.filter(status=Status.INGEDIEND)
    assert sorted(ingediend.values_list("aanbieder_type", flat=True)) == ["1a", "1b", "2", "3", "3", "3", "3", "gn"]
    assert Beoordeling.objects.count() == 8  # both demo rounds closed and started
    fasen = dict(Beoordeling.objects.filter(inschrijving__ronde=ronde).values_list(
        "inschrijving__zorgaanbieder__statutaire_naam", "fase"))
    assert fasen == {"Stichting Zorggroep De Linde": Fase.CONTROLE, "Stichting Thuiszorg Het Anker": Fase.CONTROLE,
                     "Woonzorg De Brug B.V.": Fase.CONTROLE, "GGZ Nieuw Begin B.V.": Fase.CONTROLE,
                     HORIZON: Fase.CONTROLE, DE_WILG: Fase.VOORSTEL_NIET_IN_BEHANDELING,
                     "Stichting Zorgcentrum De Eik": Fase.CONTROLE}
    # De Eik's documents were read and compared with what it typed: signals for the zorginkoper, beside the pages.
    eik = Beoordeling.objects.get(inschrijving__zorgaanbieder__statutaire_naam="Stichting Zorgcentrum De Eik")
    signalen = {r.regel: r for r in eik.resultaten.filter(uitkomst="signaal")}
    assert {"inhoud.kvk_uittreksel.rechtspersoon", "inhoud.kvk_uittreksel.kvk_nummer",
            "inhoud.polisblad.bedrag"} <= set(signalen)
    assert signalen["inhoud.polisblad.bedrag"].bewijs["pagina"] == 1
    assert "€ 1.250.000" in signalen["inhoud.polisblad.bedrag"].bewijs["fragment"]
    # The 2016 round: the GGZ aanbieder submitted a zelfanalyse, the condition for an opslag (004 §2.2.3).
    from beoordeling.besluitregels import zelfanalyse_ingediend

    (b2016,) = Beoordeling.objects.exclude(inschrijving__ronde=ronde)
    assert b2016.inschrijving.aanbieder_type == "gn" and zelfanalyse_ingediend(b2016.indiening.snapshot)


def test_demo_signaal_gaat_via_het_gesprek_naar_een_overeenkomst_onder_voorwaarden(
        django_capture_on_commit_callbacks):
    """(a) signal → gesprek → weighed → offered → approved by a colleague → letter, and (c) the overeenkomst onder
    voorwaarden with its inregel items (the demo's Horizon submitted no Z and 6 documents)."""
    ronde = _demo_gesloten()
    inkoper1, inkoper2 = _inkopers()
    beoordeling = _beoordeling(HORIZON)
    assert beoordeling.inschrijving.aanbieder_type == "3"
    signaal = beoordeling.resultaten.get(uitkomst=Uitkomst.SIGNAAL)
    assert signaal.regel == ONDERAANNEMING and "40" in signaal.toelichting
    assert not beoordeling.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET).exists()

    assert _checklist_en_controle(beoordeling, inkoper1).fase == Fase.GESPREK  # a signal never decides
    gesprek = _uitnodigen(beoordeling, inkoper1)
    oordelen = {code: {"bezwaar": False, "toelichting": ""} for code, _label in AFWIJZINGSGRONDEN}
    bevinding = "Twee ZZP'ers leveren de nachtzorg in de opstartfase; het eigen team groeit binnen een jaar."
    gesprekken.verslag_vastleggen(gesprek=gesprek, verslag="Gesprek op locatie met de bestuurder.", oordelen=oordelen,
                                  signaal_oordelen={ONDERAANNEMING: {"bevinding": bevinding, "bezwaar": False}},
                                  door=inkoper1)
    with pytest.raises(Exception, match="nadat het heeft plaatsgevonden"):
        gesprekken.gesprek_afronden(gesprek=gesprek, door=inkoper1)  # the rule holds in the demo too

    with override_settings(DEBUG=True):
        call_command("demo_gesprek", "horizon")
    gesprek.refresh_from_db()
    assert gesprek.datum < timezone.now()
    assert AuditRegel.objects.get(actie="demo_gesprek", inschrijving=beoordeling.inschrijving).omschrijving \
        .startswith("Demo (manage.py demo_gesprek")
    gesprekken.gesprek_afronden(gesprek=gesprek, door=inkoper1)

    besluit = services.voorstellen(beoordeling=Beoordeling.objects.get(pk=beoordeling.pk), door=inkoper1)
    assert besluit.soort == "eenjarig_verlenging" and besluit.onder_voorwaarden
    assert besluit.voorstel["overwegingen"][0]["regel"] == ONDERAANNEMING
    with django_capture_on_commit_callbacks(execute=True):
        services.goedkeuren(besluit=besluit, door=inkoper2)
    besluit = Besluit.objects.get(pk=besluit.pk)
    with besluit.brief.open("rb") as fh:
        tekst = _plat(_tekst(fh.read()))
    indiening = beoordeling.indiening
    for verwacht in ("Voorlopige gunning", "95,8% van het NZa-maximumtarief", "Gewogen in het gesprek", bevinding,
                     f"volgnummer {indiening.volgnummer}", indiening.sha256, "bezwaar maken"):
        assert _plat(verwacht) in tekst, verwacht
    assert {v["moment"] for v in besluit.voorwaarden} == {"Z", "6"}

    services.reageren(besluit=besluit, door=Gebruiker.objects.get(username="horizon.bestuurder"), accepteren=True)
    overeenkomst = Overeenkomst.objects.get(zorgaanbieder__statutaire_naam=HORIZON)
    assert overeenkomst.onder_voorwaarden and overeenkomst.ingangsdatum.year == ronde.contractjaar
    items = InregelItem.objects.filter(overeenkomst=overeenkomst)
    assert {i.moment for i in items} == {"Z", "6", "kwaliteitsverslag"}
    for item in items:  # the letter names every inregel item with its date
        assert _plat(item.titel) in tekst, item.titel


def test_demo_onvolledig_krijgt_een_toelichting_en_wordt_daarna_beoordeeld(django_capture_on_commit_callbacks):
    """(b) incomplete → "voorstel: niet in behandeling" → toelichting asked, answered with a document of before the
    sluitingstijd, accepted → steps 1 and 2 again → assessed; both runs of step 1 stay on record."""
    _demo_gesloten()
    inkoper1, _inkoper2 = _inkopers()
    beoordeling = _beoordeling(DE_WILG)
    assert beoordeling.fase == Fase.VOORSTEL_NIET_IN_BEHANDELING
    assert list(beoordeling.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET).values_list("regel", flat=True)) == [
        STATUTEN]
    assert not Besluit.objects.filter(beoordeling=beoordeling).exists()  # nothing sent: a proposal, not a verdict

    verzoek = verduidelijking.verzoek_stellen(
        beoordeling=beoordeling, regel=STATUTEN, document_toegestaan=True, door=inkoper1,
        vraag="Uw statuten ontbreken. Stuur de statuten zoals die golden vóór de sluitingstijd.")
    assert Beoordeling.objects.get(pk=beoordeling.pk).fase == Fase.TOELICHTING
    verduidelijking.verzoek_beantwoorden(
        verzoek=verzoek, antwoord="Hierbij de statuten, vergeten te uploaden.", door=Gebruiker.objects.get(
            username="wilg.bestuurder"), document=pdf_upload("statuten.pdf", "Statuten Zorghuis De Wilg"),
        document_datum=verduidelijking.sluitingsdag(beoordeling.inschrijving) - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=False):  # the worker's chain; run here directly
        assert verduidelijking.toelichting_beoordelen(verzoek=verzoek, aanvaard=True, door=inkoper1,
                                                      reden="De statuten dateren van vóór de sluiting.") == "opnieuw"
    assert pipeline.stap1_volledigheid(beoordeling.pk) and pipeline.stap2_controle(beoordeling.pk)

    beoordeling.refresh_from_db()
    assert beoordeling.fase == Fase.CONTROLE
    statuten = beoordeling.resultaten.get(regel=STATUTEN)
    assert statuten.uitkomst == Uitkomst.VOLDOET and statuten.bewijs.get("verzoek_id") == verzoek.pk
    assert list(beoordeling.volledigheidscontroles.order_by("nummer").values_list("nummer", "volledig")) == [
        (1, False), (2, True)]


def test_demo_gesprek_alleen_in_ontwikkelmodus_en_alleen_voor_de_demo():
    _demo_gesloten()
    inkoper1, _inkoper2 = _inkopers()
    beoordeling = _beoordeling(HORIZON)
    _checklist_en_controle(beoordeling, inkoper1)
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="Nodig de zorgaanbieder eerst uit"):
        call_command("demo_gesprek", "horizon")
    gepland = _uitnodigen(beoordeling, inkoper1).datum
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("demo_gesprek", "horizon")
    # Not a demo inschrijving (another aanbieder's KvK-nummer): refused, whatever the settings.
    Zorgaanbieder.objects.filter(pk=beoordeling.inschrijving.zorgaanbieder_id).update(kvk_nummer="12345678")
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="Geen demo-inschrijving"):
        call_command("demo_gesprek", str(beoordeling.inschrijving_id))
    assert Gesprek.objects.get(beoordeling=beoordeling).datum == gepland
    assert not AuditRegel.objects.filter(actie="demo_gesprek").exists()
