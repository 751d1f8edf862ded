"""Exports for a zorgkantoor's reporting (issue 13, item 3): the werkvoorraad and a round's results as CSV or XLSX
(tablib), made by a Celery task that records its progress, from the same selectors the pages use — the export has
exactly the rows the requesting zorginkoper may see, nothing of a sealed round."""

import logging
from datetime import datetime

import tablib
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import Export
from beoordeling.models import Besluit, Fase
from beoordeling.selectors import beoordelingen_voor, voor_tabel
from inschrijving.models import AanbiederType

log = logging.getLogger(__name__)
STAP = 200  # rows between two progress updates


def _lokaal(moment: datetime | None):
    """A datetime as a spreadsheet shows it: Dutch wall-clock time, without a zone (Excel has none)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _werkvoorraad(export: Export, qs):
    kop = [_("KvK-nummer"), _("Zorgaanbieder"), _("Ronde"), _("Aanbiedertype"), _("Fase"), _("Behandelaar"),
           _("Voldoet niet"), _("Handmatig te beoordelen"), _("Verduidelijking open"), _("Laatste activiteit")]
    fasen, typen = dict(Fase.choices), dict(AanbiederType.choices)

    def rij(b):
        aan = b.toegewezen_aan
        return [b.inschrijving.zorgaanbieder.kvk_nummer, b.inschrijving.zorgaanbieder.statutaire_naam,
                b.inschrijving.ronde.naam, typen.get(b.inschrijving.aanbieder_type, b.inschrijving.aanbieder_type),
                fasen.get(b.fase, b.fase), (aan.get_full_name() or aan.username) if aan else "",
                b.aantal_voldoet_niet, b.aantal_handmatig, _("ja") if b.verduidelijking_open else _("nee"),
                _lokaal(b.laatste_activiteit)]

    return kop, voor_tabel(qs).order_by("inschrijving__zorgaanbieder__statutaire_naam", "pk"), rij


def _resultaten(export: Export, qs):
    kop = [_("KvK-nummer"), _("Zorgaanbieder"), _("Aanbiedertype"), _("Fase"), _("Besluit"), _("Onder voorwaarden"),
           _("Goedgekeurd op"), _("Reactie"), _("Overeenkomst van"), _("Overeenkomst tot")]
    fasen, typen = dict(Fase.choices), dict(AanbiederType.choices)
    besluiten = {b.beoordeling_id: b for b in Besluit.objects.filter(
        beoordeling__in=qs, goedgekeurd_op__isnull=False).select_related("overeenkomst")}

    def rij(b):
        besluit = besluiten.get(b.pk)
        overeenkomst = besluit.overeenkomst if besluit else None
        return [b.inschrijving.zorgaanbieder.kvk_nummer, b.inschrijving.zorgaanbieder.statutaire_naam,
                typen.get(b.inschrijving.aanbieder_type, b.inschrijving.aanbieder_type), fasen.get(b.fase, b.fase),
                besluit.soort if besluit else "", (_("ja") if besluit.onder_voorwaarden else _("nee")) if besluit
                else "", _lokaal(besluit.goedgekeurd_op) if besluit else None, besluit.reactie if besluit else "",
                overeenkomst.ingangsdatum if overeenkomst else None, overeenkomst.einddatum if overeenkomst else None]

    return kop, qs.select_related("inschrijving__zorgaanbieder").order_by(
        "inschrijving__zorgaanbieder__statutaire_naam", "pk"), rij


def maken(export_pk: int) -> Export:
    """Build the file of ``export`` (the task's body): rows as the requester may see them, progress recorded."""
    export = Export.objects.select_related("aangevraagd_door", "ronde").get(pk=export_pk)
    if export.status == Export.Status.KLAAR:
        return export
    Export.objects.filter(pk=export.pk).update(status=Export.Status.BEZIG, voortgang=0)
    qs = beoordelingen_voor(export.aangevraagd_door)
    if export.ronde_id:
        qs = qs.filter(ronde=export.ronde_id)
    kop, rijen, rij = (_werkvoorraad if export.soort == Export.Soort.WERKVOORRAAD else _resultaten)(export, qs)
    totaal = qs.count()
    data = tablib.Dataset(headers=kop, title=str(export.get_soort_display())[:31])
    for nummer, b in enumerate(rijen.iterator(chunk_size=STAP), start=1):
        data.append(rij(b))
        if nummer % STAP == 0:
            Export.objects.filter(pk=export.pk).update(voortgang=min(99, nummer * 100 // max(totaal, 1)))
    inhoud = data.export(export.formaat)
    with transaction.atomic():
        export.bestand.save(export.bestandsnaam, ContentFile(inhoud.encode("utf-8-sig") if isinstance(inhoud, str)
                                                             else inhoud), save=False)
        export.status, export.voortgang, export.aantal_rijen = Export.Status.KLAAR, 100, len(data)
        export.klaar_op = timezone.now()
        export.save(update_fields=["bestand", "status", "voortgang", "aantal_rijen", "klaar_op"])
    return export
