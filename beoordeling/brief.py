"""The decision letter (besluitbrief): a PDF made once after the four-eyes approval, stored with its
SHA-256 and e-mailed to every active user of the zorgaanbieder.

The addressee is taken from the snapshot of the assessed indiening (the legal record), the decision from
the approved Besluit. Whether the decision deviated from the system's proposal is internal and never in
the letter; the rule and source behind every reason always are.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone, translation

from beoordeling.besluitregels import GESPREK_BRON
from beoordeling.models import Besluit, InregelMoment
from inschrijving import berichten
from inschrijving.dossier import canoniek
from inschrijving.models import Bericht, Gebruiker, Overeenkomst, OvereenkomstSoort, TariefGrondslag
from inschrijving.ondertekening import onderteken
from inschrijving.pdf import PDF_CSS, SNAPSHOT_BIJLAGE, Bijlage, bewaar_eenmalig, render_pdf, snapshot_bijlage
from wlzportal.links import portaal_url

BESLUIT = "beoordeling/pdf/besluit.html"
#: The letter's stylesheets (static paths), applied by render_pdf; the template links neither.
BESLUIT_CSS = (PDF_CSS, "css/besluit.css")
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
# Defaults of the rule set's objection fields (inschrijving.models.Regelset), for a round without a rule set.
BEZWAAR_TERMIJN_DAGEN = 20
BEZWAAR_PROCEDURE = ("Stuur uw bezwaar schriftelijk en gemotiveerd, met het kenmerk van deze brief, aan het "
                     "zorgkantoor.")
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
    return portaal_url("beoordeling:aanbod", besluit.beoordeling.inschrijving_id)


def tarief(besluit: Besluit, regelset) -> str:
    """The tariff line of the offer, from the rule set: the 2022 richttarief as a share of the NZa-maximumtarief
    without NHC/NIC plus the NHC/NIC share (002 §2.2), or the 2016 regional basistarief with the agreed opslag
    (004 §2.2.2, §2.2.4)."""
    zorgkantoor = besluit.beoordeling.inschrijving.zorgkantoor
    opslag = f", met een opslag van {procent(besluit.opslag)} op het basistarief" if besluit.opslag else ""
    if regelset is not None and regelset.tarief_grondslag == TariefGrondslag.BASISTARIEF:
        tekst = (f"het basistarief van {zorgkantoor} per prestatie, zoals beschreven in de regionale paragraaf van "
                 f"het zorgkantoor{opslag}")
    else:
        richttarief = regelset.richttarief if regelset else Decimal("100")
        tekst = f"{procent(richttarief)} van het NZa-maximumtarief, exclusief de NHC/NIC-component{opslag}"
        if regelset is not None and regelset.nhc_nic_percentage is not None:
            tekst += f"; de NHC/NIC-component tegen {procent(regelset.nhc_nic_percentage)}"
    return tekst + (f" ({regelset.tarief_bron})" if regelset is not None and regelset.tarief_bron else "")


def kenmerk(inschrijving) -> str:
    """The letter's reference, in the letter and in its embedded besluit.json alike."""
    return f"{inschrijving.ronde.contractjaar}-{inschrijving.zorgkantoor_id}-{inschrijving.pk}"


def ondertekenaar(gebruiker) -> str:
    return gebruiker.get_full_name() or gebruiker.username


def _voorwaarden(besluit: Besluit, begin: date) -> list[dict]:
    """Every item the offer obliges the aanbieder to put in order, with its date: the same list the inregel
    items are made from when the offer is accepted (``beoordeling.inregeling.voorwaarden_van``)."""
    from beoordeling.inregeling import voorwaarden_van

    items = [{**v, "datum": datum(v["vervaldatum"]), "toelichting": InregelMoment(v["moment"]).label}
             for v in voorwaarden_van(besluit, begin).values()]
    return sorted(items, key=lambda v: (v["vervaldatum"], v["titel"]))


def context_van(besluit: Besluit) -> dict:
    from beoordeling.services import looptijd

    beoordeling = besluit.beoordeling
    inschrijving = beoordeling.inschrijving
    snapshot = beoordeling.indiening.snapshot
    regelset = inschrijving.regelset()
    positief = besluit.soort != OvereenkomstSoort.AFWIJZING
    overwegingen = besluit.overwegingen
    begin, einde = looptijd(besluit)
    lopend = None
    if besluit.soort == OvereenkomstSoort.VOORTZETTING:
        lopend = (Overeenkomst.objects.filter(zorgaanbieder=inschrijving.zorgaanbieder_id,
                                              zorgkantoor=inschrijving.zorgkantoor_id, einddatum__gte=begin)
                  .order_by("-einddatum").first())
    besloten_op = timezone.localtime(besluit.goedgekeurd_op).date() if besluit.goedgekeurd_op else timezone.localdate()
    indiening = beoordeling.indiening
    bezwaar_dagen = regelset.bezwaar_termijn_dagen if regelset else BEZWAAR_TERMIJN_DAGEN
    adres = snapshot["zorgaanbieder"].get("adres", "")
    return {
        "besluit": besluit,
        "positief": positief,
        "zorgkantoor": inschrijving.zorgkantoor,
        "zorgaanbieder": snapshot["zorgaanbieder"],
        "adresregels": [deel.strip() for deel in adres.split(",") if deel.strip()],
        "ronde": snapshot["inschrijving"]["ronde"],
        "contractjaar": inschrijving.ronde.contractjaar,
        "kenmerk": kenmerk(inschrijving),
        "datum": datum(besloten_op),
        "ingediend_op": datum(timezone.localtime(indiening.ingediend_op).date()),
        "indiening": {"volgnummer": indiening.volgnummer, "sha256": indiening.sha256,
                      "tijd": timezone.localtime(indiening.ingediend_op).strftime("%H:%M:%S")},
        "soort": OvereenkomstSoort(besluit.soort).label,
        "begin": datum(begin),
        "einde": datum(einde),
        "lopend": {"begin": datum(lopend.ingangsdatum), "einde": datum(lopend.einddatum)} if lopend else None,
        "tarief": tarief(besluit, regelset),
        "onder_voorwaarden": besluit.onder_voorwaarden and positief,
        "voorwaarden": _voorwaarden(besluit, begin) if positief else [],
        "redenen": [] if positief else besluit.redenen,
        # The signals weighed without bezwaar (in the gesprek, or by the zorginkoper where no gesprek followed): the
        # proposal's reasoning, named in a positive offer.
        "overwegingen": overwegingen,
        "overwegingen_in_gesprek": any(o.get("bron", "").startswith(GESPREK_BRON) for o in overwegingen),
        "reageren_voor": datum(besluit.reageren_voor),
        "aanbod_url": aanbod_url(besluit),
        "controle_url": portaal_url("controleer"),
        "tussentijds": TUSSENTIJDS.format(jaar=inschrijving.ronde.contractjaar),
        "ondertekenaars": [ondertekenaar(g) for g in (besluit.voorgesteld_door, besluit.goedgekeurd_door) if g],
        "bezwaar": {"dagen": bezwaar_dagen, "uiterlijk": datum(besloten_op + timedelta(days=bezwaar_dagen)),
                    "procedure": regelset.bezwaar_procedure if regelset else BEZWAAR_PROCEDURE},
    }


#: The decision as data, embedded in the letter beside the snapshot it decides on.
BESLUIT_BIJLAGE = "besluit.json"


def besluit_gegevens(besluit: Besluit) -> dict:
    """What the letter decides, as data (ISO 8601 dates): the decision with every reason and the rule and source
    behind it, the conditions with their dates, the offer's term, and the indiening it decides on by its hash."""
    from beoordeling.services import looptijd

    inschrijving = besluit.beoordeling.inschrijving
    indiening = besluit.beoordeling.indiening
    begin, einde = looptijd(besluit)
    return {
        "kenmerk": kenmerk(inschrijving),
        "zorgkantoor": inschrijving.zorgkantoor.naam,
        "ronde": inschrijving.ronde.naam,
        "contractjaar": inschrijving.ronde.contractjaar,
        "besluit": besluit.soort,
        "onder_voorwaarden": besluit.onder_voorwaarden,
        "voorwaarden": besluit.voorwaarden,
        "redenen": besluit.redenen,
        "overwegingen": besluit.overwegingen,
        "opslag": besluit.opslag,
        "ingangsdatum": begin if besluit.soort != OvereenkomstSoort.AFWIJZING else None,
        "einddatum": einde if besluit.soort != OvereenkomstSoort.AFWIJZING else None,
        "goedgekeurd_op": besluit.goedgekeurd_op,
        "reageren_voor": besluit.reageren_voor,
        "indiening": {"volgnummer": indiening.volgnummer, "ontvangen_op": indiening.ingediend_op,
                      "sha256": indiening.sha256, "bijlage": SNAPSHOT_BIJLAGE},
    }


def brief(besluit: Besluit, *, ondertekend: bool = True) -> tuple[str, bytes]:
    """The decision letter as (HTML, PDF bytes); Dutch whatever the request or worker language. PDF/A-3b with the
    decision (``besluit.json``) and the assessed snapshot (``inschrijving.json``) embedded, signed by the portal."""
    indiening = besluit.beoordeling.indiening
    gegevens = Bijlage(BESLUIT_BIJLAGE, canoniek(besluit_gegevens(besluit)),
                       "Het besluit met zijn redenen en de regels waarop zij berusten")
    with translation.override("nl"):
        html, pdf = render_pdf(BESLUIT, context_van(besluit), stylesheets=BESLUIT_CSS,
                               bijlagen=(gegevens, snapshot_bijlage(indiening)))
    if ondertekend:
        pdf = onderteken(pdf, reden=f"Besluit op inschrijving {besluit.beoordeling.inschrijving_id}")
    return html, pdf


def bewaar_brief(besluit: Besluit, *, pdf: bytes | None = None) -> bool:
    """Render and store the letter once, only after approval; a second call leaves the first in place. ``pdf``: the
    letter just rendered from ``besluit`` as just read from the database (``brief(besluit)[1]``), stored as it is.
    True if this call stored it."""
    if not besluit.brief and not besluit.goedgekeurd_op and not Besluit.objects.filter(
            pk=besluit.pk, goedgekeurd_op__isnull=False).exists():
        raise ValueError("Een besluit krijgt pas een brief na de goedkeuring (vier ogen).")
    return bewaar_eenmalig(besluit, bestand_veld="brief", hash_veld="brief_sha256",
                           naam=f"{besluit.beoordeling.inschrijving_id}.pdf",
                           maak=lambda: pdf if pdf is not None else brief(besluit)[1], vers=pdf is not None)


def verstuur_brief(besluit: Besluit) -> list[Bericht]:
    """E-mail the stored letter to every active user of the zorgaanbieder (one Bericht each)."""
    bewaar_brief(besluit)
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
    ontvangers = Gebruiker.objects.filter(zorgaanbieder=inschrijving.zorgaanbieder_id, is_active=True).order_by("pk")
    return berichten.verstuur(aan=ontvangers, onderwerp=onderwerp[:250], tekst=tekst,
                              # The stored letter itself (referred to, not copied): byte for byte the download.
                              bijlage=(f"besluit-{inschrijving.pk}.pdf", besluit.brief))
