"""The decision letter (besluitbrief): a PDF made once after the four-eyes approval, stored with its
SHA-256 and e-mailed to every active user of the zorgaanbieder.

The addressee is taken from the snapshot of the assessed indiening (the legal record), the decision from
the approved Besluit. Whether the decision deviated from the system's proposal is internal and never in
the letter; the rule and source behind every reason always are.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from beoordeling.models import Besluit
from inschrijving import berichten
from inschrijving.models import Bericht, Overeenkomst, OvereenkomstSoort
from inschrijving.pdf import bewaar_eenmalig, render_pdf

BESLUIT = "beoordeling/pdf/besluit.html"
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
TUSSENTIJDS = ("U kunt zich voor contractjaar {jaar} nog één keer inschrijven, via de tussentijdse procedure "
               "(002 §4.6).")


def datum(dag: date | str | None) -> str:
    """'1 januari 2022', whatever the active locale."""
    if not dag:
        return ""
    if isinstance(dag, str):
        dag = date.fromisoformat(dag)
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def procent(waarde: Decimal | float | int) -> str:
    """'95,8%', '3%', '2,5%' (Dutch decimal comma, no trailing zeros)."""
    tekst = f"{Decimal(waarde).normalize():f}"
    return tekst.replace(".", ",") + "%"


def aanbod_url(besluit: Besluit) -> str:
    """Where the tekenbevoegde accepts or declines, as an absolute URL for the letter and the e-mail."""
    return settings.SITE_URL.rstrip("/") + reverse("beoordeling:aanbod",
                                                   args=[besluit.beoordeling.inschrijving_id])


def tarief(besluit: Besluit, regelset) -> str:
    richttarief = regelset.richttarief if regelset else Decimal("100")
    tekst = f"{procent(richttarief)} van het NZa-maximumtarief"
    if besluit.opslag and besluit.opslag > 0:
        tekst += f", met een opslag van {procent(besluit.opslag)} op het basistarief"
    return tekst


def context_van(besluit: Besluit) -> dict:
    from beoordeling.services import looptijd

    beoordeling = besluit.beoordeling
    inschrijving = beoordeling.inschrijving
    snapshot = beoordeling.indiening.snapshot
    regelset = inschrijving.regelset()
    positief = besluit.soort != OvereenkomstSoort.AFWIJZING
    begin, einde = looptijd(besluit)
    lopend = None
    if besluit.soort == OvereenkomstSoort.VOORTZETTING:
        lopend = (Overeenkomst.objects.filter(zorgaanbieder=inschrijving.zorgaanbieder_id,
                                              zorgkantoor=inschrijving.zorgkantoor_id, einddatum__gte=begin)
                  .order_by("-einddatum").first())
    besloten_op = timezone.localtime(besluit.goedgekeurd_op).date() if besluit.goedgekeurd_op else None
    adres = snapshot["zorgaanbieder"].get("adres", "")
    return {
        "besluit": besluit,
        "positief": positief,
        "zorgkantoor": inschrijving.zorgkantoor,
        "zorgaanbieder": snapshot["zorgaanbieder"],
        "adresregels": [deel.strip() for deel in adres.split(",") if deel.strip()],
        "ronde": snapshot["inschrijving"]["ronde"],
        "contractjaar": inschrijving.ronde.contractjaar,
        "kenmerk": f"{inschrijving.ronde.contractjaar}-{inschrijving.zorgkantoor_id}-{inschrijving.pk}",
        "datum": datum(besloten_op or timezone.localdate()),
        "ingediend_op": datum(timezone.localtime(beoordeling.indiening.ingediend_op).date()),
        "soort": OvereenkomstSoort(besluit.soort).label,
        "begin": datum(begin),
        "einde": datum(einde),
        "lopend": {"begin": datum(lopend.ingangsdatum), "einde": datum(lopend.einddatum)} if lopend else None,
        "tarief": tarief(besluit, regelset),
        "onder_voorwaarden": besluit.onder_voorwaarden and positief,
        "voorwaarden": [{**v, "datum": datum(v.get("vervaldatum"))} for v in besluit.voorwaarden] if positief else [],
        "redenen": [] if positief else besluit.redenen,
        "reageren_voor": datum(besluit.reageren_voor),
        "aanbod_url": aanbod_url(besluit),
        "tussentijds": TUSSENTIJDS.format(jaar=inschrijving.ronde.contractjaar),
    }


def brief(besluit: Besluit) -> tuple[str, bytes]:
    """The decision letter as (HTML, PDF bytes); Dutch whatever the request or worker language."""
    with translation.override("nl"):
        return render_pdf(BESLUIT, context_van(besluit))


def bewaar_brief(besluit: Besluit) -> None:
    """Render and store the letter once, only after approval; a second call leaves the first in place."""
    if not besluit.brief and not besluit.goedgekeurd_op and not Besluit.objects.filter(
            pk=besluit.pk, goedgekeurd_op__isnull=False).exists():
        raise ValueError("Een besluit krijgt pas een brief na de goedkeuring (vier ogen).")
    bewaar_eenmalig(besluit, bestand_veld="brief", hash_veld="brief_sha256",
                    naam=f"{besluit.beoordeling.inschrijving_id}.pdf", maak=lambda: brief(besluit)[1])


def verstuur_brief(besluit: Besluit) -> list[Bericht]:
    """E-mail the stored letter to every active user of the zorgaanbieder (one Bericht each)."""
    bewaar_brief(besluit)
    with besluit.brief.open("rb") as fh:
        pdf = fh.read()
    inschrijving = besluit.beoordeling.inschrijving
    gegevens = besluit.beoordeling.indiening.snapshot["inschrijving"]
    onderwerp = f"Besluit op uw inschrijving {gegevens['ronde']} – {gegevens['zorgkantoor']}"
    if besluit.soort == OvereenkomstSoort.AFWIJZING:
        kern = (
            f"Uw inschrijving voor {gegevens['ronde']} bij {gegevens['zorgkantoor']} is afgewezen. De redenen, met "
            "de regels waarop zij berusten, staan in de bijgevoegde brief.\n\n"
            + TUSSENTIJDS.format(jaar=inschrijving.ronde.contractjaar) + "\n\n"
        )
    else:
        kern = (
            f"Op uw inschrijving voor {gegevens['ronde']} bij {gegevens['zorgkantoor']} is positief besloten: "
            f"{OvereenkomstSoort(besluit.soort).label.lower()}"
            + (" onder voorwaarden" if besluit.onder_voorwaarden else "") + ". "
            "De bijgevoegde brief beschrijft het aanbod.\n\n"
            f"De tekenbevoegde bestuurder van uw organisatie accepteert of weigert het aanbod vóór "
            f"{datum(besluit.reageren_voor)} in het portaal:\n{aanbod_url(besluit)}\n\n"
        )
    tekst = (
        "Geachte heer/mevrouw,\n\n" + kern
        + f"SHA-256 van de brief: {besluit.brief_sha256}\n"
        "U kunt de brief ook downloaden in het portaal.\n\n"
        "Dit bericht is automatisch verzonden door het Wlz inschrijvingsportaal.\n"
    )
    ontvangers = inschrijving.zorgaanbieder.gebruikers.filter(is_active=True).order_by("pk")
    return berichten.verstuur(aan=ontvangers, onderwerp=onderwerp[:250], tekst=tekst,
                              bijlage=(f"besluit-{inschrijving.pk}.pdf", pdf))
