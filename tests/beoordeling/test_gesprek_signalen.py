"""Judgement happens in the gesprek (issue 8 item 3; 002 §4.6: "het eindoordeel hierover is aan het zorgkantoor").

A signal (a rule not met whose force is ``signaal``: onderaanneming above the 2/3 guideline, the financial position,
another legal entity on a document) never decides by itself: a new provider with signals but no "voldoet niet"
reaches the gesprek, where the zorginkoper records per signal what the gesprek showed and whether it is a bezwaar.
A bezwaar becomes a reason of the afwijzing citing the signal's rule; a signal weighed without bezwaar is the
recorded reasoning of a positive proposal and is named in the offer letter.

Everything runs through the real services on the 2022 timeline of ``test_besluit`` (contract year 2022, sluiting
30 July 2021), with the gesprek a few days after the controle.
"""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from beoordeling import gesprek as diensten
from beoordeling import services
from beoordeling.besluitregels import bereken_voorstel
from beoordeling.models import AFWIJZINGSGRONDEN, AuditRegel, Beoordeling, Fase, Gesprek, Uitkomst
from inschrijving import services as inschrijving_services
from inschrijving.models import Document, Ondernemingsplan
from inschrijving.templatetags.bronnen import bron_in_woorden
from tests.beoordeling.test_besluit import NA, VOOR, _automatisch, _plat, _reis, _ronde, _tekst
from tests.factories import WACHTWOORD, GebruikerFactory, kluis_geopend
from tests.inschrijving.maak import met_onderaannemers, vul_documenten, vul_plan, vul_verklaring

AMS = ZoneInfo("Europe/Amsterdam")
GESPREK_OP = datetime(2021, 8, 5, 10, 0, tzinfo=AMS)  # a few days after the controle (NA: 31 July 2021)
NA_GESPREK = GESPREK_OP + timedelta(hours=3)
ONDERAANNEMING = "verklaring.onderaanneming"
FINANCIEEL = "plan.financieel"
KVK_RECHTSPERSOON = "document.kvk_uittreksel.rechtspersoon"
pytestmark = pytest.mark.django_db


# --- builders --------------------------------------------------------------------------------------

def _nieuw(*, aandelen=(), eigen_vermogen=None, kvk_rechtspersoon=None):
    """A new provider (type 3) submitted with everything, plus the given deviations, assessed automatically and
    through the zorginkoper's checklist (as ``test_besluit._controle``, but without skipping the gesprek)."""
    ronde, zk = _ronde()
    inkoper, collega = (GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2))
    kluis_geopend(ronde, zk, inkoper, collega)
    with _reis(VOOR):
        bestuurder = GebruikerFactory(tekenbevoegd=True)
        inschrijving = inschrijving_services.inschrijving_starten(ronde=ronde, zorgkantoor=zk, door=bestuurder)
        vul_verklaring(inschrijving)
        vul_plan(inschrijving)
        vul_documenten(inschrijving, bestuurder, alleen_bij_inschrijving=False)
        if aandelen:
            met_onderaannemers(inschrijving, *aandelen)
        if eigen_vermogen is not None:
            Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(eigen_vermogen=eigen_vermogen)
        if kvk_rechtspersoon:
            kvk = Document.objects.get(inschrijving=inschrijving, documenttype__code="kvk_uittreksel",
                                       vervangen_op__isnull=True)
            inschrijving_services.document_gegevens_wijzigen(document=kvk, door=bestuurder,
                                                             gegevens={"rechtspersoon": kvk_rechtspersoon})
        inschrijving_services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                                       ondanks_bevindingen=True)
    assert inschrijving.aanbieder_type == "3"
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    with _reis(NA):
        for resultaat in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            services.resultaat_vastleggen(resultaat=resultaat, uitkomst="voldoet",
                                          toelichting="Gecontroleerd in de eigen bronnen.", door=inkoper)
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
        gesprek = diensten.uitnodigen(beoordeling=beoordeling, datum=GESPREK_OP, plaats="Zorgstraat 1, Amsterdam",
                                      deelnemers="Ineke Inkoper, zorginkoper", tekenbevoegde=bestuurder, door=inkoper)
    return SimpleNamespace(beoordeling=Beoordeling.objects.get(pk=beoordeling.pk), gesprek=gesprek, ronde=ronde,
                           zk=zk, inschrijving=inschrijving, bestuurder=bestuurder, inkoper=inkoper, collega=collega)


def _oordelen(**bezwaren):
    """All eight grounds assessed; ``code="toelichting"`` marks a bezwaar."""
    return {code: {"bezwaar": code in bezwaren, "toelichting": bezwaren.get(code, "")}
            for code, _label in AFWIJZINGSGRONDEN}


def _signalen(g) -> dict:
    return {r.regel: r for r in g.beoordeling.resultaten.filter(uitkomst=Uitkomst.SIGNAAL)}


def _verslag(g, signaal_oordelen, **bezwaren):
    with _reis(NA_GESPREK):
        return diensten.verslag_vastleggen(gesprek=g.gesprek, verslag="Gesprek op locatie met de bestuurder.",
                                           oordelen=_oordelen(**bezwaren), signaal_oordelen=signaal_oordelen,
                                           door=g.inkoper)


def _afronden(g):
    with _reis(NA_GESPREK):
        return diensten.gesprek_afronden(gesprek=g.gesprek, door=g.inkoper)


def _besluiten(g, capture):
    with _reis(NA_GESPREK):
        besluit = services.voorstellen(beoordeling=g.beoordeling, door=g.inkoper)
    with _reis(NA_GESPREK), capture(execute=True):
        services.goedkeuren(besluit=besluit, door=g.collega)
    besluit.refresh_from_db()
    with besluit.brief.open("rb") as fh:
        return besluit, _plat(_tekst(fh.read()))


# --- (a) 40% onderaanneming: weighed without bezwaar, a contract with the reasoning recorded ---------

def test_onderaanneming_boven_de_richtlijn_krijgt_een_overeenkomst_met_de_afweging(django_capture_on_commit_callbacks):
    g = _nieuw(aandelen=("25", "15"))
    assert g.beoordeling.fase == Fase.GESPREK  # a signal is not a "voldoet niet": on to the gesprek
    assert not g.beoordeling.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET).exists()
    signaal = _signalen(g)[ONDERAANNEMING]
    assert set(_signalen(g)) == {ONDERAANNEMING}
    assert "40" in signaal.toelichting

    bevinding = ("De twee ZZP'ers leveren nachtzorg in de opstartfase; de bestuurder licht toe dat het eigen team "
                 "binnen een jaar groeit. Aanvaardbaar.")
    _verslag(g, {ONDERAANNEMING: {"bevinding": bevinding, "bezwaar": False, "grond": "plan"}})
    gesprek = Gesprek.objects.get(pk=g.gesprek.pk)
    assert gesprek.signaal_oordelen == {ONDERAANNEMING: {"bevinding": bevinding, "bezwaar": False, "grond": "plan"}}
    verslagregel = AuditRegel.objects.get(actie="gesprek_verslag").omschrijving
    assert "Aandeel onderaanneming (verklaring.onderaanneming): geen bezwaar" in verslagregel
    _afronden(g)
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.BESLUIT
    afgerond = AuditRegel.objects.get(actie="gesprek_afgerond").omschrijving
    assert afgerond.startswith("Afgerond zonder bezwaren.") and "verklaring.onderaanneming): geen bezwaar" in afgerond

    overweging = {"regel": ONDERAANNEMING, "titel": signaal.titel, "bevinding": bevinding,
                  "bron": f"002 §4.6 (gesprek); {signaal.bron}"}
    voorstel = bereken_voorstel(Beoordeling.objects.get(pk=g.beoordeling.pk))
    assert (voorstel.soort, voorstel.looptijd_jaren, voorstel.verlenging_jaren) == ("eenjarig_verlenging", 1, 1)
    assert voorstel.redenen == [] and voorstel.overwegingen == [overweging]

    besluit, tekst = _besluiten(g, django_capture_on_commit_callbacks)
    assert besluit.goedgekeurd_door == g.collega and besluit.soort == "eenjarig_verlenging"
    assert besluit.voorstel["overwegingen"] == [overweging]  # the reasoning, on record with the decision
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.AANGEBODEN
    for verwacht in ("Voorlopige gunning", "Gewogen in het gesprek", "Aandeel onderaanneming", bevinding,
                     f"Regel {ONDERAANNEMING}", f"Bron: {bron_in_woorden(f'002 §4.6 (gesprek); {signaal.bron}')}"):
        assert _plat(verwacht) in tekst, verwacht


# --- (b) a starter with negative equity: judged with bezwaar, an afwijzing citing the signal ----------

def test_negatief_eigen_vermogen_bereikt_het_gesprek_en_een_bezwaar_wordt_een_reden(
        django_capture_on_commit_callbacks):
    g = _nieuw(eigen_vermogen=Decimal("-50000"))
    assert g.beoordeling.fase == Fase.GESPREK
    signaal = _signalen(g)[FINANCIEEL]
    assert set(_signalen(g)) == {FINANCIEEL} and "negatief" in signaal.toelichting

    bevinding = "Geen kapitaalinjectie toegezegd; de liquiditeitsprognose loopt in maand vier negatief."
    _verslag(g, {FINANCIEEL: {"bevinding": bevinding, "bezwaar": True, "grond": "financieel"}})
    _afronden(g)
    afgerond = AuditRegel.objects.get(actie="gesprek_afgerond").omschrijving
    assert "signaal Financiële positie (plan.financieel)" in afgerond and "(plan.financieel): bezwaar" in afgerond

    reden = {"regel": FINANCIEEL, "titel": signaal.titel, "toelichting": bevinding,
             "bron": f"002 §4.6 (gesprek); {signaal.bron}"}
    voorstel = bereken_voorstel(Beoordeling.objects.get(pk=g.beoordeling.pk))
    assert voorstel.soort == "afwijzing"
    assert voorstel.redenen == [reden] and voorstel.overwegingen == []

    besluit, tekst = _besluiten(g, django_capture_on_commit_callbacks)
    assert besluit.soort == "afwijzing" and besluit.redenen == [reden]
    for verwacht in ("Afwijzing van uw inschrijving", signaal.titel, bevinding, f"Regel {FINANCIEEL}",
                     f"Bron: {bron_in_woorden(reden['bron'])}"):
        assert _plat(verwacht) in tekst, verwacht
    assert _plat("Gewogen in het gesprek") not in tekst


# --- (c) validation -------------------------------------------------------------------------------

def test_elk_signaal_vraagt_een_bevinding_en_een_oordeel_en_alleen_signalen_van_deze_beoordeling():
    g = _nieuw(aandelen=("40",))
    bevinding, bezwaar, grond = (diensten.signaal_veld(soort, ONDERAANNEMING)
                                 for soort in ("bevinding", "bezwaar", "grond"))

    with pytest.raises(ValidationError) as fout:  # no judgement of the signal at all
        _verslag(g, {})
    assert set(fout.value.message_dict) == {bevinding, bezwaar}
    assert "Aandeel onderaanneming" in fout.value.message_dict[bevinding][0]

    with pytest.raises(ValidationError) as fout:  # an empty finding, no yes/no, an unknown ground
        _verslag(g, {ONDERAANNEMING: {"bevinding": "  ", "bezwaar": "nee", "grond": "onbekend"}})
    assert set(fout.value.message_dict) == {bevinding, bezwaar, grond}
    assert fout.value.message_dict[bezwaar] == ["Geef aan of dit signaal een bezwaar is: Aandeel onderaanneming."]

    with pytest.raises(ValidationError) as fout:  # a rule that is not a signal of this beoordeling
        _verslag(g, {ONDERAANNEMING: {"bevinding": "Toegelicht.", "bezwaar": False},
                     FINANCIEEL: {"bevinding": "Gezond.", "bezwaar": False},
                     "verklaring.akkoord": {"bevinding": "Akkoord.", "bezwaar": False}})
    assert fout.value.message_dict == {
        "__all__": ["Geen signaal van deze beoordeling: plan.financieel, verklaring.akkoord."]}
    assert Gesprek.objects.get(pk=g.gesprek.pk).signaal_oordelen == {}
    assert not AuditRegel.objects.filter(actie="gesprek_verslag").exists()

    # A verslag on the eight grounds alone (as recorded before signals were judged) does not close the gesprek.
    Gesprek.objects.filter(pk=g.gesprek.pk).update(verslag="Besproken.", oordelen=_oordelen())
    g.gesprek.refresh_from_db()
    assert not diensten.kan_afronden(g.gesprek)
    with pytest.raises(ValidationError) as fout:
        _afronden(g)
    assert fout.value.messages == ["Leg eerst per signaal de bevinding uit het gesprek en uw oordeel vast: "
                                   "Aandeel onderaanneming."]
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.GESPREK

    # Weighed: the gesprek closes, with the default ground of the signal when none is given.
    _verslag(g, {ONDERAANNEMING: {"bevinding": "Toegelicht in het gesprek.", "bezwaar": False}})
    g.gesprek.refresh_from_db()
    assert g.gesprek.signaal_oordelen[ONDERAANNEMING] == {"bevinding": "Toegelicht in het gesprek.",
                                                          "bezwaar": False, "grond": ""}
    with _reis(NA):  # not before the gesprek took place
        assert not diensten.kan_afronden(g.gesprek, diensten.signalen(g.beoordeling))
    with _reis(NA_GESPREK):
        assert diensten.kan_afronden(g.gesprek)
    _afronden(g)
    assert Beoordeling.objects.get(pk=g.beoordeling.pk).fase == Fase.BESLUIT


# --- (d) the gesprek page -------------------------------------------------------------------------

def _blok(html: str, regel: str) -> str:
    """The block of one signal in the verslag form: up to the next signal or the first of the eight grounds."""
    begin = html.index(f'id="signaal-{regel.replace(".", "__")}"')
    return html[begin:html.index('<fieldset class="border rounded p-3 mb-3" id="', begin)]


def test_gesprekpagina_toont_elk_signaal_met_bewijs_en_houdt_invoer_bij_een_fout(client, login):
    g = _nieuw(aandelen=("40",), kvk_rechtspersoon="Andere Zorgholding B.V.")
    signalen = _signalen(g)
    assert set(signalen) == {ONDERAANNEMING, KVK_RECHTSPERSOON}
    bewijs = signalen[KVK_RECHTSPERSOON].bewijs
    document = Document.objects.get(pk=bewijs["document_id"])
    login(client, g.inkoper)
    url = reverse("beoordeling:gesprek", kwargs={"pk": g.beoordeling.pk})
    with _reis(NA_GESPREK):
        html = client.get(url).content.decode()
    kvk, onder = _blok(html, KVK_RECHTSPERSOON), _blok(html, ONDERAANNEMING)
    for regel, blok in ((KVK_RECHTSPERSOON, kvk), (ONDERAANNEMING, onder)):
        r = signalen[regel]
        assert escape(r.titel) in blok and escape(r.toelichting) in blok and escape(bron_in_woorden(r.bron)) in blok
        for veld in ("bevinding", "bezwaar", "grond"):
            assert f'name="{diensten.signaal_veld(veld, regel)}"' in blok
    # The evidence: the document's name, version and hash, with a link to it; else the submitted dossier's hash.
    link = reverse("inschrijving:document_downloaden", args=[document.pk]) + "?inline=1"
    assert f'href="{link}"' in kvk
    assert document.weergavenaam in kvk and f"versie {bewijs['versie']}" in kvk and bewijs["sha256"] in kvk
    assert g.beoordeling.indiening.sha256 in onder
    # The default ground each signal feeds is preselected.
    assert '<option value="consistentie" selected>' in kvk and '<option value="plan" selected>' in onder
    with _reis(NA_GESPREK):
        assert client.get(link).status_code == 200

    data = {"verslag": "Gesprek op locatie; plan besproken.",
            **{f"bezwaar_{code}": "nee" for code, _label in AFWIJZINGSGRONDEN},
            diensten.signaal_veld("bevinding", ONDERAANNEMING): "ZZP'ers alleen in de opstartfase.",
            diensten.signaal_veld("bezwaar", ONDERAANNEMING): "nee",
            diensten.signaal_veld("grond", ONDERAANNEMING): "keten",
            diensten.signaal_veld("bevinding", KVK_RECHTSPERSOON): "Het uittreksel is van de holding.",
            diensten.signaal_veld("grond", KVK_RECHTSPERSOON): "consistentie"}
    with _reis(NA_GESPREK):
        antwoord = client.post(reverse("beoordeling:gesprek_verslag", kwargs={"pk": g.beoordeling.pk}), data)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    kvk, onder = _blok(html, KVK_RECHTSPERSOON), _blok(html, ONDERAANNEMING)
    assert "Geef aan of dit signaal een bezwaar is." in kvk and "is-invalid" in kvk  # the error beside the field
    assert "Het uittreksel is van de holding." in kvk  # nothing typed is lost
    assert "ZZP&#x27;ers alleen in de opstartfase." in onder and "is-invalid" not in onder
    assert '<option value="keten" selected>' in onder
    (nee,) = re.findall(r'<input[^>]*value="nee"[^>]*>', onder)
    assert "checked" in nee
    assert "Gesprek op locatie; plan besproken." in html
    assert Gesprek.objects.get(pk=g.gesprek.pk).signaal_oordelen == {}

    data[diensten.signaal_veld("bezwaar", KVK_RECHTSPERSOON)] = "ja"
    with _reis(NA_GESPREK):
        antwoord = client.post(reverse("beoordeling:gesprek_verslag", kwargs={"pk": g.beoordeling.pk}), data)
        assert antwoord.status_code == 302
        assert client.post(reverse("beoordeling:gesprek_afronden", kwargs={"pk": g.beoordeling.pk})).status_code == 302
        html = client.get(url).content.decode()
    assert Gesprek.objects.get(pk=g.gesprek.pk).signaal_oordelen == {
        ONDERAANNEMING: {"bevinding": "ZZP'ers alleen in de opstartfase.", "bezwaar": False, "grond": "keten"},
        KVK_RECHTSPERSOON: {"bevinding": "Het uittreksel is van de holding.", "bezwaar": True,
                            "grond": "consistentie"}}
    # Closed: the page shows every signal with the gesprek's finding and judgement, no longer a form.
    assert 'data-testid="gesprek-signalen"' in html and 'name="signaal_bevinding__' not in html
    assert "Het uittreksel is van de holding." in html and "ZZP&#x27;ers alleen in de opstartfase." in html
    voorstel = bereken_voorstel(Beoordeling.objects.get(pk=g.beoordeling.pk))
    assert [r["regel"] for r in voorstel.redenen] == [KVK_RECHTSPERSOON]
    assert [o["regel"] for o in voorstel.overwegingen] == [ONDERAANNEMING]
