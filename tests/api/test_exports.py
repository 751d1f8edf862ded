"""Exports (issue 13, item 3): the werkvoorraad and a round's results as XLSX and CSV, made by the Celery task with
its progress, with exactly the rows the requester may see; downloadable only by staff of that zorgkantoor."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from api import exports
from api.models import Export
from beoordeling import pipeline
from beoordeling.models import AuditRegel
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db


def _aanvragen(client, na_commit, **gegevens) -> Export:
    with na_commit(execute=True):  # the task is queued after the commit; the Celery app runs it eagerly here
        antwoord = client.post(reverse("exports:overzicht"), gegevens)
    assert antwoord.status_code == 302, antwoord.content.decode()[:1500]
    return Export.objects.latest("pk")


def test_werkvoorraad_als_xlsx_met_de_verwachte_rijen(client, login, celery_meteen, django_capture_on_commit_callbacks):
    ronde, zk, (inkoper, _collega), inschrijvingen = gesloten_ronde_met_indieningen(("3", "3", "1b"))
    pipeline.uitvoeren(sorted(pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk)))
    login(client, inkoper)
    export = _aanvragen(client, django_capture_on_commit_callbacks, soort="werkvoorraad", formaat="xlsx",
                        ronde=ronde.pk)
    export.refresh_from_db()
    assert (export.status, export.voortgang, export.aantal_rijen) == ("klaar", 100, 3)
    status = client.get(reverse("exports:export", args=[export.pk])).content.decode()
    assert 'data-status="klaar"' in status and "Klaar: 3 rijen." in status
    antwoord = client.get(reverse("exports:downloaden", args=[export.pk]))
    assert antwoord.status_code == 200 and antwoord["Content-Disposition"].startswith("attachment")
    blad = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content))).active
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][:5] == ("KvK-nummer", "Zorgaanbieder", "Ronde", "Aanbiedertype", "Fase")
    verwacht = sorted((i.zorgaanbieder.kvk_nummer, i.zorgaanbieder.statutaire_naam) for i in inschrijvingen)
    assert sorted((r[0], r[1]) for r in rijen[1:]) == verwacht
    assert {r[2] for r in rijen[1:]} == {ronde.naam}
    assert AuditRegel.objects.filter(actie="export_gedownload", door=inkoper).exists()


def test_resultaten_van_een_ronde_als_csv_en_de_ronde_is_verplicht(client, login, celery_meteen,
                                                                   django_capture_on_commit_callbacks):
    ronde, zk, (inkoper, _c), _ins = gesloten_ronde_met_indieningen(("3",))
    pipeline.uitvoeren(sorted(pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk)))
    login(client, inkoper)
    zonder = client.post(reverse("exports:overzicht"), {"soort": "resultaten", "formaat": "csv"})
    assert zonder.status_code == 400 and "Kies de ronde" in zonder.content.decode()
    export = _aanvragen(client, django_capture_on_commit_callbacks, soort="resultaten", formaat="csv", ronde=ronde.pk)
    inhoud = b"".join(client.get(reverse("exports:downloaden", args=[export.pk])).streaming_content)
    rijen = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"))))
    assert rijen[0][:4] == ["KvK-nummer", "Zorgaanbieder", "Aanbiedertype", "Fase"] and len(rijen) == 2


def test_een_verzegelde_ronde_levert_niets_en_de_voortgang_loopt_mee(client, login, monkeypatch):
    ronde, zk, (inkoper, _c), _ins = gesloten_ronde_met_indieningen(("3", "3", "3"), geopend=False)
    export = Export.objects.create(zorgkantoor=zk, soort="werkvoorraad", formaat="csv", aangevraagd_door=inkoper,
                                   aangevraagd_op=ronde.sluiting_inschrijving)
    assert exports.maken(export.pk).aantal_rijen == 0  # sealed: not even who submitted
    # Progress is recorded along the way (every STAP rows).
    _r2, zk2, (inkoper2, _c2), _ins2 = gesloten_ronde_met_indieningen(("3", "3", "3"))
    pipeline.beoordelingen_aanmaken(ronde=_r2, zorgkantoor=zk2)
    monkeypatch.setattr(exports, "STAP", 1)
    gezien = []
    echt = Export.objects.filter

    def filter_(*args, **kwargs):
        qs = echt(*args, **kwargs)
        if kwargs.get("pk") == nieuw.pk:
            gezien.append(True)
        return qs

    nieuw = Export.objects.create(zorgkantoor=zk2, soort="werkvoorraad", formaat="csv", aangevraagd_door=inkoper2,
                                  aangevraagd_op=ronde.sluiting_inschrijving)
    monkeypatch.setattr(Export.objects, "filter", filter_)
    assert exports.maken(nieuw.pk).aantal_rijen == 3 and len(gezien) >= 4  # "bezig" and three progress updates


def test_alleen_het_eigen_zorgkantoor_downloadt(client, login, celery_meteen, django_capture_on_commit_callbacks):
    _ronde, zk, (inkoper, _c), _ins = gesloten_ronde_met_indieningen(("3",))
    login(client, inkoper)
    export = _aanvragen(client, django_capture_on_commit_callbacks, soort="werkvoorraad", formaat="csv")
    for ander in (GebruikerFactory(inkoper=True), GebruikerFactory(tekenbevoegd=True)):
        client.logout()
        login(client, ander)
        for naam in ("exports:export", "exports:downloaden"):
            assert client.get(reverse(naam, args=[export.pk])).status_code in (403, 404), (ander.rol, naam)
    client.logout()
    login(client, GebruikerFactory(inkoper=True, zorgkantoor=zk))  # a colleague of the same zorgkantoor
    assert client.get(reverse("exports:downloaden", args=[export.pk])).status_code == 200


def test_elke_record_url_van_de_exports_heeft_een_geval():
    """A record URL added to api/urls_exports.py without a 404 case fails here (::test_alleen_het_eigen_…)."""
    from api import urls_exports

    assert {p.name for p in urls_exports.urlpatterns if "<int:" in str(p.pattern)} == {"export", "downloaden"}
