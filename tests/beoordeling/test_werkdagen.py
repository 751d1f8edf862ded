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


def test_ongeldige_invoer():
    with pytest.raises(ValueError):
        plus_werkdagen(datetime(2025, 3, 7, 10, 0), 5)  # naive on purpose
    with pytest.raises(ValueError):
        plus_werkdagen(_om(2025, 3, 7), 0)
