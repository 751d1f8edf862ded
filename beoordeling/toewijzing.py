"""Who works on an assessment: assigning it to a zorginkoper of the same zorgkantoor, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.models import Beoordeling
from beoordeling.selectors import beoordelingen_voor
from inschrijving.models import Gebruiker, Rol


def behandelaars(zorgkantoor_id: int | None) -> QuerySet[Gebruiker]:
    """The people an assessment of this zorgkantoor can be assigned to: its active zorginkopers."""
    return Gebruiker.objects.filter(rol=Rol.ZORGINKOPER, zorgkantoor_id=zorgkantoor_id,
                                    is_active=True).order_by("first_name", "last_name", "pk")


@transaction.atomic
def toewijzen(*, beoordeling: Beoordeling, aan: Gebruiker, door: Gebruiker) -> Beoordeling:
    """Assign ``beoordeling`` to ``aan``; only within ``door``'s own zorgkantoor and scope."""
    if not beoordelingen_voor(door).filter(pk=beoordeling.pk).exists():
        raise PermissionDenied
    beoordeling = (Beoordeling.objects.select_for_update(of=("self",))
                   .select_related("inschrijving", "toegewezen_aan").get(pk=beoordeling.pk))
    if not behandelaars(beoordeling.inschrijving.zorgkantoor_id).filter(pk=aan.pk).exists():
        raise ValidationError(_("%(naam)s is geen zorginkoper van dit zorgkantoor.")
                              % {"naam": aan.get_full_name() or aan.username})
    vorige = beoordeling.toegewezen_aan
    if vorige == aan:
        return beoordeling
    beoordeling.toegewezen_aan = aan
    beoordeling.save(update_fields=["toegewezen_aan", "bijgewerkt_op"])
    omschrijving = _("Toegewezen aan %(aan)s") % {"aan": aan.get_full_name() or aan.username}
    if vorige:
        omschrijving += _(" (was %(vorige)s)") % {"vorige": vorige.get_full_name() or vorige.username}
    audit.log(actie="toegewezen", inschrijving=beoordeling.inschrijving, door=door, omschrijving=omschrijving)
    return beoordeling
