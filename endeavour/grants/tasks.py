"""Background work for the grant fund. Tasks call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.grants.tasks.send_overdue_return_reminders")
def send_overdue_return_reminders() -> int:
    """Email organisations about overdue monitoring returns (at most once a week per return)."""
    from endeavour.grants.services.monitoring import overdue_reminders_send

    return overdue_reminders_send()
