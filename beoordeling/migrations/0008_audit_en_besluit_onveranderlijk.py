"""The audit trail and an approved decision cannot change: database triggers, as for the Indiening
(inschrijving 0007), so no path around the ORM (QuerySet.update, raw SQL, a shell on the server) can alter them.

Refused on ``beoordeling_auditregel``: UPDATE and DELETE (rows are only ever added).

Refused on ``beoordeling_besluit`` once it is approved (``goedgekeurd_op`` set): DELETE, and any UPDATE of the
decision itself (beoordeling_id, voorstel, soort, onder_voorwaarden, voorwaarden, redenen, opslag,
afwijkingsreden, who proposed and approved it and when). What follows the decision is written once, from empty:
the letter with its hash, and the aanbieder's answer (reactie, reactie_door_id, reactie_op). The response term and
the overeenkomst the acceptance creates are left to the services that set them.

A refusal is an IntegrityError (PostgreSQL SQLSTATE 23001 restrict_violation; SQLite RAISE(ABORT)). TRUNCATE, which
the test database flush uses, is not affected.
"""

from django.db import migrations

from inschrijving.triggers import trigger_migratie

POSTGRES = r"""
CREATE OR REPLACE FUNCTION beoordeling_auditregel_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'De audittrail wordt alleen aangevuld: regel % wijzigt niet', OLD.id
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER auditregel_onveranderlijk
    BEFORE UPDATE OR DELETE ON beoordeling_auditregel
    FOR EACH ROW EXECUTE FUNCTION beoordeling_auditregel_onveranderlijk();

CREATE OR REPLACE FUNCTION beoordeling_besluit_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.goedgekeurd_op IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Besluit % is goedgekeurd: verwijderen is niet toegestaan', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.id, NEW.beoordeling_id, NEW.voorstel, NEW.soort, NEW.onder_voorwaarden, NEW.voorwaarden, NEW.redenen,
        NEW.opslag, NEW.afwijkingsreden, NEW.voorgesteld_door_id, NEW.voorgesteld_op, NEW.goedgekeurd_door_id,
        NEW.goedgekeurd_op)
       IS DISTINCT FROM
       (OLD.id, OLD.beoordeling_id, OLD.voorstel, OLD.soort, OLD.onder_voorwaarden, OLD.voorwaarden, OLD.redenen,
        OLD.opslag, OLD.afwijkingsreden, OLD.voorgesteld_door_id, OLD.voorgesteld_op, OLD.goedgekeurd_door_id,
        OLD.goedgekeurd_op) THEN
        RAISE EXCEPTION 'Besluit % is goedgekeurd: het besluit en wie het nam liggen vast', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.brief, NEW.brief_sha256) IS DISTINCT FROM (OLD.brief, OLD.brief_sha256)
       AND (OLD.brief <> '' OR OLD.brief_sha256 <> '' OR NEW.brief = '' OR NEW.brief_sha256 = '') THEN
        RAISE EXCEPTION 'Besluit %: de brief wordt eenmalig vastgelegd (bestand en hash samen)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.reactie, NEW.reactie_door_id, NEW.reactie_op) IS DISTINCT FROM
       (OLD.reactie, OLD.reactie_door_id, OLD.reactie_op)
       AND (OLD.reactie <> '' OR OLD.reactie_door_id IS NOT NULL OR OLD.reactie_op IS NOT NULL) THEN
        RAISE EXCEPTION 'Besluit %: de reactie van de zorgaanbieder wordt eenmalig vastgelegd', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER besluit_onveranderlijk
    BEFORE UPDATE OR DELETE ON beoordeling_besluit
    FOR EACH ROW EXECUTE FUNCTION beoordeling_besluit_onveranderlijk();
"""

POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS besluit_onveranderlijk ON beoordeling_besluit;
DROP FUNCTION IF EXISTS beoordeling_besluit_onveranderlijk();
DROP TRIGGER IF EXISTS auditregel_onveranderlijk ON beoordeling_auditregel;
DROP FUNCTION IF EXISTS beoordeling_auditregel_onveranderlijk();
"""

SQLITE = [
    """CREATE TRIGGER auditregel_niet_wijzigen BEFORE UPDATE ON beoordeling_auditregel
    BEGIN SELECT RAISE(ABORT, 'De audittrail wordt alleen aangevuld'); END""",
    """CREATE TRIGGER auditregel_niet_verwijderen BEFORE DELETE ON beoordeling_auditregel
    BEGIN SELECT RAISE(ABORT, 'De audittrail wordt alleen aangevuld'); END""",
    """CREATE TRIGGER besluit_niet_verwijderen BEFORE DELETE ON beoordeling_besluit
    WHEN OLD.goedgekeurd_op IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'Het besluit is goedgekeurd: verwijderen is niet toegestaan'); END""",
    """CREATE TRIGGER besluit_onveranderlijk BEFORE UPDATE ON beoordeling_besluit
    WHEN OLD.goedgekeurd_op IS NOT NULL AND (
        NEW.id IS NOT OLD.id OR NEW.beoordeling_id IS NOT OLD.beoordeling_id OR NEW.voorstel IS NOT OLD.voorstel
        OR NEW.soort IS NOT OLD.soort OR NEW.onder_voorwaarden IS NOT OLD.onder_voorwaarden
        OR NEW.voorwaarden IS NOT OLD.voorwaarden OR NEW.redenen IS NOT OLD.redenen OR NEW.opslag IS NOT OLD.opslag
        OR NEW.afwijkingsreden IS NOT OLD.afwijkingsreden OR NEW.voorgesteld_door_id IS NOT OLD.voorgesteld_door_id
        OR NEW.voorgesteld_op IS NOT OLD.voorgesteld_op OR NEW.goedgekeurd_door_id IS NOT OLD.goedgekeurd_door_id
        OR NEW.goedgekeurd_op IS NOT OLD.goedgekeurd_op
        OR ((NEW.brief IS NOT OLD.brief OR NEW.brief_sha256 IS NOT OLD.brief_sha256)
            AND (OLD.brief <> '' OR OLD.brief_sha256 <> '' OR NEW.brief = '' OR NEW.brief_sha256 = ''))
        OR ((NEW.reactie IS NOT OLD.reactie OR NEW.reactie_door_id IS NOT OLD.reactie_door_id
             OR NEW.reactie_op IS NOT OLD.reactie_op)
            AND (OLD.reactie <> '' OR OLD.reactie_door_id IS NOT NULL OR OLD.reactie_op IS NOT NULL)))
    BEGIN SELECT RAISE(ABORT, 'Het besluit is goedgekeurd en ligt vast'); END""",
]

SQLITE_TRIGGERS = ["auditregel_niet_wijzigen", "auditregel_niet_verwijderen", "besluit_niet_verwijderen",
                   "besluit_onveranderlijk"]


class Migration(migrations.Migration):
    dependencies = [("beoordeling", "0007_signaal_oordelen_zonder_gesprek")]
    operations = [trigger_migratie(postgres=POSTGRES, postgres_terug=POSTGRES_TERUG, sqlite=SQLITE,
                                   sqlite_triggers=SQLITE_TRIGGERS)]
