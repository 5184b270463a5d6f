"""The bulk-import job's Celery task (loaded by ``endeavour.online.tasks``, which Celery finds)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.online.import_tasks.import_items", acks_late=True)
def import_items(job_id: str) -> None:
    from endeavour.online.services.imports import import_run

    import_run(job_id)
