"""The demo's documented path to an assessment: submit for every type, close the round, start the pipeline."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from beoordeling import pipeline
from beoordeling.models import Beoordeling, Fase
from inschrijving.demo import demo_indienen, maak_demo
from inschrijving.models import Inschrijving, Status

pytestmark = pytest.mark.django_db


def test_demo_indienen_en_sluiten_start_beoordeling_van_elk_type(capsys):
    ronde, _logins = maak_demo()
    with time_machine.travel(ronde.sluiting_inschrijving - timedelta(days=1), tick=False):
        assert len(demo_indienen()) == 5  # four types in the 2022 round, one in the 2016-rules round
        assert demo_indienen() == []  # idempotent
    assert set(Inschrijving.objects.filter(status=Status.INGEDIEND).values_list("aanbieder_type", flat=True)) == {
        "1a", "1b", "2", "3", "gn"}
    call_command("demo_sluit_ronde")
    assert "is gesloten" in capsys.readouterr().out
    ronde.refresh_from_db()
    assert ronde.sluiting_inschrijving < timezone.now()
    assert Beoordeling.objects.count() == 5  # both demo rounds closed and started
    beoordelingen = Beoordeling.objects.filter(inschrijving__ronde=ronde)
    assert beoordelingen.count() == 4
    for b in beoordelingen:
        pipeline.stap1_volledigheid(b.pk)
        pipeline.stap2_controle(b.pk)
    assert set(beoordelingen.values_list("fase", flat=True)) == {Fase.CONTROLE}
