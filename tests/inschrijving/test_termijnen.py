"""A deadline moves only in the open (issue 9, item 3).

After publication the sluitingstijd and the NvI question deadline move only forward, with a reason and a second
person's approval; every organisation with an inschrijving, a draft or an NvI question in the round is e-mailed at
once, and the change shows with the round and in its history (old and new value). After the sluitingstijd only a
heropening moves it: a reason, two approvals, notification to all, and only before the vault is opened.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inschrijving import nvi, termijnen
from inschrijving.models import Bericht, Inkoopronde, Status, Termijnwijziging
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen, open_kluis
from tests.factories import GebruikerFactory, InkooprondeFactory, ZorgkantoorFactory
from tests.inschrijving.maak import nieuwe_inschrijving
from wlzportal.datums import tijdstip

pytestmark = pytest.mark.django_db

SLUITING = Termijnwijziging.Mijlpaal.SLUITING
VRAGEN = Termijnwijziging.Mijlpaal.VRAGEN_TOT


def _beheerder(**kwargs):
    return GebruikerFactory(beheerder=True, is_staff=True, is_superuser=True, **kwargs)


def _actie(client, actie, wijziging):
    return client.post(reverse("admin:inschrijving_termijnwijziging_changelist"),
                       {"action": actie, "_selected_action": [wijziging.pk]}, follow=True)


@pytest.fixture
def ronde():
    """A published round (closes in 30 days) at X and Y: A has a draft with X, B submitted to X, C only asked an NvI
    question, D takes part in nothing; E has a draft with Y."""
    x, y = ZorgkantoorFactory(naam="Zorgkantoor Termijn X"), ZorgkantoorFactory(naam="Zorgkantoor Termijn Y")
    ronde = InkooprondeFactory(zorgkantoren=[x, y])
    assert termijnen.gepubliceerd(ronde)
    _a, bestuurder_a = nieuwe_inschrijving("3", ronde=ronde, zorgkantoor=x)
    b, bestuurder_b = nieuwe_inschrijving("3", ronde=ronde, zorgkantoor=x)
    b.status = Status.INGEDIEND
    b.save(update_fields=["status"])
    vrager = GebruikerFactory()
    nvi.vraag_stellen(ronde=ronde, door=vrager, tekst="Geldt §4.10 ook voor een stichting zonder moeder?",
                      moment=ronde.vragen_tot - timedelta(days=1))
    buitenstaander = GebruikerFactory()
    _e, bestuurder_e = nieuwe_inschrijving("3", ronde=ronde, zorgkantoor=y)
    return ronde, x, y, {"a": bestuurder_a, "b": bestuurder_b, "c": vrager, "d": buitenstaander, "e": bestuurder_e}


def test_een_verlenging_met_reden_en_goedkeuring_van_een_ander_mailt_iedereen(ronde, login):
    ronde, _x, _y, mensen = ronde
    oud = ronde.sluiting_inschrijving
    nieuw = timezone.localtime(oud + timedelta(days=2))
    eerste, tweede = _beheerder(), _beheerder()
    a = login(Client(), eerste)

    # Requested in admin: recorded, nothing moves yet.
    antwoord = a.post(reverse("admin:inschrijving_termijnwijziging_add"), {
        "ronde": ronde.pk, "zorgkantoor": "", "mijlpaal": SLUITING, "nieuw_0": nieuw.strftime("%d-%m-%Y"),
        "nieuw_1": nieuw.strftime("%H:%M:%S"), "reden": "Storing bij eHerkenning op de laatste dag"})
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    wijziging = Termijnwijziging.objects.get()
    assert (wijziging.soort, wijziging.oud, wijziging.nieuw, wijziging.aangevraagd_door) == (
        Termijnwijziging.Soort.VERLENGING, oud, nieuw, eerste)
    assert Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving == oud
    assert not Bericht.objects.exists()

    # The requester cannot approve it himself.
    eigen = _actie(a, "goedkeuren", wijziging)
    assert "Een ander dan de aanvrager" in eigen.content.decode()
    assert Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving == oud

    # A second beheerder approves: it takes effect, and everyone concerned is told at once.
    b = login(Client(), tweede)
    assert "Goedgekeurd" in _actie(b, "goedkeuren", wijziging).content.decode()
    ronde.refresh_from_db()
    assert ronde.sluiting_inschrijving == nieuw
    wijziging.refresh_from_db()
    assert wijziging.goedgekeurd_door == tweede and wijziging.doorgevoerd_op is not None

    ontvangers = set(Bericht.objects.values_list("aan", flat=True))
    for wie in ("a", "b", "c", "e"):  # a draft, a submission, an NvI question; E's zorgkantoor follows the round
        assert mensen[wie].email in ontvangers, wie
    assert mensen["d"].email not in ontvangers
    assert wijziging.aantal_berichten == Bericht.objects.count()
    bericht = Bericht.objects.filter(aan=mensen["a"].email).get()
    for verwacht in ("Oude termijn: " + tijdstip(timezone.localtime(oud)),
                     "Nieuwe termijn: " + tijdstip(nieuw), "Storing bij eHerkenning",
                     ronde.naam):
        assert verwacht in bericht.tekst

    # With the round: on the aanbieder's page, and in the round's history in admin (old and new value).
    aanbieder = Client()
    aanbieder.force_login(mensen["a"])
    pagina = aanbieder.get(reverse("inschrijving:dashboard")).content.decode()
    assert 'data-testid="termijnwijzigingen"' in pagina and "Storing bij eHerkenning" in pagina
    beheer = b.get(reverse("admin:inschrijving_inkoopronde_change", args=[ronde.pk])).content.decode()
    assert "termijnwijzigingen (geschiedenis)" in beheer.lower() and "Storing bij eHerkenning" in beheer


def test_een_termijn_gaat_niet_terug_en_niet_zonder_reden(ronde):
    ronde, x, _y, _mensen = ronde
    beheerder = _beheerder()
    for nieuw in (ronde.sluiting_inschrijving - timedelta(hours=1), ronde.sluiting_inschrijving):
        with pytest.raises(ValidationError, match="alleen naar later"):
            termijnen.aanvragen(ronde=ronde, zorgkantoor=None, mijlpaal=SLUITING, nieuw=nieuw, reden="Eerder",
                                door=beheerder)
    with pytest.raises(ValidationError, match="alleen naar later"):
        termijnen.aanvragen(ronde=ronde, zorgkantoor=x, mijlpaal=VRAGEN, nieuw=ronde.vragen_tot - timedelta(days=1),
                            reden="Eerder", door=beheerder)
    with pytest.raises(ValidationError, match="reden"):
        termijnen.aanvragen(ronde=ronde, zorgkantoor=None, mijlpaal=SLUITING,
                            nieuw=ronde.sluiting_inschrijving + timedelta(days=1), reden="  ", door=beheerder)
    # Past the next milestone: the order of the timeline holds.
    with pytest.raises(ValidationError, match="moet na"):
        termijnen.aanvragen(ronde=ronde, zorgkantoor=None, mijlpaal=VRAGEN,
                            nieuw=ronde.publicatie_nvi + timedelta(days=1), reden="Later", door=beheerder)
    assert not Termijnwijziging.objects.exists()
    # Only beheerders.
    with pytest.raises(PermissionDenied):
        termijnen.aanvragen(ronde=ronde, zorgkantoor=None, mijlpaal=SLUITING,
                            nieuw=ronde.sluiting_inschrijving + timedelta(days=1), reden="Later",
                            door=GebruikerFactory())


def test_via_het_formulier_terug_geweigerd_met_de_melding_erbij(ronde, login):
    ronde, _x, _y, _mensen = ronde
    client = login(Client(), _beheerder())
    eerder = timezone.localtime(ronde.sluiting_inschrijving - timedelta(days=1))
    antwoord = client.post(reverse("admin:inschrijving_termijnwijziging_add"), {
        "ronde": ronde.pk, "mijlpaal": SLUITING, "nieuw_0": eerder.strftime("%d-%m-%Y"),
        "nieuw_1": eerder.strftime("%H:%M:%S"), "reden": "Terug"})
    assert antwoord.status_code == 200
    assert "alleen naar later" in antwoord.content.decode()
    assert not Termijnwijziging.objects.exists()


def test_een_eigen_planning_van_een_zorgkantoor_verlengt_alleen_dat_zorgkantoor(ronde):
    ronde, x, y, mensen = ronde
    eerste, tweede = _beheerder(), _beheerder()
    nieuw = ronde.sluiting_inschrijving + timedelta(days=1)
    wijziging = termijnen.aanvragen(ronde=ronde, zorgkantoor=x, mijlpaal=SLUITING, nieuw=nieuw, reden="Regionaal",
                                    door=eerste)
    termijnen.goedkeuren(wijziging=wijziging, door=tweede)
    assert ronde.planning(x).sluiting_inschrijving == nieuw
    assert ronde.planning(y).sluiting_inschrijving == Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving
    ontvangers = set(Bericht.objects.values_list("aan", flat=True))
    assert {mensen["a"].email, mensen["b"].email, mensen["c"].email} <= ontvangers
    assert mensen["e"].email not in ontvangers  # E is with Y, whose deadline did not move


def test_na_de_sluitingstijd_alleen_een_heropening_met_twee_goedkeuringen_en_nooit_na_de_opening():
    ronde, _zk, _inkopers, _inschrijvingen = gesloten_ronde_met_indieningen(("3",), geopend=False)
    aanvrager, eerste, tweede = _beheerder(), _beheerder(), _beheerder()
    nieuw = timezone.now() + timedelta(days=2)
    wijziging = termijnen.aanvragen(ronde=ronde, zorgkantoor=None, mijlpaal=SLUITING, nieuw=nieuw,
                                    reden="Storing van het portaal van 15:10 tot 17:00", door=aanvrager)
    assert wijziging.soort == Termijnwijziging.Soort.HEROPENING
    gesloten = Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving
    termijnen.goedkeuren(wijziging=wijziging, door=eerste)
    assert Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving == gesloten  # one approval is not enough
    with pytest.raises(ValidationError, match="Een ander dan de aanvrager"):
        termijnen.goedkeuren(wijziging=wijziging, door=eerste)
    termijnen.goedkeuren(wijziging=wijziging, door=tweede)
    assert Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving == nieuw
    assert "Heropening" in Bericht.objects.filter(onderwerp__startswith="Heropening").first().onderwerp

    # Closed again, and opened: then nothing moves it any more.
    ander, _zk, _inkopers2, _i = gesloten_ronde_met_indieningen(("3",))
    with pytest.raises(ValidationError, match="al geopend"):
        termijnen.aanvragen(ronde=ander, zorgkantoor=None, mijlpaal=SLUITING, nieuw=nieuw, reden="Te laat",
                            door=aanvrager)
    # A heropening requested before the opening falls when the vault is opened before its approvals.
    derde, _zk3, inkopers3, _i3 = gesloten_ronde_met_indieningen(("3",), geopend=False)
    open_wijziging = termijnen.aanvragen(ronde=derde, zorgkantoor=None, mijlpaal=SLUITING, nieuw=nieuw,
                                         reden="Storing", door=aanvrager)
    open_kluis(derde, inkopers3)
    with pytest.raises(ValidationError, match="al geopend"):
        termijnen.goedkeuren(wijziging=open_wijziging, door=eerste)


def test_een_verlenging_die_intussen_verstreek_kan_alleen_nog_als_heropening():
    ronde = InkooprondeFactory()
    aanvrager, goedkeurder = _beheerder(), _beheerder()
    wijziging = termijnen.aanvragen(ronde=ronde, zorgkantoor=None, mijlpaal=SLUITING,
                                    nieuw=ronde.sluiting_inschrijving + timedelta(days=1), reden="Later",
                                    door=aanvrager)
    with pytest.raises(ValidationError, match="heropening"):
        termijnen.goedkeuren(wijziging=wijziging, door=goedkeurder,
                             moment=ronde.sluiting_inschrijving + timedelta(minutes=1))
    assert Inkoopronde.objects.get(pk=ronde.pk).sluiting_inschrijving == ronde.sluiting_inschrijving
