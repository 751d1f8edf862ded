"""Working days for the termijnen of the assessment (002 §4.6: "vijf werkdagen").

A working day is Monday to Friday, except a Dutch public holiday. The holidays come from the ``holidays``
package's official NL calendar (``holidays.country_holidays("NL")``, category ``public``), which holds:

- Nieuwjaarsdag (1 January);
- Goede Vrijdag, Eerste en Tweede Paasdag;
- Koningsdag (27 April; 26 April when the 27th is a Sunday);
- Bevrijdingsdag (5 May) every year: the package has it only in lustrum years (as many CAO's do), but the
  Algemene termijnenwet (art. 3) counts 5 May as an algemeen erkende feestdag every year, and a termijn
  that gives the aanbieder a day more is the fair reading;
- Hemelvaartsdag, Eerste en Tweede Pinksterdag;
- Eerste en Tweede Kerstdag (25 and 26 December).

Dates are taken in Europe/Amsterdam, whatever the timezone of the moment passed in.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EINDE_VAN_DE_DAG = time(23, 59, 59)


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> frozenset[date]:
    """The Dutch public holidays of one year (see the module docstring for which days)."""
    return frozenset(holidays.country_holidays("NL", years=jaar).keys()) | {date(jaar, 5, 5)}


def is_werkdag(dag: date | datetime) -> bool:
    """Monday to Friday and not a Dutch public holiday. A datetime is taken as its date in Amsterdam."""
    if isinstance(dag, datetime):
        dag = dag.astimezone(AMSTERDAM).date() if dag.tzinfo else dag.date()
    return dag.weekday() < 5 and dag not in feestdagen(dag.year)


def plus_werkdagen(moment: datetime, n: int) -> datetime:
    """The end of the ``n``-th working day after ``moment``: 23:59:59 Europe/Amsterdam on that day.

    The day of ``moment`` itself does not count (a request on Thursday with n=1 runs until Friday 23:59:59,
    or Monday when Friday is a holiday); weekends and Dutch public holidays are skipped. ``moment`` must be
    timezone-aware; the result is aware, in Europe/Amsterdam (so summer and winter time are right).
    """
    if moment.tzinfo is None:
        raise ValueError("plus_werkdagen verwacht een tijdstip met tijdzone.")
    if n < 1:
        raise ValueError("Het aantal werkdagen is ten minste 1.")
    dag = moment.astimezone(AMSTERDAM).date()
    geteld = 0
    while geteld < n:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            geteld += 1
    return datetime.combine(dag, EINDE_VAN_DE_DAG, tzinfo=AMSTERDAM)
