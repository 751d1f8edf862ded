"""Builders for inschrijvingen in every state, through the real services (fillers in inschrijving.voorbeeld)."""

from datetime import date

from django.utils import timezone

from inschrijving import services
from inschrijving.sjablonen import sjabloon_2022
from inschrijving.voorbeeld import geldige_gegevens, pdf_upload, vul_documenten, vul_plan, vul_verklaring
from tests.factories import GebruikerFactory, InkooprondeFactory, OvereenkomstFactory, ZorgkantoorFactory

__all__ = ["geldige_gegevens", "pdf_upload", "vul_documenten", "vul_plan", "vul_verklaring"]


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


def volledige_inschrijving(aanbieder_type="3", **kwargs):
    inschrijving, bestuurder = nieuwe_inschrijving(aanbieder_type, **kwargs)
    vul_verklaring(inschrijving)
    vul_plan(inschrijving)
    vul_documenten(inschrijving, bestuurder)
    return inschrijving, bestuurder


def met_onderaannemers(inschrijving, *aandelen):
    """Bijlage 2 of the bestuursverklaring: onderaannemers with these shares of the care (in %)."""
    from decimal import Decimal

    from inschrijving.models import Bestuursverklaring, Onderaannemer

    verklaring = Bestuursverklaring.objects.get(inschrijving=inschrijving)
    verklaring.werkt_met_onderaannemers = True
    verklaring.save()
    for nummer, aandeel in enumerate(aandelen):
        Onderaannemer.objects.create(verklaring=verklaring, naam=f"Thuiszorg ZZP {nummer}",
                                     kvk_nummer=f"8765432{nummer}", adres="Zorgstraat 9, 1234 AB Amsterdam",
                                     levering="begeleiding", aandeel=Decimal(aandeel))
