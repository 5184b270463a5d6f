"""Sample online casework for the demo: labelled sample, on reserved .example domains."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from endeavour.core.models import User
from endeavour.online.models import (
    Case,
    Channel,
    Decision,
    DecisionState,
    Item,
    OutcomeCheck,
    Platform,
    PlatformDomain,
    PolicyClause,
    ProscribedOrganisation,
    Referral,
    ReferralStatus,
    SizeBand,
    Tier,
)
from endeavour.online.services import referrals, review
from endeavour.online.services.intake import item_submit

SAMPLE_PLATFORMS = [
    (
        "VideoShare (sample platform)",
        "videoshare.example",
        SizeBand.LARGE,
        "abuse@videoshare.example",
    ),
    (
        "PastePost (sample platform)",
        "pastepost.example",
        SizeBand.SMALL,
        "https://pastepost.example/report",
    ),
    (
        "ChatChannel (sample platform)",
        "chatchannel.example",
        SizeBand.MEDIUM,
        "trust@chatchannel.example",
    ),
]
DESCRIPTIONS = [
    "[Sample] Description only: video said to be official propaganda of a proscribed group.",
    "[Sample] Description only: post praising a recent attack and its perpetrator.",
    "[Sample] Description only: news report about an attack trial (should not be referred).",
    "[Sample] Description only: a faith leader's sermon condemning violence (counter-speech).",
    "[Sample] Description only: channel sharing an attacker's manifesto in translation.",
    "[Sample] Description only: bomb-making instructions linked from a forum post.",
]


@transaction.atomic
def load_online_demo(*, items: int = 40) -> int:
    if Item.objects.filter(is_sample=True).exists():
        return 0
    rng = random.Random(2026)  # noqa: S311  (sample data, not security)
    for name, domain, size, contact in SAMPLE_PLATFORMS:
        platform, _ = Platform.objects.get_or_create(
            name=name, defaults={"size_band": size, "abuse_contact": contact, "is_sample": True}
        )
        PlatformDomain.objects.get_or_create(domain=domain, defaults={"platform": platform})
    analyst = User.objects.get(username="analyst")
    senior = User.objects.get(username="senior")
    clause = PolicyClause.objects.get(policy__is_current=True, code="T3")
    now = timezone.now()
    for n in range(items):
        domain = rng.choice([d for _, d, _, _ in SAMPLE_PLATFORMS])
        result = item_submit(
            url=f"https://{domain}/sample/{n:03d}",
            source=rng.choice(["public_report", "partner", "analyst"]),
            submitted_text=rng.choice(DESCRIPTIONS),
        )
        reported = now - timedelta(days=rng.randint(61, 80), hours=rng.randint(0, 23))
        Item.objects.filter(pk=result.item.pk).update(is_sample=True, created_at=reported)
        Case.objects.filter(pk=result.case.pk).update(created_at=reported)
        result.item.submissions.update(submitted_at=reported)
        stage = rng.random()
        if stage < 0.35:
            continue
        case = result.case
        if stage < 0.5:
            _decide(
                case,
                analyst,
                "no_action_protected",
                Tier.OUT_OF_SCOPE,
                "News reporting or counter-speech.",
            )
            continue
        _decide(
            case,
            analyst,
            "refer",
            Tier.TIER_3,
            "Official propaganda of a proscribed group.",
            clause,
        )
        if stage < 0.6:
            continue
        _decide(
            Case.objects.get(pk=case.pk),
            senior,
            "refer",
            Tier.TIER_3,
            "Agree: T3 propaganda.",
            clause,
        )
        referral = Case.objects.get(pk=case.pk).referrals.get()
        channel = Channel.WEB_FORM  # the demo sends no email
        referral = referrals.referral_send(referral=referral, channel=channel, by=senior)
        sent = now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 23))
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent)
        if stage < 0.9:
            removed = sent + timedelta(hours=rng.choice([2, 5, 11, 20, 30, 50, 90, 170]))
            Referral.objects.filter(pk=referral.pk).update(
                status=ReferralStatus.REMOVED, removed_at=removed, next_check_at=None, checks_made=2
            )
            OutcomeCheck.objects.create(
                referral=referral,
                checked_at=removed,
                http_status=404,
                cause="removed_by_platform",
                detail="HTTP 404 (sample)",
            )
            Case.objects.filter(pk=case.pk).update(status="closed_removed", closed_at=removed)
    return items


def _decide(
    case: Case, by: User, kind: str, tier: str, reason: str, clause: PolicyClause | None = None
) -> None:
    decision = review.decision_record(
        case=case,
        kind=kind,
        by=by,
        reason=reason,
        tier=tier,
        ideology="islamist" if tier != Tier.OUT_OF_SCOPE else "",
        policy_clause=clause,
        legal_basis="tact2006_s2" if kind == "refer" else "",
        proscribed_organisation=ProscribedOrganisation.objects.filter(
            name="Islamic State of Iraq and the Levant"
        ).first()
        if tier == Tier.TIER_3
        else None,
    )
    Decision.objects.filter(pk=decision.pk).update(effective_at=timezone.now())
    review.decision_apply(Decision.objects.get(pk=decision.pk, state=DecisionState.PENDING))
