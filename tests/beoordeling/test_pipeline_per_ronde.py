"""Steps 1 and 2 priced per round, not per row (issue 10, item 2): a batch of assessments costs the same number of
queries whatever its size, one message and one commit; a dossier that fails does not hold up the others of its batch
and gets its failure recorded as before; the results are those of the steps run one by one."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.beoordeling import seed
from beoordeling import pipeline, tasks
from beoordeling.models import AuditRegel, Beoordeling, Fase, Toetsresultaat, Volledigheidscontrole
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen
from tests.conftest import wacht_tot

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _beoordelingen(ronde, zk) -> list[int]:
    with transaction.atomic():
        return sorted(pipeline.beoordelingen_aanmaken(ronde=ronde, zorgkantoor=zk))


def test_een_partij_kost_evenveel_queries_bij_5_als_bij_25_beoordelingen():
    ronde, zk, _inkopers = seed(31, eerste_kvk=68_000_000)
    ids = _beoordelingen(ronde, zk)
    pipeline.uitvoeren(ids[:1])  # the first run of the process looks up what later ones have (content types)
    metingen = {}
    for aantal, partij in ((5, ids[1:6]), (25, ids[6:31])):
        with CaptureQueriesContext(connection) as vastgelegd:
            uit = pipeline.uitvoeren(partij)
        assert sorted(uit.stap1) == sorted(uit.stap2) == partij and not uit.mislukt
        metingen[aantal] = [q["sql"] for q in vastgelegd.captured_queries]
    # The rows, the accepted toelichtingen, the readings of files read after their submission (issue 11), the earlier
    # runs, the rule set's manual conditions; one insert per table and one update; BEGIN and COMMIT.
    assert len(metingen[5]) == len(metingen[25]) <= 13, metingen[25]
    # One transaction for the batch: a single commit.
    assert sum(q.startswith(("SAVEPOINT", "RELEASE")) for q in metingen[25]) <= 2
    assert Beoordeling.objects.filter(pk__in=ids, fase=Fase.CONTROLE).count() == 31
    assert AuditRegel.objects.filter(inschrijving__ronde=ronde, actie="stap1_volledigheid").count() == 31
    assert AuditRegel.objects.filter(inschrijving__ronde=ronde, actie="stap2_controle").count() == 31
    assert Volledigheidscontrole.objects.filter(beoordeling__in=ids, nummer=1, volledig=True).count() == 31


def _uitkomsten(b: Beoordeling) -> list[tuple]:
    return sorted(b.resultaten.values_list("regel", "stap", "uitkomst", "titel", "bron", "onderdeel", "automatisch"))


def test_de_partij_geeft_wat_de_stappen_een_voor_een_geven():
    typen = ("3", "3", "1b", "3", "1b")
    _r1, _z1, _i1, los = gesloten_ronde_met_indieningen(typen, onvolledig=1)
    _r2, _z2, _i2, samen = gesloten_ronde_met_indieningen(typen, onvolledig=1)
    ids_los = _beoordelingen(los[0].ronde, los[0].zorgkantoor)
    for pk in ids_los:
        pipeline.stap1_volledigheid(pk)
        pipeline.stap2_controle(pk)
    uit = pipeline.uitvoeren(_beoordelingen(samen[0].ronde, samen[0].zorgkantoor))
    assert len(uit.stap1) == 5 and len(uit.stap2) == 4 and not uit.mislukt
    for een, twee in zip(los, samen, strict=True):
        a, b = Beoordeling.objects.get(inschrijving=een), Beoordeling.objects.get(inschrijving=twee)
        assert (a.fase, _uitkomsten(a)) == (b.fase, _uitkomsten(b))
        assert list(a.volledigheidscontroles.values_list("nummer", "volledig")) == \
            list(b.volledigheidscontroles.values_list("nummer", "volledig"))
        acties = [list(AuditRegel.objects.filter(inschrijving=x, actie__startswith="stap").order_by("pk")
                       .values_list("actie", "omschrijving")) for x in (een, twee)]
        assert acties[0] == acties[1]
    assert Beoordeling.objects.get(inschrijving=samen[0]).fase == Fase.VOORSTEL_NIET_IN_BEHANDELING


def test_een_kapot_dossier_houdt_zijn_partij_niet_op_en_gaat_apart_opnieuw(monkeypatch, celery_worker):
    _ronde, _zk, _inkopers, inschrijvingen = gesloten_ronde_met_indieningen(("3", "3", "3"))
    ids = _beoordelingen(inschrijvingen[0].ronde, inschrijvingen[0].zorgkantoor)
    kapot = Beoordeling.objects.get(inschrijving=inschrijvingen[1])
    kvk = kapot.indiening.snapshot["zorgaanbieder"]["kvk_nummer"]
    echte = pipeline.evalueer

    def evalueer(dossier):  # in this process only; the worker reads the dossier as it is
        if dossier["zorgaanbieder"]["kvk_nummer"] == kvk:
            raise ValueError("regelset onleesbaar")
        return echte(dossier)

    monkeypatch.setattr(pipeline, "evalueer", evalueer)
    uit = pipeline.uitvoeren(ids)
    assert list(uit.mislukt) == [kapot.pk] and sorted(uit.stap1) == sorted(set(ids) - {kapot.pk})
    kapot.refresh_from_db()  # nothing of it written
    assert (kapot.fase, kapot.stap1_klaar_op, kapot.fout) == (Fase.NIEUW, None, "")
    assert not Toetsresultaat.objects.filter(beoordeling=kapot).exists()
    assert not AuditRegel.objects.filter(inschrijving=inschrijvingen[1], actie__startswith="stap").exists()

    # The task: the others were done (nothing twice); the broken one goes on its own chain (stap1_volledigheid, then
    # stap2_controle), whose steps record a failure for the werkvoorraad and retry it as for one inschrijving
    # (test_pipeline.py::test_mislukte_stap_wordt_vastgelegd_en_kan_opnieuw). On the real worker it succeeds.
    assert tasks.automatische_stappen(ids) == 0
    assert wacht_tot(lambda: Beoordeling.objects.get(pk=kapot.pk).fase == Fase.CONTROLE, 60), \
        celery_worker.log.read_text()[-3000:]
    assert "beoordeling.tasks.stap2_controle" in celery_worker.log.read_text()
    assert AuditRegel.objects.filter(inschrijving__in=inschrijvingen, actie="stap1_volledigheid").count() == 3


def test_verstuur_stuurt_een_bericht_per_partij(monkeypatch):
    verstuurd = []  # what would go to Redis: the arguments of each message
    monkeypatch.setattr("celery.canvas.Signature.apply_async", lambda self, *a, **k: verstuurd.append(self.args))
    assert tasks.verstuur(range(1, 2 * tasks.PER_TAAK + 2)) == 2 * tasks.PER_TAAK + 1
    assert [len(args[0]) for args in verstuurd] == [tasks.PER_TAAK, tasks.PER_TAAK, 1]
