"""Scheduled checks of whether referred content came down, with back-off and a stop rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from endeavour.online.models import (
    Case,
    CaseStatus,
    Item,
    OutcomeCause,
    OutcomeCheck,
    Referral,
    ReferralStatus,
)
from endeavour.online.services.referrals import CHECK_INTERVALS

MARKERS: list[tuple[str, str]] = [
    ("account has been suspended", OutcomeCause.GONE_WITH_ACCOUNT),
    ("account suspended", OutcomeCause.GONE_WITH_ACCOUNT),
    ("this account doesn", OutcomeCause.GONE_WITH_ACCOUNT),
    ("account has been terminated", OutcomeCause.GONE_WITH_ACCOUNT),
    ("removed by the uploader", OutcomeCause.REMOVED_BY_UPLOADER),
    ("deleted by the user", OutcomeCause.REMOVED_BY_UPLOADER),
    ("not available in your country", OutcomeCause.GEO_BLOCKED),
    ("blocked in your country", OutcomeCause.GEO_BLOCKED),
    ("removed for violating", OutcomeCause.REMOVED_BY_PLATFORM),
    ("violated our community guidelines", OutcomeCause.REMOVED_BY_PLATFORM),
    ("content has been removed", OutcomeCause.REMOVED_BY_PLATFORM),
]
MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Observation:
    http_status: int | None
    cause: str
    detail: str


def classify(status: int | None, body: str, error: str = "") -> Observation:
    lowered = body.lower()
    for marker, cause in MARKERS:
        if marker in lowered:
            return Observation(status, cause, f"Page says: \u201c{marker}\u201d")
    if status is None:
        return Observation(None, OutcomeCause.UNREACHABLE, error[:300] or "No response")
    if status == 451:
        return Observation(
            status, OutcomeCause.GEO_BLOCKED, "HTTP 451: unavailable for legal reasons"
        )
    if status in (404, 410):
        return Observation(status, OutcomeCause.REMOVED_BY_PLATFORM, f"HTTP {status}: not found")
    if status >= 500 or status == 429:
        return Observation(
            status, OutcomeCause.UNREACHABLE, f"HTTP {status}: the site did not serve the page"
        )
    if 200 <= status < 400:
        return Observation(
            status, OutcomeCause.STILL_UP, f"HTTP {status}: the page is still served"
        )
    return Observation(status, OutcomeCause.UNREACHABLE, f"HTTP {status}")


def observe(item: Item) -> Observation:
    """Fetch through the capture worker's guarded client (no private addresses, capped body)."""
    from endeavour.online.services.capture import fetch_item

    fetched = fetch_item(item)
    if fetched.http_status is None:
        return classify(None, "", fetched.error)
    body = fetched.body[:MAX_BYTES].decode(fetched.charset or "utf-8", "replace")
    return classify(fetched.http_status, body)


@transaction.atomic
def outcome_check_run(*, referral: Referral, now: datetime | None = None) -> OutcomeCheck:
    referral = Referral.objects.select_for_update().select_related("case__item").get(pk=referral.pk)
    now = now or timezone.now()
    seen = observe(referral.case.item)
    check = OutcomeCheck.objects.create(
        referral=referral,
        checked_at=now,
        http_status=seen.http_status,
        cause=seen.cause,
        detail=seen.detail,
    )
    referral.checks_made += 1
    case: Case = referral.case
    if referral.status == ReferralStatus.SENT and seen.cause in OutcomeCause.removed():
        referral.status, referral.removed_at, referral.next_check_at = (
            ReferralStatus.REMOVED,
            now,
            None,
        )
        case.status, case.closed_at = CaseStatus.CLOSED_REMOVED, now
        case.save(update_fields=["status", "closed_at", "updated_at"])
    elif referral.status == ReferralStatus.SENT:
        if referral.checks_made >= len(CHECK_INTERVALS):
            referral.status, referral.next_check_at = ReferralStatus.STILL_UP, None
            case.status, case.closed_at = CaseStatus.CLOSED_STILL_UP, now
            case.save(update_fields=["status", "closed_at", "updated_at"])
        else:
            referral.next_check_at = now + CHECK_INTERVALS[referral.checks_made]
    referral.save(update_fields=["checks_made", "status", "removed_at", "next_check_at"])
    return check


def outcome_checks_due(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Referral.objects.filter(status=ReferralStatus.SENT, next_check_at__lte=now)
        .order_by("next_check_at")
        .values_list("pk", flat=True)[:1000]
    )
