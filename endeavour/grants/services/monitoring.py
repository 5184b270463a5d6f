"""Monitoring returns (aggregate figures only) and reminders about overdue ones."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from endeavour.audit.context import SYSTEM, acting_as
from endeavour.core.models import Borough, Role, User
from endeavour.grants.models import (
    DEMOGRAPHIC_BANDS,
    INCIDENT_CATEGORIES,
    RISK_CATEGORIES,
    Instrument,
    MonitoringReturn,
    OutcomeMeasure,
    ReturnBorough,
    ReturnStatus,
)
from endeavour.grants.models.monitoring import SHORT_TEXT

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutcomeRow:
    instrument: Instrument
    respondents: int
    mean_before: Decimal
    mean_after: Decimal


def _check_counts(
    name: str, label: str, counts: Mapping[str, int], allowed: Sequence[str], errors: dict[str, str]
) -> None:
    if set(counts) - set(allowed):
        errors[name] = f"{label}: unknown categories."
    elif any(v < 0 for v in counts.values()):
        errors[name] = f"{label}: counts cannot be negative."


@transaction.atomic
def return_submit(
    *,
    monitoring_return: MonitoringReturn,
    by: Any,
    activities_delivered: int,
    participants: int,
    demographics: Mapping[str, Mapping[str, int]],
    boroughs: Mapping[Borough, int],
    outcomes: Sequence[OutcomeRow],
    incidents: Mapping[str, int],
    risks: Mapping[str, int],
    activities_summary: str = "",
    risks_summary: str = "",
) -> MonitoringReturn:
    """Record a return. Figures are aggregate counts; each set of demographic bands must add up
    to the participants reached, and the boroughs' participants cannot add up to more."""
    item = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
    if item.status != ReturnStatus.DUE:
        raise ValidationError("This return has already been submitted.")
    if item.period_start > timezone.localdate():
        raise ValidationError("This return's period has not started yet.")
    errors: dict[str, str] = {}
    if participants < 0 or activities_delivered < 0:
        errors["participants"] = "Counts cannot be negative."
    for dimension, (label, bands) in DEMOGRAPHIC_BANDS.items():
        counts = demographics.get(dimension, {})
        _check_counts(dimension, label, counts, [b for b, _ in bands], errors)
        total = sum(counts.values())
        if dimension not in errors and total != participants:
            errors[dimension] = (
                f"{label}: the bands add up to {total:,} but {participants:,} participants were "
                "reached. Put anyone you do not know about under 'Not known'."
            )
    borough_total = sum(boroughs.values())
    if any(v < 0 for v in boroughs.values()):
        errors["boroughs"] = "Participants by borough cannot be negative."
    elif borough_total > participants:
        errors["boroughs"] = (
            f"The boroughs add up to {borough_total:,} participants, more than the "
            f"{participants:,} reached."
        )
    _check_counts(
        "incidents",
        "Safeguarding incidents",
        incidents,
        [c for c, _ in INCIDENT_CATEGORIES],
        errors,
    )
    _check_counts("risks", "Risks", risks, [c for c, _ in RISK_CATEGORIES], errors)
    seen: set[int] = set()
    for number, row in enumerate(outcomes, start=1):
        key = f"outcome_{number}"
        instrument = row.instrument
        if instrument.pk in seen:
            errors[key] = f"{instrument.name} is given twice."
        seen.add(instrument.pk)
        if row.respondents <= 0:
            errors[key] = f"{instrument.name}: give the number of people who answered (n)."
        elif row.respondents > participants:
            errors[key] = (
                f"{instrument.name}: {row.respondents:,} respondents is more than the "
                f"{participants:,} participants reached."
            )
        for value in (row.mean_before, row.mean_after):
            if not instrument.scale_min <= value <= instrument.scale_max:
                errors[key] = (
                    f"{instrument.name}: means must be on its scale, from "
                    f"{Decimal(instrument.scale_min).normalize()} to "
                    f"{Decimal(instrument.scale_max).normalize()}."
                )
    for name, text in (
        ("activities_summary", activities_summary),
        ("risks_summary", risks_summary),
    ):
        if len(text) > SHORT_TEXT:
            errors[name] = f"Keep this under {SHORT_TEXT} characters."
    if errors:
        raise ValidationError(errors)
    item.activities_delivered = activities_delivered
    item.activities_summary = activities_summary.strip()
    item.participants = participants
    item.demographics = {k: dict(v) for k, v in demographics.items()}
    item.incidents = dict(incidents)
    item.risks = dict(risks)
    item.risks_summary = risks_summary.strip()
    item.status = ReturnStatus.SUBMITTED
    item.submitted_at = timezone.now()
    item.submitted_by = by
    item.save()
    ReturnBorough.objects.bulk_create(
        [
            ReturnBorough(monitoring_return=item, borough=borough, participants=count)
            for borough, count in boroughs.items()
            if count > 0
        ]
    )
    OutcomeMeasure.objects.bulk_create(
        [
            OutcomeMeasure(
                monitoring_return=item,
                instrument=row.instrument,
                respondents=row.respondents,
                mean_before=row.mean_before,
                mean_after=row.mean_after,
            )
            for row in outcomes
        ]
    )
    return item


@transaction.atomic
def return_review(*, monitoring_return: MonitoringReturn, by: Any) -> MonitoringReturn:
    item = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
    if item.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be marked as reviewed.")
    if item.reviewed_at is not None:
        raise ValidationError("This return has already been reviewed.")
    item.reviewed_at = timezone.now()
    item.reviewed_by = by
    item.save(update_fields=["reviewed_at", "reviewed_by"])
    return item


def reminder_interval_days() -> int:
    return max(1, int(getattr(settings, "GRANTS_REMINDER_INTERVAL_DAYS", 7)))


def overdue_returns(today: date | None = None) -> Any:
    today = today or timezone.localdate()
    return MonitoringReturn.objects.filter(status=ReturnStatus.DUE, due_date__lt=today)


def _recipients(item: MonitoringReturn) -> list[str]:
    organisation_id = item.grant.application.organisation_id
    users = User.objects.filter(
        organisation_id=organisation_id,
        is_active=True,
        role_assignments__role=Role.APPLICANT,
    ).exclude(email="")
    return sorted({u.email.lower() for u in users})


def overdue_reminders_send(today: date | None = None) -> int:
    """Email each overdue return's organisation (its applicant users), at most once per interval
    per return. Returns how many returns were reminded about."""
    today = today or timezone.localdate()
    now = timezone.now()
    since = now - timedelta(days=reminder_interval_days())
    site = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    sent = 0
    with acting_as(SYSTEM):
        candidates = list(overdue_returns(today).values_list("pk", flat=True))
        for pk in candidates:
            try:
                with transaction.atomic():
                    item = (
                        MonitoringReturn.objects.select_for_update()
                        .select_related("grant__application__organisation")
                        .get(pk=pk)
                    )
                    if item.status != ReturnStatus.DUE or (
                        item.last_reminded_at is not None and item.last_reminded_at > since
                    ):
                        continue
                    recipients = _recipients(item)
                    if not recipients:
                        continue
                    item.last_reminded_at = now
                    item.save(update_fields=["last_reminded_at"])
                    body = render_to_string(
                        "grants/email/overdue_return.txt",
                        {
                            "item": item,
                            "days": (today - item.due_date).days,
                            "url": site + reverse("grants:my-return", args=[item.pk]),
                        },
                    )
                    send_mail(
                        subject=f"[Endeavour] Monitoring return overdue: {item.grant.reference}",
                        message=body,
                        from_email=None,
                        recipient_list=recipients,
                    )
                    sent += 1
            except Exception:  # one bad address must not stop the others; retried next run
                logger.exception("Overdue return reminder for return %s failed", pk)
    return sent
