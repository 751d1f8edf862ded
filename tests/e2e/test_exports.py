"""In Chromium (issue 13, item 3): a zorginkoper asks for the werkvoorraad as Excel from the werkvoorraad page, the
suite's Celery worker makes it, the page follows the progress without a reload and offers the download, which opens
in openpyxl with a row per assessment; axe-core finds nothing on the new pages."""

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from beoordeling import pipeline
from inschrijving.demo import demo_indienen, maak_demo, sluit_demo_ronde
from inschrijving.models import Zorgkantoor
from tests.beoordeling.helpers import gesloten_rondes_openen
from tests.e2e.hulp import inloggen_zorginkoper, toegankelijkheid

pytestmark = [pytest.mark.e2e, pytest.mark.celery, pytest.mark.django_db(transaction=True)]
ZORGKANTOOR = "Zorgkantoor Amstelland"


def test_de_werkvoorraad_als_excel(nieuwe_pagina, celery_worker):
    maak_demo()
    with time_machine.travel(timezone.now() - timedelta(minutes=10), tick=False):
        demo_indienen()
    ronde = sluit_demo_ronde(nu=timezone.now() + timedelta(minutes=1))
    gesloten_rondes_openen()
    zk = Zorgkantoor.objects.get(naam=ZORGKANTOOR)
    aantal = len(pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk))
    page = nieuwe_pagina()
    inloggen_zorginkoper(page, "amstelland.inkoper1", ZORGKANTOOR)
    page.goto("/zorgkantoor/werkvoorraad/")
    page.get_by_role("link", name="Exporteren als CSV of Excel").click()
    page.wait_for_url("**/zorgkantoor/exports/")
    toegankelijkheid(page, alles=True)
    page.get_by_label("werkvoorraad", exact=True).check()
    page.get_by_label("Excel (XLSX)").check()
    page.get_by_role("button", name="Export maken").click()
    page.wait_for_url("**/zorgkantoor/exports/*/")
    page.evaluate("window.zonderHerladen = true")
    page.locator("[data-testid=export-status][data-status=klaar]").wait_for(timeout=60_000)
    assert page.evaluate("window.zonderHerladen") is True
    toegankelijkheid(page, alles=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="downloaden").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    blad = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert blad.max_row == aantal + 1 and blad.cell(1, 1).value == "KvK-nummer"
