"""Signals are weighed for every provider, not only those who get a gesprek (issue 8, "the machine prepares, the
zorgkantoor judges").

A bestaande zorgaanbieder new to this zorgkantoor (type 2) or one with a one-year overeenkomst (1b) gets no gesprek
(002 §4.6: step 3 is for new providers), yet its controle can raise signals: onderaanneming above the 2/3 guideline
(§4.1 "Onze richtlijn"), its financial position. Such a signal never decides by itself, and no proposal may pass
over it: the zorginkoper weighs it in the controle, with a written afweging recorded beside the signal (who, when).
A bezwaar becomes a reason of the proposed afwijzing citing the signal's rule; without bezwaar the afweging is the
recorded reasoning of the offer, shown in the proposal panel, on the offer page and in the letter.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beoordeling import services
from beoordeling.besluitregels import CONTROLE_BRON, bereken_voorstel
from beoordeling.models import AuditRegel, Beoordeling, Fase, Uitkomst
from inschrijving import services as inschrijving_services
from inschrijving.models import Onderaannemer
from tests.beoordeling.test_besluit import NA, VOOR, _automatisch, _ingediend, _plat, _reis, _ronde, _tekst
from tests.factories import WACHTWOORD, GebruikerFactory, kluis_geopend
from tests.inschrijving.maak import met_onderaannemers

ONDERAANNEMING = "verklaring.onderaanneming"
pytestmark = pytest.mark.django_db


def _type_2_met_onderaanneming(*aandelen):
    """A type 2 inschrijving with bijlage 2 onderaannemers of these shares, through steps 1 and 2."""
    ronde, zk = _ronde()
    inschrijving, bestuurder = _ingediend(ronde, zk, "2")
    # Bijlage 2 after the first submission, then submitted again: the snapshot that counts carries it.
    with _reis(VOOR + timedelta(days=1)):
        met_onderaannemers(inschrijving, *aandelen)
        inschrijving_services.indienen(inschrijving=inschrijving, door=bestuurder, wachtwoord=WACHTWOORD,
                                       ondanks_bevindingen=True)
    assert inschrijving.aanbieder_type == "2"
    _automatisch(ronde, zk)
    inkoper, collega = (GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2))
    kluis_geopend(ronde, zk, inkoper, collega)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    with _reis(NA):
        for resultaat in beoordeling.resultaten.filter(uitkomst=Uitkomst.HANDMATIG):
            services.resultaat_vastleggen(resultaat=resultaat, uitkomst="voldoet",
                                          toelichting="Gecontroleerd in de eigen bronnen.", door=inkoper)
    return Beoordeling.objects.get(pk=beoordeling.pk), inkoper, collega


def test_een_signaal_van_type_2_moet_gewogen_zijn_voor_de_controle_afrondt():
    beoordeling, inkoper, _collega = _type_2_met_onderaanneming("30", "10")
    assert beoordeling.fase == Fase.CONTROLE
    signaal = beoordeling.resultaten.get(regel=ONDERAANNEMING)
    assert signaal.uitkomst == Uitkomst.SIGNAAL and "40.00%" in signaal.toelichting
    assert not services.gesprek_nodig(beoordeling)
    with _reis(NA), pytest.raises(ValidationError, match="Nog niet gewogen: Aandeel onderaanneming"):
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    with _reis(NA), pytest.raises(ValidationError):
        services.signaal_wegen(resultaat=signaal, bezwaar=False, bevinding="   ", door=inkoper)
    # Only a signal is weighed this way; a checklist item is judged with voldoet / voldoet niet.
    ander = beoordeling.resultaten.exclude(uitkomst=Uitkomst.SIGNAAL).first()
    with _reis(NA), pytest.raises(ValidationError, match="Dit is geen signaal"):
        services.signaal_wegen(resultaat=ander, bezwaar=False, bevinding="x", door=inkoper)


def test_gewogen_zonder_bezwaar_wordt_de_afweging_van_het_aanbod_in_paneel_aanbodpagina_en_brief(
        client, login, django_capture_on_commit_callbacks):
    beoordeling, inkoper, collega = _type_2_met_onderaanneming("30", "10")
    signaal = beoordeling.resultaten.get(regel=ONDERAANNEMING)
    afweging = "De onderaannemer levert de nachtzorg in een overgangsjaar; elders al zo gecontracteerd."
    with _reis(NA):
        services.signaal_wegen(resultaat=signaal, bezwaar=False, bevinding=afweging, door=inkoper)
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    beoordeling.refresh_from_db()
    assert beoordeling.fase == Fase.BESLUIT  # no gesprek for type 2: straight to the decision
    assert beoordeling.signaal_oordelen[ONDERAANNEMING]["door_id"] == inkoper.pk
    assert Beoordeling.objects.get(pk=beoordeling.pk).resultaten.get(regel=ONDERAANNEMING).uitkomst == "signaal"
    regel = AuditRegel.objects.get(actie="signaal_gewogen")
    assert regel.omschrijving == f"{ONDERAANNEMING}: geen bezwaar. {afweging}"

    overweging = {"regel": ONDERAANNEMING, "titel": signaal.titel, "bevinding": afweging,
                  "bron": f"{CONTROLE_BRON}; {signaal.bron}"}
    voorstel = bereken_voorstel(beoordeling)
    assert voorstel.soort == "eenjarig_verlenging" and voorstel.redenen == []
    assert voorstel.overwegingen == [overweging]

    login(client, inkoper)
    paneel = client.get(reverse("beoordeling:besluit", args=[beoordeling.pk])).content.decode()
    assert "Gewogen signalen, zonder bezwaar:" in paneel and afweging in paneel
    with _reis(NA):
        besluit = services.voorstellen(beoordeling=beoordeling, door=inkoper)
    with _reis(NA), django_capture_on_commit_callbacks(execute=True):
        services.goedkeuren(besluit=besluit, door=collega)
    besluit.refresh_from_db()
    assert besluit.voorstel["overwegingen"] == [overweging]
    with besluit.brief.open("rb") as fh:
        brief = _plat(_tekst(fh.read()))
    assert _plat("Gewogen door het zorgkantoor") in brief and _plat(afweging) in brief
    assert _plat("Gewogen in het gesprek") not in brief

    login(client, beoordeling.inschrijving.zorgaanbieder.gebruikers.first())
    aanbod = client.get(reverse("beoordeling:aanbod", args=[beoordeling.inschrijving_id])).content.decode()
    assert afweging in aanbod


def test_gewogen_met_bezwaar_wordt_een_reden_van_afwijzing_met_de_regel_van_het_signaal():
    beoordeling, inkoper, _collega = _type_2_met_onderaanneming("60")
    signaal = beoordeling.resultaten.get(regel=ONDERAANNEMING)
    afweging = "Zestig procent door één onderaannemer: de zorg wordt in feite niet door de inschrijver geleverd."
    with _reis(NA):
        services.signaal_wegen(resultaat=signaal, bezwaar=True, bevinding=afweging, door=inkoper)
        services.controle_afronden(beoordeling=beoordeling, door=inkoper)
    voorstel = bereken_voorstel(Beoordeling.objects.get(pk=beoordeling.pk))
    assert voorstel.soort == "afwijzing"
    assert voorstel.redenen == [{"regel": ONDERAANNEMING, "titel": signaal.titel, "toelichting": afweging,
                                 "bron": f"{CONTROLE_BRON}; {signaal.bron}"}]


def test_de_zorginkoper_weegt_in_de_browser_en_een_ander_zorgkantoor_krijgt_een_404(client, login):
    beoordeling, inkoper, _collega = _type_2_met_onderaanneming("30", "10")
    signaal = beoordeling.resultaten.get(regel=ONDERAANNEMING)
    login(client, inkoper)
    url = reverse("beoordeling:beoordeling", args=[beoordeling.pk])
    pagina = client.get(url).content.decode()
    assert reverse("beoordeling:signaal_wegen", args=[beoordeling.pk, signaal.pk]) in pagina
    wegen = reverse("beoordeling:signaal_wegen", args=[beoordeling.pk, signaal.pk])
    prefix = f"signaal-{signaal.pk}"
    with _reis(NA):
        fout = client.post(wegen, {f"{prefix}-bezwaar": "nee", f"{prefix}-bevinding": ""})
        assert fout.status_code == 400 and "Dit veld is verplicht." in fout.content.decode()
        goed = client.post(wegen, {f"{prefix}-bezwaar": "nee", f"{prefix}-bevinding": "Aanvaardbaar."})
    assert goed.status_code == 302
    assert Beoordeling.objects.get(pk=beoordeling.pk).signaal_oordelen[ONDERAANNEMING]["bevinding"] == "Aanvaardbaar."
    assert "Gewogen: geen bezwaar" in client.get(url).content.decode()

    # Another zorgkantoor's zorginkoper cannot weigh it.
    login(client, GebruikerFactory(inkoper=True))
    with _reis(NA):
        assert client.post(wegen, {f"{prefix}-bezwaar": "ja", f"{prefix}-bevinding": "x"}).status_code == 404


def test_een_onderaannemer_van_type_3_wordt_niet_in_de_controle_gewogen():
    from tests.beoordeling.test_gesprek_signalen import _nieuw

    g = _nieuw(aandelen=("25", "15"))
    signaal = g.beoordeling.resultaten.get(regel=ONDERAANNEMING)
    Beoordeling.objects.filter(pk=g.beoordeling.pk).update(fase=Fase.CONTROLE)
    with _reis(NA), pytest.raises(ValidationError, match="in het gesprek gewogen"):
        services.signaal_wegen(resultaat=signaal, bezwaar=False, bevinding="x", door=g.inkoper)
    assert Onderaannemer.objects.filter(verklaring__inschrijving=g.inschrijving).count() == 2
