"""Referral notices to platforms, sending them, and the platforms' responses."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from endeavour.online.models import (
    Case,
    Channel,
    Decision,
    PlatformResponse,
    Referral,
    ReferralStatus,
)
from endeavour.online.references import next_reference
from endeavour.online.services.hash_signals import referred_item_to_bank

CHECK_INTERVALS = [
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(hours=24),
    timedelta(days=3),
    timedelta(days=7),
]


def dispute_contact() -> str:
    return str(getattr(settings, "ONLINE_DISPUTE_CONTACT", "disputes@endeavour.invalid"))


def notice_payload(referral_reference: str, case: Case, decision: Decision) -> dict[str, Any]:
    item = case.item
    capture = item.captures.order_by("-fetched_at").first()
    clause = decision.policy_clause
    assert clause is not None
    return {
        "reference": referral_reference,
        "case": case.reference,
        "url": item.normalised_url,
        "submitted_url": item.url,
        "platform": item.platform.name if item.platform else None,
        "tier": decision.get_tier_display(),
        "evidence": {
            "captured_at": capture.fetched_at.isoformat() if capture else None,
            "capture_sha256": capture.sha256 if capture else None,
            "http_status_at_capture": capture.http_status if capture else None,
            "files": [
                {"sha256": f.sha256, "md5": f.md5, "pdq": f.pdq or None, "kind": f.kind}
                for f in item.files.all()
            ],
        },
        "policy": {
            "version": decision.policy_version.version,
            "clause": clause.code,
            "clause_title": clause.title,
        },
        "legal_basis": decision.get_legal_basis_display(),
        "proscribed_organisation": (
            {
                "name": decision.proscribed_organisation.name,
                "list_as_at": decision.proscribed_organisation.proscription_list.as_at.isoformat(),
            }
            if decision.proscribed_organisation
            else None
        ),
        "decided_at": decision.decided_at.isoformat(),
        "dispute_contact": dispute_contact(),
        "dispute_url_path": "/disputes/",
    }


@transaction.atomic
def referral_prepare(*, case: Case, decision: Decision) -> Referral:
    """Write the referral notice and add the item's hashes to the city's bank."""
    if case.item.platform is None:
        raise ValidationError("The item's platform is not in the registry.")
    reference = next_reference(Referral, "REF")
    payload = notice_payload(reference, case, decision)
    text = render_to_string("online/referrals/notice.txt", {"n": payload})
    assert decision.policy_clause is not None
    referral = Referral.objects.create(
        reference=reference,
        case=case,
        decision=decision,
        platform=case.item.platform,
        legal_basis=decision.legal_basis,
        policy_clause=decision.policy_clause,
        notice_text=text,
        notice_json=payload,
    )
    referred_item_to_bank(case, decision)
    return referral


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


@transaction.atomic
def referral_send(*, referral: Referral, channel: str, by: Any) -> Referral:
    """Record that the notice went out; by email, send it now. Outcome checks start from here."""
    referral = Referral.objects.select_for_update().select_related("platform").get(pk=referral.pk)
    if channel not in Channel.values:
        raise ValidationError({"channel": "Choose how the notice was sent."})
    if referral.status != ReferralStatus.DRAFT:
        raise ValidationError({"channel": "This referral has already been sent."})
    if channel == Channel.EMAIL and not _is_email(referral.platform.abuse_contact):
        raise ValidationError(
            {"channel": f"{referral.platform} has no abuse email address; use its web form."}
        )
    now = timezone.now()
    referral.status, referral.channel, referral.sent_at, referral.sent_by = (
        ReferralStatus.SENT,
        channel,
        now,
        by,
    )
    referral.next_check_at = now + CHECK_INTERVALS[0]
    referral.save()
    if channel == Channel.EMAIL:
        address, subject, body = (
            referral.platform.abuse_contact,
            f"Referral {referral.reference}",
            referral.notice_text,
        )
        attachment = json.dumps(referral.notice_json, indent=2)
        transaction.on_commit(
            lambda: send_mail(subject, f"{body}\n\n--\n{attachment}", None, [address])
        )
    return referral


@transaction.atomic
def referral_record_response(
    *, referral: Referral, response: str, reason: str, by: Any
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if response not in (PlatformResponse.ACCEPTED, PlatformResponse.REFUSED):
        raise ValidationError({"response": "Choose accepted or refused."})
    if response == PlatformResponse.REFUSED and not reason.strip():
        raise ValidationError({"reason": "Give the platform's reason for refusing."})
    if referral.sent_at is None:
        raise ValidationError({"response": "Record the response after the referral is sent."})
    referral.response, referral.response_reason, referral.response_at = (
        response,
        reason.strip(),
        timezone.now(),
    )
    referral.save(update_fields=["response", "response_reason", "response_at"])
    return referral
