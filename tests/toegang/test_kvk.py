"""The KvK client (issue 12, item 3) against a local HTTP server answering in the APIs' published format: what it
reads from a basisprofiel, its cache, the log of outgoing requests, and its timeout, 404, 400, 429 and 5xx."""

import pytest

from tests.toegang.kvk_server import Organisatie
from toegang import kvk
from toegang.models import KvkVerzoek

pytestmark = pytest.mark.django_db


def test_uit_zonder_variabelen(settings):
    settings.KVK_API_URL = settings.KVK_API_SLEUTEL = ""
    assert not kvk.aan()
    with pytest.raises(kvk.KvkNietBereikbaar):
        kvk.basisprofiel("41234567")
    assert not KvkVerzoek.objects.exists()


def test_basisprofiel_gelezen_gecachet_en_gelogd(nep_kvk):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde", huisletter="a", postcode="3511AB"))
    profiel = kvk.basisprofiel("41234567")
    assert profiel == kvk.Basisprofiel(
        kvk_nummer="41234567", statutaire_naam="Stichting Zorggroep De Linde", naam="Stichting Zorggroep De Linde",
        rechtsvorm="stichting", rechtsvorm_kvk="Stichting", straat="Zorglaan 12a", postcode="3511 AB",
        plaats="Utrecht", vestigingsnummer="000012345678")
    assert kvk.basisprofiel("41234567") == profiel  # from the cache: one request
    assert nep_kvk.verzoeken == ["/v1/basisprofielen/41234567"]
    verzoek = KvkVerzoek.objects.get()
    assert (verzoek.api, verzoek.kvk_nummer, verzoek.status, verzoek.uitkomst) == (
        "basisprofiel", "41234567", 200, "gevonden")


@pytest.mark.parametrize(("kvk_tekst", "vorm"), [
    ("Besloten Vennootschap", "bv"), ("Besloten Vennootschap met gewone structuur", "bv"),
    ("Naamloze Vennootschap", "nv"), ("Coöperatie", "cooperatie"), ("Vereniging met volledige rechtsbevoegdheid",
                                                                      "vereniging"),
    ("Kerkgenootschap", ""),
])
def test_rechtsvorm_van_het_register(kvk_tekst, vorm):
    assert kvk.rechtsvorm_van(kvk_tekst) == vorm


def test_afgeschermd_adres_wordt_niet_ingevuld(nep_kvk):
    nep_kvk.voeg_toe(Organisatie("41234568", "Stichting Stil", afgeschermd=True))
    profiel = kvk.basisprofiel("41234568")
    assert (profiel.straat, profiel.postcode, profiel.plaats) == ("", "", "")


def test_404_is_niet_gevonden_en_wordt_kort_onthouden(nep_kvk):
    with pytest.raises(kvk.KvkNietGevonden) as fout:
        kvk.basisprofiel("49999999")
    assert fout.value.status == 404 and "kent KvK-nummer 49999999 niet" in fout.value.melding
    with pytest.raises(kvk.KvkNietGevonden):
        kvk.basisprofiel("49999999")
    assert len(nep_kvk.verzoeken) == 1
    verzoek = KvkVerzoek.objects.get()
    assert verzoek.uitkomst == "niet_gevonden" and verzoek.fout.startswith("IPD0005 Op basis van het KVK-nummer")


def test_400_ongeldig_nummer(nep_kvk):
    with pytest.raises(kvk.KvkNietGevonden) as fout:
        kvk.basisprofiel("1234")
    assert fout.value.status == 400 and "ongeldig" in fout.value.melding


def test_429_zegt_hoe_lang_te_wachten_en_wordt_niet_onthouden(nep_kvk):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde"))
    nep_kvk.status, nep_kvk.retry_after = 429, "17"
    with pytest.raises(kvk.KvkTeVeelVerzoeken) as fout:
        kvk.basisprofiel("41234567")
    assert fout.value.wachten == 17 and "over 17 seconden opnieuw" in fout.value.melding
    assert KvkVerzoek.objects.get().uitkomst == "te_veel"
    nep_kvk.status = None  # the next attempt asks again
    assert kvk.basisprofiel("41234567").statutaire_naam == "Stichting Zorggroep De Linde"


def test_time_out(nep_kvk, settings):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde"))
    nep_kvk.traag, settings.KVK_TIMEOUT = 1.0, 0.2
    with pytest.raises(kvk.KvkNietBereikbaar) as fout:
        kvk.basisprofiel("41234567")
    assert "niet op tijd" in fout.value.melding
    verzoek = KvkVerzoek.objects.get()
    assert verzoek.uitkomst == "onbereikbaar" and verzoek.status is None and verzoek.fout.startswith("timeout")
    assert verzoek.duur_ms < 1000


def test_storing_en_verkeerde_sleutel(nep_kvk, settings):
    nep_kvk.status = 503
    with pytest.raises(kvk.KvkNietBereikbaar) as fout:
        kvk.basisprofiel("41234567")
    assert fout.value.status == 503 and "HTTP 503" in fout.value.melding
    nep_kvk.status, settings.KVK_API_SLEUTEL = None, "verkeerd"
    with pytest.raises(kvk.KvkNietBereikbaar) as fout:
        kvk.basisprofiel("41234567")
    assert fout.value.status == 401
    assert KvkVerzoek.objects.filter(uitkomst="fout").count() == 2


def test_geen_server(settings):
    settings.KVK_API_URL, settings.KVK_API_SLEUTEL = "http://127.0.0.1:9", "x"
    with pytest.raises(kvk.KvkNietBereikbaar) as fout:
        kvk.basisprofiel("41234567")
    assert "niet bereikbaar" in fout.value.melding


def test_zoeken(nep_kvk):
    nep_kvk.voeg_toe(Organisatie("41234567", "Stichting Zorggroep De Linde"))
    nep_kvk.voeg_toe(Organisatie("41234569", "Zorg B.V.", rechtsvorm="Besloten Vennootschap", plaats="Zwolle"))
    assert kvk.zoeken(naam="linde") == [kvk.Zoekresultaat("41234567", "000012345678", "Stichting Zorggroep De Linde",
                                                         "hoofdvestiging", "Zorglaan", "Utrecht")]
    assert kvk.zoeken(kvk_nummer="40000000") == []  # IPD5200: nothing found is an empty list
