"""Every rule has a force, as data (issue 8, item 1): each rule of the 2022 and 2016 templates has one of the four
forces, a beheerder changes it without code, and each force is shown by what follows from it after closing:

- ``uitsluiting``: a mandatory uitsluitingsgrond answered "ja" is a "voldoet niet" that skips the gesprek and is
  proposed as afwijzing, naming the rule;
- ``signaal``: 40% onderaanneming or a negative equity is recorded as a signal, is no reason for rejection, and a
  new provider with only signals goes to the gesprek;
- ``oordeel``: the zorginkoper's checklist waits for a person, who records voldoet / voldoet niet with a reason;
- ``gesprek``: the eight grounds of §4.6 are weighed in the gesprek (tests/beoordeling/test_gesprek.py shows
  what a bezwaar there leads to).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beoordeling import services
from beoordeling.besluitregels import bereken_voorstel
from beoordeling.models import AFWIJZINGSGRONDEN, Beoordeling, Fase, Uitkomst
from inschrijving import krachten
from inschrijving.dossier import dossier_van
from inschrijving.evaluator import GEWOGEN, HANDMATIG, VOLDOET_NIET, evalueer, handmatige_controles
from inschrijving.models import Bestuursverklaring, Kracht, Ondernemingsplan, RegelKracht
from inschrijving.sjablonen import sjabloon_2016, sjabloon_2022
from tests.beoordeling.test_besluit import NA, VOOR, _automatisch, _reis, _ronde
from tests.factories import WACHTWOORD, GebruikerFactory
from tests.inschrijving.maak import met_onderaannemers, volledige_inschrijving

pytestmark = pytest.mark.django_db


def _alle_regels(inschrijving) -> set[str]:
    """Every rule code the assessment of this inschrijving can record: the evaluator's, the checklist, the
    integriteitstoets and the gesprek grounds."""
    dossier = dossier_van(inschrijving)
    codes = {b.regel for b in evalueer(dossier)} | {b.regel for b in handmatige_controles(dossier)}
    codes |= {"integriteit.uitsluitingsgronden", "integriteit.onjuiste_gegevens", "integriteit.offerte_waarmaken",
              "handmatig.privacybeleid", "handmatig.klachtenregeling", "verklaring.wijzigingen",
              "integriteit.geen_verscherpt_toezicht",
              "integriteit.geen_fraudeonderzoek", "integriteit.geen_fraude_sinds_2010",
              "integriteit.ontwikkelplan_akkoord"}
    return codes | {f"gesprek.{code}" for code, _label in AFWIJZINGSGRONDEN}


@pytest.mark.parametrize("sjabloon", [sjabloon_2022, sjabloon_2016], ids=["2022", "2016"])
def test_elke_regel_van_het_sjabloon_heeft_een_kracht(sjabloon):
    inschrijving, _b = volledige_inschrijving("3")
    met_onderaannemers(inschrijving, "10")
    Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(eigen_vermogen=Decimal("-5"))
    regels = _alle_regels(inschrijving)
    assert {"verklaring.onderaanneming", "plan.financieel", "plan.toezichthouders",
            "verklaring.uitsluitingsgronden_facultatief", "document.polisblad.bedrag"} <= regels
    rijen = {k.regel: k.kracht for k in RegelKracht.objects.filter(regelset=sjabloon())}
    assert set(rijen.values()) == {Kracht.UITSLUITING, Kracht.SIGNAAL, Kracht.OORDEEL, Kracht.GESPREK}
    zonder = sorted(r for r in regels if not krachten.expliciet(r, rijen))
    assert zonder == [], f"regels zonder kracht in het sjabloon: {zonder}"


def test_kracht_per_soort_regel_zoals_het_kader_zegt():
    rijen = {k.regel: k.kracht for k in RegelKracht.objects.filter(regelset=sjabloon_2022())}
    verwacht = {
        # Only what the kader makes automatic excludes by itself.
        "verklaring.uitsluitingsgronden": "uitsluiting", "verklaring.geschiktheid": "uitsluiting",
        "verklaring.akkoord": "uitsluiting", "verklaring.instemming": "uitsluiting",
        "document.statuten.aanwezig": "uitsluiting",
        # The guideline, the financial position, the governance minimum, the optional grounds: signals.
        "verklaring.onderaanneming": "signaal", "plan.financieel": "signaal", "plan.toezichthouders": "signaal",
        "verklaring.uitsluitingsgronden_facultatief": "signaal", "document.ubo_uittreksel.rechtspersoon": "signaal",
        # The checklist and the integriteitstoets: a person's judgement; the §4.6 grounds: the gesprek.
        "handmatig.kvk_bevoegdheid": "oordeel", "integriteit.uitsluitingsgronden": "oordeel",
        "gesprek.financieel": "gesprek",
    }
    assert {regel: krachten.kracht_van(regel, rijen) for regel in verwacht} == verwacht


def test_de_oordelen_van_het_kader_staan_op_de_checklist_en_in_de_integriteitstoets():
    """The zorginkoper's ``oordeel`` (issue 8 item 1): the klachtenregeling's five points and the privacybeleid's
    seven points (002 §4.9) once those documents arrive, and "onjuiste en/of valse gegevens" and the doubt whether
    the offerte can be made good (002 §4.6)."""
    from beoordeling.pipeline import integriteitstoets
    from inschrijving import services as inschrijving_services
    from tests.inschrijving.maak import pdf_upload

    inschrijving, bestuurder = volledige_inschrijving("3")
    checklist = {b.regel for b in handmatige_controles(dossier_van(inschrijving))}
    assert checklist == {"handmatig.kvk_bevoegdheid", "handmatig.wtzi_functies", "handmatig.statuten_plan"}
    for code in ("privacybeleid", "klachtenregeling"):
        inschrijving_services.document_toevoegen(
            inschrijving=inschrijving, documenttype=inschrijving.eis().documenten.get(code=code),
            upload=pdf_upload(f"{code}.pdf"), gegevens={}, door=bestuurder)
    checklist = {b.regel: b for b in handmatige_controles(dossier_van(inschrijving))}
    privacy, klachten = checklist["handmatig.privacybeleid"], checklist["handmatig.klachtenregeling"]
    assert (privacy.uitkomst, privacy.kracht, privacy.onderdeel) == (HANDMATIG, "oordeel", "document:privacybeleid")
    for punt in ("welke persoonsgegevens worden vastgelegd", "wie er inzage heeft", "geheimhouding",
                 "bewaartermijn", "inzage door de klanten", "datalekken", "bezwaarmogelijkheden"):
        assert punt in privacy.toelichting, punt
    for punt in ("binnen zes weken", "onafhankelijke klachtenfunctionaris", "contactgegevens",
                 "zonder melding aan de begeleider of zorgverlener", "geschilleninstantie"):
        assert punt in klachten.toelichting, punt
    assert privacy.bewijs["sha256"] == inschrijving.documenten.get(documenttype__code="privacybeleid").sha256

    toets = {b.regel: b for b in integriteitstoets(Beoordeling(inschrijving=inschrijving))}
    for regel, titel in (("integriteit.onjuiste_gegevens", "Onjuiste of valse gegevens"),
                         ("integriteit.offerte_waarmaken", "Twijfel of de offerte waargemaakt kan worden")):
        assert (toets[regel].titel, toets[regel].uitkomst, toets[regel].bron) == (titel, HANDMATIG, "002 §4.6")
        assert krachten.kracht_van(regel) == "oordeel"


def test_exacte_regel_gaat_voor_een_patroon():
    rijen = {"document.*.bedrag": "uitsluiting", "document.polisblad.bedrag": "signaal", "document.*": "oordeel"}
    assert krachten.kracht_van("document.polisblad.bedrag", rijen) == "signaal"
    assert krachten.kracht_van("document.andere_polis.bedrag", rijen) == "uitsluiting"
    assert krachten.kracht_van("document.vog_rp.soort", rijen) == "oordeel"
    # A rule nobody gave a force is left to a person, never excluded by the machine.
    assert krachten.kracht_van("iets.nieuws", rijen) == "oordeel"
    assert not krachten.expliciet("iets.nieuws", rijen)


def test_beheerder_wijzigt_een_kracht_zonder_code(client, login):
    inschrijving, _b = volledige_inschrijving("3")
    met_onderaannemers(inschrijving, "25", "15")  # 40%: above the 2/3 guideline
    regelset = inschrijving.regelset()

    def onderaanneming():
        return {b.regel: b for b in evalueer(dossier_van(inschrijving))}["verklaring.onderaanneming"]

    assert (onderaanneming().uitkomst, onderaanneming().kracht) == (GEWOGEN, "signaal")
    # The beheerder sees the forces of the rule set in admin and changes one there.
    login(client, GebruikerFactory(beheerder=True, is_superuser=True))
    pagina = client.get(reverse("admin:inschrijving_regelset_change", args=[regelset.pk])).content.decode()
    assert "verklaring.onderaanneming" in pagina and 'name="krachten-0-kracht"' in pagina
    RegelKracht.objects.filter(regelset=regelset, regel="verklaring.onderaanneming").update(kracht="uitsluiting")
    assert (onderaanneming().uitkomst, onderaanneming().kracht) == (VOLDOET_NIET, "uitsluiting")
    RegelKracht.objects.filter(regelset=regelset, regel="verklaring.onderaanneming").update(kracht="oordeel")
    assert (onderaanneming().uitkomst, onderaanneming().kracht) == (HANDMATIG, "oordeel")
    # Another round's rule set (here the template) is not touched.
    rijen = {k.regel: k.kracht for k in RegelKracht.objects.filter(regelset=sjabloon_2022())}
    assert rijen["verklaring.onderaanneming"] == "signaal"


# --- what follows from each force after closing --------------------------------------------------------------

def _ingediend_en_gecontroleerd(voorbereiden, *, uitkomsten=None):
    """A type 3 inschrijving prepared by ``voorbereiden``, submitted, through steps 1 and 2, checklist recorded
    ("voldoet" unless ``uitkomsten`` says otherwise; None leaves an item open) and step 2 closed."""
    ronde, zk = _ronde()
    inkoper = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    with _reis(VOOR):
        inschrijving, bestuurder = volledige_inschrijving("3", ronde=ronde, zorgkantoor=zk)
        voorbereiden(inschrijving)
        from inschrijving import services as inschrijving_services

        inschrijving_services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                                       ondanks_bevindingen=True)
    _automatisch(ronde, zk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    assert beoordeling.fase == Fase.CONTROLE
    with _reis(NA):
        for r in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            uitkomst = (uitkomsten or {}).get(r.regel, "voldoet")
            if uitkomst:  # None: the zorginkoper has not judged it yet
                services.resultaat_vastleggen(resultaat=r, uitkomst=uitkomst,
                                              toelichting="Gecontroleerd in de eigen bronnen.", door=inkoper)
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    beoordeling.refresh_from_db()
    return beoordeling, inkoper


def test_uitsluiting_slaat_het_gesprek_over_en_wordt_een_voorstel_tot_afwijzing():
    def fraude(inschrijving):
        v = Bestuursverklaring.objects.get(inschrijving=inschrijving)
        v.uitsluitingsgronden["fraude"]["bestuurders"] = True
        v.save()

    beoordeling, _inkoper = _ingediend_en_gecontroleerd(fraude)
    resultaat = beoordeling.resultaten.get(regel="verklaring.uitsluitingsgronden")
    assert resultaat.uitkomst == Uitkomst.VOLDOET_NIET and "fraude" in resultaat.toelichting
    assert beoordeling.fase == Fase.BESLUIT  # no gesprek
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel.soort == "afwijzing"
    assert [r["regel"] for r in voorstel.redenen] == ["verklaring.uitsluitingsgronden"]


@pytest.mark.parametrize("voorbereiden", [
    lambda i: met_onderaannemers(i, "25", "15"),
    lambda i: Ondernemingsplan.objects.filter(inschrijving=i).update(starter=True, eigen_vermogen=Decimal("-20000")),
    lambda i: _faillissement(i),
], ids=["40%-onderaanneming", "starter-negatief-eigen-vermogen", "facultatieve-uitsluitingsgrond"])
def test_signaal_beslist_niet_en_brengt_een_nieuwe_aanbieder_naar_het_gesprek(voorbereiden):
    beoordeling, _inkoper = _ingediend_en_gecontroleerd(voorbereiden)
    signalen = list(beoordeling.resultaten.filter(uitkomst=Uitkomst.SIGNAAL))
    assert len(signalen) == 1 and signalen[0].bewijs is not None and signalen[0].toelichting
    assert not beoordeling.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET).exists()
    assert beoordeling.fase == Fase.GESPREK
    # Were the gesprek to find nothing against it, the signal is no reason for rejection.
    assert bereken_voorstel(beoordeling).redenen == []


def _faillissement(inschrijving):
    v = Bestuursverklaring.objects.get(inschrijving=inschrijving)
    v.uitsluitingsgronden["faillissement"]["organisatie"] = True
    v.save()


def test_oordeel_wacht_op_de_zorginkoper_die_het_met_een_reden_vastlegt():
    def een_toezichthouder(inschrijving):
        RegelKracht.objects.filter(regelset=inschrijving.regelset(), regel="plan.toezichthouders").update(
            kracht="oordeel")
        Ondernemingsplan.objects.filter(inschrijving=inschrijving).update(toezichthouders="Alleen Ik")

    with pytest.raises(ValidationError) as fout:
        _ingediend_en_gecontroleerd(een_toezichthouder, uitkomsten={"plan.toezichthouders": None})
    assert "Nog niet beoordeeld" in str(fout.value)  # controle_afronden waits for the person

    beoordeling, _inkoper = _ingediend_en_gecontroleerd(een_toezichthouder,
                                                        uitkomsten={"plan.toezichthouders": "voldoet_niet"})
    resultaat = beoordeling.resultaten.get(regel="plan.toezichthouders")
    assert resultaat.uitkomst == Uitkomst.VOLDOET_NIET and resultaat.besloten_door is not None
    assert beoordeling.fase == Fase.BESLUIT
    assert [r["regel"] for r in bereken_voorstel(beoordeling).redenen] == ["plan.toezichthouders"]


def test_stap_een_legt_de_kracht_van_de_regelset_vast_ook_voor_een_oude_momentopname():
    """A snapshot made before forces existed has no 'krachten': the evaluator then uses the kader's defaults."""
    inschrijving, _b = volledige_inschrijving("3")
    met_onderaannemers(inschrijving, "50")
    dossier = dossier_van(inschrijving)
    del dossier["regels"]["krachten"]
    b = {x.regel: x for x in evalueer(dossier)}["verklaring.onderaanneming"]
    assert (b.uitkomst, b.kracht) == (GEWOGEN, "signaal")
