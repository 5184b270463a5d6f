"""What the online casework adds to navigation, the staff home page and the retention purge."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse

from endeavour.core import navigation, retention, work_queues
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo
from endeavour.online import permissions
from endeavour.online.models import (
    Case,
    CaseStatus,
    Decision,
    DecisionState,
    Dispute,
    DisputeStatus,
    Referral,
    ReferralStatus,
    ReporterContact,
    Tier,
)

AIM = "Stop the spread"
for label, url_name, rule in [
    ("Review queue", "online:queue", permissions.can_review),
    ("Referrals", "online:referral-list", permissions.can_manage_referrals),
    ("Disputes", "online:dispute-list", permissions.can_review_disputes),
    ("Platforms", "online:platform-list", permissions.can_manage_platforms),
    ("Transparency figures", "online:figures", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))


@work_queues.register
def review_queues(user: Any) -> list[work_queues.QueueCount]:
    if not permissions.can_review(user):
        return []
    queue = reverse("online:queue")
    counts = [
        work_queues.QueueCount(
            "Cases waiting for a first review",
            Case.objects.filter(status=CaseStatus.NEW).count(),
            queue,
        ),
        work_queues.QueueCount(
            "Tier 1 cases still open",
            Case.objects.filter(tier=Tier.TIER_1, status__in=CaseStatus.open_statuses()).count(),
            f"{queue}?tier=tier1",
        ),
    ]
    if permissions.can_second_review(user):
        mine = Decision.objects.filter(decided_by=user, state=DecisionState.APPLIED).values(
            "case_id"
        )
        counts += [
            work_queues.QueueCount(
                "Waiting for your second review",
                Case.objects.filter(status=CaseStatus.AWAITING_SECOND_REVIEW)
                .exclude(pk__in=mine)
                .count(),
                f"{queue}?status=awaiting_second_review",
            ),
            work_queues.QueueCount(
                "Referrals ready to send",
                Referral.objects.filter(status=ReferralStatus.DRAFT).count(),
                reverse("online:referral-list"),
            ),
            work_queues.QueueCount(
                "Open disputes",
                Dispute.objects.filter(status=DisputeStatus.OPEN).count(),
                reverse("online:dispute-list"),
            ),
        ]
    return counts


@register_demo
def online_demo() -> int:
    from endeavour.online.demo import load_online_demo

    return load_online_demo()


@retention.register("online.ReporterContact", "public reporters' contact details")
def purge_reporter_contacts(cutoff: datetime) -> int:
    count, _ = ReporterContact.objects.filter(Q(created_at__lt=cutoff)).delete()
    return count
