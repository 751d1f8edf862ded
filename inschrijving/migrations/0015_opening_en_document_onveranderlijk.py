"""The proces-verbaal van opening and the stored document versions cannot change: database triggers, as for the
Indiening (0007), so no path around the ORM (QuerySet.update, raw SQL, a shell on the server) can alter them.

Refused on ``inschrijving_opening``: UPDATE and DELETE (an opening is recorded once).

Refused on ``inschrijving_document``: any UPDATE of what identifies the uploaded file (id, inschrijving_id,
documenttype_id, versie, bestand, weergavenaam, grootte, sha256, mime, geupload_op, geupload_door_id);
``vervangen_op`` is written once, from empty. The details the aanbieder typed beside a document (afgiftedatum and
the like) may still be corrected before the sluitingstijd: the snapshot of each submission holds them as they were.
A version that a submission holds cannot be deleted (the trigger of 0007 on the submitted versions refuses it); a
draft that was never submitted can.

A refusal is an IntegrityError (PostgreSQL SQLSTATE 23001 restrict_violation; SQLite RAISE(ABORT)). TRUNCATE, which
the test database flush uses, is not affected.
"""

from django.db import migrations

from inschrijving.triggers import SQLITE_DOCUMENT, SQLITE_OPENING, SQLITE_OPENING_TRIGGERS, trigger_migratie

POSTGRES = r"""
CREATE OR REPLACE FUNCTION inschrijving_opening_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Het proces-verbaal van opening % ligt vast', OLD.id USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER opening_onveranderlijk
    BEFORE UPDATE OR DELETE ON inschrijving_opening
    FOR EACH ROW EXECUTE FUNCTION inschrijving_opening_onveranderlijk();

CREATE OR REPLACE FUNCTION inschrijving_document_onveranderlijk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.inschrijving_id, NEW.documenttype_id, NEW.versie, NEW.bestand, NEW.weergavenaam, NEW.grootte,
        NEW.sha256, NEW.mime, NEW.geupload_op, NEW.geupload_door_id)
       IS DISTINCT FROM
       (OLD.id, OLD.inschrijving_id, OLD.documenttype_id, OLD.versie, OLD.bestand, OLD.weergavenaam, OLD.grootte,
        OLD.sha256, OLD.mime, OLD.geupload_op, OLD.geupload_door_id) THEN
        RAISE EXCEPTION 'Document % ligt vast: bestand, hash en tijdstip van uploaden wijzigen niet', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF NEW.vervangen_op IS DISTINCT FROM OLD.vervangen_op AND OLD.vervangen_op IS NOT NULL THEN
        RAISE EXCEPTION 'Document %: vervangen wordt eenmalig vastgelegd', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER document_onveranderlijk
    BEFORE UPDATE ON inschrijving_document
    FOR EACH ROW EXECUTE FUNCTION inschrijving_document_onveranderlijk();
"""

POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS document_onveranderlijk ON inschrijving_document;
DROP FUNCTION IF EXISTS inschrijving_document_onveranderlijk();
DROP TRIGGER IF EXISTS opening_onveranderlijk ON inschrijving_opening;
DROP FUNCTION IF EXISTS inschrijving_opening_onveranderlijk();
"""

SQLITE = [*SQLITE_OPENING, SQLITE_DOCUMENT]

SQLITE_TRIGGERS = [*SQLITE_OPENING_TRIGGERS, "document_onveranderlijk"]


class Migration(migrations.Migration):
    dependencies = [("inschrijving", "0014_kwaliteitkeuze_leveringsvormen")]
    operations = [trigger_migratie(postgres=POSTGRES, postgres_terug=POSTGRES_TERUG, sqlite=SQLITE,
                                   sqlite_triggers=SQLITE_TRIGGERS)]
