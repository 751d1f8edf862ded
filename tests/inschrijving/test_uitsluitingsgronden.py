"""Every uitsluitingsgrond of the bestuursverklaring, for the organisation and for its bestuurders: a "ja" in
exactly one cell excludes the inschrijving and names that ground; all "nee" excludes nothing. Checked on the
evaluator itself (a pure function over the dossier) and through the real form, model, dossier and voorcontrole."""

import pytest
from django.urls import reverse

from inschrijving import services
from inschrijving.dossier import dossier_van
from inschrijving.evaluator import VOLDOET, VOLDOET_NIET, evalueer
from inschrijving.forms import BestuursverklaringForm
from inschrijving.models import Bestuursverklaring
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, UITSLUITINGSGRONDEN, WIE
from tests.inschrijving.maak import nieuwe_inschrijving

REGEL = "verklaring.uitsluitingsgronden"
GRONDEN = [code for code, _vraag, _artikel in UITSLUITINGSGRONDEN]
KOLOMMEN = [wie for wie, _label in WIE]
VRAAG = {code: str(vraag) for code, vraag, _artikel in UITSLUITINGSGRONDEN}
ARTIKEL = {code: artikel for code, _vraag, artikel in UITSLUITINGSGRONDEN}
LABEL = {wie: str(label) for wie, label in WIE}


def _dossier(uitsluitingsgronden: dict) -> dict:
    """The smallest dossier the evaluator reads for a bestuursverklaring: no plan, no documents, every other
    question of the verklaring answered well, so only the uitsluitingsgronden can make a difference."""
    return {
        "inschrijving": {"sluiting": "2031-07-25T17:00:00+02:00", "contractjaar": 2032},
        "zorgaanbieder": {"statutaire_naam": "Stichting Zorg"},
        "regels": {"regelset": "Test", "verklaring": "bestuur", "ondernemingsplan": "geen", "documenten": []},
        "verklaring": {
            "soort": "bestuur", "ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "bestuurder",
            "uitsluitingsgronden": uitsluitingsgronden,
            "geschiktheid": {code: True for code, _t in GESCHIKTHEIDSEISEN},
            "werkt_met_onderaannemers": False, "onderaannemers": [], "bijlage3_van_toepassing": False,
            "bijlage3_zorgkantoren": [], "bijlage3_toelichting": "", "akkoord_voorwaarden": True,
        },
    }


def _antwoorden(ja: tuple[str, str] | None = None) -> dict:
    """Every cell "nee" (False), except the one cell ``ja = (grond, kolom)``."""
    return {code: {wie: (code, wie) == ja for wie in KOLOMMEN} for code in GRONDEN}


def _bevindingen(dossier: dict) -> dict:
    return {b.regel: b for b in evalueer(dossier)}


def _vermelding(code: str, wie: str) -> str:
    """How a "ja" is named in the finding: the question, whom it concerns and the article of the law."""
    return f"{VRAAG[code]} ({LABEL[wie]}; {ARTIKEL[code]})"


def test_de_bestuursverklaring_vraagt_elf_uitsluitingsgronden_voor_twee_kolommen():
    # Aw 2012 art. 2.86 lid 1 (six convictions), lid 2 (belastingen/premies) and art. 2.87 lid 1 sub b, c (two)
    # and h: eleven grounds. A ground dropped from the list (and so from every parametrized test) fails here.
    assert len(UITSLUITINGSGRONDEN) == 11
    assert len(set(GRONDEN)) == len(GRONDEN)  # a duplicated code would hide a ground behind another
    assert "faillissement" in GRONDEN
    assert KOLOMMEN == ["organisatie", "bestuurders"]
    # Every question is asked on the form, once per column, and nothing else is.
    velden = {naam for naam in BestuursverklaringForm().fields if naam.startswith("ug_")}
    assert velden == {f"ug_{code}_{wie}" for code in GRONDEN for wie in KOLOMMEN}
    assert len(velden) == 22
    # No question text is part of another one, so naming one ground in a finding cannot read as naming another.
    for code in GRONDEN:
        assert not [ander for ander in GRONDEN if ander != code and VRAAG[code] in VRAAG[ander]], code


@pytest.mark.parametrize("wie", KOLOMMEN)
@pytest.mark.parametrize("code", GRONDEN)
def test_ja_op_een_uitsluitingsgrond_sluit_uit_en_noemt_die_grond(code, wie):
    bevindingen = _bevindingen(_dossier(_antwoorden(ja=(code, wie))))
    b = bevindingen[REGEL]
    assert b.uitkomst == VOLDOET_NIET and b.blokkerend
    assert _vermelding(code, wie) in b.toelichting
    # Only that cell is named: not the other column, not any other ground.
    for ander in GRONDEN:
        for kolom in KOLOMMEN:
            if (ander, kolom) != (code, wie):
                assert f"{VRAAG[ander]} ({LABEL[kolom]};" not in b.toelichting, (ander, kolom)
    # A "ja" is an answer: the verklaring is still complete, and nothing else fails because of it.
    assert bevindingen["verklaring.volledig"].uitkomst == VOLDOET
    assert [r for r, x in bevindingen.items() if x.uitkomst == VOLDOET_NIET] == [REGEL]


def test_overal_nee_sluit_niet_uit():
    bevindingen = _bevindingen(_dossier(_antwoorden()))
    b = bevindingen[REGEL]
    assert b.uitkomst == VOLDOET
    assert b.toelichting == "Op geen enkele uitsluitingsgrond is 'ja' geantwoord."
    assert [r for r, x in bevindingen.items() if x.uitkomst == VOLDOET_NIET] == []


def test_overal_ja_noemt_elke_grond_in_beide_kolommen():
    alles_ja = {code: {wie: True for wie in KOLOMMEN} for code in GRONDEN}
    b = _bevindingen(_dossier(alles_ja))[REGEL]
    assert b.uitkomst == VOLDOET_NIET
    assert [(c, w) for c in GRONDEN for w in KOLOMMEN if _vermelding(c, w) not in b.toelichting] == []


def test_onbeantwoord_is_geen_ja_maar_onvolledig():
    antwoorden = _antwoorden()
    antwoorden["faillissement"]["organisatie"] = None
    bevindingen = _bevindingen(_dossier(antwoorden))
    assert bevindingen[REGEL].uitkomst == VOLDOET
    assert bevindingen["verklaring.volledig"].uitkomst == VOLDOET_NIET
    assert VRAAG["faillissement"] in bevindingen["verklaring.volledig"].toelichting


def _formulier(ja: tuple[str, str] | None) -> dict:
    """What the browser posts on the verklaring page: every question answered, "ja" only in cell ``ja``."""
    data = {"ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "voorzitter raad van bestuur",
            "akkoord_voorwaarden": "on", "werkt_met_onderaannemers": "nee",
            "oa-TOTAL_FORMS": "0", "oa-INITIAL_FORMS": "0"}
    data |= {f"ug_{code}_{wie}": "ja" if (code, wie) == ja else "nee" for code in GRONDEN for wie in KOLOMMEN}
    data |= {f"ge_{code}": "ja" for code, _t in GESCHIKTHEIDSEISEN}
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("ja", [("faillissement", "organisatie"), ("faillissement", "bestuurders"), None],
                         ids=["faillissement-organisatie", "faillissement-bestuurders", "overal-nee"])
def test_ja_via_het_formulier_komt_in_dossier_en_voorcontrole(client, ja):
    inschrijving, bestuurder = nieuwe_inschrijving("3")
    assert inschrijving.eis().verklaring == "bestuur"
    client.force_login(bestuurder)
    antwoord = client.post(reverse("inschrijving:verklaring", args=[inschrijving.pk]), _formulier(ja))
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]

    opgeslagen = Bestuursverklaring.objects.get(inschrijving=inschrijving).uitsluitingsgronden
    assert opgeslagen == _antwoorden(ja)
    assert dossier_van(inschrijving)["verklaring"]["uitsluitingsgronden"] == _antwoorden(ja)

    bevindingen = {b.regel: b for b in services.voorcontrole(inschrijving)}
    assert bevindingen["verklaring.volledig"].uitkomst == VOLDOET
    b = bevindingen[REGEL]
    pagina = client.get(reverse("inschrijving:voorcontrole", args=[inschrijving.pk])).content.decode()
    if ja is None:
        assert b.uitkomst == VOLDOET
        assert VRAAG["faillissement"] not in pagina
    else:
        code, wie = ja
        assert b.uitkomst == VOLDOET_NIET
        assert _vermelding(code, wie) in b.toelichting
        assert f"{VRAAG[code]} ({LABEL[wie]};" in pagina  # shown to the aanbieder before the sluitingstijd
