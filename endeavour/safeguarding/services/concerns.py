"""Concern routing: sent only with consent, delivered by the borough's channel, opened and
acknowledged by that borough's officers, and the sender's details purged after a period.

Delivery: the secure-download channel makes the concern wait in Endeavour for the borough's
officers. The email channel sends the team a notice with a link and no personal details (we do
not implement "email with details"); a failed email is retried with back-off by the task
``retry_due_deliveries``. Whatever the channel, the concern is always readable in Endeavour by the
borough's officers, so a failed email never loses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from endeavour.audit.services import audit_view_record
from endeavour.core.models import Borough, User
from endeavour.safeguarding import config, permissions
from endeavour.safeguarding.models import (
    BoroughRouting,
    Channel,
    Concern,
    ConcernDetails,
    DeliveryStatus,
    Worry,
)

logger = logging.getLogger(__name__)
# Waits before each retry of a failed email: 5 minutes, 15 minutes, 1 hour, 3 hours, 12 hours.
RETRY_DELAYS = [timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]
RETRY_DELAYS += [timedelta(hours=3), timedelta(hours=12)]


@dataclass(frozen=True)
class ConcernInput:
    """The minimum: who is sending it and how to reach them, and what they are worried about.
    Nothing about the person they are worried about beyond their own words."""

    borough: Borough
    worry: str
    sender_name: str
    contact_email: str
    contact_phone: str
    relationship: str
    description: str
    consent: bool


def active_routing(borough: Borough) -> BoroughRouting | None:
    return BoroughRouting.objects.filter(borough=borough, is_active=True).first()


@transaction.atomic
def concern_submit(data: ConcernInput, *, is_sample: bool = False) -> Concern:
    """Store and route a concern. Without explicit consent nothing is stored or sent."""
    if not data.consent:
        raise ValidationError(
            {"consent": _("Tick the box to agree, or we cannot send your concern.")}
        )
    routing = active_routing(data.borough)
    if routing is None:
        raise ValidationError(
            _("We cannot send concerns to the %(borough)s team through this site.")
            % {"borough": data.borough.name}
        )
    if data.worry not in Worry.values:
        raise ValidationError({"worry": _("Choose what you are worried about.")})
    if not (data.contact_email or data.contact_phone):
        raise ValidationError(
            {"contact_email": _("Give an email address or a phone number so the team can reply.")}
        )
    now = timezone.now()
    concern = Concern.objects.create(
        borough=data.borough,
        worry=data.worry,
        channel=routing.channel,
        team_name=routing.team_name,
        consent_given_at=now,
        submitted_at=now,
        is_sample=is_sample,
    )
    ConcernDetails.objects.create(
        concern=concern,
        sender_name=data.sender_name.strip(),
        contact_email=data.contact_email.strip(),
        contact_phone=data.contact_phone.strip(),
        relationship=data.relationship.strip(),
        description=data.description.strip(),
    )
    from endeavour.safeguarding.tasks import deliver_concern

    deliver_concern.delay_on_commit(concern.pk)  # type: ignore[attr-defined]
    return concern


def _notice_body(concern: Concern) -> str:
    return render_to_string(
        "safeguarding/email/notice.txt",
        {
            "concern": concern,
            "url": config.site_url() + reverse("safeguarding:concern-detail", args=[concern.pk]),
            "inbox_url": config.site_url() + reverse("safeguarding:concern-inbox"),
        },
    )


def concern_deliver(concern_id: int) -> Concern | None:
    """Deliver by the concern's channel. Returns None if the concern is gone or already done."""
    with transaction.atomic():
        concern = (
            Concern.objects.select_for_update().select_related("borough").filter(pk=concern_id)
        ).first()
        if concern is None or concern.delivery_status not in (
            DeliveryStatus.QUEUED,
            DeliveryStatus.FAILED,
        ):
            return None
        now = timezone.now()
        concern.delivery_attempts += 1
        if concern.channel == Channel.SECURE_DOWNLOAD:
            concern.delivery_status = DeliveryStatus.AVAILABLE
            concern.delivered_at = now
            concern.next_attempt_at = None
            concern.last_error = ""
        else:
            routing = BoroughRouting.objects.filter(borough=concern.borough).first()
            try:
                if routing is None or not routing.team_email:
                    raise ValueError("the borough has no team email address")
                send_mail(
                    subject=f"[Endeavour] New concern {concern.reference} for {concern.team_name}",
                    message=_notice_body(concern),
                    from_email=None,
                    recipient_list=[routing.team_email],
                )
            except Exception as error:  # any failure to send: record it and retry later
                logger.warning("Delivery of concern %s failed: %r", concern.pk, error)
                concern.delivery_status = DeliveryStatus.FAILED
                concern.last_error = f"{type(error).__name__}: {error}"[:200]
                attempt = concern.delivery_attempts
                concern.next_attempt_at = (
                    now + RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                    if attempt < config.delivery_max_attempts()
                    else None
                )
            else:
                concern.delivery_status = DeliveryStatus.SENT
                concern.delivered_at = now
                concern.next_attempt_at = None
                concern.last_error = ""
        concern.save()
    return concern


def due_for_retry(now: datetime | None = None) -> QuerySet[Concern]:
    return Concern.objects.filter(
        delivery_status=DeliveryStatus.FAILED, next_attempt_at__lte=now or timezone.now()
    )


@transaction.atomic
def concern_delivery_retry(concern: Concern, *, by: User) -> None:
    """A member of staff asks for another attempt now (after the automatic ones ran out)."""
    if not permissions.can_retry_delivery(by):
        raise PermissionDenied
    if concern.delivery_status != DeliveryStatus.FAILED:
        raise ValidationError("Only a failed delivery can be tried again.")
    concern.next_attempt_at = timezone.now()
    concern.save(update_fields=["next_attempt_at"])
    from endeavour.safeguarding.tasks import deliver_concern

    deliver_concern.delay_on_commit(concern.pk)  # type: ignore[attr-defined]


@transaction.atomic
def concern_open(concern: Concern, *, by: User) -> Concern:
    """A borough officer reads the concern: recorded in the audit log each time; the first time
    also marks it opened."""
    if not permissions.scope_received_concerns(by, Concern.objects.filter(pk=concern.pk)).exists():
        raise PermissionDenied
    audit_view_record(concern, reason="Borough officer read the concern")
    if concern.opened_at is None:
        concern.opened_at = timezone.now()
        concern.delivery_status = DeliveryStatus.OPENED
        concern.next_attempt_at = None
        concern.save(update_fields=["opened_at", "delivery_status", "next_attempt_at"])
    return concern


@transaction.atomic
def concern_acknowledge(concern: Concern, *, by: User) -> Concern:
    """A named borough officer confirms their team has the concern and will act on it."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if not permissions.scope_received_concerns(by, Concern.objects.filter(pk=concern.pk)).exists():
        raise PermissionDenied
    if concern.acknowledged_at is not None:
        raise ValidationError(
            f"This concern was already acknowledged by {concern.acknowledged_by_name} on "
            f"{timezone.localtime(concern.acknowledged_at):%d %B %Y}."
        )
    now = timezone.now()
    concern.acknowledged_at = now
    concern.acknowledged_by = by
    concern.acknowledged_by_name = (by.get_full_name() or by.username)[:200]
    if concern.opened_at is None:
        concern.opened_at = now
        concern.delivery_status = DeliveryStatus.OPENED
    concern.next_attempt_at = None
    concern.save()
    return concern


def concern_details_purge(concerns: QuerySet[Concern]) -> int:
    """Delete the sender's details, keeping the routing record. Runs inside the retention
    purge's transaction, which writes the audit entry. Returns how many concerns were purged."""
    ids = list(concerns.filter(details_purged_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    ConcernDetails.objects.filter(concern_id__in=ids).delete()
    Concern.objects.filter(pk__in=ids).update(
        details_purged_at=timezone.now(), next_attempt_at=None
    )
    return len(ids)


def purge_acknowledged(cutoff: datetime) -> int:
    return concern_details_purge(Concern.objects.filter(acknowledged_at__lt=cutoff))


def purge_unacknowledged(cutoff: datetime) -> int:
    return concern_details_purge(
        Concern.objects.filter(acknowledged_at__isnull=True, submitted_at__lt=cutoff)
    )
