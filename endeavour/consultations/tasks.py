"""Background work for consultations. Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.consultations.tasks.analyse_consultation", acks_late=True)
def analyse_consultation(job_id: str) -> None:
    """Analyse every free-text question of a consultation, with progress on the job page."""
    from endeavour.consultations.services.analysis import analysis_run

    analysis_run(job_id)
