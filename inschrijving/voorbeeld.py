"""Complete example dossiers: a filled-in verklaring, ondernemingsplan and real PDF documents with valid
details. Used by the demo (``manage.py demo_indienen``) and by the tests, so both exercise one path."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inschrijving import services
from inschrijving.models import Bestuursverklaring, Inschrijving, Instemmingsverklaring, Ondernemingsplan
from inschrijving.verklaringen import GESCHIKTHEIDSEISEN, INSTEMMINGEN, UITSLUITINGSGRONDEN


@cache
def _pdf_bytes(titel: str) -> bytes:
    from weasyprint import HTML  # slow to import; only needed when documents are made

    return HTML(string=f"<!doctype html><html lang='nl'><body><h1>{titel}</h1>"
                       "<p>Voorbeelddocument van het Wlz inschrijvingsportaal.</p></body></html>").write_pdf()


def pdf_upload(naam="document.pdf", titel="Voorbeelddocument"):
    return SimpleUploadedFile(naam, _pdf_bytes(titel), content_type="application/pdf")


def vul_verklaring(inschrijving: Inschrijving) -> None:
    eis = inschrijving.eis()
    if eis.verklaring == "instemming":
        Instemmingsverklaring.objects.update_or_create(inschrijving=inschrijving, defaults={
            "ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "bestuurder",
            "instemmingen": {code: True for code, _t in INSTEMMINGEN}, "geen_wijzigingen": True,
            "werkt_met_onderaannemers": False})
        return
    Bestuursverklaring.objects.update_or_create(inschrijving=inschrijving, defaults={
        "ondertekenaar_naam": "Bea Bestuur", "ondertekenaar_functie": "voorzitter raad van bestuur",
        "uitsluitingsgronden": {code: {"organisatie": False, "bestuurders": False}
                                for code, _v, _a in UITSLUITINGSGRONDEN},
        "geschiktheid": {code: True for code, _t in GESCHIKTHEIDSEISEN},
        "werkt_met_onderaannemers": False, "akkoord_voorwaarden": True, "bevoegdheid_uit_kvk": True,
        "geen_wijzigingen": True if inschrijving.aanbieder_type == "1b" else None})


def vul_plan(inschrijving: Inschrijving, sector: str = "ggz") -> None:
    if inschrijving.eis().ondernemingsplan == "geen":
        return
    Ondernemingsplan.objects.update_or_create(inschrijving=inschrijving, defaults={
        "bestuur": "Raad van bestuur: B. Bestuur", "toezichthouders": "T. Toezicht\nU. Uitzicht",
        "clientenraad": "Cliëntenraad in oprichting", "missie": "Goede zorg dichtbij",
        "strategie": "Kleinschalig wonen in de wijk", "sectoren": [sector], "leveringsvormen": ["verblijf"],
        "prestaties": "ZZP GGZ-B", "verwacht_aantal_clienten": 24, "gemeenten_locaties": "Amsterdam, Zorgstraat 1",
        "personeel_aantal": 30, "personeel_niveau": "HBO-V en MBO-4", "ervaring": ["wmo"],
        "samenwerking": "Met de huisartsen in de wijk",
        "onderscheidend": "Kleine vaste teams met een eigen verpleegkundige per woning",
        "governancecode_praktijk": "De raad van toezicht toetst jaarlijks de naleving met een zelfevaluatie",
        "financiele_toelichting": "Gezonde solvabiliteit; geen leningen buiten de hypotheek op de locatie",
        "omzetprognose": "EUR 2,4 mln Wlz in het contractjaar bij een bezetting van 24 plaatsen",
        "moedermaatschappij": False, "eigen_vermogen": Decimal("250000"), "verwacht_resultaat": Decimal("40000"),
        "begroting_wlz_opbrengsten": Decimal("2400000"), "begroting_wlz_kosten": Decimal("2360000")})


def geldige_gegevens(code: str, inschrijving: Inschrijving) -> dict:
    naam = inschrijving.zorgaanbieder.statutaire_naam
    sluiting = timezone.localtime(inschrijving.sluiting()).date()
    vandaag = min(timezone.localdate(), sluiting)
    return {
        "kvk_uittreksel": {"afgiftedatum": vandaag - timedelta(days=30), "rechtspersoon": naam},
        "ubo_uittreksel": {"afgiftedatum": vandaag - timedelta(days=30), "rechtspersoon": naam},
        "wtzi_toelating": {"rechtspersoon": naam},
        "vog_rp": {"afgiftedatum": vandaag - timedelta(days=60), "rechtspersoon": naam, "vog_soort": "rp",
                   "vog_voor_deze_procedure": True},
        "polisblad": {"verzekerd_bedrag": Decimal("2500000"), "verzekeringnemer": naam,
                      "polis_ingangsdatum": date(inschrijving.ronde.contractjaar, 1, 1)},
    }.get(code, {})


def echt_document(code: str, inschrijving: Inschrijving, gegevens: dict, **afwijkend) -> bytes | None:
    """The document of type ``code`` as its issuer makes it (``lezen.voorbeelden``: the KvK, Justis, an insurer, the
    CIBG), with the organisation's own details and those typed in ``gegevens`` — unless ``afwijkend`` says otherwise
    (another legal entity, a lower amount). ``None`` for a type without a known layout."""
    from lezen import voorbeelden

    if code not in voorbeelden.MAKERS:
        return None
    za = inschrijving.zorgaanbieder
    vandaag = min(timezone.localdate(), timezone.localtime(inschrijving.sluiting()).date())
    g = voorbeelden.Gegevens(
        statutaire_naam=za.statutaire_naam, kvk_nummer=za.kvk_nummer, rechtsvorm=za.get_rechtsvorm_display(),
        plaats=za.plaats, adres=f"{za.straat}, {za.postcode} {za.plaats}",
        datum=gegevens.get("afgiftedatum") or vandaag - timedelta(days=30),
        bedrag=gegevens.get("verzekerd_bedrag") or Decimal("2500000"),
        ingangsdatum=gegevens.get("polis_ingangsdatum") or date(inschrijving.ronde.contractjaar, 1, 1),
        doel=f"Inschrijving zorginkoop Wlz {inschrijving.ronde.contractjaar} bij {inschrijving.zorgkantoor.naam}")
    return voorbeelden.tekst_pdf(code, replace(g, **afwijkend))


def vul_documenten(inschrijving: Inschrijving, door, *, alleen_bij_inschrijving=True, behalve=(), echt=False,
                   afwijkend: dict | None = None) -> None:
    """Upload every required document with valid details. ``echt``: documents in their issuers' layouts (the demo;
    what the portal reads agrees with what is typed, except where ``afwijkend`` {code: {field: value}} says
    otherwise); else a one-line example PDF (fast, for the tests)."""
    for documenttype in inschrijving.eis().documenten.all():
        if documenttype.code in behalve or (alleen_bij_inschrijving and documenttype.moment != "I"):
            continue
        if documenttype.voorwaarde:  # a volmacht, a parent's jaarrekeningen, gewijzigde documenten: not needed here
            continue
        gegevens = geldige_gegevens(documenttype.code, inschrijving)
        inhoud = echt and echt_document(documenttype.code, inschrijving, gegevens,
                                        **(afwijkend or {}).get(documenttype.code, {}))
        upload = (SimpleUploadedFile(f"{documenttype.code}.pdf", inhoud, content_type="application/pdf") if inhoud
                  else pdf_upload(f"{documenttype.code}.pdf", documenttype.naam))
        services.document_toevoegen(inschrijving=inschrijving, documenttype=documenttype, upload=upload,
                                    gegevens=gegevens, door=door)


def vul_alles(inschrijving: Inschrijving, door, *, echt=False) -> None:
    vul_verklaring(inschrijving)
    vul_plan(inschrijving)
    vul_documenten(inschrijving, door, echt=echt)
