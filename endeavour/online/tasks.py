"""Background work for the online casework. Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction


@shared_task(name="endeavour.online.tasks.capture_item", acks_late=True)
def capture_item(item_id: int) -> None:
    from endeavour.online.models import Item
    from endeavour.online.services.capture import item_capture

    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        return
    item_capture(item)


def queue_captures(item_ids: list[int]) -> None:
    """Capture new items once the transaction commits.

    With a broker, each capture is a task for a worker. Without one (the embedded install) a
    capture would run inside the web request, up to a minute a page; instead the scheduler's
    ``capture_pending_items`` picks them up, unless ``ONLINE_CAPTURE_IN_REQUEST`` is set.
    """
    if not item_ids:
        return
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.ONLINE_CAPTURE_IN_REQUEST:
        return
    transaction.on_commit(lambda: [capture_item.delay(pk) for pk in item_ids])


@shared_task(name="endeavour.online.tasks.capture_pending_items")
def capture_pending_items(limit: int = 50) -> int:
    """Capture items that have none yet (the embedded scheduler, and a safety net for workers)."""
    from endeavour.online.models import Item
    from endeavour.online.services.capture import item_capture

    pending = Item.objects.filter(captures__isnull=True).order_by("created_at")[:limit]
    count = 0
    for item in pending:
        item_capture(item)
        count += 1
    return count


@shared_task(name="endeavour.online.tasks.apply_due_decisions")
def apply_due_decisions() -> int:
    from endeavour.online.services.review import decisions_apply_due

    return decisions_apply_due()


@shared_task(name="endeavour.online.tasks.run_due_outcome_checks")
def run_due_outcome_checks() -> int:
    from endeavour.online.services.outcomes import outcome_checks_due

    due = outcome_checks_due()
    for referral_id in due:
        check_referral.delay(referral_id)
    return len(due)


@shared_task(name="endeavour.online.tasks.check_referral", acks_late=True)
def check_referral(referral_id: int) -> None:
    from endeavour.online.models import Referral, ReferralStatus
    from endeavour.online.services.outcomes import outcome_check_run

    referral = Referral.objects.filter(pk=referral_id, status=ReferralStatus.SENT).first()
    if referral is not None:
        outcome_check_run(referral=referral)


# The bulk-import task lives in its own module; importing it here lets workers find it.
from endeavour.online import import_tasks  # noqa: E402, F401
