"""Grant agreements, payment schedules tied to milestones, variations, and the schedule of
monitoring returns."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.grants.models import (
    Application,
    Call,
    Grant,
    Instalment,
    MonitoringReturn,
    ReturnStatus,
    Variation,
)
from endeavour.grants.services.assessment import committed_total

RETURN_MONTHS = 3  # quarterly returns
RETURN_DUE_DAYS = 30  # due this many days after the period ends


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PlannedInstalment:
    milestone: str
    due_date: date
    amount: int


def _schedule_returns(grant: Grant) -> None:
    """Quarterly returns from the start to the end date; keeps those already submitted."""
    grant.returns.filter(status=ReturnStatus.DUE, period_start__gt=grant.end_date).delete()
    start = grant.start_date
    while start <= grant.end_date:
        end = min(add_months(start, RETURN_MONTHS) - timedelta(days=1), grant.end_date)
        MonitoringReturn.objects.update_or_create(
            grant=grant,
            period_start=start,
            defaults={"period_end": end, "due_date": end + timedelta(days=RETURN_DUE_DAYS)},
        )
        start = end + timedelta(days=1)


def _check_instalments(amount: int, rows: Sequence[PlannedInstalment]) -> None:
    errors: list[str] = []
    if not rows:
        errors.append("Give at least one instalment.")
    for number, row in enumerate(rows, start=1):
        if not row.milestone.strip():
            errors.append(f"Instalment {number}: name the milestone it is paid on.")
        if row.amount <= 0:
            errors.append(f"Instalment {number}: the amount must be more than £0.")
    total = sum(row.amount for row in rows)
    if rows and total != amount:
        errors.append(f"The instalments add up to £{total:,}; they must add up to £{amount:,}.")
    if errors:
        raise ValidationError({"instalments": errors})


@transaction.atomic
def grant_issue(
    *,
    application: Application,
    amount: int,
    by: Any,
    start_date: date | None = None,
    months: int = 12,
    conditions: str = "",
) -> Grant:
    """The agreement for an award, with a default schedule: half on acceptance, half at the
    mid-point return; and quarterly returns."""
    start = start_date or timezone.localdate()
    grant = Grant.objects.create(
        application=application,
        reference=f"G-{application.reference}",
        amount=amount,
        start_date=start,
        end_date=add_months(start, months) - timedelta(days=1),
        conditions=conditions
        or "Spend the grant on the project described in the application. Send each monitoring "
        "return by its due date. Tell the fund manager at once of any safeguarding incident "
        "(without personal details in the return).",
        issued_by=by,
    )
    first = amount // 2
    Instalment.objects.bulk_create(
        [
            Instalment(grant=grant, milestone="Agreement accepted", due_date=start, amount=first),
            Instalment(
                grant=grant,
                milestone="Mid-point monitoring return accepted",
                due_date=add_months(start, months // 2),
                amount=amount - first,
            ),
        ]
    )
    _schedule_returns(grant)
    return grant


@transaction.atomic
def agreement_accept(*, grant: Grant, by: Any) -> Grant:
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.accepted_at is not None:
        raise ValidationError("This agreement has already been accepted.")
    grant.accepted_at = timezone.now()
    grant.accepted_by = by
    grant.save(update_fields=["accepted_at", "accepted_by"])
    return grant


@transaction.atomic
def instalments_set(
    *, grant: Grant, rows: Sequence[PlannedInstalment], reason: str, by: Any
) -> Grant:
    """Replace the unpaid part of the schedule. Paid instalments stay as they are."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    paid = list(grant.instalments.filter(paid_on__isnull=False))
    paid_total = sum(i.amount for i in paid)
    _check_instalments(grant.amount - paid_total, rows)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the change to the schedule."})
    before = _snapshot(grant)
    grant.instalments.filter(paid_on__isnull=True).delete()
    Instalment.objects.bulk_create(
        [
            Instalment(
                grant=grant, milestone=r.milestone.strip(), due_date=r.due_date, amount=r.amount
            )
            for r in rows
        ]
    )
    Variation.objects.create(
        grant=grant, before=before, after=_snapshot(grant), reason=reason.strip(), approved_by=by
    )
    return grant


@transaction.atomic
def instalment_paid(*, instalment: Instalment, paid_on: date, by: Any) -> Instalment:
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    if instalment.paid_on is not None:
        raise ValidationError("This instalment is already recorded as paid.")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "The payment date cannot be in the future."})
    instalment.paid_on = paid_on
    instalment.paid_recorded_by = by
    instalment.save()
    return instalment


def _snapshot(grant: Grant) -> dict[str, Any]:
    return {
        "amount": grant.amount,
        "start_date": grant.start_date.isoformat(),
        "end_date": grant.end_date.isoformat(),
        "instalments": [
            {
                "milestone": i.milestone,
                "due_date": i.due_date.isoformat(),
                "amount": i.amount,
                "paid_on": i.paid_on.isoformat() if i.paid_on else None,
            }
            for i in grant.instalments.order_by("due_date", "id")
        ],
    }


@transaction.atomic
def variation_record(
    *, grant: Grant, by: Any, reason: str, amount: int | None = None, end_date: date | None = None
) -> Variation:
    """Change the amount and/or end date with a reason. A change of amount moves the last unpaid
    instalment by the difference; the call's grants never pass its budget."""
    grant = Grant.objects.select_for_update().select_related("application").get(pk=grant.pk)
    call = Call.objects.select_for_update().get(pk=grant.application.call_id)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the variation."})
    before = _snapshot(grant)
    errors: dict[str, str] = {}
    if amount is not None and amount != grant.amount:
        if amount <= 0:
            errors["amount"] = "The amount must be more than £0."
        others = committed_total(call, exclude_grant_id=grant.pk)
        if others + amount > call.budget:
            errors["amount"] = (
                f"£{amount:,} would take the call's grants to £{others + amount:,}, over its "
                f"budget of £{call.budget:,}."
            )
        last = grant.instalments.filter(paid_on__isnull=True).order_by("-due_date", "-id").first()
        difference = amount - grant.amount
        if last is None:
            errors["amount"] = "Every instalment is paid: the amount cannot change now."
        elif last.amount + difference <= 0:
            errors["amount"] = (
                "The last unpaid instalment is too small to take this reduction: change the "
                "payment schedule instead."
            )
        if not errors and last is not None:
            last.amount += difference
            last.save()
            grant.amount = amount
    if end_date is not None and end_date != grant.end_date:
        if end_date <= grant.start_date:
            errors["end_date"] = "The end date must be after the start date."
        else:
            grant.end_date = end_date
    if errors:
        raise ValidationError(errors)
    if _snapshot(grant) == before:
        raise ValidationError("Nothing would change: give a new amount or end date.")
    grant.save()
    _schedule_returns(grant)
    return Variation.objects.create(
        grant=grant, before=before, after=_snapshot(grant), reason=reason.strip(), approved_by=by
    )
