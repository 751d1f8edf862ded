"""Append-only in the database (issue 9, item 5): the audit trail, the proces-verbaal van opening, the stored document
versions and an approved decision cannot be altered by any path — save(), QuerySet.update(), delete() or raw SQL —
because PostgreSQL triggers refuse it (inschrijving migration 0015, beoordeling migration 0008; the submissions
themselves since inschrijving 0007, ``tests/inschrijving/test_onveranderlijk.py``).

And they hold against the application itself: the web app, worker and beat connect as the application's own role
(``manage.py databaserol``), which reads and writes rows but owns no table and is no superuser, so it cannot
disable or drop a trigger or switch triggers off for its session. The last test connects as that role.
"""

from datetime import timedelta

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from beoordeling import audit
from beoordeling.models import AuditRegel, Besluit
from inschrijving.models import Document, Opening
from tests.beoordeling.test_besluit import Geval
from tests.factories import GebruikerFactory
from tests.inschrijving.maak import volledige_inschrijving
from tests.inschrijving.test_onveranderlijk import geweigerd, sql

pytestmark = pytest.mark.django_db


def test_de_audittrail_wordt_alleen_aangevuld():
    inschrijving, bestuurder = volledige_inschrijving("3")
    audit.log(actie="proef", inschrijving=inschrijving, door=bestuurder, omschrijving="origineel")
    regel = AuditRegel.objects.get(actie="proef")
    melding = "De audittrail wordt alleen aangevuld"
    geweigerd(lambda: AuditRegel.objects.filter(pk=regel.pk).update(omschrijving="vervalst"), melding)
    geweigerd(lambda: AuditRegel.objects.filter(pk=regel.pk).delete(), melding)
    geweigerd(lambda: sql("UPDATE beoordeling_auditregel SET op = op - interval '1 day' WHERE id = %s", regel.pk),
              melding)
    geweigerd(lambda: sql("DELETE FROM beoordeling_auditregel WHERE id = %s", regel.pk), melding)
    regel.refresh_from_db()
    assert regel.omschrijving == "origineel"
    audit.log(actie="proef", inschrijving=inschrijving, door=bestuurder, omschrijving="nog een")  # adding works
    assert AuditRegel.objects.filter(actie="proef").count() == 2


def test_het_proces_verbaal_van_opening_ligt_vast():
    inschrijving, _b = volledige_inschrijving("3")
    opening = Opening.objects.create(ronde=inschrijving.ronde, zorgkantoor=inschrijving.zorgkantoor,
                                     geopend_door=GebruikerFactory(inkoper=True, zorgkantoor=inschrijving.zorgkantoor),
                                     geopend_op=timezone.now(), aantal_ingediend=3)
    melding = "Het proces-verbaal van opening"
    geweigerd(lambda: Opening.objects.filter(pk=opening.pk).update(aantal_ingediend=2), melding)
    geweigerd(lambda: Opening.objects.filter(pk=opening.pk).update(geopend_op=opening.geopend_op
                                                                    - timedelta(hours=1)), melding)
    geweigerd(lambda: sql("DELETE FROM inschrijving_opening WHERE id = %s", opening.pk), melding)


def test_een_documentversie_houdt_zijn_bestand_hash_en_uploadtijd():
    inschrijving, _b = volledige_inschrijving("3")
    document = Document.objects.get(inschrijving=inschrijving, documenttype__code="vog_rp")
    melding = "ligt vast"
    for veld, waarde in (("sha256", "0" * 64), ("bestand", "documenten/ander.pdf"), ("grootte", 1),
                         ("geupload_op", document.geupload_op - timedelta(days=1)), ("versie", 7)):
        geweigerd(lambda veld=veld, waarde=waarde: Document.objects.filter(pk=document.pk).update(**{veld: waarde}),
                  melding)
    geweigerd(lambda: sql("UPDATE inschrijving_document SET sha256 = %s WHERE id = %s", "f" * 64, document.pk),
              melding)
    # Replacing it is recorded once; the typed details beside it may still be corrected before the deadline.
    nu = timezone.now()
    Document.objects.filter(pk=document.pk).update(vervangen_op=nu)
    geweigerd(lambda: Document.objects.filter(pk=document.pk).update(vervangen_op=nu + timedelta(hours=1)),
              "eenmalig")
    Document.objects.filter(pk=document.pk).update(rechtspersoon="Gecorrigeerd B.V.")
    document.refresh_from_db()
    assert (document.vervangen_op, document.rechtspersoon) == (nu, "Gecorrigeerd B.V.")


def test_een_goedgekeurd_besluit_ligt_vast_en_brief_en_reactie_komen_er_eenmalig_bij(
        django_capture_on_commit_callbacks):
    g = Geval("1b")
    besluit = g.voorstellen()
    # Before approval the proposal can still be corrected (the four-eyes step exists for that).
    Besluit.objects.filter(pk=besluit.pk).update(afwijkingsreden="")
    besluit = g.goedkeuren(besluit, django_capture_on_commit_callbacks)
    assert besluit.goedgekeurd_op and besluit.brief_sha256
    melding = "is goedgekeurd"
    for veld, waarde in (("soort", "afwijzing"), ("redenen", [{"regel": "x"}]), ("goedgekeurd_door", g.inkoper),
                         ("voorgesteld_op", besluit.voorgesteld_op - timedelta(days=1))):
        geweigerd(lambda veld=veld, waarde=waarde: Besluit.objects.filter(pk=besluit.pk).update(**{veld: waarde}),
                  melding)
    geweigerd(lambda: sql("DELETE FROM beoordeling_besluit WHERE id = %s", besluit.pk), melding)
    geweigerd(lambda: Besluit.objects.filter(pk=besluit.pk).update(brief_sha256="0" * 64), "eenmalig")
    # The aanbieder's answer is written once.
    Besluit.objects.filter(pk=besluit.pk).update(reactie="geaccepteerd", reactie_door=g.bestuurder,
                                                 reactie_op=timezone.now())
    geweigerd(lambda: Besluit.objects.filter(pk=besluit.pk).update(reactie="afgewezen"), "eenmalig")


@pytest.mark.django_db(transaction=True)
def test_de_eigen_rol_van_de_applicatie_kan_de_triggers_niet_omzeilen():
    inschrijving, bestuurder = volledige_inschrijving("3")
    audit.log(actie="proef", inschrijving=inschrijving, door=bestuurder, omschrijving="origineel")
    regel = AuditRegel.objects.get(actie="proef")
    call_command("databaserol", "wlz_app_proef")
    instellingen = connection.settings_dict
    app = psycopg2.connect(host=instellingen["HOST"], port=instellingen["PORT"], dbname=instellingen["NAME"],
                           user="wlz_app_proef")
    app.autocommit = True
    try:
        with app.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            assert cursor.fetchone() == (False,)
            # It does the portal's work: reading and adding rows.
            cursor.execute("SELECT omschrijving FROM beoordeling_auditregel WHERE id = %s", [regel.pk])
            assert cursor.fetchone() == ("origineel",)
            cursor.execute("INSERT INTO beoordeling_auditregel (op, actie, omschrijving) VALUES (now(), 'rol', '')")
            # But it changes nothing that is recorded, and cannot switch the guard off.
            for opdracht, fout in (
                ("UPDATE beoordeling_auditregel SET omschrijving = 'vervalst'", psycopg2.errors.RestrictViolation),
                ("DELETE FROM beoordeling_auditregel", psycopg2.errors.RestrictViolation),
                ("ALTER TABLE beoordeling_auditregel DISABLE TRIGGER ALL", psycopg2.errors.InsufficientPrivilege),
                ("DROP TRIGGER auditregel_onveranderlijk ON beoordeling_auditregel",
                 psycopg2.errors.InsufficientPrivilege),
                ("SET session_replication_role = replica", psycopg2.errors.InsufficientPrivilege),
                ("DROP TABLE beoordeling_auditregel", psycopg2.errors.InsufficientPrivilege),
                ("TRUNCATE beoordeling_auditregel", psycopg2.errors.InsufficientPrivilege),
            ):
                with pytest.raises(fout):
                    cursor.execute(opdracht)
    finally:
        app.close()
    regel.refresh_from_db()
    assert regel.omschrijving == "origineel"
