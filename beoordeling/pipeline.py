"""The automated steps after closing (002 §4.6): step 1 volledigheid, step 2's automated controls.

Each step runs in one transaction on a locked row and checks the phase first, so a step run twice
records nothing twice, and a worker killed halfway leaves nothing half-written (the transaction is
rolled back and the step simply runs again). Findings come from the same evaluator as the voorcontrole.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beoordeling import audit
from beoordeling.besluitregels import HANDMATIGE_VOORWAARDEN, VOORWAARDEN
from beoordeling.models import Beoordeling, Fase, Toetsresultaat, Uitkomst
from inschrijving.evaluator import CONTROLE, VOLLEDIGHEID, Bevinding, evalueer, handmatige_controles
from inschrijving.models import Inkoopronde, OvereenkomstRegel, Status, Zorgkantoor


def _resultaten(beoordeling: Beoordeling, bevindingen: list[Bevinding]) -> list[Toetsresultaat]:
    nu = timezone.now()
    return [Toetsresultaat(beoordeling=beoordeling, regel=b.regel, stap=b.stap, uitkomst=b.uitkomst, titel=b.titel,
                           toelichting=b.toelichting, bron=b.bron, onderdeel=b.onderdeel, bewijs=b.bewijs,
                           automatisch=b.uitkomst != Uitkomst.HANDMATIG, besloten_op=nu) for b in bevindingen]


def stap1_volledigheid(beoordeling_id: int) -> bool:
    """Record the volledigheid findings; an incomplete inschrijving is not taken into consideration."""
    with transaction.atomic():
        b = Beoordeling.objects.select_for_update().select_related("indiening", "inschrijving").get(pk=beoordeling_id)
        if b.fase != Fase.NIEUW or b.stap1_klaar_op:
            return False
        bevindingen = [x for x in evalueer(b.indiening.snapshot) if x.stap == VOLLEDIGHEID]
        Toetsresultaat.objects.bulk_create(_resultaten(b, bevindingen), ignore_conflicts=True)
        ontbreekt = [x for x in bevindingen if x.uitkomst == Uitkomst.VOLDOET_NIET]
        b.stap1_klaar_op = timezone.now()
        b.fout = b.fout_stap = ""
        b.mislukt_op = None
        if ontbreekt:
            b.fase = Fase.NIET_IN_BEHANDELING
        b.save()
        audit.log(actie="stap1_volledigheid", inschrijving=b.inschrijving, omschrijving=(
            _("Onvolledig: %(n)s onderdeel/onderdelen ontbreken; niet in behandeling genomen.") % {"n": len(ontbreekt)}
            if ontbreekt else _("Volledig.")))
        if ontbreekt:
            transaction.on_commit(lambda: _meld_niet_in_behandeling(b.pk))
    return True


def _meld_niet_in_behandeling(beoordeling_id: int) -> None:
    from inschrijving import berichten

    b = Beoordeling.objects.select_related("inschrijving__zorgaanbieder", "inschrijving__zorgkantoor",
                                           "inschrijving__ronde").get(pk=beoordeling_id)
    ontbrekend = b.resultaten.filter(uitkomst=Uitkomst.VOLDOET_NIET, stap=VOLLEDIGHEID)
    tekst = _(
        "Uw inschrijving voor %(ronde)s bij %(zk)s is na de sluitingstijd gecontroleerd op volledigheid. Zij is "
        "niet volledig en wordt daarom niet in behandeling genomen (inkoopkader §4.6). Wat ontbrak:\n\n"
    ) % {"ronde": b.inschrijving.ronde, "zk": b.inschrijving.zorgkantoor}
    tekst += "\n".join(f"- {r.titel}: {r.toelichting} ({r.bron})" for r in ontbrekend)
    tekst += _("\n\nU ontvangt het besluit met de redenen en de mogelijkheid om u één keer opnieuw in te schrijven "
               "via de tussentijdse procedure.")
    with transaction.atomic():
        berichten.verstuur(aan=b.inschrijving.zorgaanbieder.gebruikers.filter(is_active=True),
                           onderwerp=_("Uw inschrijving is niet in behandeling genomen"), tekst=tekst)


def stap2_controle(beoordeling_id: int) -> bool:
    """Record the automated controls, and open the checklist and integriteitstoets for the zorginkoper."""
    with transaction.atomic():
        b = Beoordeling.objects.select_for_update().select_related("indiening", "inschrijving").get(pk=beoordeling_id)
        if b.fase != Fase.NIEUW or not b.stap1_klaar_op or b.stap2_klaar_op:
            return False
        snapshot = b.indiening.snapshot
        bevindingen = [x for x in evalueer(snapshot) if x.stap == CONTROLE]
        bevindingen += handmatige_controles(snapshot)
        bevindingen += integriteitstoets(b)
        Toetsresultaat.objects.bulk_create(_resultaten(b, bevindingen), ignore_conflicts=True)
        b.stap2_klaar_op = timezone.now()
        b.fase = Fase.CONTROLE
        b.fout = b.fout_stap = ""
        b.mislukt_op = None
        b.save()
        niet = sum(1 for x in bevindingen if x.uitkomst == Uitkomst.VOLDOET_NIET)
        audit.log(actie="stap2_controle", inschrijving=b.inschrijving,
                  omschrijving=_("Automatische controles: %(n)s voldoet niet; checklist klaargezet.") % {"n": niet})
    return True


def integriteitstoets(b: Beoordeling) -> list[Bevinding]:
    """The zorgkantoor's own toets on the exclusion criteria (002 §4.6), plus every condition of the round's
    overeenkomst table that only the zorginkoper can answer (e.g. 2016: no verscherpt toezicht)."""
    items = [Bevinding("integriteit.uitsluitingsgronden", CONTROLE, Uitkomst.HANDMATIG,
                       _("Integriteitstoets op de uitsluitingsgronden"),
                       _("Toets op de uitsluitingscriteria uit de eigen bronnen van het zorgkantoor (niet de VOG)."),
                       "002 §4.6", "verklaring")]
    codes = set()
    for rij in OvereenkomstRegel.objects.filter(regelset=b.inschrijving.regelset()):
        codes |= {c for c in rij.voorwaarden if c in HANDMATIGE_VOORWAARDEN}
    items += [Bevinding(f"integriteit.{code}", CONTROLE, Uitkomst.HANDMATIG, str(VOORWAARDEN[code]),
                        _("Vast te stellen door de zorginkoper; bepaalt welke overeenkomst kan worden aangeboden."),
                        "overeenkomsttabel van de regelset", "verklaring") for code in sorted(codes)]
    return items


def fout_vastleggen(beoordeling_id: int, stap: str, fout: BaseException) -> None:
    Beoordeling.objects.filter(pk=beoordeling_id).update(
        fout=f"{type(fout).__name__}: {fout}"[:4000], fout_stap=stap, mislukt_op=timezone.now())


def beoordelingen_aanmaken(*, ronde: Inkoopronde, zorgkantoor: Zorgkantoor) -> list[int]:
    """One assessment per inschrijving submitted (and not withdrawn) at the sluitingstijd. Idempotent."""
    from inschrijving.models import Indiening

    bestaand = set(Beoordeling.objects.filter(inschrijving__ronde=ronde, inschrijving__zorgkantoor=zorgkantoor)
                   .values_list("inschrijving_id", flat=True))
    geldend = {}
    for indiening in (Indiening.objects.filter(inschrijving__ronde=ronde, inschrijving__zorgkantoor=zorgkantoor,
                                               inschrijving__status=Status.INGEDIEND, ingetrokken_op__isnull=True)
                      .order_by("inschrijving_id", "volgnummer").only("pk", "inschrijving_id")):
        geldend[indiening.inschrijving_id] = indiening.pk  # the last one counts
    nieuw = [Beoordeling(inschrijving_id=i, indiening_id=ind) for i, ind in geldend.items() if i not in bestaand]
    Beoordeling.objects.bulk_create(nieuw, ignore_conflicts=True, batch_size=1000)
    return list(Beoordeling.objects.filter(inschrijving_id__in=geldend, fase=Fase.NIEUW).values_list("pk", flat=True))
