"""The events a zorgkantoor's endpoints are told of (issue 13, item 2), and what each carries.

inschrijving and beoordeling send a signal inside the transaction of their action (``inschrijving.signals``,
``beoordeling.signals``); the receivers here, connected in ``ApiConfig.ready``, record one Aflevering per endpoint
that asked for the event, in that same transaction, and queue its delivery after the commit. An action rolled back
sends nothing. A failure here is logged and never fails the action (a submission at the deadline above all).

Every body is ``{"type", "id", "timestamp", "data"}``; times are ISO 8601 with their offset; ids are those of the
REST API (``/api/v1/inschrijvingen/{id}``, ``/api/v1/overeenkomsten/{id}``), with the URL beside them. Before the
opening of the vault nothing of a sealed round leaks: ``inschrijving.ingediend`` and ``inschrijving.ingetrokken`` only
ever carry the round and how many inschrijvingen it now has, never who submitted or withdrew, or an id.
"""

import functools
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from api.models import Aflevering, Eindpunt, Gebeurtenis
from inschrijving.models import Indiening, Inschrijving, Opening, Status
from wlzportal.links import portaal_url

log = logging.getLogger(__name__)


def _moment(waarde) -> str | None:
    return timezone.localtime(waarde).isoformat() if waarde else None


def _ronde(ronde) -> dict:
    return {"id": ronde.pk, "naam": ronde.naam, "contractjaar": ronde.contractjaar}


def _inschrijving(inschrijving: Inschrijving) -> dict:
    return {"id": inschrijving.pk, "url": portaal_url("api:inschrijving-detail", inschrijving.pk),
            "ronde": _ronde(inschrijving.ronde)}


def melden(*, zorgkantoor_id: int, soort: str, data: dict) -> list[int]:
    """Record the event for every active endpoint of the zorgkantoor that asked for it; queue each after commit."""
    eindpunten = [e for e in Eindpunt.objects.filter(zorgkantoor=zorgkantoor_id, actief=True)
                  if soort in e.gebeurtenissen]
    if not eindpunten:
        return []
    gebeurtenis_id, nu = uuid.uuid4(), timezone.now()
    payload = {"type": soort, "id": str(gebeurtenis_id), "timestamp": _moment(nu), "data": data}
    afleveringen = Aflevering.objects.bulk_create(
        Aflevering(eindpunt=e, soort=soort, gebeurtenis_id=gebeurtenis_id, payload=payload, aangemaakt_op=nu)
        for e in eindpunten)
    ids = [a.pk for a in afleveringen]
    transaction.on_commit(lambda: _in_de_wachtrij(ids))
    return ids


def _in_de_wachtrij(ids: list[int]) -> None:
    """Redis unreachable: logged, and the rows stay "wachtend" in the delivery log; the action is not undone."""
    from kombu.exceptions import OperationalError as BrokerOnbereikbaar

    from api.tasks import aflevering_bezorgen

    for pk in ids:
        try:
            aflevering_bezorgen.delay(pk)
        except BrokerOnbereikbaar as fout:
            log.warning("Broker onbereikbaar (%s): aflevering %s blijft wachtend.", fout, pk)


def _nooit_fataal(ontvanger):
    """A receiver's failure is logged, in a savepoint so the action's own transaction goes on unharmed."""

    @functools.wraps(ontvanger)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                ontvanger(*args, **kwargs)
        except Exception:
            log.exception("Webhook %s niet vastgelegd", ontvanger.__name__)

    return wrapper


def _aantal(inschrijving: Inschrijving, soort: str) -> None:
    # The count the sealed round shows its zorgkantoor (inschrijving.selectors.verzegeld_aantal): nothing more.
    aantal = Inschrijving.objects.filter(ronde=inschrijving.ronde_id, zorgkantoor=inschrijving.zorgkantoor_id,
                                         status=Status.INGEDIEND).count()
    melden(zorgkantoor_id=inschrijving.zorgkantoor_id, soort=soort,
           data={"ronde": _ronde(inschrijving.ronde), "aantalIngediend": aantal})


@_nooit_fataal
def bij_ingediend(sender, *, indiening: Indiening, **kwargs) -> None:
    _aantal(indiening.inschrijving, Gebeurtenis.INGEDIEND)


@_nooit_fataal
def bij_ingetrokken(sender, *, inschrijving: Inschrijving, **kwargs) -> None:
    """A withdrawal lowers the count; like a submission it says nothing of who."""
    _aantal(inschrijving, Gebeurtenis.INGETROKKEN)


@_nooit_fataal
def bij_geopend(sender, *, opening: Opening, **kwargs) -> None:
    melden(zorgkantoor_id=opening.zorgkantoor_id, soort=Gebeurtenis.GEOPEND, data={
        "ronde": _ronde(opening.ronde), "geopendOp": _moment(opening.geopend_op),
        "aantalIngediend": opening.aantal_ingediend, "aantalIngetrokken": opening.aantal_ingetrokken,
        "vingerafdruk": opening.vingerafdruk, "procesVerbaalSha256": opening.proces_verbaal_sha256,
        "inschrijvingen": portaal_url("api:inschrijving-list")})


@_nooit_fataal
def bij_besloten(sender, *, besluit, **kwargs) -> None:
    inschrijving = besluit.beoordeling.inschrijving
    melden(zorgkantoor_id=inschrijving.zorgkantoor_id, soort=Gebeurtenis.BESLOTEN, data={
        "inschrijving": _inschrijving(inschrijving),
        "besluit": {"soort": besluit.soort, "onderVoorwaarden": besluit.onder_voorwaarden,
                    "goedgekeurdOp": _moment(besluit.goedgekeurd_op),
                    "reagerenVoor": besluit.reageren_voor.isoformat() if besluit.reageren_voor else None}})


@_nooit_fataal
def bij_geaccepteerd(sender, *, besluit, **kwargs) -> None:
    inschrijving, overeenkomst = besluit.beoordeling.inschrijving, besluit.overeenkomst
    melden(zorgkantoor_id=inschrijving.zorgkantoor_id, soort=Gebeurtenis.GEACCEPTEERD, data={
        "inschrijving": _inschrijving(inschrijving), "geaccepteerdOp": _moment(besluit.reactie_op),
        "overeenkomst": {"id": overeenkomst.pk, "url": portaal_url("api:overeenkomst-detail", overeenkomst.pk),
                         "soort": overeenkomst.soort, "ingangsdatum": overeenkomst.ingangsdatum.isoformat(),
                         "einddatum": overeenkomst.einddatum.isoformat(),
                         "onderVoorwaarden": overeenkomst.onder_voorwaarden}})
