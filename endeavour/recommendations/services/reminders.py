"""Overdue reminders: one email per owner per reminder period, however often the task runs.

Who is reminded about an overdue item (open, target date passed): its lead officer, if they have
an active account with an email address; otherwise the contact address of each owner organisation.
Each address gets one email listing all its overdue items, at most once per period
(``RECOMMENDATIONS_REMINDER_PERIOD_DAYS``, weeks starting on Monday by default).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from endeavour.audit.context import SYSTEM, acting_as
from endeavour.core.models import User
from endeavour.recommendations.models import OverdueReminder, Recommendation
from endeavour.recommendations.rag import rag_for

logger = logging.getLogger(__name__)
PERIOD_EPOCH = date(2000, 1, 3)  # a Monday, so weekly periods start on Mondays


def period_days() -> int:
    return max(1, int(getattr(settings, "RECOMMENDATIONS_REMINDER_PERIOD_DAYS", 7)))


def period_start(day: date) -> date:
    days = period_days()
    return PERIOD_EPOCH + timedelta(days=(day - PERIOD_EPOCH).days // days * days)


def overdue_items(today: date | None = None) -> QuerySet[Recommendation]:
    today = today or timezone.localdate()
    return Recommendation.objects.filter(
        current_status__is_open=True, target_date__lt=today
    ).select_related("source", "lead_officer", "current_status")


@dataclass
class Recipient:
    email: str
    user: User | None = None
    items: list[Recommendation] = field(default_factory=list)


def recipients_for(items: QuerySet[Recommendation]) -> list[Recipient]:
    found: dict[str, Recipient] = {}
    for item in items.prefetch_related("owner_organisations"):
        lead = item.lead_officer
        if lead is not None and lead.is_active and lead.email:
            targets: list[tuple[str, User | None]] = [(lead.email, lead)]
        else:
            targets = [
                (o.contact_email, None)
                for o in item.owner_organisations.all()
                if o.is_active and o.contact_email
            ]
        for email, user in targets:
            recipient = found.setdefault(email.lower(), Recipient(email.lower(), user))
            recipient.items.append(item)
    return sorted(found.values(), key=lambda r: r.email)


def _site_url() -> str:
    return str(getattr(settings, "SITE_URL", "")).rstrip("/")


def reminder_send(recipient: Recipient, *, period: date, today: date) -> bool:
    """Claim (address, period) and send, in one transaction: if the email cannot be sent the claim
    is rolled back and the next run tries again; if the claim exists, nothing is sent."""
    items = sorted(recipient.items, key=lambda i: (i.target_date or today, i.pk))
    lines = [
        {
            "item": item,
            "rag": rag_for(item.current_status, item.target_date, today),
            "url": _site_url() + item.get_absolute_url(),
        }
        for item in items
    ]
    try:
        with transaction.atomic():
            OverdueReminder.objects.create(
                email=recipient.email,
                user=recipient.user,
                period_start=period,
                references=[f"{item.source_id}:{item.reference}" for item in items],
            )
            body = render_to_string(
                "recommendations/email/overdue.txt",
                {
                    "recipient": recipient,
                    "lines": lines,
                    "period": period,
                    "next_period": period + timedelta(days=period_days()),
                    "my_items_url": _site_url() + reverse("recommendations:my-items"),
                },
            )
            count = len(items)
            send_mail(
                subject=f"[Endeavour] {count} overdue item{'s' if count != 1 else ''} to update",
                message=body,
                from_email=None,
                recipient_list=[recipient.email],
            )
    except IntegrityError:  # already reminded this period (by another run at the same moment)
        return False
    return True


def overdue_reminders_send(today: date | None = None) -> int:
    """Send this period's reminders that have not been sent yet. Returns how many were sent."""
    today = today or timezone.localdate()
    period = period_start(today)
    already = set(
        OverdueReminder.objects.filter(period_start=period).values_list("email", flat=True)
    )
    sent = 0
    with acting_as(SYSTEM):
        for recipient in recipients_for(overdue_items(today)):
            if recipient.email in already:
                continue
            try:
                if reminder_send(recipient, period=period, today=today):
                    sent += 1
            except Exception:  # one bad address must not stop the others; retried next run
                logger.exception("Overdue reminder to %s failed", recipient.email)
    return sent
