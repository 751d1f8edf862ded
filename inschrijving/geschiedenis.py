"""The history of rounds and rule sets, kept by the database itself (issue 9, item 5).

django-pghistory installs PostgreSQL triggers that write a snapshot of the row to ``<Model>Event`` on every insert,
update and delete, whatever path made the change (admin, a service, ``QuerySet.update()``, raw SQL): each update
event holds the new values and the event before it the old ones. The event tables are append-only
(``PGHISTORY_APPEND_ONLY``): neither the application nor its database role rewrites them. On SQLite (the laptop
default) pgtrigger installs nothing, so there is no history there.
"""

import pghistory


def geschiedenis(model):
    """Class decorator: track every insert, update and delete of ``model`` (fresh trackers per model)."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())(model)
