from __future__ import annotations

from celery import shared_task

from endeavour.core.retention import purge_expired


@shared_task(name="endeavour.core.tasks.purge_expired_records")
def purge_expired_records() -> dict[str, int]:
    return purge_expired()
