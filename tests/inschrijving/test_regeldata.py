"""Rule sets as data (issue 13, item 6): every served rule set validates against the served JSON Schema, two exports
of the same set are byte-identical, ``verschillen`` finds what was added, removed and changed, and a round's rules
are public from the publication of its inkoopkader and a 404 before it (except to staff of a zorgkantoor in it)."""

import copy
import hashlib
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from inschrijving import regeldata
from inschrijving.demo import maak_demo
from inschrijving.models import (
    AanbiederType,
    AfwijkendePlanning,
    Controle,
    DocumentVoorwaarde,
    Kader,
    Kracht,
    Moment,
    OvereenkomstSoort,
    PlanOmvang,
    RegelKracht,
    Regelset,
    Soort,
    TariefGrondslag,
    Verklaring,
)
from inschrijving.sjablonen import sjabloon_2016, sjabloon_2022
from tests.factories import GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels

pytestmark = pytest.mark.django_db


def _geldig(gegevens: dict) -> dict:
    """The body validated against the schema as the portal serves it; every error listed on failure."""
    fouten = [f"{list(f.absolute_path)}: {f.message}" for f in
              Draft202012Validator(regeldata.schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
              .iter_errors(gegevens)]
    assert not fouten, fouten
    return gegevens


def _download(client, url) -> dict:
    antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord.content[:500]
    assert antwoord["Content-Type"] == "application/json; charset=utf-8"
    return _geldig(json.loads(antwoord.content))


def _ongepubliceerd(**kwargs):
    """A round whose inkoopkader is published 37 days from now (the factory's timeline: 63 days before closing)."""
    return ronde_met_regels(sluiting=timezone.now() + timedelta(days=100), **kwargs)


def test_het_schema_is_geldig_en_wordt_geserveerd_met_zijn_adres(client):
    Draft202012Validator.check_schema(json.loads(regeldata.SCHEMA_BESTAND.read_text(encoding="utf-8")))
    antwoord = client.get("/regels/schema/regelset-1.0.json")
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/schema+json"
    geserveerd = json.loads(antwoord.content)
    Draft202012Validator.check_schema(geserveerd)
    assert geserveerd["$id"] == settings.SITE_URL.rstrip("/") + "/regels/schema/regelset-1.0.json"
    assert geserveerd["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_de_codes_in_het_schema_zijn_die_van_de_modellen():
    """A choice added to a model without the schema (or the reverse) fails here: the schema is the promise."""
    s = regeldata.schema()
    eigenschappen = s["properties"]
    item = lambda lijst: eigenschappen[lijst]["items"]["properties"]  # noqa: E731
    assert s["$defs"]["kracht"]["enum"] == Kracht.values
    assert s["$defs"]["aanbieder_type"]["enum"] == AanbiederType.values
    assert eigenschappen["parameters"]["properties"]["kader"]["enum"] == Kader.values
    assert eigenschappen["parameters"]["properties"]["tarief_grondslag"]["enum"] == TariefGrondslag.values
    assert eigenschappen["ronde"]["oneOf"][1]["properties"]["soort"]["enum"] == Soort.values
    assert item("documenttypen")["moment"]["enum"] == Moment.values
    assert item("documenttypen")["controle"]["enum"] == Controle.values
    assert item("documenttypen")["voorwaarde"]["enum"] == [None, *DocumentVoorwaarde.values]
    assert item("type_eisen")["verklaring"]["enum"] == Verklaring.values
    assert item("type_eisen")["ondernemingsplan"]["enum"] == PlanOmvang.values
    assert item("overeenkomst_regels")["soort"]["enum"] == OvereenkomstSoort.values
    # And every parameter the export writes is described (additionalProperties is false, so this is both ways).
    sjabloon = regeldata.als_json(sjabloon_2022())
    assert set(sjabloon["parameters"]) == set(eigenschappen["parameters"]["required"])


def test_elk_sjabloon_valideert_en_draagt_de_regels_van_het_kader(client):
    sjabloon_2022(), sjabloon_2016()
    sjablonen = list(Regelset.objects.filter(is_sjabloon=True))
    assert len(sjablonen) >= 2
    gegevens = {r.kader: _download(client, reverse("regels:sjabloon", args=[r.pk])) for r in sjablonen}
    g2022, g2016 = gegevens["2022"], gegevens["2016"]
    assert g2022["ronde"] is None and g2022["regelset"]["sjabloon"] is True
    documenten = {d["code"]: d for d in g2022["documenttypen"]}
    assert (documenten["kvk_uittreksel"]["moment"], documenten["kvk_uittreksel"]["max_leeftijd_maanden"]) == ("I", 6)
    assert documenten["polisblad"]["min_verzekerd_bedrag"] == "2500000.00"
    assert documenten["clientenraad"]["moment"] == "6"
    krachten = {k["regel"]: k for k in g2022["krachten"]}
    assert krachten["verklaring.onderaanneming"]["kracht"] == "signaal"  # a guideline, not an exclusion (002 §4.1)
    assert krachten["verklaring.uitsluitingsgronden"]["kracht"] == "uitsluiting"
    assert krachten["integriteit.*"]["kracht"] == "oordeel"  # left to the zorgkantoor
    assert krachten["verklaring.onderaanneming"]["bron"].startswith("002 §4.1")
    eisen = {e["aanbieder_type"]: e for e in g2022["type_eisen"]}
    assert eisen["1a"]["verklaring"] == "instemming" and eisen["3"]["ondernemingsplan"] == "volledig"
    assert "polisblad" in eisen["3"]["documenten"] and eisen["1b"]["documenten"] == ["gewijzigde_documenten"]
    assert g2022["parameters"]["max_aandeel_onderaanneming"] == "33.33"
    assert g2016["parameters"]["max_aandeel_onderaanneming"] is None
    assert g2016["parameters"]["max_opslag"] == "3.00"
    assert [r["met_opslag"] for r in g2016["overeenkomst_regels"]] == [True, True, False, False]


def test_de_rondes_van_de_demo_valideren_voor_elk_zorgkantoor(client, login):
    """The demo's rounds (2022 and 2016) as each zorgkantoor taking part serves them; their publication may lie
    ahead (the demo moves its timeline), so a colleague of that zorgkantoor fetches them."""
    ronde, _logins = maak_demo()
    rondes = [ronde, *ronde.__class__.objects.filter(naam__contains="kader 2016").exclude(pk=ronde.pk)]
    assert {r.regelset.kader for r in rondes} == {"2022", "2016"}
    for r in rondes:
        for zk in r.zorgkantoren.all():
            client.logout()
            login(client, GebruikerFactory(inkoper=True, zorgkantoor=zk))
            gegevens = _download(client, reverse("regels:regionaal", args=[r.pk, zk.pk]))
            assert gegevens["ronde"]["id"] == r.pk and gegevens["zorgkantoor"] == {"id": zk.pk, "naam": zk.naam}
            assert gegevens["parameters"]["kader"] == r.regelset.kader
            assert gegevens["regelset"]["regionaal"] is False
            assert _download(client, reverse("regels:ronde", args=[r.pk]))["zorgkantoor"] is None


def test_twee_exports_zijn_byte_gelijk_met_een_etag_en_een_goede_bestandsnaam(client):
    ronde = ronde_met_regels(naam="Zorginkoop Wlz 2032 – regulier")
    url = reverse("regels:ronde", args=[ronde.pk])
    eerste, tweede = client.get(url), client.get(url)
    assert eerste.content == tweede.content
    assert eerste["ETag"] == f'"{hashlib.sha256(eerste.content).hexdigest()}"'
    assert eerste["Content-Disposition"] == (
        f'attachment; filename="regelset-{ronde.contractjaar}-zorginkoop-wlz-2032-regulier-v1.0.json"')
    assert client.get(url, HTTP_IF_NONE_MATCH=eerste["ETag"]).status_code == 304
    gegevens = json.loads(eerste.content)
    assert eerste.content == regeldata.als_bytes(gegevens)  # sorted keys: the body is its own canonical form
    assert [k["regel"] for k in gegevens["krachten"]] == sorted(k["regel"] for k in gegevens["krachten"])
    assert [d["code"] for d in gegevens["documenttypen"]] == sorted(d["code"] for d in gegevens["documenttypen"])
    # A changed rule changes the body and its ETag.
    RegelKracht.objects.filter(regelset=ronde.regelset, regel="verklaring.onderaanneming").update(kracht="uitsluiting")
    derde = client.get(url)
    assert derde.content != eerste.content and derde["ETag"] != eerste["ETag"]


def test_de_volgorde_in_de_database_verandert_de_export_niet():
    sjabloon = sjabloon_2022()
    kopie = sjabloon.kopieer("Kopie in een andere volgorde")
    # Recreate the forces in reverse: other primary keys, other database order.
    rijen = list(kopie.krachten.order_by("-regel").values("regel", "kracht", "bron", "toelichting"))
    kopie.krachten.all().delete()
    for rij in rijen:
        RegelKracht.objects.create(regelset=kopie, **rij)
    a, b = regeldata.als_json(sjabloon), regeldata.als_json(kopie)
    assert regeldata.verschillen(a, b) == []
    # The names differ, the rules do not: without the name the two bodies are the same bytes.
    assert regeldata.als_bytes({**a, "regelset": None}) == regeldata.als_bytes({**b, "regelset": None})


def test_verschillen_vindt_toegevoegd_verwijderd_en_gewijzigd_en_niets_bij_gelijke_regels():
    a = regeldata.als_json(sjabloon_2022())
    assert regeldata.verschillen(a, copy.deepcopy(a)) == []
    b = copy.deepcopy(a)
    b["krachten"].append({"regel": "document.vog_rp.leeftijd", "kracht": "signaal", "bron": "regio", "toelichting": ""})
    b["documenttypen"] = [d for d in b["documenttypen"] if d["code"] != "ao_ic"]
    polis = next(d for d in b["documenttypen"] if d["code"] == "polisblad")
    polis["min_verzekerd_bedrag"] = "5000000.00"
    b["parameters"]["min_toezichthouders"] = 3
    assert a["overeenkomst_regels"][0]["soort"] == "voortzetting" and a["overeenkomst_regels"][0]["looptijd_jaren"] == 0
    b["overeenkomst_regels"][0]["looptijd_jaren"] = 3
    b["regelset"]["naam"] = "Een andere naam"  # not a rule: not reported
    verschillen = regeldata.verschillen(a, b)
    verwacht = [
        {"onderdeel": "parameters", "sleutel": "min_toezichthouders", "veld": None, "soort": "gewijzigd", "was": 2,
         "is": 3},
        {"onderdeel": "krachten", "sleutel": "document.vog_rp.leeftijd", "veld": None, "soort": "toegevoegd",
         "was": None, "is": b["krachten"][-1]},
        {"onderdeel": "documenttypen", "sleutel": "ao_ic", "veld": None, "soort": "verwijderd",
         "was": next(d for d in a["documenttypen"] if d["code"] == "ao_ic"), "is": None},
        {"onderdeel": "documenttypen", "sleutel": "polisblad", "veld": "min_verzekerd_bedrag", "soort": "gewijzigd",
         "was": "2500000.00", "is": "5000000.00"},
        {"onderdeel": "overeenkomst_regels", "sleutel": "1", "veld": "looptijd_jaren", "soort": "gewijzigd",
         "was": 0, "is": 3},
    ]
    assert verschillen == verwacht
    # The other way round: the addition is a removal and the removal an addition.
    terug = {(v["onderdeel"], v["sleutel"], v["soort"]) for v in regeldata.verschillen(b, a)}
    assert ("krachten", "document.vog_rp.leeftijd", "verwijderd") in terug
    assert ("documenttypen", "ao_ic", "toegevoegd") in terug


def test_verschillen_in_de_database_tussen_een_ronde_en_haar_sjabloon():
    ronde = ronde_met_regels()
    ronde.regelset.documenttypen.filter(code="kvk_uittreksel").update(max_leeftijd_maanden=3)
    eis = ronde.regelset.type_eisen.get(aanbieder_type="3")
    eis.documenten.remove(ronde.regelset.documenttypen.get(code="statuten"))
    verschillen = regeldata.verschillen(regeldata.als_json(sjabloon_2022()), regeldata.als_json(ronde.regelset))
    over_3 = sorted(eis.documenten.values_list("code", flat=True))
    assert [(v["onderdeel"], v["sleutel"], v["veld"], v["was"], v["is"]) for v in verschillen] == [
        ("documenttypen", "kvk_uittreksel", "max_leeftijd_maanden", 6, 3),
        ("type_eisen", "3", "documenten", sorted([*over_3, "statuten"]), over_3),
    ]


def test_een_ongepubliceerde_ronde_is_een_404_behalve_voor_het_eigen_zorgkantoor(client, login):
    zk, ander_zk = ZorgkantoorFactory(), ZorgkantoorFactory()
    ronde = _ongepubliceerd(zorgkantoren=[zk])
    assert ronde.publicatie_inkoopkader > timezone.now()
    urls = [reverse("regels:ronde", args=[ronde.pk]), reverse("regels:regionaal", args=[ronde.pk, zk.pk])]
    for url in urls:
        assert client.get(url).status_code == 404  # anonymous
    for ander in (GebruikerFactory(tekenbevoegd=True), GebruikerFactory(inkoper=True, zorgkantoor=ander_zk)):
        login(client, ander)
        for url in urls:
            assert client.get(url).status_code == 404, (ander.rol, url)
        client.logout()
    login(client, GebruikerFactory(inkoper=True, zorgkantoor=zk))
    for url in urls:
        antwoord = client.get(url)
        assert antwoord.status_code == 200 and antwoord["Cache-Control"] == "private, no-cache"
    # Published: public to anyone, cacheable.
    client.logout()
    gepubliceerd = ronde_met_regels(zorgkantoren=[zk])
    antwoord = client.get(reverse("regels:ronde", args=[gepubliceerd.pk]))
    assert antwoord.status_code == 200 and antwoord["Cache-Control"] == "no-cache"


def test_de_eigen_publicatiedatum_van_een_zorgkantoor_telt_voor_zijn_regionale_regels(client):
    zk, later = ZorgkantoorFactory(), ZorgkantoorFactory()
    ronde = ronde_met_regels(zorgkantoren=[zk, later])
    AfwijkendePlanning.objects.create(ronde=ronde, zorgkantoor=later,
                                      publicatie_inkoopkader=timezone.now() + timedelta(days=1))
    assert client.get(reverse("regels:regionaal", args=[ronde.pk, zk.pk])).status_code == 200
    assert client.get(reverse("regels:regionaal", args=[ronde.pk, later.pk])).status_code == 404
    assert client.get(reverse("regels:ronde", args=[ronde.pk])).status_code == 200


def test_record_ids_buiten_bereik_zijn_een_404(client):
    ronde = ronde_met_regels()
    niet_in_ronde = ZorgkantoorFactory()
    geen_sjabloon = ronde.regelset
    assert client.get(reverse("regels:regionaal", args=[ronde.pk, niet_in_ronde.pk])).status_code == 404
    assert client.get(reverse("regels:sjabloon", args=[geen_sjabloon.pk])).status_code == 404
    assert client.get(reverse("regels:ronde", args=[999999])).status_code == 404
    zonder_regels = ronde_met_regels()
    zonder_regels.regelset = None
    zonder_regels.save()
    assert client.get(reverse("regels:ronde", args=[zonder_regels.pk])).status_code == 404


def test_elke_record_url_van_de_regels_heeft_een_geval():
    """A record URL added to inschrijving/urls_regels.py without a 404 case above fails here."""
    from inschrijving import urls_regels

    assert {p.name for p in urls_regels.urlpatterns if "<int:" in str(p.pattern)} == {"ronde", "regionaal", "sjabloon"}


def test_een_regionale_regelset_wordt_geserveerd_als_regionaal(client):
    zk, ander = ZorgkantoorFactory(), ZorgkantoorFactory()
    ronde = ronde_met_regels(zorgkantoren=[zk, ander])
    regionaal = ronde.regelset.kopieer(f"Regels {ronde.naam} – {zk.naam}")
    Regelset.objects.filter(pk=regionaal.pk).update(max_aandeel_onderaanneming=Decimal("25.00"))
    AfwijkendePlanning.objects.create(ronde=ronde, zorgkantoor=zk, regelset=regionaal)
    eigen = _download(client, reverse("regels:regionaal", args=[ronde.pk, zk.pk]))
    gewoon = _download(client, reverse("regels:regionaal", args=[ronde.pk, ander.pk]))
    assert eigen["regelset"]["regionaal"] is True and gewoon["regelset"]["regionaal"] is False
    assert eigen["parameters"]["max_aandeel_onderaanneming"] == "25.00"
    assert regeldata.verschillen(gewoon, eigen) == [
        {"onderdeel": "parameters", "sleutel": "max_aandeel_onderaanneming", "veld": None, "soort": "gewijzigd",
         "was": "33.33", "is": "25.00"}]
