"""Disputes of referrals: raised on a public form, reviewed by someone who took no part."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.detection import services as bank
from endeavour.online import permissions
from endeavour.online.models import (
    Case,
    CaseStatus,
    Dispute,
    DisputeStatus,
    Referral,
    ReferralStatus,
)
from endeavour.online.references import next_reference


@transaction.atomic
def dispute_submit(
    *, referral_reference: str, grounds: str, raised_by_platform: bool, contact_email: str
) -> Dispute:
    referral = Referral.objects.filter(reference=referral_reference.strip().upper()).first()
    if referral is None or referral.sent_at is None:
        raise ValidationError(
            {
                "referral_reference": (
                    "We have no referral with that reference. Check it against the notice."
                )
            }
        )
    if not grounds.strip():
        raise ValidationError({"grounds": "Tell us why the referral is wrong."})
    if referral.disputes.filter(status=DisputeStatus.OPEN).exists():
        raise ValidationError(
            {
                "referral_reference": (
                    "This referral already has an open dispute. We will reply to it."
                )
            }
        )
    return Dispute.objects.create(
        reference=next_reference(Dispute, "DSP"),
        referral=referral,
        grounds=grounds.strip(),
        raised_by_platform=raised_by_platform,
        contact_email=contact_email.strip(),
    )


def deciders_of(referral: Referral) -> set[int]:
    return set(referral.case.decisions.values_list("decided_by_id", flat=True))


@transaction.atomic
def dispute_decide(*, dispute: Dispute, outcome: str, reason: str, by: Any) -> Dispute:
    dispute = (
        Dispute.objects.select_for_update().select_related("referral__case").get(pk=dispute.pk)
    )
    if not permissions.may_review_dispute(by, deciders_of(dispute.referral)):
        raise PermissionDenied(
            "A dispute must be reviewed by a senior analyst who took no part in the decision."
        )
    if dispute.status != DisputeStatus.OPEN:
        raise ValidationError({"outcome": "This dispute has already been decided."})
    if outcome not in (DisputeStatus.UPHELD, DisputeStatus.OVERTURNED):
        raise ValidationError({"outcome": "Choose whether the referral is upheld or overturned."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason, for the person who disputed it."})
    dispute.status, dispute.reviewed_by, dispute.reviewed_at, dispute.review_reason = (
        outcome,
        by,
        timezone.now(),
        reason.strip(),
    )
    dispute.save()
    if outcome == DisputeStatus.OVERTURNED:
        referral = dispute.referral
        referral.status, referral.next_check_at = ReferralStatus.WITHDRAWN, None
        referral.save(update_fields=["status", "next_check_at"])
        case: Case = referral.case
        case.status, case.closed_at = CaseStatus.OVERTURNED, timezone.now()
        case.save(update_fields=["status", "closed_at", "updated_at"])
        bank.bank_entries_disable(
            source_reference=case.reference,
            reason=f"Referral {referral.reference} overturned on dispute {dispute.reference}",
        )
    return dispute
