"""Background work for recommendation tracking. Tasks call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.recommendations.tasks.send_overdue_reminders")
def send_overdue_reminders() -> int:
    """Email each owner their overdue items, at most once per reminder period."""
    from endeavour.recommendations.services.reminders import overdue_reminders_send

    return overdue_reminders_send()
