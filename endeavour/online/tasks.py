"""Background work for the online casework. Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.online.tasks.capture_item", acks_late=True)
def capture_item(item_id: int) -> None:
    from endeavour.online.models import Item
    from endeavour.online.services.capture import item_capture

    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        return
    item_capture(item)


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
