"""The assessment carries its inschrijving's zorgkantoor and round (issue 10): the queue's counts per fase are then
read from one index of this table (``beoordeling.selectors.te_tellen_voor``) instead of a join of the assessments,
the inschrijvingen and the indieningen of a whole round (10,000 of each: 10–17 ms for every queue page).

Those counts only follow the same rule as ``inschrijving.selectors.zichtbaar_voor_zorgkantoor`` if what that rule
checks on the inschrijving cannot differ for an inschrijving under assessment. The database makes sure:

* ``beoordeling_beoordeling``: zorgkantoor_id and ronde_id are refused unless they are the inschrijving's;
* ``inschrijving_inschrijving``: its zorgkantoor, round and status do not change once it has an assessment (an
  assessment is made only for an inschrijving that was submitted when its round closed: ``pipeline``);
* ``inschrijving_indiening``: the submission an assessment assesses is not withdrawn afterwards.

A refusal is an IntegrityError (PostgreSQL restrict_violation; SQLite RAISE(ABORT)), as for the other triggers.

Also an index on the results per assessment and uitkomst: each queue row counts its open results from it.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from inschrijving.triggers import trigger_migratie

POSTGRES = r"""
CREATE OR REPLACE FUNCTION beoordeling_zelfde_als_inschrijving() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    eigen inschrijving_inschrijving%ROWTYPE;
BEGIN
    SELECT * INTO eigen FROM inschrijving_inschrijving WHERE id = NEW.inschrijving_id;
    IF (NEW.zorgkantoor_id, NEW.ronde_id) IS DISTINCT FROM (eigen.zorgkantoor_id, eigen.ronde_id) THEN
        RAISE EXCEPTION 'Beoordeling %: zorgkantoor en ronde zijn die van de inschrijving', NEW.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER beoordeling_zelfde_als_inschrijving
    BEFORE INSERT OR UPDATE ON beoordeling_beoordeling
    FOR EACH ROW EXECUTE FUNCTION beoordeling_zelfde_als_inschrijving();

CREATE OR REPLACE FUNCTION inschrijving_vast_in_beoordeling() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.zorgkantoor_id, NEW.ronde_id, NEW.status) IS DISTINCT FROM (OLD.zorgkantoor_id, OLD.ronde_id, OLD.status)
       AND EXISTS (SELECT 1 FROM beoordeling_beoordeling b WHERE b.inschrijving_id = OLD.id) THEN
        RAISE EXCEPTION 'Inschrijving % wordt beoordeeld: zorgkantoor, ronde en status liggen vast', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER inschrijving_vast_in_beoordeling
    BEFORE UPDATE ON inschrijving_inschrijving
    FOR EACH ROW EXECUTE FUNCTION inschrijving_vast_in_beoordeling();

CREATE OR REPLACE FUNCTION indiening_vast_in_beoordeling() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ingetrokken_op IS DISTINCT FROM OLD.ingetrokken_op
       AND EXISTS (SELECT 1 FROM beoordeling_beoordeling b WHERE b.indiening_id = OLD.id) THEN
        RAISE EXCEPTION 'Indiening % wordt beoordeeld en kan niet meer worden ingetrokken', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER indiening_vast_in_beoordeling
    BEFORE UPDATE ON inschrijving_indiening
    FOR EACH ROW EXECUTE FUNCTION indiening_vast_in_beoordeling();
"""

POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS indiening_vast_in_beoordeling ON inschrijving_indiening;
DROP FUNCTION IF EXISTS indiening_vast_in_beoordeling();
DROP TRIGGER IF EXISTS inschrijving_vast_in_beoordeling ON inschrijving_inschrijving;
DROP FUNCTION IF EXISTS inschrijving_vast_in_beoordeling();
DROP TRIGGER IF EXISTS beoordeling_zelfde_als_inschrijving ON beoordeling_beoordeling;
DROP FUNCTION IF EXISTS beoordeling_zelfde_als_inschrijving();
"""

_ANDERS = """(NEW.zorgkantoor_id IS NOT (SELECT zorgkantoor_id FROM inschrijving_inschrijving WHERE id = NEW.inschrijving_id)
        OR NEW.ronde_id IS NOT (SELECT ronde_id FROM inschrijving_inschrijving WHERE id = NEW.inschrijving_id))"""

SQLITE = [
    f"""CREATE TRIGGER beoordeling_zelfde_bij_invoegen BEFORE INSERT ON beoordeling_beoordeling WHEN {_ANDERS}
    BEGIN SELECT RAISE(ABORT, 'Beoordeling: zorgkantoor en ronde zijn die van de inschrijving'); END""",
    f"""CREATE TRIGGER beoordeling_zelfde_bij_wijzigen BEFORE UPDATE ON beoordeling_beoordeling WHEN {_ANDERS}
    BEGIN SELECT RAISE(ABORT, 'Beoordeling: zorgkantoor en ronde zijn die van de inschrijving'); END""",
    """CREATE TRIGGER inschrijving_vast_in_beoordeling BEFORE UPDATE ON inschrijving_inschrijving
    WHEN (NEW.zorgkantoor_id IS NOT OLD.zorgkantoor_id OR NEW.ronde_id IS NOT OLD.ronde_id
          OR NEW.status IS NOT OLD.status)
        AND EXISTS (SELECT 1 FROM beoordeling_beoordeling WHERE inschrijving_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'Inschrijving wordt beoordeeld: zorgkantoor, ronde en status liggen vast'); END""",
    """CREATE TRIGGER indiening_vast_in_beoordeling BEFORE UPDATE ON inschrijving_indiening
    WHEN NEW.ingetrokken_op IS NOT OLD.ingetrokken_op
        AND EXISTS (SELECT 1 FROM beoordeling_beoordeling WHERE indiening_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'Indiening wordt beoordeeld en kan niet meer worden ingetrokken'); END""",
]
SQLITE_TRIGGERS = ["beoordeling_zelfde_bij_invoegen", "beoordeling_zelfde_bij_wijzigen",
                   "inschrijving_vast_in_beoordeling", "indiening_vast_in_beoordeling"]


def _invullen(apps, schema_editor):
    Beoordeling = apps.get_model("beoordeling", "Beoordeling")
    Inschrijving = apps.get_model("inschrijving", "Inschrijving")
    van = Inschrijving.objects.filter(pk=OuterRef("inschrijving_id"))
    Beoordeling.objects.update(zorgkantoor_id=Subquery(van.values("zorgkantoor_id")[:1]),
                               ronde_id=Subquery(van.values("ronde_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("beoordeling", "0009_werkvoorraad_sortering_op_naam"),
        ("inschrijving", "0020_virusscan_na_het_uploaden"),
    ]

    operations = [
        migrations.AddField(
            model_name="beoordeling",
            name="zorgkantoor",
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="inschrijving.zorgkantoor"),
        ),
        migrations.AddField(
            model_name="beoordeling",
            name="ronde",
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="inschrijving.inkoopronde"),
        ),
        migrations.RunPython(_invullen, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="beoordeling",
            name="zorgkantoor",
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="inschrijving.zorgkantoor"),
        ),
        migrations.AlterField(
            model_name="beoordeling",
            name="ronde",
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="inschrijving.inkoopronde"),
        ),
        migrations.AddIndex(
            model_name="beoordeling",
            index=models.Index(fields=["zorgkantoor", "ronde", "fase"], name="beoordeling_telling_idx"),
        ),
        migrations.AddIndex(
            model_name="toetsresultaat",
            index=models.Index(fields=["beoordeling", "uitkomst"], name="resultaat_per_uitkomst_idx"),
        ),
        trigger_migratie(postgres=POSTGRES, postgres_terug=POSTGRES_TERUG, sqlite=SQLITE,
                         sqlite_triggers=SQLITE_TRIGGERS),
    ]
