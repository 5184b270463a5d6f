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
    ("Submit an item", "online:item-submit", permissions.can_review),
    ("Import items", "online:import", permissions.can_import),
    ("Referrals", "online:referral-list", permissions.can_manage_referrals),
    ("Disputes", "online:dispute-list", permissions.can_review_disputes),
    ("Platforms", "online:platform-list", permissions.can_manage_platforms),
    ("Hash banks", "online:bank-list", permissions.can_view_banks),
    ("Check a hash", "online:hash-check", permissions.can_review),
    ("Report online extremism", "online:report", anyone),
    ("Transparency figures", "online:figures", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))
navigation.register(
    navigation.NavItem(
        "Administration",
        "Classifier thresholds",
        "online:classifier-thresholds",
        permissions.can_view_classifier_thresholds,
    )
)


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


@retention.register(
    "online.ClosedCaseEvidence", "closed cases' evidence (files, captured and reported text)"
)
def purge_closed_case_evidence(cutoff: datetime) -> int:
    """Keep the record of what was decided and why (for figures and disputes); drop the material."""
    from django.core.files.storage import default_storage

    from endeavour.online.models import Capture, Item, ItemFile
    from endeavour.online.services.classifier_signals import classifier_material_drop

    closed = Case.objects.filter(closed_at__lt=cutoff).values("item_id")
    files = ItemFile.objects.filter(item_id__in=closed)
    count = 0
    for item_file in files:
        for path in (item_file.storage_path, item_file.thumbnail_path):
            if path:
                default_storage.delete(path)
        count += 1
    files.delete()
    Capture.objects.filter(item_id__in=closed).exclude(text="").update(text="", title="")
    Item.objects.filter(pk__in=closed).exclude(submitted_text="").update(submitted_text="")
    classifier_material_drop(closed.values_list("item_id", flat=True))
    return count


@retention.register("online.DisputeContact", "dispute contact email addresses")
def purge_dispute_contacts(cutoff: datetime) -> int:
    return (
        Dispute.objects.filter(submitted_at__lt=cutoff)
        .exclude(contact_email="")
        .update(contact_email="")
    )
