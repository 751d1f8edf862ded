"""The catalogue of quality frameworks against its seeds, its loader, and which kaders apply to an aanbieder.

Counts are checked twice: against hard numbers counted by hand from the seeds (each with the section it
comes from) and, where the seed's layout allows, against numbers derived from the seed text here, so the
test fails when the catalogue and the seed drift apart. Every quoted text is checked to occur in its seed.
"""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from kwaliteit.catalogus import laad_catalogus
from kwaliteit.models import Item, Kader, Rol, Sector, Soort, Thema
from kwaliteit.selectors import kaders_voor_sectoren
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db

# The seeds travel with the repository (docs/bronnen), so a clean clone can check the catalogue against them.
SEEDS = Path(__file__).resolve().parents[2] / "docs" / "bronnen"
REPO = Path(__file__).resolve().parents[2]
SEED_000 = "000_6d358d29a72c9764.txt"
SEED_001 = "001_2c75c1583f42501a.txt"
SEED_002 = "002_62c6b4144361ce88.txt"
SEED_003 = "003_5f723a72d1323a75.txt"
SEED_004 = "004_b4e4223e37489fca.txt"
GGZ_KADERS = ["ggz-wlz", "ggz-kwaliteitsstandaarden", "keurmerk-basis-ggz"]


def seed(naam: str) -> str:
    return (SEEDS / naam).read_text(encoding="utf-8")


def kader(code: str) -> Kader:
    return Kader.objects.get(code=code)


def items(thema: Thema, **filters) -> list[Item]:
    return list(thema.items.filter(**filters).order_by("volgorde"))


def telling(code: str) -> dict[str, int]:
    return {thema.naam: thema.items.count() for thema in kader(code).themas.order_by("volgorde")}


# --- hard numbers, counted from the seeds -----------------------------------------------------------------

def test_aantallen_per_kader():
    # 000 "Deelonderwerp kwaliteitsuitgangspunten" and the five theme pages that follow it.
    assert telling("ggz-wlz") == {"Cliënt": 6, "Organisatie": 10, "Personeel": 5, "Gebouwen en inrichting": 5,
                                  "Leren en verbeteren": 3}
    # 003 §4: norms 1-4, 5-6, 7-9; per norm 1 norm + 1 "wat is geborgd" + its kwalificatiecriteria
    # (norms 1-9: 2, 3, 3, 1, 1, 3, 3, 4, 1 criteria, 21 in all).
    assert telling("keurmerk-basis-ggz") == {"Cliëntgericht handelen": 4 + 4 + 9, "Samenwerken": 2 + 2 + 4,
                                             "Innoveren en continu verbeteren": 3 + 3 + 8}
    # 004 §3.1-3.3: niveau 1 has no onderwerpen, niveau 2 four (§3.2.1-3.2.4), niveau 3 three (§3.3.1-3.3.3).
    assert telling("gz-niveaus") == {"De basis versterken": 0, "Persoonsgerichte zorg": 4, "Samenhang in zorg": 3}
    # 002 §3.2.1: jaarlijks plan, 31 december, verbeterparagraaf with its 4 elements, gesprek, invulling.
    assert telling("vv-kwaliteitsplan") == {"Kwaliteitsplan met verbeterparagraaf per locatie": 5 + 4}
    # 001 §1.1: three kinds of standard; §1.4-1.5: six implementation themes.
    assert telling("ggz-kwaliteitsstandaarden") == {"Kwaliteitsstandaarden": 3, "Algemene implementatiethema's": 6}
    assert Kader.objects.count() == 5
    assert Thema.objects.count() == 5 + 3 + 3 + 1 + 2
    assert Item.objects.count() == 29 + 39 + 7 + 9 + 9


def test_soorten_per_kader():
    def soorten(code):
        return sorted(set(Item.objects.filter(thema__kader__code=code).values_list("soort", flat=True)))

    assert soorten("ggz-wlz") == [Soort.UITGANGSPUNT]
    assert soorten("keurmerk-basis-ggz") == sorted([Soort.NORM, Soort.GEBORGD, Soort.KWALIFICATIECRITERIUM])
    assert soorten("gz-niveaus") == [Soort.ONDERWERP]
    assert soorten("vv-kwaliteitsplan") == [Soort.ONDERDEEL]
    assert soorten("ggz-kwaliteitsstandaarden") == sorted([Soort.STANDAARD, Soort.IMPLEMENTATIETHEMA])
    keurmerk = Item.objects.filter(thema__kader__code="keurmerk-basis-ggz")
    assert keurmerk.filter(soort=Soort.NORM).count() == 9
    assert keurmerk.filter(soort=Soort.GEBORGD).count() == 9
    assert keurmerk.filter(soort=Soort.KWALIFICATIECRITERIUM).count() == 21
    # Geborgd and criteria hang under their norm; norms hang under nothing.
    assert not keurmerk.filter(soort=Soort.NORM, bovenliggend__isnull=False).exists()
    assert not keurmerk.exclude(soort=Soort.NORM).filter(bovenliggend__isnull=True).exists()


# --- numbers derived from the seed text --------------------------------------------------------------------

def test_ggz_uitgangspunten_tellen_als_de_seed():
    tekst = seed(SEED_000)
    begin = tekst.index("Deelonderwerp kwaliteitsuitgangspunten")
    namen = re.findall(r"^• (.+?)\s*$", tekst[begin:tekst.index("\nCliënt\n", begin)], re.M)
    thema_s = list(kader("ggz-wlz").themas.order_by("volgorde"))
    assert [t.naam for t in thema_s] == namen

    # Each theme is a heading on its own line followed by its bullets, up to the next heading or bijlage 1.
    koppen = [re.search(rf"^{re.escape(naam)}$", tekst[begin + 1:], re.M).start() + begin + 1 for naam in namen]
    koppen.append(tekst.index("Bijlage 1: Bronbestanden"))
    for thema, van, tot in zip(thema_s, koppen, koppen[1:], strict=False):
        assert thema.items.count() == tekst[van:tot].count("•"), thema.naam


def _keurmerk_sectie_4():
    """Theme name → {norm number: text of that norm} from §4 (the last three theme headings)."""
    tekst = seed(SEED_003)
    koppen = list(re.finditer(r"^\s*Thema (.+?)\s*$", tekst, re.M))[-3:]
    thema_s = {}
    for kop, volgende in zip(koppen, [*koppen[1:], None], strict=True):
        blok = tekst[kop.end():volgende.start() if volgende else len(tekst)]
        delen = re.split(r"^\s*Norm (\d)\. ", blok, flags=re.M)
        thema_s[kop.group(1)] = {int(nummer): inhoud for nummer, inhoud in zip(delen[1::2], delen[2::2], strict=True)}
    return thema_s


def test_keurmerk_normen_en_criteria_tellen_als_de_seed():
    sectie = _keurmerk_sectie_4()
    assert sorted(n for normen in sectie.values() for n in normen) == list(range(1, 10))
    thema_s = list(kader("keurmerk-basis-ggz").themas.order_by("volgorde"))
    assert [t.naam for t in thema_s] == list(sectie)

    for thema in thema_s:
        normen = items(thema, soort=Soort.NORM)
        assert [n.code for n in normen] == [f"norm-{nummer}" for nummer in sectie[thema.naam]]
        for norm in normen:
            tekst = sectie[thema.naam][int(norm.code.removeprefix("norm-"))]
            geborgd_seed, criteria_seed = re.split(r"Kwalificatie\s+[cC]riteri", tekst, maxsplit=1)
            geborgd_seed = re.split(r"Wat is\s+geborgd\?", geborgd_seed)[1]
            # "én" / "of" on a line of its own joins two criteria.
            verbanden = re.findall(r"^\s*(én|of)\s*$", criteria_seed, re.M)

            (geborgd,) = norm.onderdelen.filter(soort=Soort.GEBORGD)
            assert geborgd.tekst.count("\n- ") + geborgd.tekst.startswith("- ") == geborgd_seed.count("•"), norm
            criteria = list(norm.onderdelen.filter(soort=Soort.KWALIFICATIECRITERIUM).order_by("volgorde"))
            assert len(criteria) == 1 + len(verbanden), norm
            assert [c.verband for c in criteria] == ["", *(v.replace("é", "e") for v in verbanden)], norm


def test_gz_niveaus_en_onderwerpen_tellen_als_de_seed():
    tekst = seed(SEED_004)
    hoofdstuk = tekst[tekst.index("Hoofdstuk 3 Kwaliteit en persoonsgerichte"):]
    niveaus = re.findall(r"^\s*3\.(\d) Niveau \d - (.+?)\s*$", hoofdstuk, re.M)
    onderwerpen = re.findall(r"^\s*3\.(\d)\.\d (.+?)\s*$", hoofdstuk, re.M)
    thema_s = list(kader("gz-niveaus").themas.order_by("volgorde"))
    assert [t.naam for t in thema_s] == [naam for _n, naam in niveaus]
    for (nummer, _naam), thema in zip(niveaus, thema_s, strict=True):
        assert [i.tekst for i in items(thema)] == [naam for n, naam in onderwerpen if n == nummer]

    # Every "Doel:" and "Essentie:" in chapter 3 is in the catalogue once, on a niveau or an onderwerp.
    alle_items = Item.objects.filter(thema__kader__code="gz-niveaus")
    doelen = [t.doel for t in thema_s] + [i.doel for i in alle_items]
    essenties = [t.essentie for t in thema_s] + [i.essentie for i in alle_items]
    assert len([d for d in doelen if d]) == hoofdstuk.count("Doel:") == 9
    assert len([e for e in essenties if e]) == hoofdstuk.count("Essentie:") == 8
    assert all(i.doel and i.essentie for i in alle_items)


def test_vv_verbeterparagraaf_volgt_de_seed():
    tekst = seed(SEED_002)
    paragraaf = tekst[tekst.index("3.2.1 Kwaliteitsbudget"):tekst.index("3.2.2 Passende huisvesting")]
    lijst = paragraaf[paragraaf.index("beschrijft in deze toelichting:"):paragraaf.index("Het zorgkantoor gaat")]
    elementen = [regel.strip(" \uf02d;.") for regel in lijst.splitlines() if regel.strip().startswith("\uf02d")]
    verbeterparagraaf = Item.objects.get(thema__kader__code="vv-kwaliteitsplan", code="verbeterparagraaf")
    assert [o.tekst for o in verbeterparagraaf.onderdelen.order_by("volgorde")] == elementen
    assert len(elementen) == 4

    assert "uiterlijk 31 december" in paragraaf
    termijn = Item.objects.get(thema__kader__code="vv-kwaliteitsplan", code="uiterlijk-31-december")
    assert "uiterlijk 31 december" in termijn.tekst


def test_ggz_kwaliteitsstandaarden_volgen_de_seed():
    tekst = re.sub(r"\s+", " ", seed(SEED_001))
    lijst = re.search(r"Het gaat om de zes thema’s (.+?)\.", tekst).group(1)
    namen = lijst.split(", ")
    namen[-1:] = namen[-1].rsplit(" en ", 1)
    implementatie = Thema.objects.get(kader__code="ggz-kwaliteitsstandaarden", code="implementatiethemas")
    assert [i.tekst.lower() for i in items(implementatie)] == [naam.lower() for naam in namen]
    assert len(namen) == 6

    soorten = re.split(r", | als ", re.search(r"Zowel (.+?) vallen onder", tekst).group(1))
    standaarden = Thema.objects.get(kader__code="ggz-kwaliteitsstandaarden", code="kwaliteitsstandaarden")
    assert len(items(standaarden)) == len(soorten) == 3
    assert [i.tekst.split()[1] for i in items(standaarden)] == ["zorgstandaard", "richtlijn", "generieke"]


# --- texts and sources --------------------------------------------------------------------------------------

def test_elk_item_heeft_tekst_en_bron():
    seeds = {p.name for p in SEEDS.glob("*.txt")}
    for item in Item.objects.select_related("thema__kader"):
        assert item.tekst.strip(), item.code
        assert item.bron.split(",")[0] in seeds, item.bron
        assert item.bron.split(",")[0] == item.thema.bron.split(",")[0] == item.thema.kader.bron.split(",")[0]
    for thema in Thema.objects.all():
        assert thema.naam.strip() and thema.bron.split(",")[0] in seeds


def _letters(tekst: str) -> str:
    # Compare on letters and digits only: the PDF extraction breaks lines, hyphenates words and uses odd bullets.
    return re.sub(r"[\W_]", "", tekst)


def test_teksten_staan_letterlijk_in_de_seed():
    seeds = {p.name: _letters(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    teksten = []
    for k in Kader.objects.all():
        teksten.append((k.bron, k.omschrijving))
    for t in Thema.objects.all():
        teksten += [(t.bron, t.omschrijving), (t.bron, t.doel), (t.bron, t.essentie)]
    for i in Item.objects.all():
        teksten += [(i.bron, i.tekst), (i.bron, i.toelichting), (i.bron, i.doel), (i.bron, i.essentie)]
    for bron, tekst in teksten:
        for regel in filter(None, tekst.splitlines()):
            assert _letters(regel.removeprefix("- ")) in seeds[bron.split(",")[0]], regel


# --- loader ------------------------------------------------------------------------------------------------

def _stand():
    return (list(Kader.objects.order_by("pk").values()), list(Thema.objects.order_by("pk").values()),
            list(Item.objects.order_by("pk").values()))


def test_laden_is_idempotent():
    voor = _stand()
    laad_catalogus(Kader, Thema, Item)
    laad_catalogus(Kader, Thema, Item)
    assert _stand() == voor


def test_laden_herstelt_teksten_en_laat_actief_staan():
    item = Item.objects.get(thema__kader__code="ggz-wlz", code="client-1")
    origineel = item.tekst
    Item.objects.filter(pk=item.pk).update(tekst="gewijzigd")
    Kader.objects.filter(code="keurmerk-basis-ggz").update(actief=False)
    laad_catalogus(Kader, Thema, Item)
    item.refresh_from_db()
    assert item.tekst == origineel
    assert not kader("keurmerk-basis-ggz").actief


def test_volgorde_is_leesvolgorde():
    norm_1 = Thema.objects.get(kader__code="keurmerk-basis-ggz", code="clientgericht-handelen")
    assert [i.code for i in items(norm_1)][:5] == ["norm-1", "norm-1-geborgd", "norm-1-criterium-1",
                                                  "norm-1-criterium-2", "norm-2"]


# --- constraints -------------------------------------------------------------------------------------------

def test_kader_is_uniek_per_code_en_jaar():
    bestaand = kader("ggz-wlz")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kader.objects.create(code=bestaand.code, jaar=bestaand.jaar, naam="dubbel", sector=Sector.GGZ, bron="x")
    Kader.objects.create(code=bestaand.code, jaar=bestaand.jaar + 1, naam="nieuwe versie", sector=Sector.GGZ,
                         bron="x")


def test_item_zonder_tekst_of_bron_kan_niet():
    thema = Thema.objects.get(kader__code="ggz-wlz", code="client")
    for velden in ({"tekst": "", "bron": "x"}, {"tekst": "x", "bron": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Item.objects.create(thema=thema, code="leeg", soort=Soort.UITGANGSPUNT, **velden)


def test_onderdeel_hoort_bij_hetzelfde_thema():
    norm = Item.objects.get(thema__kader__code="keurmerk-basis-ggz", code="norm-1")
    ander_thema = Thema.objects.get(kader__code="ggz-wlz", code="client")
    item = Item(thema=ander_thema, bovenliggend=norm, code="x", soort=Soort.GEBORGD, tekst="x", bron="x")
    with pytest.raises(ValidationError):
        item.full_clean()


# --- selector ----------------------------------------------------------------------------------------------

def codes(kaders):
    return [k.code for k in kaders]


@pytest.mark.parametrize(("sector", "verwacht"), [
    ("vv", ["vv-kwaliteitsplan"]),
    ("gz", ["gz-niveaus"]),
    # The voorlopige kwaliteitsuitgangspunten lead; the standards (a formal requirement, 000 bijlage 2) and the
    # keurmerk (basis-GGZ, outside the Wlz) support.
    ("ggz", GGZ_KADERS),
])
def test_kaders_voor_een_sector(sector, verwacht):
    assert codes(kaders_voor_sectoren([sector])) == verwacht
    assert codes(kaders_voor_sectoren([sector], dominant=sector)) == verwacht
    assert kaders_voor_sectoren([sector])[0].rol == Rol.LEIDEND


def test_kaders_voor_meerdere_sectoren_dominant_eerst():
    assert codes(kaders_voor_sectoren(["vv", "ggz"], dominant="ggz")) == [*GGZ_KADERS, "vv-kwaliteitsplan"]
    assert codes(kaders_voor_sectoren(["vv", "ggz"], dominant="vv")) == ["vv-kwaliteitsplan", *GGZ_KADERS]
    assert codes(kaders_voor_sectoren(["ggz", "gz", "vv"], dominant="vv")) == [
        "vv-kwaliteitsplan", *GGZ_KADERS, "gz-niveaus"]
    # Without a dominant sector the order given is kept; a sector named twice counts once.
    assert codes(kaders_voor_sectoren(["gz", "vv", "gz"])) == ["gz-niveaus", "vv-kwaliteitsplan"]
    assert kaders_voor_sectoren([]) == []


def test_kaders_voor_sectoren_weigert_onzin():
    with pytest.raises(ValueError, match="dominante"):
        kaders_voor_sectoren(["vv"], dominant="ggz")
    with pytest.raises(ValueError, match="Onbekende"):
        kaders_voor_sectoren(["vv", "wmo"])


def test_kaders_voor_sectoren_neemt_de_nieuwste_actieve_versie():
    nieuw = Kader.objects.create(code="gz-niveaus", jaar=2024, naam="GZ 2024", sector=Sector.GZ, bron="x")
    assert kaders_voor_sectoren(["gz"]) == [nieuw]
    assert codes(kaders_voor_sectoren(["gz"], jaar=2020)) == ["gz-niveaus"]
    assert kaders_voor_sectoren(["gz"], jaar=2020)[0].jaar == 2016
    nieuw.actief = False
    nieuw.save()
    assert kaders_voor_sectoren(["gz"])[0].jaar == 2016
    Kader.objects.filter(code="gz-niveaus").update(actief=False)
    assert kaders_voor_sectoren(["gz"]) == []


def test_algemene_kaders_sluiten_de_lijst():
    Kader.objects.create(code="algemeen", jaar=2022, naam="Algemeen", sector=Sector.ALGEMEEN, bron="x")
    assert codes(kaders_voor_sectoren(["gz"])) == ["gz-niveaus", "algemeen"]


# --- admin and dependencies --------------------------------------------------------------------------------

def test_beheer_toont_de_catalogus(client, login):
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    norm = Item.objects.get(thema__kader__code="keurmerk-basis-ggz", code="norm-1")
    for url in [reverse("admin:kwaliteit_kader_changelist"), reverse("admin:kwaliteit_thema_changelist"),
                reverse("admin:kwaliteit_item_changelist") + "?q=terugvalpreventie",
                reverse("admin:kwaliteit_kader_change", args=[norm.thema.kader_id]),
                reverse("admin:kwaliteit_thema_change", args=[norm.thema_id]),
                reverse("admin:kwaliteit_item_change", args=[norm.pk])]:
        antwoord = client.get(url)
        assert antwoord.status_code == 200, url
    assert norm.bron in antwoord.content.decode()


def test_beheer_voegt_een_onderdeel_toe_in_het_thema_van_het_item(client, login):
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    item = Item.objects.get(thema__kader__code="vv-kwaliteitsplan", code="gesprek-en-verbeterafspraken")
    data = {veld: getattr(item, veld) for veld in
            ["volgorde", "code", "soort", "verband", "tekst", "toelichting", "doel", "essentie", "bron"]}
    data |= {"thema": item.thema_id, "bovenliggend": "",
             "onderdelen-TOTAL_FORMS": 1, "onderdelen-INITIAL_FORMS": 0,
             "onderdelen-0-volgorde": 1, "onderdelen-0-code": "verbeterafspraak", "onderdelen-0-soort": "onderdeel",
             "onderdelen-0-tekst": "Een gerichte verbeterafspraak", "onderdelen-0-verband": "",
             "onderdelen-0-bron": item.bron}
    antwoord = client.post(reverse("admin:kwaliteit_item_change", args=[item.pk]), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    onderdeel = item.onderdelen.get()
    assert onderdeel.thema_id == item.thema_id


def test_kwaliteit_hangt_van_geen_andere_app_af():
    for pad in (REPO / "kwaliteit").rglob("*.py"):
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if isinstance(knoop, ast.Import):
                modules = [alias.name for alias in knoop.names]
            elif isinstance(knoop, ast.ImportFrom):
                modules = [knoop.module or ""]
            else:
                continue
            assert not any(m.split(".")[0] in {"inschrijving", "beoordeling"} for m in modules), pad
