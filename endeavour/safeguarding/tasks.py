"""Background work for concern routing. Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task

from endeavour.audit.context import SYSTEM, acting_as


@shared_task(name="endeavour.safeguarding.tasks.deliver_concern")
def deliver_concern(concern_id: int) -> str:
    """Deliver one concern by its borough's channel; returns early if it is gone or done."""
    from endeavour.safeguarding.services.concerns import concern_deliver

    with acting_as(SYSTEM):
        concern = concern_deliver(concern_id)
    return concern.delivery_status if concern else "skipped"


@shared_task(name="endeavour.safeguarding.tasks.retry_due_deliveries")
def retry_due_deliveries() -> int:
    """Try again every failed delivery whose back-off has passed."""
    from endeavour.safeguarding.services.concerns import concern_deliver, due_for_retry

    done = 0
    with acting_as(SYSTEM):
        for concern_id in list(due_for_retry().values_list("pk", flat=True)):
            concern_deliver(concern_id)
            done += 1
    return done
