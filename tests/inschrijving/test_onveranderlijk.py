"""A stored Indiening cannot change, by any path: save(), QuerySet.update(), delete() and raw SQL all fail in
the database (triggers of migration 0007). Only the receipt and the withdrawal stamp are written, once each,
from empty (see the Indiening docstring)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from inschrijving import services
from inschrijving.models import Document, Indiening
from inschrijving.pdf import bewaar_ontvangstbevestiging
from tests.factories import WACHTWOORD, GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import nieuwe_inschrijving, pdf_upload, ronde_met_regels, volledige_inschrijving

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2031, 7, 25, 17, 0, 0, tzinfo=AMS)
pytestmark = pytest.mark.django_db


@pytest.fixture
def ingediend():
    """A submitted inschrijving; its receipt is not rendered yet (on_commit never runs in these tests)."""
    with time_machine.travel(SLUITING - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=SLUITING)
        inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
    with time_machine.travel(SLUITING - timedelta(days=1), tick=False):
        indiening = services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    assert indiening.documenten.exists() and not indiening.ontvangstbewijs
    return indiening


def rij(indiening) -> tuple:
    """The stored row and its linked documents, as the database has them."""
    return (Indiening.objects.filter(pk=indiening.pk).values().get(),
            sorted(Indiening.documenten.through.objects.filter(indiening=indiening.pk)
                   .values_list("document_id", flat=True)))


def geweigerd(actie, melding="onveranderlijk"):
    """``actie`` fails in the database with the trigger's message; the test's transaction carries on."""
    with pytest.raises(IntegrityError) as fout, transaction.atomic():
        actie()
    assert melding in str(fout.value)


def sql(opdracht, *params):
    with connection.cursor() as cursor:
        cursor.execute(opdracht, params)


# The snapshot, its hash, the timestamp and who and what it belongs to.
WIJZIGINGEN = {
    "snapshot": lambda i: setattr(i, "snapshot", {**i.snapshot, "vervalst": True}),
    "snapshot_binnenin": lambda i: i.snapshot["inschrijving"].update(aanbieder_type="1a"),
    "sha256": lambda i: setattr(i, "sha256", "0" * 64),
    "ingediend_op": lambda i: setattr(i, "ingediend_op", i.ingediend_op - timedelta(hours=1)),
    "volgnummer": lambda i: setattr(i, "volgnummer", 7),
    "ingediend_door": lambda i: setattr(i, "ingediend_door", GebruikerFactory(
        tekenbevoegd=True, zorgaanbieder=i.inschrijving.zorgaanbieder)),
    "inschrijving": lambda i: setattr(i, "inschrijving", nieuwe_inschrijving(
        "3", ronde=i.inschrijving.ronde, zorgkantoor=i.inschrijving.zorgkantoor)[0]),
}


@pytest.mark.parametrize("veld", WIJZIGINGEN)
def test_save_met_gewijzigde_inhoud_faalt(ingediend, veld):
    voor = rij(ingediend)
    with time_machine.travel(SLUITING - timedelta(hours=12), tick=False):
        indiening = Indiening.objects.get(pk=ingediend.pk)
        WIJZIGINGEN[veld](indiening)
        geweigerd(indiening.save)
    assert rij(ingediend) == voor


def test_save_zonder_wijziging_mag(ingediend):
    """The trigger compares values: writing the row back unchanged is not a change (sanity for the above)."""
    voor = rij(ingediend)
    Indiening.objects.get(pk=ingediend.pk).save()
    assert rij(ingediend) == voor


@pytest.mark.parametrize("wijziging", [
    {"sha256": "0" * 64},
    {"snapshot": {"vervalst": True}},
    {"ingediend_op": SLUITING - timedelta(days=2)},
    {"volgnummer": 7},
], ids=lambda w: next(iter(w)))
def test_queryset_update_faalt(ingediend, wijziging):
    voor = rij(ingediend)
    geweigerd(lambda: Indiening.objects.filter(pk=ingediend.pk).update(**wijziging))
    assert rij(ingediend) == voor


def test_delete_faalt(ingediend):
    voor = rij(ingediend)
    geweigerd(Indiening.objects.get(pk=ingediend.pk).delete, melding="vast")  # the link rows go first
    geweigerd(lambda: Indiening.objects.filter(pk=ingediend.pk).delete(), melding="vast")
    geweigerd(lambda: Indiening.objects.filter(pk=ingediend.pk)._raw_delete(connection.alias))
    assert rij(ingediend) == voor


def test_ruwe_sql_update_en_delete_falen(ingediend):
    voor = rij(ingediend)
    geweigerd(lambda: sql("UPDATE inschrijving_indiening SET sha256 = %s WHERE id = %s", "0" * 64, ingediend.pk))
    geweigerd(lambda: sql("UPDATE inschrijving_indiening SET snapshot = snapshot || '{\"vervalst\": true}'::jsonb "
                          "WHERE id = %s", ingediend.pk))
    geweigerd(lambda: sql("UPDATE inschrijving_indiening SET ingediend_op = ingediend_op - interval '1 hour' "
                          "WHERE id = %s", ingediend.pk))
    geweigerd(lambda: sql("DELETE FROM inschrijving_indiening WHERE id = %s", ingediend.pk))
    geweigerd(lambda: sql("DELETE FROM inschrijving_indiening"))
    assert rij(ingediend) == voor


def test_ingediende_documenten_liggen_vast(ingediend):
    """The link to the submitted versions cannot be removed, changed, or extended with a later version."""
    voor = rij(ingediend)
    document = ingediend.documenten.first()
    geweigerd(lambda: ingediend.documenten.remove(document), melding="liggen vast")
    geweigerd(ingediend.documenten.clear, melding="liggen vast")
    geweigerd(lambda: sql("DELETE FROM inschrijving_indiening_documenten WHERE indiening_id = %s", ingediend.pk),
              melding="liggen vast")
    geweigerd(lambda: sql("UPDATE inschrijving_indiening_documenten SET document_id = document_id "
                          "WHERE indiening_id = %s", ingediend.pk), melding="liggen vast")
    # Deleting a submitted document would take its link row with it.
    geweigerd(lambda: Document.objects.filter(pk=document.pk).delete(), melding="liggen vast")
    with time_machine.travel(SLUITING - timedelta(hours=12), tick=False):
        later = services.document_toevoegen(
            inschrijving=ingediend.inschrijving, documenttype=document.documenttype,
            upload=pdf_upload("later.pdf"), gegevens={}, door=ingediend.ingediend_door)
    geweigerd(lambda: ingediend.documenten.add(later), melding="niet in de momentopname")
    assert rij(ingediend) == voor


def test_ontvangstbevestiging_eenmalig(ingediend):
    """The receipt is written once, file and hash together; after that it is as fixed as the rest."""
    geweigerd(lambda: Indiening.objects.filter(pk=ingediend.pk).update(ontvangstbewijs="ontvangst/alleen.pdf"),
              melding="eenmalig")
    bewaar_ontvangstbevestiging(ingediend)
    na_bon = rij(ingediend)
    assert na_bon[0]["ontvangstbewijs"] and len(na_bon[0]["ontvangstbewijs_sha256"]) == 64
    for wijziging in ({"ontvangstbewijs_sha256": "0" * 64}, {"ontvangstbewijs": "ontvangst/ander.pdf"},
                      {"ontvangstbewijs": "", "ontvangstbewijs_sha256": ""}):
        geweigerd(lambda w=wijziging: Indiening.objects.filter(pk=ingediend.pk).update(**w), melding="eenmalig")
    assert rij(ingediend) == na_bon
    # Rendering again leaves the stored receipt alone.
    bewaar_ontvangstbevestiging(Indiening.objects.get(pk=ingediend.pk))
    assert rij(ingediend) == na_bon


def test_intrekken_stempelt_eenmalig(ingediend):
    voor = rij(ingediend)
    bestuurder = ingediend.ingediend_door
    geweigerd(lambda: Indiening.objects.filter(pk=ingediend.pk).update(ingetrokken_op=SLUITING), melding="eenmalig")
    with time_machine.travel(SLUITING - timedelta(hours=12), tick=False):
        services.intrekken(inschrijving=ingediend.inschrijving, door=bestuurder)
    na = rij(ingediend)
    assert na[0]["ingetrokken_op"] == SLUITING - timedelta(hours=12) and na[0]["ingetrokken_door_id"] == bestuurder.pk
    # Nothing else moved.
    assert {k: v for k, v in na[0].items() if not k.startswith("ingetrokken")} == \
        {k: v for k, v in voor[0].items() if not k.startswith("ingetrokken")} and na[1] == voor[1]
    for wijziging in ({"ingetrokken_op": None, "ingetrokken_door": None}, {"ingetrokken_op": SLUITING},
                      {"ingetrokken_door": GebruikerFactory()}):
        geweigerd(lambda w=wijziging: Indiening.objects.filter(pk=ingediend.pk).update(**w), melding="eenmalig")
    assert rij(ingediend) == na
