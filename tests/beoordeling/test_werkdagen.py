"""Working days: Monday to Friday without the Dutch public holidays; a termijn ends at 23:59:59 Amsterdam."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from beoordeling.werkdagen import feestdagen, is_werkdag, plus_werkdagen

AMS = ZoneInfo("Europe/Amsterdam")


def _om(jaar, maand, dag, uur=10, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def _einde(jaar, maand, dag):
    return datetime(jaar, maand, dag, 23, 59, 59, tzinfo=AMS)


@pytest.mark.parametrize(("moment", "n", "verwacht"), [
    # Weekend: Friday + 1 is Monday; a request on Saturday or Sunday counts from Monday.
    (_om(2025, 3, 7), 1, _einde(2025, 3, 10)),
    (_om(2025, 3, 8), 1, _einde(2025, 3, 10)),
    (_om(2025, 3, 9, 23, 30), 5, _einde(2025, 3, 14)),
    # Koningsdag on Wednesday 27 April 2022: Thursday 21 April + 5 skips it.
    (_om(2022, 4, 21), 5, _einde(2022, 4, 29)),
    # Koningsdag on Tuesday 27 April 2032.
    (_om(2032, 4, 22), 5, _einde(2032, 4, 30)),
    # Goede Vrijdag and Tweede Paasdag 2025 (18 and 21 April).
    (_om(2025, 4, 17), 1, _einde(2025, 4, 22)),
    # Hemelvaartsdag Thursday 29 May 2025.
    (_om(2025, 5, 28), 1, _einde(2025, 5, 30)),
    (_om(2025, 5, 28), 5, _einde(2025, 6, 5)),
    # Tweede Pinksterdag Monday 9 June 2025.
    (_om(2025, 6, 6), 1, _einde(2025, 6, 10)),
    # Christmas (Thursday 25 and Friday 26 December 2025) and New Year (Thursday 1 January 2026).
    (_om(2025, 12, 24), 5, _einde(2026, 1, 5)),
    (_om(2025, 12, 31), 1, _einde(2026, 1, 2)),
])
def test_plus_werkdagen(moment, n, verwacht):
    termijn = plus_werkdagen(moment, n)
    assert termijn == verwacht
    assert termijn.tzinfo == AMS
    assert (termijn.hour, termijn.minute, termijn.second) == (23, 59, 59)


def test_zonder_feestdagen_gewoon_vijf_werkdagen():
    # Thursday 10 April 2025: no holiday before the next Thursday.
    assert plus_werkdagen(_om(2025, 4, 10), 5) == _einde(2025, 4, 17)


def test_koningsdag_op_26_april_als_27_april_een_zondag_is():
    # 27 April 2025 (and 2031) is a Sunday: Koningsdag is on Saturday 26 April.
    assert date(2025, 4, 26) in feestdagen(2025)
    assert date(2025, 4, 27) not in feestdagen(2025)
    assert date(2031, 4, 26) in feestdagen(2031)
    assert not is_werkdag(date(2025, 4, 26))
    # A normal year: the 27th itself, on a weekday.
    assert date(2022, 4, 27) in feestdagen(2022)
    assert not is_werkdag(date(2022, 4, 27))
    assert is_werkdag(date(2022, 4, 26))


def test_bevrijdingsdag_elk_jaar_zoals_de_algemene_termijnenwet():
    assert not is_werkdag(date(2025, 5, 5))  # Monday, lustrum
    assert not is_werkdag(date(2026, 5, 5))  # Tuesday, no lustrum: still no working day for a termijn
    assert plus_werkdagen(_om(2025, 5, 2), 1) == _einde(2025, 5, 6)
    assert plus_werkdagen(_om(2026, 5, 4), 1) == _einde(2026, 5, 6)


def test_datum_in_amsterdam_ook_als_het_moment_in_utc_is():
    # 23:30 UTC on Thursday 6 March 2025 is already Friday 00:30 in Amsterdam: Friday + 1 = Monday.
    moment = datetime(2025, 3, 6, 23, 30, tzinfo=UTC)
    assert plus_werkdagen(moment, 1) == _einde(2025, 3, 10)
    assert is_werkdag(moment)


def test_zomertijd_en_wintertijd():
    zomer = plus_werkdagen(_om(2025, 7, 1), 1)
    winter = plus_werkdagen(_om(2025, 1, 7), 1)
    assert zomer.utcoffset() == timedelta(hours=2)
    assert winter.utcoffset() == timedelta(hours=1)
    # Across the switch to winter time (Sunday 26 October 2025).
    assert plus_werkdagen(_om(2025, 10, 24), 1) == _einde(2025, 10, 27)
    assert plus_werkdagen(_om(2025, 10, 24), 1).utcoffset() == timedelta(hours=1)



# Clocks go forward on Sunday 30 March 2025 and 29 March 2026 (02:00 CET -> 03:00 CEST) and back on Sunday
# 25 October 2026 (03:00 CEST -> 02:00 CET). The termijn ends at 23:59:59 Amsterdam wall-clock time on its last
# day, in the offset of that day, whatever the offset at the moment of the request.
@pytest.mark.parametrize(("moment", "verwacht_lokaal", "verwacht_utc"), [
    # To summer time: Friday 28 March 2025 (CET) + 5 = Friday 4 April 2025 (CEST).
    (_om(2025, 3, 28), _einde(2025, 4, 4), datetime(2025, 4, 4, 21, 59, 59, tzinfo=UTC)),
    # Asked on the switch day itself, at 03:30 CEST (01:30 UTC): counting starts on Monday 31 March.
    (datetime(2025, 3, 30, 1, 30, tzinfo=UTC), _einde(2025, 4, 4), datetime(2025, 4, 4, 21, 59, 59, tzinfo=UTC)),
    # Friday 27 March 2026 (CET) + 5, with Goede Vrijdag 3 April and Tweede Paasdag 6 April 2026 skipped:
    # Mon 30, Tue 31, Wed 1, Thu 2, Tue 7 April (CEST).
    (_om(2026, 3, 27), _einde(2026, 4, 7), datetime(2026, 4, 7, 21, 59, 59, tzinfo=UTC)),
    # 23:30 UTC on Monday 30 March 2026 is already Tuesday 31 March 01:30 CEST: Wed 1, Thu 2, Tue 7, Wed 8, Thu 9
    # April (counting from the UTC date, Monday, would end on Wednesday 8 April).
    (datetime(2026, 3, 30, 23, 30, tzinfo=UTC), _einde(2026, 4, 9), datetime(2026, 4, 9, 21, 59, 59, tzinfo=UTC)),
    # To winter time: Friday 23 October 2026 (CEST) + 5 = Friday 30 October 2026 (CET).
    (_om(2026, 10, 23), _einde(2026, 10, 30), datetime(2026, 10, 30, 22, 59, 59, tzinfo=UTC)),
    # 22:30 UTC on Thursday 22 October 2026 is already Friday 00:30 CEST: Fri + 5 = Friday 30 October (from the
    # UTC date, Thursday, it would be Thursday 29 October).
    (datetime(2026, 10, 22, 22, 30, tzinfo=UTC), _einde(2026, 10, 30),
     datetime(2026, 10, 30, 22, 59, 59, tzinfo=UTC)),
    # The repeated hour on the switch day: 02:30 CEST (fold=0) and 02:30 CET (fold=1) both count from Monday.
    (datetime(2026, 10, 25, 2, 30, tzinfo=AMS), _einde(2026, 10, 30), datetime(2026, 10, 30, 22, 59, 59, tzinfo=UTC)),
    (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS), _einde(2026, 10, 30),
     datetime(2026, 10, 30, 22, 59, 59, tzinfo=UTC)),
    # Thursday 22 October 2026 (CEST) + 5 ends on Thursday 29 October (CET), the week after the switch.
    (_om(2026, 10, 22, 23, 30), _einde(2026, 10, 29), datetime(2026, 10, 29, 22, 59, 59, tzinfo=UTC)),
])
def test_vijf_werkdagen_over_de_overgang_naar_zomertijd_en_wintertijd(moment, verwacht_lokaal, verwacht_utc):
    termijn = plus_werkdagen(moment, 5)
    # The instant, in UTC (21:59:59Z in summer time, 22:59:59Z in winter time) ...
    assert termijn.astimezone(UTC) == verwacht_utc
    # ... and the wall clock: 23:59:59 in Amsterdam on the expected day, with that day's offset.
    assert termijn.tzinfo == AMS
    assert (termijn.date(), termijn.hour, termijn.minute, termijn.second) == (verwacht_lokaal.date(), 23, 59, 59)
    assert termijn.utcoffset() == verwacht_lokaal.utcoffset()


def test_ongeldige_invoer():
    with pytest.raises(ValueError):
        plus_werkdagen(datetime(2025, 3, 7, 10, 0), 5)  # naive on purpose
    with pytest.raises(ValueError):
        plus_werkdagen(_om(2025, 3, 7), 0)


def test_ongeldige_invoer_zegt_wat_er_mis_is():
    with pytest.raises(ValueError, match=r"^plus_werkdagen verwacht een tijdstip met tijdzone\.$"):
        plus_werkdagen(datetime(2025, 3, 7, 10, 0), 1)
    with pytest.raises(ValueError, match=r"^Het aantal werkdagen is ten minste 1\.$"):
        plus_werkdagen(_om(2025, 3, 7), -1)
    # One working day is the smallest termijn.
    assert plus_werkdagen(_om(2025, 3, 6), 1) == _einde(2025, 3, 7)


def test_feestdagen_van_een_jaar_zonder_lustrum():
    """All of 2026: the package's public holidays plus Bevrijdingsdag, nothing else."""
    assert feestdagen(2026) == {
        date(2026, 1, 1),  # Nieuwjaarsdag
        date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),  # Goede Vrijdag, Eerste en Tweede Paasdag
        date(2026, 4, 27),  # Koningsdag
        date(2026, 5, 5),  # Bevrijdingsdag (no lustrum: added by us)
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 24), date(2026, 5, 25),  # Eerste en Tweede Pinksterdag
        date(2026, 12, 25), date(2026, 12, 26),  # Eerste en Tweede Kerstdag
    }


@pytest.mark.parametrize(("dag", "werkdag"), [
    (date(2026, 3, 6), True),  # Friday
    (date(2026, 3, 7), False),  # Saturday
    (date(2026, 3, 8), False),  # Sunday
    (date(2026, 3, 9), True),  # Monday
    (date(2026, 4, 6), False),  # Tweede Paasdag, a Monday
])
def test_is_werkdag_maandag_tot_en_met_vrijdag_behalve_feestdagen(dag, werkdag):
    assert is_werkdag(dag) is werkdag


def test_is_werkdag_neemt_een_tijdstip_zonder_tijdzone_als_zijn_eigen_datum():
    # A naive datetime is taken at its own date: Friday 23:30 is a Friday, Sunday 23:30 a Sunday.
    assert is_werkdag(datetime(2025, 3, 7, 23, 30)) is True
    assert is_werkdag(datetime(2025, 3, 9, 23, 30)) is False
    # An aware one is taken in Amsterdam: 23:30 UTC on Sunday is Monday 00:30 there.
    assert is_werkdag(datetime(2025, 3, 9, 23, 30, tzinfo=UTC)) is True


def test_twee_werkdagen_tellen_twee_dagen():
    # Monday 10 March 2025 + 2 = Wednesday; + 3 = Thursday.
    assert plus_werkdagen(_om(2025, 3, 10), 2) == _einde(2025, 3, 12)
    assert plus_werkdagen(_om(2025, 3, 10), 3) == _einde(2025, 3, 13)


@pytest.fixture
def server_in_utc(monkeypatch):
    """The process's own timezone set to UTC (Django sets it to TIME_ZONE; a worker may run otherwise)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_dagen_in_amsterdam_wat_de_tijdzone_van_de_server_ook_is(server_in_utc):
    # Sunday 23:30 UTC is Monday 00:30 in Amsterdam: a working day, and the count starts from Monday.
    zondagavond = datetime(2025, 3, 9, 23, 30, tzinfo=UTC)
    assert is_werkdag(zondagavond) is True
    assert plus_werkdagen(zondagavond, 1) == _einde(2025, 3, 11)
    # A naive datetime keeps its own date: Friday 23:30 is a Friday, not Saturday in Amsterdam.
    assert is_werkdag(datetime(2025, 3, 7, 23, 30)) is True
    assert is_werkdag(datetime(2025, 3, 8, 23, 30)) is False
