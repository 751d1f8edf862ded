"""A stored Indiening cannot change: database triggers, so no path around the ORM (QuerySet.update, raw SQL,
a shell on the server) can alter the legal record either.

Refused on ``inschrijving_indiening``: DELETE, and any UPDATE of id, inschrijving_id, volgnummer,
ingediend_op, ingediend_door_id, snapshot or sha256. Two pairs of columns may be written once, from empty:
the receipt (ontvangstbewijs + ontvangstbewijs_sha256, stored after commit) and the withdrawal
(ingetrokken_op + ingetrokken_door_id). Once set, they are as fixed as the rest.

Refused on ``inschrijving_indiening_documenten`` (the submitted versions): UPDATE, DELETE, and an INSERT of a
document that is not in the snapshot's "documenten" list.

PostgreSQL (production, tests) and SQLite (the laptop default) each get their own triggers. A refusal is an
IntegrityError (PostgreSQL SQLSTATE 23001 restrict_violation; SQLite RAISE(ABORT)). TRUNCATE, which the test
database flush uses, is not affected.
"""

from django.db import migrations

from inschrijving.triggers import trigger_migratie

POSTGRES = r"""
CREATE OR REPLACE FUNCTION inschrijving_indiening_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Indiening % is onveranderlijk: verwijderen is niet toegestaan', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.id, NEW.inschrijving_id, NEW.volgnummer, NEW.ingediend_op, NEW.ingediend_door_id, NEW.snapshot,
        NEW.sha256)
       IS DISTINCT FROM
       (OLD.id, OLD.inschrijving_id, OLD.volgnummer, OLD.ingediend_op, OLD.ingediend_door_id, OLD.snapshot,
        OLD.sha256) THEN
        RAISE EXCEPTION 'Indiening % is onveranderlijk: inhoud, hashes en tijdstippen liggen vast', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.ontvangstbewijs, NEW.ontvangstbewijs_sha256) IS DISTINCT FROM
       (OLD.ontvangstbewijs, OLD.ontvangstbewijs_sha256)
       AND (OLD.ontvangstbewijs <> '' OR OLD.ontvangstbewijs_sha256 <> ''
            OR NEW.ontvangstbewijs = '' OR NEW.ontvangstbewijs_sha256 = '') THEN
        RAISE EXCEPTION 'Indiening %: de ontvangstbevestiging wordt eenmalig vastgelegd (bestand en hash samen)',
            OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.ingetrokken_op, NEW.ingetrokken_door_id) IS DISTINCT FROM (OLD.ingetrokken_op, OLD.ingetrokken_door_id)
       AND (OLD.ingetrokken_op IS NOT NULL OR OLD.ingetrokken_door_id IS NOT NULL
            OR NEW.ingetrokken_op IS NULL OR NEW.ingetrokken_door_id IS NULL) THEN
        RAISE EXCEPTION 'Indiening %: intrekken wordt eenmalig vastgelegd (tijdstip en gebruiker samen)', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER indiening_onveranderlijk
    BEFORE UPDATE OR DELETE ON inschrijving_indiening
    FOR EACH ROW EXECUTE FUNCTION inschrijving_indiening_onveranderlijk();

CREATE OR REPLACE FUNCTION inschrijving_indiening_documenten_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'De ingediende documenten van indiening % liggen vast', OLD.indiening_id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM inschrijving_indiening i, jsonb_array_elements(i.snapshot -> 'documenten') d
        WHERE i.id = NEW.indiening_id AND (d ->> 'id')::bigint = NEW.document_id
    ) THEN
        RAISE EXCEPTION 'Document % staat niet in de momentopname van indiening %', NEW.document_id,
            NEW.indiening_id USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER indiening_documenten_onveranderlijk
    BEFORE INSERT OR UPDATE OR DELETE ON inschrijving_indiening_documenten
    FOR EACH ROW EXECUTE FUNCTION inschrijving_indiening_documenten_onveranderlijk();
"""

POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS indiening_documenten_onveranderlijk ON inschrijving_indiening_documenten;
DROP FUNCTION IF EXISTS inschrijving_indiening_documenten_onveranderlijk();
DROP TRIGGER IF EXISTS indiening_onveranderlijk ON inschrijving_indiening;
DROP FUNCTION IF EXISTS inschrijving_indiening_onveranderlijk();
"""

SQLITE = [
    """CREATE TRIGGER indiening_niet_verwijderen BEFORE DELETE ON inschrijving_indiening
    BEGIN SELECT RAISE(ABORT, 'Indiening is onveranderlijk: verwijderen is niet toegestaan'); END""",
    """CREATE TRIGGER indiening_onveranderlijk BEFORE UPDATE ON inschrijving_indiening
    WHEN NEW.id IS NOT OLD.id OR NEW.inschrijving_id IS NOT OLD.inschrijving_id
        OR NEW.volgnummer IS NOT OLD.volgnummer OR NEW.ingediend_op IS NOT OLD.ingediend_op
        OR NEW.ingediend_door_id IS NOT OLD.ingediend_door_id OR NEW.snapshot IS NOT OLD.snapshot
        OR NEW.sha256 IS NOT OLD.sha256
        OR ((NEW.ontvangstbewijs IS NOT OLD.ontvangstbewijs
             OR NEW.ontvangstbewijs_sha256 IS NOT OLD.ontvangstbewijs_sha256)
            AND (OLD.ontvangstbewijs <> '' OR OLD.ontvangstbewijs_sha256 <> ''
                 OR NEW.ontvangstbewijs = '' OR NEW.ontvangstbewijs_sha256 = ''))
        OR ((NEW.ingetrokken_op IS NOT OLD.ingetrokken_op OR NEW.ingetrokken_door_id IS NOT OLD.ingetrokken_door_id)
            AND (OLD.ingetrokken_op IS NOT NULL OR OLD.ingetrokken_door_id IS NOT NULL
                 OR NEW.ingetrokken_op IS NULL OR NEW.ingetrokken_door_id IS NULL))
    BEGIN SELECT RAISE(ABORT, 'Indiening is onveranderlijk'); END""",
    """CREATE TRIGGER indiening_documenten_niet_wijzigen BEFORE UPDATE ON inschrijving_indiening_documenten
    BEGIN SELECT RAISE(ABORT, 'De ingediende documenten liggen vast'); END""",
    """CREATE TRIGGER indiening_documenten_niet_verwijderen BEFORE DELETE ON inschrijving_indiening_documenten
    BEGIN SELECT RAISE(ABORT, 'De ingediende documenten liggen vast'); END""",
    """CREATE TRIGGER indiening_documenten_uit_snapshot BEFORE INSERT ON inschrijving_indiening_documenten
    WHEN NOT EXISTS (
        SELECT 1 FROM inschrijving_indiening i, json_each(i.snapshot, '$.documenten') d
        WHERE i.id = NEW.indiening_id AND json_extract(d.value, '$.id') = NEW.document_id)
    BEGIN SELECT RAISE(ABORT, 'Document staat niet in de momentopname van de indiening'); END""",
]

SQLITE_TRIGGERS = ["indiening_niet_verwijderen", "indiening_onveranderlijk", "indiening_documenten_niet_wijzigen",
                   "indiening_documenten_niet_verwijderen", "indiening_documenten_uit_snapshot"]


class Migration(migrations.Migration):

    dependencies = [
        ("inschrijving", "0006_zelfanalyse"),
    ]

    operations = [
        trigger_migratie(postgres=POSTGRES, postgres_terug=POSTGRES_TERUG, sqlite=SQLITE,
                         sqlite_triggers=SQLITE_TRIGGERS),
    ]
