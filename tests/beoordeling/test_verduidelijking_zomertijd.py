"""A verzoek om verduidelijking across the DST switch: the five werkdagen end at 23:59:59 Dutch time, in the
stored termijn, the e-mail and the server's refusal one second later (beoordeling/werkdagen.py end to end)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from beoordeling import pipeline, verduidelijking
from beoordeling.models import Beoordeling, Verduidelijkingsverzoek
from inschrijving.models import Bericht
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.django_db
@pytest.mark.parametrize(("sluiting", "vraag_op", "termijn_utc", "termijn_tekst"), [
    # Round closed in winter time; asked on Friday 27 March 2026 (CET); due in summer time.
    (datetime(2026, 3, 20, 17, 0, tzinfo=AMS), datetime(2026, 3, 27, 10, 0, tzinfo=AMS),
     datetime(2026, 4, 7, 21, 59, 59, tzinfo=UTC), "dinsdag 7 april 2026, 23:59:59 uur"),
    # Round closed in summer time; asked on Friday 23 October 2026 (CEST); due in winter time.
    (datetime(2026, 10, 16, 17, 0, tzinfo=AMS), datetime(2026, 10, 23, 10, 0, tzinfo=AMS),
     datetime(2026, 10, 30, 22, 59, 59, tzinfo=UTC), "vrijdag 30 oktober 2026, 23:59:59 uur"),
])
def test_verduidelijking_over_de_overgang_tot_en_met_23_59_59_nederlandse_tijd(sluiting, vraag_op, termijn_utc,
                                                                               termijn_tekst):
    """The verzoek om verduidelijking, end to end: the termijn stored, mailed, and enforced at local midnight."""
    ronde, zk, inkopers, [inschrijving] = gesloten_ronde_met_indieningen(("3",), sluiting=sluiting)
    with time_machine.travel(sluiting + timedelta(days=1), tick=False):
        for pk in pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk):
            pipeline.stap1_volledigheid(pk)
            pipeline.stap2_controle(pk)
    beoordeling = Beoordeling.objects.get(inschrijving=inschrijving)
    bestuurder = inschrijving.zorgaanbieder.gebruikers.get()
    with time_machine.travel(vraag_op, tick=False):
        verzoek = verduidelijking.verzoek_stellen(beoordeling=beoordeling, vraag="Licht uw begroting toe.",
                                                  door=inkopers[0])
    verzoek = Verduidelijkingsverzoek.objects.get(pk=verzoek.pk)  # as stored in the database
    assert verzoek.termijn == termijn_utc
    assert verduidelijking.nl_tijd(verzoek.termijn) == termijn_tekst
    assert termijn_tekst in Bericht.objects.get(aan=bestuurder.email, onderwerp__contains="verduidelijking").tekst

    laatste_seconde = termijn_utc.astimezone(AMS)
    assert (laatste_seconde.hour, laatste_seconde.minute, laatste_seconde.second) == (23, 59, 59)
    # Not expired at 23:59:59 Dutch time on the last day; expired one second later (00:00:00 the next day).
    assert verduidelijking.verlopen_afhandelen(laatste_seconde) == 0
    with time_machine.travel(laatste_seconde + timedelta(seconds=1), tick=False), pytest.raises(ValidationError):
        verduidelijking.verzoek_beantwoorden(verzoek=verzoek, antwoord="Te laat.", door=bestuurder)
    with time_machine.travel(laatste_seconde, tick=False):
        verduidelijking.verzoek_beantwoorden(verzoek=verzoek, antwoord="Op tijd.", door=bestuurder)
    verzoek.refresh_from_db()
    assert verzoek.beantwoord_op == laatste_seconde and verzoek.antwoord == "Op tijd."
