"""Every uitsluitingsgrond of the bestuursverklaring, for the organisation and for its bestuurders: a "ja" in
exactly one cell names that ground, and excludes the inschrijving by itself where the ground is mandatory
(Aw 2012 art. 2.86: force ``uitsluiting``) or is a signal the zorgkantoor weighs where it is optional (art. 2.87:
force ``signaal``); all "nee" names nothing. Checked on the evaluator itself (a pure function over the dossier)
and through the real form, model, dossier and voorcontrole."""

import pytest
from django.urls import reverse

from inschrijving import services
from inschrijving.dossier import dossier_van
from inschrijving.evaluator import GEWOGEN, VOLDOET, VOLDOET_NIET, evalueer
from inschrijving.forms import BestuursverklaringForm
from inschrijving.models import Bestuursverklaring
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, UITSLUITINGSGRONDEN, WIE, is_verplicht
from tests.inschrijving.maak import nieuwe_inschrijving

REGEL = "verklaring.uitsluitingsgronden"
REGEL_FACULTATIEF = "verklaring.uitsluitingsgronden_facultatief"
GRONDEN = [code for code, _vraag, _artikel in UITSLUITINGSGRONDEN]
KOLOMMEN = [wie for wie, _label in WIE]
VRAAG = {code: str(vraag) for code, vraag, _artikel in UITSLUITINGSGRONDEN}
ARTIKEL = {code: artikel for code, _vraag, artikel in UITSLUITINGSGRONDEN}
LABEL = {wie: str(label) for wie, label in WIE}
VERPLICHT = [code for code in GRONDEN if is_verplicht(ARTIKEL[code])]


def _regel(code: str) -> str:
    return REGEL if code in VERPLICHT else REGEL_FACULTATIEF


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
    # Seven mandatory grounds (art. 2.86 lid 1 and 2), four optional ones (art. 2.87).
    assert VERPLICHT == ["criminele_organisatie", "omkoping", "fraude", "witwassen", "terrorisme",
                         "kinderarbeid_mensenhandel", "belastingschuld"]


@pytest.mark.parametrize("wie", KOLOMMEN)
@pytest.mark.parametrize("code", GRONDEN)
def test_ja_op_een_uitsluitingsgrond_noemt_die_grond_met_zijn_kracht(code, wie):
    bevindingen = _bevindingen(_dossier(_antwoorden(ja=(code, wie))))
    b = bevindingen[_regel(code)]
    if code in VERPLICHT:
        assert (b.uitkomst, b.kracht) == (VOLDOET_NIET, "uitsluiting") and b.blokkerend
    else:
        assert (b.uitkomst, b.kracht) == (GEWOGEN, "signaal") and not b.blokkerend
    assert _vermelding(code, wie) in b.toelichting
    # The other rule names nothing.
    andere = bevindingen[REGEL_FACULTATIEF if code in VERPLICHT else REGEL]
    assert andere.uitkomst == VOLDOET and VRAAG[code] not in andere.toelichting
    # Only that cell is named: not the other column, not any other ground.
    for ander in GRONDEN:
        for kolom in KOLOMMEN:
            if (ander, kolom) != (code, wie):
                assert f"{VRAAG[ander]} ({LABEL[kolom]};" not in b.toelichting, (ander, kolom)
    # A "ja" is an answer: the verklaring is still complete, and nothing else fails because of it.
    assert bevindingen["verklaring.volledig"].uitkomst == VOLDOET
    assert [r for r, x in bevindingen.items() if x.uitkomst in (VOLDOET_NIET, GEWOGEN)] == [_regel(code)]


def test_overal_nee_sluit_niet_uit():
    bevindingen = _bevindingen(_dossier(_antwoorden()))
    assert bevindingen[REGEL].uitkomst == VOLDOET
    assert bevindingen[REGEL].toelichting == "Op geen enkele verplichte uitsluitingsgrond is 'ja' geantwoord."
    assert bevindingen[REGEL_FACULTATIEF].uitkomst == VOLDOET
    assert bevindingen[REGEL_FACULTATIEF].toelichting == ("Op geen enkele facultatieve uitsluitingsgrond is 'ja' "
                                                          "geantwoord.")
    assert [r for r, x in bevindingen.items() if x.uitkomst in (VOLDOET_NIET, GEWOGEN)] == []


def test_overal_ja_noemt_elke_grond_in_beide_kolommen():
    alles_ja = {code: {wie: True for wie in KOLOMMEN} for code in GRONDEN}
    bevindingen = _bevindingen(_dossier(alles_ja))
    assert bevindingen[REGEL].uitkomst == VOLDOET_NIET and bevindingen[REGEL_FACULTATIEF].uitkomst == GEWOGEN
    assert [(c, w) for c in GRONDEN for w in KOLOMMEN
            if _vermelding(c, w) not in bevindingen[_regel(c)].toelichting] == []


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
            "akkoord_voorwaarden": "on", "werkt_met_onderaannemers": "nee", "bevoegdheid_uit_kvk": "ja",
            "oa-TOTAL_FORMS": "0", "oa-INITIAL_FORMS": "0"}
    data |= {f"ug_{code}_{wie}": "ja" if (code, wie) == ja else "nee" for code in GRONDEN for wie in KOLOMMEN}
    data |= {f"ge_{code}": "ja" for code, _t in GESCHIKTHEIDSEISEN}
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("ja", [("faillissement", "organisatie"), ("faillissement", "bestuurders"),
                                ("fraude", "bestuurders"), None],
                         ids=["faillissement-organisatie", "faillissement-bestuurders", "fraude-bestuurders",
                              "overal-nee"])
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
    pagina = client.get(reverse("inschrijving:voorcontrole", args=[inschrijving.pk])).content.decode()
    if ja is None:
        assert bevindingen[REGEL].uitkomst == bevindingen[REGEL_FACULTATIEF].uitkomst == VOLDOET
        assert VRAAG["faillissement"] not in pagina
    else:
        code, wie = ja
        b = bevindingen[_regel(code)]
        assert b.uitkomst == (VOLDOET_NIET if code in VERPLICHT else GEWOGEN)
        assert _vermelding(code, wie) in b.toelichting
        assert f"{VRAAG[code]} ({LABEL[wie]};" in pagina  # shown to the aanbieder before the sluitingstijd
