"""Installing the database triggers that keep the legal record unchangeable (inschrijving migrations 0007 and 0015,
beoordeling 0008): each migration holds its own SQL, for PostgreSQL (production, tests) and SQLite (the laptop
default); this runs the right one."""

from django.db import migrations

# The proces-verbaal van opening is recorded once (migration 0015). On SQLite a table rebuilt by a later migration
# (0016 adds columns) loses its triggers, so that migration installs these again.
SQLITE_OPENING = [
    """CREATE TRIGGER opening_niet_wijzigen BEFORE UPDATE ON inschrijving_opening
    BEGIN SELECT RAISE(ABORT, 'Het proces-verbaal van opening ligt vast'); END""",
    """CREATE TRIGGER opening_niet_verwijderen BEFORE DELETE ON inschrijving_opening
    BEGIN SELECT RAISE(ABORT, 'Het proces-verbaal van opening ligt vast'); END""",
]
SQLITE_OPENING_TRIGGERS = ["opening_niet_wijzigen", "opening_niet_verwijderen"]

# A stored document version keeps what identifies its file (migration 0015); installed again by 0020, whose new
# columns rebuild the table on SQLite.
SQLITE_DOCUMENT = """CREATE TRIGGER document_onveranderlijk BEFORE UPDATE ON inschrijving_document
    WHEN NEW.id IS NOT OLD.id OR NEW.inschrijving_id IS NOT OLD.inschrijving_id
        OR NEW.documenttype_id IS NOT OLD.documenttype_id OR NEW.versie IS NOT OLD.versie
        OR NEW.bestand IS NOT OLD.bestand OR NEW.weergavenaam IS NOT OLD.weergavenaam
        OR NEW.grootte IS NOT OLD.grootte OR NEW.sha256 IS NOT OLD.sha256 OR NEW.mime IS NOT OLD.mime
        OR NEW.geupload_op IS NOT OLD.geupload_op OR NEW.geupload_door_id IS NOT OLD.geupload_door_id
        OR (NEW.vervangen_op IS NOT OLD.vervangen_op AND OLD.vervangen_op IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'Document ligt vast: bestand, hash en tijdstip van uploaden wijzigen niet'); END"""


def _uitvoeren(schema_editor, *statements):
    # Without parameters, so the driver leaves the '%' of RAISE EXCEPTION alone.
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def trigger_migratie(*, postgres: str, postgres_terug: str, sqlite: list[str],
                     sqlite_triggers: list[str]) -> migrations.RunPython:
    """A RunPython operation that installs the triggers for the database in use, and removes them when reversed."""

    def installeer(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            _uitvoeren(schema_editor, postgres)
        elif vendor == "sqlite":
            _uitvoeren(schema_editor, *sqlite)
        else:
            raise NotImplementedError(f"Geen onveranderlijkheidstriggers voor {vendor}")

    def verwijder(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            _uitvoeren(schema_editor, postgres_terug)
        elif vendor == "sqlite":
            _uitvoeren(schema_editor, *(f"DROP TRIGGER IF EXISTS {naam}" for naam in sqlite_triggers))

    return migrations.RunPython(installeer, verwijder)


def sqlite_triggers_opnieuw(namen: list[str], statements: list[str]) -> migrations.RunPython:
    """A RunPython operation for a migration whose new columns rebuild a table on SQLite, which drops its triggers:
    it installs them again (``namen`` dropped first, then ``statements``). PostgreSQL keeps a table's triggers."""

    def opnieuw(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        _uitvoeren(schema_editor, *(f"DROP TRIGGER IF EXISTS {naam}" for naam in namen), *statements)

    return migrations.RunPython(opnieuw, migrations.RunPython.noop)
