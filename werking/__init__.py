"""The operation (issue 13, item 5): what the portal's machinery records for the people who run it — Celery tasks that
failed for good, shown to beheerders in admin."""
