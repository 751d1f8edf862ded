"""The sluitingstijd in winter time (CET, UTC+1), in summer time (CEST, UTC+2) and on the two days the clocks
change: to the second at 17:00 Dutch wall-clock time, with the moment of receipt recorded in Dutch time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from inschrijving import services
from inschrijving.models import Indiening, Inkoopronde, Status
from tests.factories import WACHTWOORD, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels, volledige_inschrijving
from wlzportal.datums import datum

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db

# (sluitingstijd at 17:00 Amsterdam, its UTC offset, the same moment in UTC)
SLUITINGEN = {
    # Friday 24 January 2031, winter time.
    "wintertijd": (datetime(2031, 1, 24, 17, 0, tzinfo=AMS), timedelta(hours=1),
                   datetime(2031, 1, 24, 16, 0, tzinfo=UTC)),
    # Friday 25 July 2031, summer time.
    "zomertijd": (datetime(2031, 7, 25, 17, 0, tzinfo=AMS), timedelta(hours=2),
                  datetime(2031, 7, 25, 15, 0, tzinfo=UTC)),
    # Sunday 29 March 2026: at 02:00 the clocks went forward; 17:00 that day is summer time. The inschrijving is
    # prepared ten days earlier, in winter time, so its termijn spans the switch.
    "naar_zomertijd": (datetime(2026, 3, 29, 17, 0, tzinfo=AMS), timedelta(hours=2),
                       datetime(2026, 3, 29, 15, 0, tzinfo=UTC)),
    # Sunday 25 October 2026: at 03:00 the clocks went back; 17:00 that day is winter time. Prepared in summer time.
    "naar_wintertijd": (datetime(2026, 10, 25, 17, 0, tzinfo=AMS), timedelta(hours=1),
                        datetime(2026, 10, 25, 16, 0, tzinfo=UTC)),
}


@pytest.fixture(params=list(SLUITINGEN))
def klaar(request):
    sluiting, offset, in_utc = SLUITINGEN[request.param]
    with time_machine.travel(sluiting - timedelta(days=10), tick=False):
        zk = ZorgkantoorFactory()
        ronde = ronde_met_regels(zorgkantoren=[zk], sluiting=sluiting)
        inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
    return inschrijving, bestuurder, sluiting, offset, in_utc


def _op(sluiting: datetime, uur: int, minuut: int, seconde: int) -> datetime:
    """Wall-clock time in Amsterdam on the day of the sluitingstijd (zoneinfo picks that day's offset)."""
    return datetime(sluiting.year, sluiting.month, sluiting.day, uur, minuut, seconde, tzinfo=AMS)


def test_sluitingstijd_is_17_uur_nederlandse_tijd_met_de_juiste_utc_offset(klaar):
    inschrijving, _b, _sluiting, offset, in_utc = klaar
    opgeslagen = Inkoopronde.objects.get(pk=inschrijving.ronde_id).sluiting_inschrijving
    assert opgeslagen == in_utc  # the instant stored in the database
    lokaal = opgeslagen.astimezone(AMS)
    assert (lokaal.hour, lokaal.minute, lokaal.second) == (17, 0, 0)
    assert lokaal.utcoffset() == offset


def test_indienen_om_16_59_59_lukt_en_wordt_in_nederlandse_tijd_vastgelegd(klaar, client):
    inschrijving, bestuurder, sluiting, offset, in_utc = klaar
    moment = _op(sluiting, 16, 59, 59)
    assert moment == in_utc - timedelta(seconds=1)
    with time_machine.travel(moment, tick=False):
        indiening = services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
        client.force_login(bestuurder)
        pagina = client.get(reverse("inschrijving:ingediend", args=[inschrijving.pk, 1])).content.decode()
    assert type(inschrijving).objects.get(pk=inschrijving.pk).status == Status.INGEDIEND
    indiening.refresh_from_db()
    assert indiening.ingediend_op == moment
    # The snapshot (the legal record) holds the moment of receipt and the sluitingstijd in Dutch time, with the
    # offset of that day: +01:00 in winter time, +02:00 in summer time.
    uren = int(offset.total_seconds() // 3600)
    dag = sluiting.date().isoformat()
    assert indiening.snapshot["indiening"]["ontvangen_op"] == f"{dag}T16:59:59+0{uren}:00"
    assert indiening.snapshot["inschrijving"]["sluiting"] == f"{dag}T17:00:00+0{uren}:00"
    # And the aanbieder reads it in Dutch time too.
    assert f'data-testid="ontvangen-op">{datum(sluiting)}, 16:59:59 (Nederlandse tijd)' in pagina


def test_indienen_om_17_00_00_geweigerd(klaar):
    inschrijving, bestuurder, sluiting, _offset, in_utc = klaar
    moment = _op(sluiting, 17, 0, 0)
    assert moment == in_utc
    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError) as fout:
        services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    assert f"gesloten sinds {datum(sluiting)}, 17:00:00" in fout.value.messages[0]
    assert not Indiening.objects.exists()
    assert type(inschrijving).objects.get(pk=inschrijving.pk).status != Status.INGEDIEND


def test_om_16_uur_open_en_om_18_uur_gesloten(klaar):
    """Guard against taking the offset of the wrong season: one hour before 17:00 local is still open, and
    one hour after is closed, on every day including the switch days."""
    inschrijving, bestuurder, sluiting, _offset, _utc = klaar
    with time_machine.travel(_op(sluiting, 18, 0, 0), tick=False), pytest.raises(ValidationError):
        services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    assert not Indiening.objects.exists()
    with time_machine.travel(_op(sluiting, 16, 0, 0), tick=False):
        assert inschrijving.bewerkbaar()
        indiening = services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD)
    assert indiening.ingediend_op == _op(sluiting, 16, 0, 0)


@pytest.mark.parametrize(("invoer", "verwacht"), [
    ("2026-10-25 17:00:00", datetime(2026, 10, 25, 16, 0, tzinfo=UTC)),  # after the switch back: CET
    ("2026-03-29 17:00:00", datetime(2026, 3, 29, 15, 0, tzinfo=UTC)),  # after the switch forward: CEST
    ("2031-01-24 17:00:00", datetime(2031, 1, 24, 16, 0, tzinfo=UTC)),
    ("2031-07-25 17:00:00", datetime(2031, 7, 25, 15, 0, tzinfo=UTC)),
])
def test_sluitingstijd_ingevoerd_door_beheerder_is_nederlandse_tijd(invoer, verwacht):
    """What a beheerder types as the sluitingstijd is read as Amsterdam wall-clock time, also on a switch day."""
    veld = Inkoopronde._meta.get_field("sluiting_inschrijving").formfield()
    assert veld.clean(invoer) == verwacht
