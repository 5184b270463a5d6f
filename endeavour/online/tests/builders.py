"""Build cases at each stage of the lifecycle through the real services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from conftest import make_staff
from endeavour.core.models import Role
from endeavour.online.models import (
    Case,
    Channel,
    Ideology,
    PolicyClause,
    ProscribedOrganisation,
    Tier,
)
from endeavour.online.services import referrals, review
from endeavour.online.tests.factories import PlatformFactory, submit

_counter = iter(range(10**6))


def platform_with_domain(domain: str = "videoshare.example") -> Any:
    from endeavour.online.models import PlatformDomain

    existing = PlatformDomain.objects.filter(domain=domain).select_related("platform").first()
    return existing.platform if existing else PlatformFactory(domains=[domain])


def first_decision(
    case: Case, analyst: Any, *, tier: str = Tier.TIER_3, kind: str = "refer"
) -> Any:
    clause = PolicyClause.objects.get(policy__is_current=True, code="T3")
    decision = review.decision_record(
        case=case,
        kind=kind,
        by=analyst,
        reason="Official propaganda video of a proscribed group.",
        tier=tier,
        ideology=Ideology.ISLAMIST,
        threat_level="high_specific" if tier == Tier.TIER_1 else "",
        policy_clause=clause,
        legal_basis="tact2006_s2",
        proscribed_organisation=ProscribedOrganisation.objects.filter(
            name="Islamic State of Iraq and the Levant"
        ).first(),
    )
    decision.effective_at = timezone.now()
    decision.save(update_fields=["effective_at"])
    review.decisions_apply_due()
    return decision


def referred_case(*, url: str | None = None, send: bool = False, files: Any = ()) -> Case:
    """A Tier 3 case referred after first and second review (and optionally sent)."""
    platform_with_domain()
    n = next(_counter)
    result = submit(
        url=url or f"https://videoshare.example/watch/{n}-{timezone.now().timestamp()}", files=files
    )
    analyst = make_staff(Role.ANALYST)
    senior = make_staff(Role.SENIOR_ANALYST)
    first_decision(result.case, analyst)
    first_decision(Case.objects.get(pk=result.case.pk), senior)
    case = Case.objects.get(pk=result.case.pk)
    if send:
        referrals.referral_send(referral=case.referrals.get(), channel=Channel.WEB_FORM, by=senior)
    return case
