"""``manage.py demo_gesprek AANBIEDER``: in the demo, let a planned gesprek have taken place (only with DEBUG on).

``gesprek_afronden`` refuses to close a gesprek before its planned moment, and an invitation must lie in the future;
both rules stay as they are. In the demo nobody wants to wait a week, so this command moves the moment of a gesprek
the zorginkoper has already planned in the portal to one hour ago, as if it took place, and records that in the
audit trail. It only works with ``DJANGO_DEBUG=true`` (like ``demo_code``) and only for a demo aanbieder in a demo
round (``inschrijving.demo.is_demo``); a real round is never touched.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from beoordeling import audit
from beoordeling.gesprek import nl_tijd
from beoordeling.models import Beoordeling, Fase, Gesprek
from inschrijving.demo import is_demo
from inschrijving.models import Gebruiker

GELEDEN = timedelta(hours=1)


def _beoordelingen(aanduiding: str) -> list[Beoordeling]:
    """The demo assessments in the gesprek phase of an inschrijving number, a demo user name or its prefix."""
    qs = Beoordeling.objects.filter(fase=Fase.GESPREK).select_related(
        "inschrijving__ronde", "inschrijving__zorgaanbieder", "inschrijving__zorgkantoor").order_by("pk")
    if aanduiding.isdigit():
        qs = qs.filter(inschrijving_id=int(aanduiding))
    else:
        gebruikersnaam = aanduiding if "." in aanduiding else f"{aanduiding}.bestuurder"
        gebruiker = Gebruiker.objects.filter(username=gebruikersnaam, zorgaanbieder__isnull=False).first()
        if gebruiker is None:
            raise CommandError(f"Geen demo-zorgaanbieder gevonden voor '{aanduiding}'. Geef een inschrijvingsnummer, "
                               "een gebruikersnaam (bv. horizon.bestuurder) of het voorvoegsel (bv. horizon).")
        qs = qs.filter(inschrijving__zorgaanbieder=gebruiker.zorgaanbieder_id)
    return [b for b in qs if is_demo(b.inschrijving)]


@transaction.atomic
def gesprek_heeft_plaatsgevonden(beoordeling: Beoordeling) -> Gesprek:
    """Move the planned gesprek of a demo assessment to one hour ago, with an audit line (no e-mail: nothing changes
    for the aanbieder but the demo clock). The caller has checked DEBUG and ``is_demo``."""
    gesprek = Gesprek.objects.select_for_update().filter(beoordeling=beoordeling).first()
    if gesprek is None:
        raise CommandError(
            f"Er is nog geen gesprek gepland met {beoordeling.inschrijving.zorgaanbieder}. Nodig de zorgaanbieder "
            "eerst uit in het portaal (beoordeling, Stap 3: gesprek), met een datum in de toekomst.")
    if gesprek.afgerond_op:
        raise CommandError("Dit gesprek is al afgerond.")
    oud, gesprek.datum = gesprek.datum, timezone.now() - GELEDEN
    gesprek.save(update_fields=["datum"])
    audit.log(actie="demo_gesprek", inschrijving=beoordeling.inschrijving,
              omschrijving=f"Demo (manage.py demo_gesprek, alleen in ontwikkelmodus): het gesprek van {nl_tijd(oud)} "
                           f"is verplaatst naar {nl_tijd(gesprek.datum)}, alsof het heeft plaatsgevonden.")
    return gesprek


class Command(BaseCommand):
    help = ("Demo: verplaatst een gepland gesprek naar een uur geleden, zodat de zorginkoper het meteen kan afronden "
            "(alleen in ontwikkelmodus en alleen voor de demo).")

    def add_arguments(self, parser):
        parser.add_argument("aanbieder", help="inschrijvingsnummer, of demo-gebruiker of voorvoegsel (bv. horizon)")

    def handle(self, *args, aanbieder, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen beschikbaar met DJANGO_DEBUG=true.")
        beoordelingen = _beoordelingen(aanbieder.strip())
        if not beoordelingen:
            raise CommandError(f"Geen demo-inschrijving van '{aanbieder}' in de fase gesprek. Rond eerst de controle "
                               "af in het portaal; daarna staat de beoordeling in de fase gesprek.")
        if len(beoordelingen) > 1:
            keuze = "; ".join(f"{b.inschrijving_id} ({b.inschrijving.zorgkantoor}, {b.inschrijving.ronde})"
                              for b in beoordelingen)
            raise CommandError(f"Meer dan één inschrijving in de fase gesprek; geef het nummer: {keuze}.")
        beoordeling = beoordelingen[0]
        gesprek = gesprek_heeft_plaatsgevonden(beoordeling)
        self.stdout.write(self.style.SUCCESS(
            f"Het gesprek met {beoordeling.inschrijving.zorgaanbieder} vond plaats op {nl_tijd(gesprek.datum)}. "
            "Leg in het portaal het verslag vast en rond het gesprek af."))
