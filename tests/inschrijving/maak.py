"""Builders for inschrijvingen in every state, through the real services."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inschrijving import services
from inschrijving.models import Bestuursverklaring, Instemmingsverklaring, Ondernemingsplan
from inschrijving.sjablonen import sjabloon_2022
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, INSTEMMINGEN, UITSLUITINGSGRONDEN
from tests.factories import GebruikerFactory, InkooprondeFactory, OvereenkomstFactory, ZorgkantoorFactory
from tests.pdfs import maak_pdf

_PDF = None


def pdf_upload(naam="document.pdf"):
    global _PDF
    if _PDF is None:
        _PDF = maak_pdf("Testdocument")
    return SimpleUploadedFile(naam, _PDF, content_type="application/pdf")


def ronde_met_regels(**kwargs):
    ronde = InkooprondeFactory(**kwargs)
    ronde.regelset = sjabloon_2022().kopieer(f"Regels {ronde.naam}")
    ronde.save()
    return ronde


def contract_voor_type(aanbieder_type, *, zorgaanbieder, zorgkantoor, ronde):
    """The contract history that makes ``zorgaanbieder`` this type for ``zorgkantoor`` now."""
    jaar = ronde.inschrijfjaar
    begin = date(min(jaar, timezone.localdate().year), 1, 1)
    if aanbieder_type == "1a":
        OvereenkomstFactory(zorgaanbieder=zorgaanbieder, zorgkantoor=zorgkantoor, ingangsdatum=begin,
                            einddatum=date(ronde.contractjaar + 1, 12, 31), meerjarig=True)
    elif aanbieder_type == "1b":
        OvereenkomstFactory(zorgaanbieder=zorgaanbieder, zorgkantoor=zorgkantoor, ingangsdatum=begin,
                            einddatum=date(jaar, 12, 31))
    elif aanbieder_type == "2":
        OvereenkomstFactory(zorgaanbieder=zorgaanbieder, zorgkantoor=ZorgkantoorFactory(), ingangsdatum=begin,
                            einddatum=date(jaar, 12, 31))


def nieuwe_inschrijving(aanbieder_type="3", *, ronde=None, zorgkantoor=None, bestuurder=None):
    zorgkantoor = zorgkantoor or ZorgkantoorFactory()
    ronde = ronde or ronde_met_regels(zorgkantoren=[zorgkantoor])
    bestuurder = bestuurder or GebruikerFactory(tekenbevoegd=True)
    contract_voor_type(aanbieder_type, zorgaanbieder=bestuurder.zorgaanbieder, zorgkantoor=zorgkantoor, ronde=ronde)
    inschrijving = services.inschrijving_starten(ronde=ronde, zorgkantoor=zorgkantoor, door=bestuurder)
    assert inschrijving.aanbieder_type == aanbieder_type, inschrijving.type_reden
    return inschrijving, bestuurder


def vul_verklaring(inschrijving):
    eis = inschrijving.eis()
    if eis.verklaring == "instemming":
        Instemmingsverklaring.objects.update_or_create(inschrijving=inschrijving, defaults={
            "ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "bestuurder",
            "instemmingen": {code: True for code, _t in INSTEMMINGEN}, "geen_wijzigingen": True})
        return
    Bestuursverklaring.objects.update_or_create(inschrijving=inschrijving, defaults={
        "ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "voorzitter raad van bestuur",
        "uitsluitingsgronden": {code: {"organisatie": False, "bestuurders": False}
                                for code, _v, _a in UITSLUITINGSGRONDEN},
        "geschiktheid": {code: True for code, _t in GESCHIKTHEIDSEISEN},
        "werkt_met_onderaannemers": False, "akkoord_voorwaarden": True})


def vul_plan(inschrijving):
    if inschrijving.eis().ondernemingsplan == "geen":
        return
    Ondernemingsplan.objects.update_or_create(inschrijving=inschrijving, defaults={
        "bestuur": "Raad van bestuur: B. Bestuur", "toezichthouders": "T. Toezicht\nU. Uitzicht",
        "clientenraad": "Cliëntenraad in oprichting", "missie": "Goede GGZ dichtbij",
        "strategie": "Kleinschalig wonen", "sectoren": ["ggz"], "leveringsvormen": ["verblijf"],
        "prestaties": "ZZP GGZ-B", "verwacht_aantal_clienten": 24, "gemeenten_locaties": "Amsterdam, Zorgstraat 1",
        "personeel_aantal": 30, "personeel_niveau": "HBO-V en MBO-4", "ervaring": ["wmo"],
        "samenwerking": "Met de huisartsen in de wijk", "eigen_vermogen": Decimal("250000"),
        "verwacht_resultaat": Decimal("40000"), "begroting_ggz": Decimal("2400000")})


def geldige_gegevens(code, inschrijving):
    naam = inschrijving.zorgaanbieder.statutaire_naam
    sluiting = timezone.localtime(inschrijving.sluiting()).date()
    return {
        "kvk_uittreksel": {"afgiftedatum": sluiting - timedelta(days=30), "rechtspersoon": naam},
        "ubo_uittreksel": {"afgiftedatum": sluiting - timedelta(days=30), "rechtspersoon": naam},
        "wtzi_toelating": {"rechtspersoon": naam},
        "vog_rp": {"afgiftedatum": sluiting - timedelta(days=60), "rechtspersoon": naam, "vog_soort": "rp",
                   "vog_voor_deze_procedure": True},
        "polisblad": {"verzekerd_bedrag": Decimal("2500000"), "verzekeringnemer": naam,
                      "polis_ingangsdatum": date(inschrijving.ronde.contractjaar, 1, 1)},
    }.get(code, {})


def vul_documenten(inschrijving, door, *, alleen_bij_inschrijving=True, behalve=()):
    for documenttype in inschrijving.eis().documenten.all():
        if documenttype.code in behalve or (alleen_bij_inschrijving and documenttype.moment != "I"):
            continue
        services.document_toevoegen(inschrijving=inschrijving, documenttype=documenttype,
                                    upload=pdf_upload(f"{documenttype.code}.pdf"),
                                    gegevens=geldige_gegevens(documenttype.code, inschrijving), door=door)


def volledige_inschrijving(aanbieder_type="3", **kwargs):
    inschrijving, bestuurder = nieuwe_inschrijving(aanbieder_type, **kwargs)
    vul_verklaring(inschrijving)
    vul_plan(inschrijving)
    vul_documenten(inschrijving, bestuurder)
    return inschrijving, bestuurder
