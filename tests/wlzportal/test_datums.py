"""One Dutch date format throughout (issue 11, item 5): "7 december 2026", "7 december 2026, 16:59", a legal
timestamp with its seconds, a deadline with its weekday — in Amsterdam time whatever the clock's zone — and no page,
letter or message that writes a date another way."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from wlzportal import datums

ROOT = Path(__file__).resolve().parents[2]


def test_de_vormen():
    zomer = datetime(2026, 7, 30, 14, 59, 7, tzinfo=UTC)  # 16:59:07 in Amsterdam (CEST)
    winter = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # 17:00 in Amsterdam (CET)
    assert datums.datum(date(2026, 3, 1)) == "1 maart 2026"
    assert datums.datum(zomer) == "30 juli 2026"
    assert datums.moment(zomer) == "30 juli 2026, 16:59"
    assert datums.tijdstip(zomer) == "30 juli 2026, 16:59:07"
    assert datums.termijn(winter) == "maandag 7 december 2026, 17:00"
    assert datums.termijn(zomer) == "donderdag 30 juli 2026, 16:59:07"  # not a whole minute: its seconds shown
    assert datums.uur(winter) == "maandag 7 december 2026, 17:00 uur"
    assert datums.datum(None) == "" and datums.moment("") == ""


def test_in_sjablonen_zonder_load_en_zonder_filter_hetzelfde():
    t = Template("{{ d|datum }}|{{ m|moment }}|{{ m|tijdstip }}|{{ m|termijn }}|{{ d }}|{{ m }}")
    m = datetime(2026, 12, 7, 16, 0, 5, tzinfo=UTC)
    assert t.render(Context({"d": date(2026, 1, 2), "m": m})) == (
        "2 januari 2026|7 december 2026, 17:00|7 december 2026, 17:00:05|maandag 7 december 2026, 17:00:05|"
        "2 januari 2026|7 december 2026, 17:00")


def test_engels_met_engelse_maanden_in_dezelfde_vorm():
    with translation.override("en"):
        assert datums.datum(date(2026, 3, 1)) == "1 March 2026"
    assert datums.uur(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) == "maandag 2 maart 2026, 10:00 uur"


def test_nergens_een_andere_datumvorm():
    """Templates use the filters; code uses wlzportal.datums (ISO 8601 stays for machine data)."""
    afwijkend = []
    for bestand in sorted((ROOT / "templates").rglob("*.*")):
        for nr, regel in enumerate(bestand.read_text().splitlines(), 1):
            if "|date:" in regel:  # a time of day (|time:"H:i") is not a date
                afwijkend.append(f"{bestand.relative_to(ROOT)}:{nr}")
    for app in ("inschrijving", "beoordeling", "kwaliteit", "wlzportal"):
        for bestand in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in bestand.parts or bestand.name == "datums.py":
                continue
            for nr, regel in enumerate(bestand.read_text().splitlines(), 1):
                if re.search(r"%d-%m|%d/%m|%m/%d|:%d %B|date_format\(|\.day:02d", regel):
                    afwijkend.append(f"{bestand.relative_to(ROOT)}:{nr}")
    assert not afwijkend, afwijkend
