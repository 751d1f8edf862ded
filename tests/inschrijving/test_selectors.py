"""The scoping selectors called directly: who sees which rounds, inschrijvingen, submissions, documents,
beoordelingen and inregel items.

The world (``w``): in one round zorgkantoren X and Y take part, Z only in another round. At X, aanbieder A
submitted twice (statuten v1, then v2) and uploaded v3 afterwards without submitting; B submitted once; H
submitted, withdrew and submitted again; W submitted and withdrew; C never submitted. A also submitted at Y.
Aanbieders see everything of their own; a zorgkantoor sees nothing of its inschrijvingen until its effective
sluitingstijd (its own AfwijkendePlanning first, else the round's), to the second, and then only the
submission that counts and the documents in it. Users without an organisation see nothing.
"""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from beoordeling.models import (
    AuditRegel,
    Beoordeling,
    Besluit,
    Fase,
    InregelItem,
    Toetsresultaat,
    Verduidelijkingsverzoek,
)
from beoordeling.selectors import (
    beoordelingen_voor,
    inregelitems_voor,
    resultaten,
    te_tellen_voor,
    tellingen_per_fase,
    verlopen_inregelitems,
    voor_tabel,
    voortgang,
)
from inschrijving.models import (
    AfwijkendePlanning,
    Document,
    DocumentType,
    Gebruiker,
    Indiening,
    Inschrijving,
    Overeenkomst,
    Regelset,
    Rol,
    Status,
)
from inschrijving.selectors import (
    actuele_indieningen,
    documenten_voor,
    indieningen_voor,
    inschrijvingen_voor,
    met_sluiting,
    rondes_voor,
    verzegeld_aantal,
)
from tests.factories import (
    GebruikerFactory,
    InkooprondeFactory,
    ZorgaanbiederFactory,
    ZorgkantoorFactory,
    kluis_geopend,
)

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
SLUITING = datetime(2031, 7, 25, 17, 0, 0, tzinfo=AMS)
SECONDE = timedelta(seconds=1)


def bij(moment):
    return time_machine.travel(moment, tick=False)


def gebruiker(**kwargs) -> Gebruiker:
    # No password: hashing one costs a third of a second per user.
    return GebruikerFactory(password=None, **kwargs)


def _inschrijving(ronde, aanbieder, zorgkantoor, status, door):
    return Inschrijving.objects.create(ronde=ronde, zorgaanbieder=aanbieder, zorgkantoor=zorgkantoor,
                                       aanbieder_type="3", type_reden="nieuw", status=status, aangemaakt_door=door)


def _document(inschrijving, documenttype, versie, door):
    Document.objects.filter(inschrijving=inschrijving, documenttype=documenttype, vervangen_op__isnull=True).update(
        vervangen_op=SLUITING - timedelta(days=3))
    return Document.objects.create(inschrijving=inschrijving, documenttype=documenttype, versie=versie,
                                   bestand=f"documenten/{inschrijving.pk}/{versie}.pdf",
                                   weergavenaam=f"statuten-v{versie}.pdf", grootte=1000, sha256="0" * 64,
                                   geupload_door=door)


def _indienen(inschrijving, volgnummer, documenten, door, op):
    indiening = Indiening.objects.create(
        inschrijving=inschrijving, volgnummer=volgnummer, ingediend_op=op, ingediend_door=door,
        snapshot={"documenten": [{"id": d.pk} for d in documenten]}, sha256=f"{volgnummer:064d}")
    indiening.documenten.set(documenten)
    return indiening


def _intrekken(indiening, door):
    Indiening.objects.filter(pk=indiening.pk).update(ingetrokken_op=SLUITING - timedelta(days=1), ingetrokken_door=door)


@pytest.fixture
def w():
    x = ZorgkantoorFactory(naam="Zorgkantoor Selectie X")
    y = ZorgkantoorFactory(naam="Zorgkantoor Selectie Y")
    z = ZorgkantoorFactory(naam="Zorgkantoor Selectie Z")
    ronde = InkooprondeFactory(sluiting=SLUITING, zorgkantoren=[x, y])
    andere_ronde = InkooprondeFactory(sluiting=SLUITING - timedelta(days=365), zorgkantoren=[z])
    statuten = DocumentType.objects.create(regelset=Regelset.objects.create(naam="Regels selectors"),
                                           code="statuten", naam="Statuten")
    namen = {"a": "Stichting Alfa", "b": "Stichting Beta", "c": "Stichting Gamma", "h": "Stichting Herstart",
             "w": "Stichting Weg"}
    mensen = {k: gebruiker(tekenbevoegd=True, zorgaanbieder=ZorgaanbiederFactory(statutaire_naam=naam))
              for k, naam in namen.items()}
    dag = timedelta(days=1)

    a = _inschrijving(ronde, mensen["a"].zorgaanbieder, x, Status.INGEDIEND, mensen["a"])
    a1 = _document(a, statuten, 1, mensen["a"])
    a_1 = _indienen(a, 1, [a1], mensen["a"], SLUITING - 3 * dag)
    a2 = _document(a, statuten, 2, mensen["a"])
    a_2 = _indienen(a, 2, [a2], mensen["a"], SLUITING - 2 * dag)
    a3 = _document(a, statuten, 3, mensen["a"])  # uploaded after submitting, never submitted

    b = _inschrijving(ronde, mensen["b"].zorgaanbieder, x, Status.INGEDIEND, mensen["b"])
    b1 = _document(b, statuten, 1, mensen["b"])
    b_1 = _indienen(b, 1, [b1], mensen["b"], SLUITING - 2 * dag)

    c = _inschrijving(ronde, mensen["c"].zorgaanbieder, x, Status.CONCEPT, mensen["c"])
    c1 = _document(c, statuten, 1, mensen["c"])

    h = _inschrijving(ronde, mensen["h"].zorgaanbieder, x, Status.INGEDIEND, mensen["h"])
    h1 = _document(h, statuten, 1, mensen["h"])
    h_1 = _indienen(h, 1, [h1], mensen["h"], SLUITING - 3 * dag)
    _intrekken(h_1, mensen["h"])
    h2 = _document(h, statuten, 2, mensen["h"])
    h_2 = _indienen(h, 2, [h2], mensen["h"], SLUITING - dag)

    wg = _inschrijving(ronde, mensen["w"].zorgaanbieder, x, Status.INGETROKKEN, mensen["w"])
    w1 = _document(wg, statuten, 1, mensen["w"])
    w_1 = _indienen(wg, 1, [w1], mensen["w"], SLUITING - 3 * dag)
    _intrekken(w_1, mensen["w"])

    d = _inschrijving(ronde, mensen["a"].zorgaanbieder, y, Status.INGEDIEND, mensen["a"])
    d1 = _document(d, statuten, 1, mensen["a"])
    d_1 = _indienen(d, 1, [d1], mensen["a"], SLUITING - 2 * dag)

    # B in the other round at Z, closed a year earlier.
    e = _inschrijving(andere_ronde, mensen["b"].zorgaanbieder, z, Status.INGEDIEND, mensen["b"])
    e1 = _document(e, statuten, 1, mensen["b"])
    e_1 = _indienen(e, 1, [e1], mensen["b"], SLUITING - 400 * dag)

    inkopers = {zk: gebruiker(inkoper=True, zorgkantoor=zk) for zk in (x, y, z)}
    # Opened by two colleagues (recorded as at the sluitingstijd); test_zonder_opening_... shows what that adds.
    for opening_ronde, zk in ((ronde, x), (ronde, y), (andere_ronde, z)):
        kluis_geopend(opening_ronde, zk, inkopers[zk])
    return SimpleNamespace(
        x=x, y=y, z=z, ronde=ronde, andere_ronde=andere_ronde, statuten=statuten,
        a=a, b=b, c=c, h=h, wg=wg, d=d, e=e,
        a1=a1, a2=a2, a3=a3, b1=b1, c1=c1, h1=h1, h2=h2, w1=w1, d1=d1, e1=e1,
        a_1=a_1, a_2=a_2, b_1=b_1, h_1=h_1, h_2=h_2, w_1=w_1, d_1=d_1, e_1=e_1,
        bestuurder_a=mensen["a"], bestuurder_w=mensen["w"],
        medewerker_a=gebruiker(zorgaanbieder=mensen["a"].zorgaanbieder),
        inkoper_x=inkopers[x], inkoper_y=inkopers[y], inkoper_z=inkopers[z],
        beheerder_x=gebruiker(beheerder=True, zorgkantoor=x),
        beheerder=gebruiker(beheerder=True),
    )


# Users the database would refuse (every role belongs to an organisation), as the selectors may still meet
# them in memory: they must see nothing.
def aanbieder_zonder_organisatie():
    return Gebruiker(username="los-aanbieder", rol=Rol.MEDEWERKER)


def inkoper_zonder_zorgkantoor():
    return Gebruiker(username="los-inkoper", rol=Rol.ZORGINKOPER)


def zonder_rol():
    return Gebruiker(username="los", rol="")


LOSSE_GEBRUIKERS = [aanbieder_zonder_organisatie, inkoper_zonder_zorgkantoor, zonder_rol]


def pks(qs) -> set:
    return set(qs.values_list("pk", flat=True))


def ids(*objecten) -> set:
    return {o.pk for o in objecten}


# --- rondes_voor --------------------------------------------------------------------------------------------


def test_aanbieder_ziet_alle_rondes_met_hun_zorgkantoren(w, django_assert_num_queries):
    with django_assert_num_queries(2):
        rondes = {r.pk: {zk.naam for zk in r.zorgkantoren.all()} for r in rondes_voor(w.medewerker_a)}
    assert rondes == {w.ronde.pk: {w.x.naam, w.y.naam}, w.andere_ronde.pk: {w.z.naam}}


@pytest.mark.parametrize(("wie", "verwacht"), [
    ("inkoper_x", ["ronde"]),
    ("inkoper_y", ["ronde"]),
    ("inkoper_z", ["andere_ronde"]),
    # A beheerder of a zorgkantoor is scoped like its zorginkopers; one without sees every round.
    ("beheerder_x", ["ronde"]),
    ("beheerder", ["ronde", "andere_ronde"]),
])
def test_rondes_van_zorgkantoor_en_beheerder(w, wie, verwacht):
    assert pks(rondes_voor(getattr(w, wie))) == {getattr(w, r).pk for r in verwacht}


@pytest.mark.parametrize("maak", [inkoper_zonder_zorgkantoor, zonder_rol])
def test_zonder_organisatie_geen_rondes(w, maak):
    assert not rondes_voor(maak()).exists()


# --- inschrijvingen_voor: aanbieders -----------------------------------------------------------------------


@pytest.mark.parametrize("moment", [SLUITING - timedelta(days=5), SLUITING + timedelta(days=5)])
def test_aanbieder_ziet_elke_eigen_inschrijving_altijd(w, moment):
    with bij(moment):
        assert pks(inschrijvingen_voor(w.medewerker_a)) == ids(w.a, w.d)
        assert pks(inschrijvingen_voor(w.bestuurder_w)) == ids(w.wg)


# --- inschrijvingen_voor: the sealed vault -----------------------------------------------------------------


def test_een_seconde_voor_de_sluitingstijd_is_de_kluis_dicht(w):
    with bij(SLUITING - SECONDE):
        for wie in (w.inkoper_x, w.beheerder_x, w.inkoper_y):
            assert not inschrijvingen_voor(wie).exists()
            assert not indieningen_voor(wie).exists()
            assert not documenten_voor(wie).exists()
        # Only the count: submitted ones at X in this round (not the concept, not the withdrawn one).
        assert verzegeld_aantal(w.inkoper_x, w.ronde) == 3
        assert verzegeld_aantal(w.inkoper_y, w.ronde) == 1


@pytest.mark.parametrize("moment", [SLUITING, SLUITING + timedelta(days=30)])
def test_vanaf_de_sluitingstijd_de_ingediende_inschrijvingen_van_het_eigen_zorgkantoor(w, moment):
    with bij(moment):
        for wie in (w.inkoper_x, w.beheerder_x):
            zichtbaar = inschrijvingen_voor(wie)
            assert pks(zichtbaar) == ids(w.a, w.b, w.h)
            assert {i.sluiting for i in zichtbaar} == {SLUITING}
        assert pks(inschrijvingen_voor(w.inkoper_y)) == ids(w.d)
        assert pks(inschrijvingen_voor(w.inkoper_z)) == ids(w.e)


def test_na_de_sluitingstijd_zonder_opening_blijft_de_kluis_dicht(w):
    """The sluitingstijd alone opens nothing: only the proces-verbaal by two does (issue 9, item 2)."""
    q = ZorgkantoorFactory(naam="Zorgkantoor Selectie Q")
    ronde = InkooprondeFactory(sluiting=SLUITING, zorgkantoren=[q])
    inkoper_q = gebruiker(inkoper=True, zorgkantoor=q)
    f = _inschrijving(ronde, w.bestuurder_a.zorgaanbieder, q, Status.INGEDIEND, w.bestuurder_a)
    f1 = _document(f, w.statuten, 1, w.bestuurder_a)
    _indienen(f, 1, [f1], w.bestuurder_a, SLUITING - timedelta(days=1))
    with bij(SLUITING + timedelta(days=30)):
        assert verzegeld_aantal(inkoper_q, ronde) == 1
        assert not inschrijvingen_voor(inkoper_q).exists()
        assert not indieningen_voor(inkoper_q).exists()
        assert not documenten_voor(inkoper_q).exists()
        kluis_geopend(ronde, q, inkoper_q)
        assert pks(inschrijvingen_voor(inkoper_q)) == ids(f)
        assert pks(documenten_voor(inkoper_q)) == ids(f1)


def test_inschrijvingen_met_hun_ronde_aanbieder_en_zorgkantoor_in_een_query(w, django_assert_num_queries):
    with bij(SLUITING), django_assert_num_queries(1):
        rijen = {(i.ronde.naam, i.zorgaanbieder.statutaire_naam, i.zorgkantoor.naam)
                 for i in inschrijvingen_voor(w.inkoper_x)}
    assert rijen == {(w.ronde.naam, naam, w.x.naam) for naam in ("Stichting Alfa", "Stichting Beta",
                                                                  "Stichting Herstart")}


def test_ingediend_zonder_geldige_indiening_blijft_onzichtbaar(w):
    """Status says submitted, but every submission was withdrawn: nothing counts, nothing shows."""
    _intrekken(w.b_1, w.bestuurder_a)
    with bij(SLUITING):
        assert pks(inschrijvingen_voor(w.inkoper_x)) == ids(w.a, w.h)


@pytest.mark.parametrize("maak", LOSSE_GEBRUIKERS)
def test_zonder_organisatie_niets(w, maak, django_assert_num_queries):
    """Nothing, and without even asking the database (the empty queryset, not a filter on a missing id)."""
    gebruiker = maak()
    with bij(SLUITING + timedelta(days=1)):
        with django_assert_num_queries(0):
            assert list(inschrijvingen_voor(gebruiker)) == []
            assert list(indieningen_voor(gebruiker)) == []
            assert list(beoordelingen_voor(gebruiker)) == []
            assert list(inregelitems_voor(gebruiker)) == []
            assert verzegeld_aantal(gebruiker, w.ronde) == 0
        assert list(documenten_voor(gebruiker)) == []


def test_beheerder_zonder_zorgkantoor_ziet_geen_dossiers(w, django_assert_num_queries):
    with bij(SLUITING + timedelta(days=1)):
        with django_assert_num_queries(0):
            assert list(inschrijvingen_voor(w.beheerder)) == []
            assert list(indieningen_voor(w.beheerder)) == []
            assert list(inregelitems_voor(w.beheerder)) == []
            assert verzegeld_aantal(w.beheerder, w.ronde) == 0
        assert list(documenten_voor(w.beheerder)) == []


def test_verzegeld_aantal_per_ronde_en_zorgkantoor(w):
    assert verzegeld_aantal(w.inkoper_x, w.ronde) == 3
    assert verzegeld_aantal(w.beheerder_x, w.ronde) == 3
    assert verzegeld_aantal(w.inkoper_x, w.andere_ronde) == 0
    assert verzegeld_aantal(w.inkoper_z, w.andere_ronde) == 1
    assert verzegeld_aantal(w.inkoper_z, w.ronde) == 0


def test_ingetrokken_status_telt_ook_met_een_staande_indiening(w):
    """Both must hold: the status says submitted and a submission still stands. An inschrijving marked
    withdrawn stays sealed even if a submission row was left unstamped."""
    Inschrijving.objects.filter(pk=w.b.pk).update(status=Status.INGETROKKEN)
    with bij(SLUITING):
        assert pks(inschrijvingen_voor(w.inkoper_x)) == ids(w.a, w.h)
        assert pks(documenten_voor(w.inkoper_x)) == ids(w.a2, w.h2)
    assert verzegeld_aantal(w.inkoper_x, w.ronde) == 2


# --- a zorgkantoor's own sluitingstijd ---------------------------------------------------------------------


def test_latere_afwijkende_sluiting_houdt_de_kluis_van_dat_zorgkantoor_dicht(w):
    eigen = SLUITING + timedelta(days=1)
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.x, sluiting_inschrijving=eigen)
    with bij(SLUITING + timedelta(hours=1)):
        assert not inschrijvingen_voor(w.inkoper_x).exists()
        assert not documenten_voor(w.inkoper_x).exists()
        # Y follows the round.
        assert pks(inschrijvingen_voor(w.inkoper_y)) == ids(w.d)
    with bij(eigen - SECONDE):
        assert not inschrijvingen_voor(w.inkoper_x).exists()
    with bij(eigen):
        assert pks(inschrijvingen_voor(w.inkoper_x)) == ids(w.a, w.b, w.h)
        assert {i.sluiting for i in inschrijvingen_voor(w.inkoper_x)} == {eigen}


def test_eerdere_afwijkende_sluiting_opent_de_kluis_eerder(w):
    eigen = SLUITING - timedelta(hours=2)
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.x, sluiting_inschrijving=eigen)
    with bij(eigen - SECONDE):
        assert not inschrijvingen_voor(w.inkoper_x).exists()
    with bij(eigen):
        assert pks(inschrijvingen_voor(w.inkoper_x)) == ids(w.a, w.b, w.h)
        assert pks(documenten_voor(w.inkoper_x)) == ids(w.a2, w.b1, w.h2)
        assert not inschrijvingen_voor(w.inkoper_y).exists()


def test_afwijkende_planning_zonder_sluitingstijd_volgt_de_ronde(w):
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.x, sluiting_inschrijving=None,
                                      gesprekken_afgerond=SLUITING + timedelta(days=70))
    with bij(SLUITING - SECONDE):
        assert not inschrijvingen_voor(w.inkoper_x).exists()
    with bij(SLUITING):
        assert pks(inschrijvingen_voor(w.inkoper_x)) == ids(w.a, w.b, w.h)


def test_afwijkende_planning_geldt_alleen_voor_haar_eigen_ronde_en_zorgkantoor(w):
    later = SLUITING + timedelta(days=1)
    AfwijkendePlanning.objects.create(ronde=w.ronde, zorgkantoor=w.y, sluiting_inschrijving=later)
    AfwijkendePlanning.objects.create(ronde=w.andere_ronde, zorgkantoor=w.x, sluiting_inschrijving=later)
    sluiting = dict(met_sluiting(Inschrijving.objects.all()).values_list("pk", "sluiting"))
    assert sluiting == {w.a.pk: SLUITING, w.b.pk: SLUITING, w.c.pk: SLUITING, w.h.pk: SLUITING,
                        w.wg.pk: SLUITING, w.d.pk: later, w.e.pk: w.andere_ronde.sluiting_inschrijving}
    with bij(SLUITING):
        assert pks(inschrijvingen_voor(w.inkoper_x)) == ids(w.a, w.b, w.h)
        assert not inschrijvingen_voor(w.inkoper_y).exists()


# --- only the submission that counts ------------------------------------------------------------------------


def test_actuele_indiening_is_de_laatste_niet_ingetrokken(w):
    # A: the second of two; H: the one after the withdrawn one; W: none (withdrawn).
    assert pks(actuele_indieningen(Indiening.objects.all())) == ids(w.a_2, w.b_1, w.h_2, w.d_1, w.e_1)
    assert pks(actuele_indieningen(Indiening.objects.filter(inschrijving=w.a))) == ids(w.a_2)


def test_actuele_indiening_slaat_een_ingetrokken_laatste_over(w):
    """The latest that was not withdrawn: when only the latest carries the withdrawal stamp, the one before
    it counts."""
    _intrekken(w.a_2, w.bestuurder_a)
    assert pks(actuele_indieningen(Indiening.objects.filter(inschrijving=w.a))) == ids(w.a_1)


def test_aanbieder_ziet_al_zijn_indieningen_ook_vervangen_en_ingetrokken(w):
    with bij(SLUITING + timedelta(days=1)):
        assert pks(indieningen_voor(w.medewerker_a)) == ids(w.a_1, w.a_2, w.d_1)
        assert pks(indieningen_voor(w.bestuurder_w)) == ids(w.w_1)


def test_zorgkantoor_ziet_alleen_de_indiening_die_telt(w, django_assert_num_queries):
    with bij(SLUITING):
        assert pks(indieningen_voor(w.inkoper_x)) == ids(w.a_2, w.b_1, w.h_2)
        assert pks(indieningen_voor(w.inkoper_y)) == ids(w.d_1)
        with django_assert_num_queries(1):
            rijen = {(i.volgnummer, i.inschrijving.zorgaanbieder.statutaire_naam, i.inschrijving.zorgkantoor.naam,
                      i.inschrijving.ronde.naam) for i in indieningen_voor(w.inkoper_x)}
    assert rijen == {(2, "Stichting Alfa", w.x.naam, w.ronde.naam), (1, "Stichting Beta", w.x.naam, w.ronde.naam),
                     (2, "Stichting Herstart", w.x.naam, w.ronde.naam)}


def test_aanbieder_ziet_elke_versie_van_de_eigen_documenten(w, django_assert_num_queries):
    with bij(SLUITING - timedelta(days=1)):
        assert pks(documenten_voor(w.medewerker_a)) == ids(w.a1, w.a2, w.a3, w.d1)
        assert pks(documenten_voor(w.bestuurder_w)) == ids(w.w1)
        with django_assert_num_queries(1):
            rijen = {(doc.documenttype.code, doc.inschrijving.pk) for doc in documenten_voor(w.medewerker_a)}
    assert rijen == {("statuten", w.a.pk), ("statuten", w.d.pk)}


def test_zorgkantoor_ziet_alleen_documenten_uit_de_indiening_die_telt(w, django_assert_num_queries):
    """Not A's v1 (only in the superseded submission), not v3 (uploaded after submitting), not H's withdrawn
    v1, nothing of W (withdrawn) or C (never submitted)."""
    with bij(SLUITING):
        assert pks(documenten_voor(w.inkoper_x)) == ids(w.a2, w.b1, w.h2)
        assert pks(documenten_voor(w.beheerder_x)) == ids(w.a2, w.b1, w.h2)
        assert pks(documenten_voor(w.inkoper_y)) == ids(w.d1)
        with django_assert_num_queries(1):
            rijen = {(doc.documenttype.code, doc.inschrijving.pk) for doc in documenten_voor(w.inkoper_x)}
    assert rijen == {("statuten", w.a.pk), ("statuten", w.b.pk), ("statuten", w.h.pk)}


# --- beoordelingen ----------------------------------------------------------------------------------------


@pytest.fixture
def beoordelingen(w):
    return SimpleNamespace(
        a=Beoordeling.objects.create(inschrijving=w.a, indiening=w.a_2, fase=Fase.NIEUW),
        b=Beoordeling.objects.create(inschrijving=w.b, indiening=w.b_1, fase=Fase.CONTROLE,
                                     toegewezen_aan=w.inkoper_x),
        h=Beoordeling.objects.create(inschrijving=w.h, indiening=w.h_2, fase=Fase.CONTROLE),
        d=Beoordeling.objects.create(inschrijving=w.d, indiening=w.d_1, fase=Fase.GESPREK),
    )


def test_beoordelingen_alleen_voor_het_eigen_zorgkantoor_na_sluiting(w, beoordelingen):
    with bij(SLUITING - SECONDE):
        assert not beoordelingen_voor(w.inkoper_x).exists()
    with bij(SLUITING):
        assert pks(beoordelingen_voor(w.inkoper_x)) == ids(beoordelingen.a, beoordelingen.b, beoordelingen.h)
        assert pks(beoordelingen_voor(w.beheerder_x)) == ids(beoordelingen.a, beoordelingen.b, beoordelingen.h)
        assert pks(beoordelingen_voor(w.inkoper_y)) == ids(beoordelingen.d)
        # An aanbieder never sees a beoordeling, not even of its own inschrijving.
        assert not beoordelingen_voor(w.medewerker_a).exists()
        assert not beoordelingen_voor(w.beheerder).exists()


def test_te_tellen_voor_geeft_dezelfde_beoordelingen_als_beoordelingen_voor(w, beoordelingen):
    """What the queue counts, from the assessment's own zorgkantoor and round (issue 10: counts without a join), is
    exactly what it shows: the assessments of the inschrijvingen the user may see, before and after the
    sluitingstijd, for every kind of user."""
    gebruikers = (w.inkoper_x, w.beheerder_x, w.inkoper_y, w.inkoper_z, w.medewerker_a, w.beheerder)
    for moment in (SLUITING - SECONDE, SLUITING):
        with bij(moment):
            for gebruiker in gebruikers:
                assert pks(te_tellen_voor(gebruiker)) == pks(beoordelingen_voor(gebruiker)), (moment, gebruiker)
    with bij(SLUITING):
        assert pks(te_tellen_voor(w.inkoper_x)) == ids(beoordelingen.a, beoordelingen.b, beoordelingen.h)


def test_rijen_worden_niet_op_de_telindex_gepland(w, beoordelingen):
    """The rows a user gets never filter on the assessment's own zorgkantoor or round: planned around that index,
    with statistics lagging behind a round's bulk insert, a page took minutes (a round-wide index scan per row)."""
    from beoordeling.filters import WerkvoorraadFilter

    with bij(SLUITING):
        sql = [str(beoordelingen_voor(w.inkoper_x).query),
               str(WerkvoorraadFilter({"ronde": w.ronde.pk, "te_laat": True}, queryset=beoordelingen_voor(w.inkoper_x),
                                      request=SimpleNamespace(user=w.inkoper_x)).qs.query)]
    for tekst in sql:
        waar = tekst.split(" WHERE ", 1)[1]  # the conditions, not the columns selected
        assert '"beoordeling_beoordeling"."zorgkantoor_id"' not in waar
        assert '"beoordeling_beoordeling"."ronde_id"' not in waar
    assert '"beoordeling_beoordeling"."ronde_id"' in str(te_tellen_voor(w.inkoper_x).query).split(" WHERE ", 1)[1]


def test_de_database_houdt_een_beoordeling_bij_haar_inschrijving(w, beoordelingen):
    """What the rule on the assessment's own columns relies on (beoordeling migration 0010): its zorgkantoor and
    round are its inschrijving's, and an inschrijving under assessment keeps its zorgkantoor, round, status and
    submission."""
    from django.db import IntegrityError, transaction

    pogingen = [
        lambda: Beoordeling.objects.filter(pk=beoordelingen.a.pk).update(zorgkantoor=w.d.zorgkantoor_id),
        lambda: Beoordeling.objects.filter(pk=beoordelingen.a.pk).update(ronde=w.e.ronde_id),
        lambda: Beoordeling.objects.create(inschrijving=w.c, indiening=w.a_2, zorgkantoor=w.d.zorgkantoor,
                                           ronde=w.c.ronde),
        lambda: Inschrijving.objects.filter(pk=w.a.pk).update(status=Status.INGETROKKEN),
        lambda: Inschrijving.objects.filter(pk=w.a.pk).update(zorgkantoor=w.d.zorgkantoor_id),
        lambda: Indiening.objects.filter(pk=w.a_2.pk).update(ingetrokken_op=SLUITING),
    ]
    for n, poging in enumerate(pogingen):
        with pytest.raises(IntegrityError), transaction.atomic():
            poging()
            pytest.fail(f"poging {n} werd niet geweigerd")
    # Without an assessment the inschrijving is not held: C was never submitted.
    assert Inschrijving.objects.filter(pk=w.c.pk).update(status=Status.INGETROKKEN) == 1


def test_tellingen_per_fase_en_voortgang(w, beoordelingen):
    with bij(SLUITING):
        qs = beoordelingen_voor(w.inkoper_x)
        assert tellingen_per_fase(qs) == {Fase.NIEUW: 1, Fase.CONTROLE: 2}
        # Two of three are past the automatic checks.
        assert voortgang(qs) == (2, 3)
        assert tellingen_per_fase(beoordelingen_voor(w.inkoper_y)) == {Fase.GESPREK: 1}
        assert voortgang(beoordelingen_voor(w.inkoper_y)) == (1, 1)
        assert tellingen_per_fase(beoordelingen_voor(w.inkoper_z)) == {}
        assert voortgang(beoordelingen_voor(w.inkoper_z)) == (0, 0)


def _resultaat(beoordeling, regel, uitkomst, stap="stap1", door=None):
    return Toetsresultaat.objects.create(beoordeling=beoordeling, regel=regel, stap=stap, uitkomst=uitkomst,
                                         titel=regel, toelichting="-", bron="002", besloten_door=door,
                                         besloten_op=SLUITING + timedelta(days=1))


def _verzoek(beoordeling, door, **kwargs):
    return Verduidelijkingsverzoek.objects.create(beoordeling=beoordeling, vraag="Licht toe.", gesteld_door=door,
                                                  gesteld_op=SLUITING + timedelta(days=2),
                                                  termijn=SLUITING + timedelta(days=9), **kwargs)


def test_voor_tabel_telt_bevindingen_laatste_activiteit_en_open_verzoek(w, beoordelingen,
                                                                      django_assert_num_queries):
    for regel, uitkomst in [("r1", "voldoet_niet"), ("r2", "voldoet_niet"), ("r3", "handmatig"), ("r4", "voldoet")]:
        _resultaat(beoordelingen.a, regel, uitkomst)
    _resultaat(beoordelingen.b, "r1", "handmatig")
    _resultaat(beoordelingen.d, "r1", "voldoet_niet")
    eerst, laatst = SLUITING + timedelta(days=1), SLUITING + timedelta(days=3)
    AuditRegel.objects.create(inschrijving=w.a, op=laatst, actie="bekeken")
    AuditRegel.objects.create(inschrijving=w.a, op=eerst, actie="bekeken")
    AuditRegel.objects.create(inschrijving=w.b, op=eerst, actie="bekeken")
    _verzoek(beoordelingen.a, w.inkoper_x)
    _verzoek(beoordelingen.a, w.inkoper_x, beantwoord_op=laatst)
    _verzoek(beoordelingen.b, w.inkoper_x, beantwoord_op=laatst)
    _verzoek(beoordelingen.h, w.inkoper_x, verlopen_op=laatst)
    with bij(SLUITING), django_assert_num_queries(1):
        rijen = {b.inschrijving.zorgaanbieder.statutaire_naam: (
            b.aantal_voldoet_niet, b.aantal_handmatig, b.laatste_activiteit, b.verduidelijking_open,
            b.inschrijving.ronde.naam, b.inschrijving.zorgkantoor.naam,
            b.toegewezen_aan.username if b.toegewezen_aan else None)
            for b in voor_tabel(beoordelingen_voor(w.inkoper_x))}
    assert rijen == {
        "Stichting Alfa": (2, 1, laatst, True, w.ronde.naam, w.x.naam, None),
        "Stichting Beta": (0, 1, eerst, False, w.ronde.naam, w.x.naam, w.inkoper_x.username),
        "Stichting Herstart": (0, 0, None, False, w.ronde.naam, w.x.naam, None),
    }


def test_resultaten_op_stap_en_volgorde_met_wie_besloot(w, beoordelingen, django_assert_num_queries):
    derde = _resultaat(beoordelingen.a, "r3", "voldoet", stap="stap2", door=w.inkoper_x)
    eerste = _resultaat(beoordelingen.a, "r1", "voldoet", stap="stap1")
    tweede = _resultaat(beoordelingen.a, "r2", "handmatig", stap="stap1", door=w.inkoper_y)
    # Corrected afterwards: the row is rewritten (in PostgreSQL it then lies after the second one), yet the
    # order within a step stays the order in which the results were made.
    Toetsresultaat.objects.filter(pk=eerste.pk).update(regel="r1-gecorrigeerd", toelichting="Gecorrigeerd.")
    _resultaat(beoordelingen.b, "r1", "voldoet")
    with django_assert_num_queries(1):
        rijen = [(r.pk, r.besloten_door.username if r.besloten_door else None) for r in resultaten(beoordelingen.a)]
    assert rijen == [(eerste.pk, None), (tweede.pk, w.inkoper_y.username), (derde.pk, w.inkoper_x.username)]


# --- inregel items ------------------------------------------------------------------------------------------


@pytest.fixture
def inregeling(w, beoordelingen):
    def besluit(beoordeling):
        return Besluit.objects.create(beoordeling=beoordeling, voorstel={}, soort="gunnen",
                                      voorgesteld_door=w.inkoper_x, voorgesteld_op=SLUITING + timedelta(days=60))

    def overeenkomst(inschrijving):
        return Overeenkomst.objects.create(zorgaanbieder=inschrijving.zorgaanbieder,
                                           zorgkantoor=inschrijving.zorgkantoor, ingangsdatum=date(2032, 1, 1),
                                           einddatum=date(2032, 12, 31), declaraties_sinds=date(2032, 1, 1))

    def item(beoordeling, besluit_, overeenkomst_, code, vervaldatum, status, **kwargs):
        return InregelItem.objects.create(besluit=besluit_, overeenkomst=overeenkomst_, code=code, titel=code,
                                          moment="Z", vervaldatum=vervaldatum, status=status, **kwargs)

    ba, bb, bd = besluit(beoordelingen.a), besluit(beoordelingen.b), besluit(beoordelingen.d)
    oa, ob, od = overeenkomst(w.a), overeenkomst(w.b), overeenkomst(w.d)
    return SimpleNamespace(
        a_open=item(beoordelingen.a, ba, oa, "open", date(2032, 1, 10), "open"),
        a_geaccepteerd=item(beoordelingen.a, ba, oa, "geaccepteerd", date(2032, 1, 9), "geaccepteerd"),
        a_vandaag=item(beoordelingen.a, ba, oa, "vandaag", date(2032, 1, 11), "open"),
        a_later=item(beoordelingen.a, ba, oa, "later", date(2032, 3, 1), "afgewezen"),
        b_ingediend=item(beoordelingen.b, bb, ob, "ingediend", date(2032, 1, 1), "ingediend"),
        d_afgewezen=item(beoordelingen.d, bd, od, "afgewezen", date(2032, 1, 1), "afgewezen",
                         ingediend_door=w.bestuurder_a, beoordeeld_door=w.inkoper_y),
    )


def test_inregelitems_van_de_eigen_overeenkomsten(w, inregeling, django_assert_num_queries):
    i = inregeling
    assert pks(inregelitems_voor(w.medewerker_a)) == ids(i.a_open, i.a_geaccepteerd, i.a_vandaag, i.a_later,
                                                         i.d_afgewezen)
    assert pks(inregelitems_voor(w.inkoper_x)) == ids(i.a_open, i.a_geaccepteerd, i.a_vandaag, i.a_later,
                                                      i.b_ingediend)
    assert pks(inregelitems_voor(w.beheerder_x)) == pks(inregelitems_voor(w.inkoper_x))
    assert pks(inregelitems_voor(w.inkoper_y)) == ids(i.d_afgewezen)
    assert not inregelitems_voor(w.inkoper_z).exists()
    assert not inregelitems_voor(w.beheerder).exists()
    with django_assert_num_queries(1):
        rijen = {(it.overeenkomst.zorgaanbieder.statutaire_naam, it.overeenkomst.zorgkantoor.naam,
                  it.besluit.beoordeling.inschrijving.ronde.naam, it.ingediend_door.username,
                  it.beoordeeld_door.username)
                 for it in inregelitems_voor(w.inkoper_y)}
    assert rijen == {("Stichting Alfa", w.y.naam, w.ronde.naam, w.bestuurder_a.username, w.inkoper_y.username)}


def test_verlopen_inregelitems_op_een_gegeven_dag(w, inregeling):
    i = inregeling
    # Due before 11 January and not accepted; due on the day itself is not yet overdue.
    assert pks(verlopen_inregelitems(w.inkoper_x, vandaag=date(2032, 1, 11))) == ids(i.a_open, i.b_ingediend)
    assert pks(verlopen_inregelitems(w.inkoper_x, vandaag=date(2032, 1, 12))) == ids(i.a_open, i.a_vandaag,
                                                                                     i.b_ingediend)
    assert pks(verlopen_inregelitems(w.inkoper_y, vandaag=date(2032, 1, 11))) == ids(i.d_afgewezen)
    # Aanbieders get no overdue list, even of their own items.
    assert not verlopen_inregelitems(w.medewerker_a, vandaag=date(2032, 1, 11)).exists()
    assert not verlopen_inregelitems(aanbieder_zonder_organisatie(), vandaag=date(2032, 1, 11)).exists()


def test_verlopen_inregelitems_zonder_dag_neemt_vandaag_in_nederland(w, inregeling):
    # 23:30 UTC on 10 January is already 11 January in Amsterdam.
    with bij(datetime(2032, 1, 10, 23, 30, tzinfo=ZoneInfo("UTC"))):
        assert pks(verlopen_inregelitems(w.inkoper_x)) == ids(inregeling.a_open, inregeling.b_ingediend)
