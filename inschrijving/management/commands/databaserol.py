"""``manage.py databaserol NAAM``: the application's own PostgreSQL role, which may read and write rows but owns
nothing.

The tables belong to the role that ran the migrations (the owner). The web app, the worker and beat connect as this
application role: it can SELECT, INSERT, UPDATE and DELETE, so the portal works, but it is no superuser and owns no
table, so it cannot ``ALTER TABLE ... DISABLE TRIGGER``, drop a trigger or set ``session_replication_role``. The
triggers that keep the legal record append-only (the submissions and their documents, the openings, the approved
decisions, the audit trail) therefore hold against the application itself and anyone who takes it over.

Run by the owner after ``migrate`` (``docker-compose.yml``, service ``migrate``); idempotent. The password comes from
``--wachtwoord`` or the environment variable ``WLZ_APP_DB_PASSWORD``; without one the role can only log in where
the server trusts local connections (the test suite's throwaway server).
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg2 import sql


class Command(BaseCommand):
    help = "Maakt of herstelt de eigen databaserol van de applicatie: rijen lezen en schrijven, niets bezitten."

    def add_arguments(self, parser):
        parser.add_argument("naam", help="naam van de rol, bv. wlz_app")
        parser.add_argument("--wachtwoord", default=os.environ.get("WLZ_APP_DB_PASSWORD", ""))

    def handle(self, *args, naam, wachtwoord, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Alleen voor PostgreSQL; SQLite kent geen rollen.")
        rol = sql.Identifier(naam)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [naam])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(rol))
            cursor.execute(sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                                   "LOGIN").format(rol))
            if wachtwoord:
                cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(rol, sql.Literal(wachtwoord)))
            cursor.execute("SELECT current_database()")
            database = sql.Identifier(cursor.fetchone()[0])
            for opdracht in (
                "GRANT CONNECT ON DATABASE {db} TO {rol}",
                "GRANT USAGE ON SCHEMA public TO {rol}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {rol}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {rol}",
                # Tables a later migration adds: the same rights, still owned by the owner.
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {rol}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {rol}",
            ):
                cursor.execute(sql.SQL(opdracht).format(db=database, rol=rol))
        self.stdout.write(f"Databaserol {naam}: lezen en schrijven, geen eigenaar, geen superuser.")
