"""The REST API for a zorgkantoor's systems (issue 13, item 1): the OpenAPI document validates and is served; a
client sees its own zorgkantoor's inschrijvingen only, nothing of a round before its opening, each with its
snapshot and hash and the result of every rule; errors are application/problem+json; 401 without a valid key; 429
over the rate; every call in the audit trail."""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from api.models import ApiClient
from beoordeling import pipeline
from beoordeling.models import AuditRegel
from inschrijving.models import Indiening
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lege_cache():
    cache.clear()  # the rate per client counts in the cache
    yield
    cache.clear()


def _client(zorgkantoor, naam="contractadministratie") -> tuple[Client, ApiClient]:
    api = ApiClient(naam=naam, zorgkantoor=zorgkantoor)
    token = api.nieuwe_sleutel()
    api.save()
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}"), api


def test_het_openapi_document_valideert_en_wordt_geserveerd(client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # against the OpenAPI 3.0 JSON Schema that drf-spectacular ships
    antwoord = client.get("/api/v1/openapi.json")
    assert antwoord.status_code == 200
    document = antwoord.json()
    assert document["openapi"].startswith("3.") and "/api/v1/inschrijvingen/{id}" in document["paths"]
    assert document["components"]["securitySchemes"]["sleutel"]["scheme"] == "bearer"


def test_eigen_inschrijvingen_pas_na_de_opening_met_momentopname_hash_en_resultaten():
    _r, zk, _i, (inschrijving,) = gesloten_ronde_met_indieningen(("3",), geopend=False)
    http, _api = _client(zk)
    assert http.get("/api/v1/inschrijvingen").json()["results"] == []  # sealed: nothing, not even who
    assert http.get(f"/api/v1/inschrijvingen/{inschrijving.pk}").status_code == 404
    _r, zk2, _i2, (geopend,) = gesloten_ronde_met_indieningen(("3",))
    http, _api = _client(zk2)
    lijst = http.get("/api/v1/inschrijvingen").json()
    assert [r["id"] for r in lijst["results"]] == [geopend.pk]
    assert lijst["results"][0]["zorgaanbieder"]["kvkNummer"] == geopend.zorgaanbieder.kvk_nummer
    ids = pipeline.beoordelingen_aanmaken(ronde=geopend.ronde, zorgkantoor=zk2)
    pipeline.uitvoeren(list(ids))
    detail = http.get(f"/api/v1/inschrijvingen/{geopend.pk}")
    assert detail.status_code == 200 and detail["Content-Type"] == "application/json"
    inhoud = detail.json()
    indiening = Indiening.objects.get(inschrijving=geopend)
    assert inhoud["indiening"]["sha256"] == indiening.sha256 and inhoud["indiening"]["momentopname"] == \
        indiening.snapshot
    assert datetime.fromisoformat(inhoud["indiening"]["ontvangenOp"]) == indiening.ingediend_op  # ISO 8601
    assert inhoud["indiening"]["ontvangenOp"].endswith(("+01:00", "+02:00"))  # in Dutch time, with its offset
    assert inhoud["resultaten"] and {"regel", "uitkomst", "bron", "toelichting"} <= set(inhoud["resultaten"][0])
    assert inhoud["besluit"] is None  # no decision approved yet
    assert AuditRegel.objects.filter(actie="api_opgevraagd", inschrijving=geopend).exists()


def test_een_ander_zorgkantoor_krijgt_404_als_problem_json():
    _r, _zk_a, _i, (van_a,) = gesloten_ronde_met_indieningen(("3",))
    _r, zk_b, _i, (van_b,) = gesloten_ronde_met_indieningen(("3",))
    http_b, _api = _client(zk_b)
    antwoord = http_b.get(f"/api/v1/inschrijvingen/{van_a.pk}")
    assert antwoord.status_code == 404 and antwoord["Content-Type"] == "application/problem+json"
    probleem = antwoord.json()
    assert probleem["status"] == 404 and probleem["title"] == "Niet gevonden"
    assert probleem["instance"] == f"/api/v1/inschrijvingen/{van_a.pk}"
    assert [r["id"] for r in http_b.get("/api/v1/inschrijvingen").json()["results"]] == [van_b.pk]


def test_zonder_of_met_verkeerde_sleutel_401():
    _r, zk, _i, (_inschrijving,) = gesloten_ronde_met_indieningen(("3",))
    for kop in ({}, {"HTTP_AUTHORIZATION": "Bearer wlz_verkeerd"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}):
        antwoord = Client(**kop).get("/api/v1/inschrijvingen")
        assert antwoord.status_code == 401, kop
        assert antwoord["Content-Type"] == "application/problem+json" and antwoord["WWW-Authenticate"]
    http, api = _client(zk)
    api.actief = False
    api.save()
    assert http.get("/api/v1/inschrijvingen").status_code == 401  # a withdrawn client


def test_boven_de_limiet_429(settings):
    settings.WLZ_API_LIMIET = "3/min"
    _r, zk, _i, _ins = gesloten_ronde_met_indieningen(("3",))
    http, _api = _client(zk)
    assert [http.get("/api/v1/inschrijvingen").status_code for _ in range(3)] == [200, 200, 200]
    te_veel = http.get("/api/v1/inschrijvingen")
    assert te_veel.status_code == 429 and te_veel["Content-Type"] == "application/problem+json"
    assert te_veel.json()["title"] == "Te veel verzoeken" and int(te_veel["Retry-After"]) > 0
    anders, _ = _client(zk, naam="archief")  # per client: another client of the same zorgkantoor still gets in
    assert anders.get("/api/v1/inschrijvingen").status_code == 200
    assert AuditRegel.objects.filter(actie="api_opgevraagd", omschrijving__contains="→ 429").count() == 1
