from celery import shared_task

from werking.services import oude_taakfouten_opruimen


@shared_task(ignore_result=True)
def taakfouten_opruimen() -> int:
    """Beat, daily: the records of failed tasks are kept WLZ_TAAKFOUTEN_BEWAREN_DAGEN days."""
    return oude_taakfouten_opruimen()
