"""Case locking and decisions: a named person decides, with a reason and the policy version.

A decision can be undone for ``ONLINE_UNDO_SECONDS`` (60) before it takes effect, except a
Tier 1 escalation to police, which never waits. Referrals of Tier 2-4 content need a second,
different reviewer (a senior analyst) before anything is sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.online import permissions
from endeavour.online.models import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    DecisionState,
    Ideology,
    LegalBasis,
    PolicyClause,
    PolicyVersion,
    ProscribedOrganisation,
    ProscriptionList,
    ThreatLevel,
    Tier,
)
from endeavour.online.services import triage

LOCK_MINUTES = 15
REFERRABLE_TIERS = {Tier.TIER_1, Tier.TIER_2, Tier.TIER_3, Tier.TIER_4}


def undo_seconds() -> int:
    return int(getattr(settings, "ONLINE_UNDO_SECONDS", 60))


def current_policy() -> PolicyVersion:
    policy = PolicyVersion.objects.filter(is_current=True).order_by("-published_on").first()
    if policy is None:
        raise ValidationError("No content policy is marked current.")
    return policy


def is_locked_by_other(case: Case, user: Any, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        case.locked_by_id
        and case.locked_by_id != user.pk
        and case.locked_until
        and case.locked_until > now
    )


@transaction.atomic
def case_lock(*, case: Case, by: Any) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if is_locked_by_other(case, by):
        raise ValidationError(
            f"{case.locked_by} is reviewing this case until {case.locked_until:%H:%M}."
        )
    case.locked_by, case.locked_until = by, timezone.now() + timedelta(minutes=LOCK_MINUTES)
    case.save(update_fields=["locked_by", "locked_until", "updated_at"])
    return case


@transaction.atomic
def case_unlock(*, case: Case, by: Any) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.locked_by_id == by.pk:
        case.locked_by, case.locked_until = None, None
        case.save(update_fields=["locked_by", "locked_until", "updated_at"])
    return case


def _first_decision_awaiting_second(case: Case) -> Decision | None:
    return (
        case.decisions.filter(state=DecisionState.APPLIED, is_second_review=False)
        .order_by("-decided_at")
        .first()
    )


@transaction.atomic
def decision_record(
    *,
    case: Case,
    kind: str,
    by: Any,
    reason: str,
    tier: str,
    ideology: str,
    threat_level: str = "",
    policy_clause: PolicyClause | None = None,
    legal_basis: str = "",
    proscribed_organisation: ProscribedOrganisation | None = None,
) -> Decision:
    case = Case.objects.select_for_update().select_related("item").get(pk=case.pk)
    errors: dict[str, str] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = "Choose a decision."
    if not reason.strip():
        errors["reason"] = "Give the reason for the decision."
    if tier not in Tier.values or tier == Tier.UNTRIAGED:
        errors["tier"] = "Choose a tier, or out of scope."
    if ideology not in Ideology.values:
        errors["ideology"] = "Choose an ideology category."
    if tier == Tier.TIER_1 and threat_level not in set(ThreatLevel.values) - {""}:
        errors["threat_level"] = "A Tier 1 case needs its threat level."
    policy = current_policy()
    if kind == DecisionKind.REFER:
        if tier not in REFERRABLE_TIERS:
            errors["tier"] = "Only Tier 1 to 4 content can be referred."
        if policy_clause is None or policy_clause.policy_id != policy.pk:
            errors["policy_clause"] = (
                f"Choose the clause of the current policy ({policy}) it breaks."
            )
        if legal_basis not in LegalBasis.values:
            errors["legal_basis"] = "Choose the legal basis for the referral."
        if tier == Tier.TIER_3:
            latest = ProscriptionList.objects.order_by("-as_at").first()
            if (
                proscribed_organisation is None
                or latest is None
                or (proscribed_organisation.proscription_list_id != latest.pk)
            ):
                errors["proscribed_organisation"] = (
                    "Tier 3 needs the proscribed organisation, from the list in force"
                    + (f" (as at {latest.as_at:%d %B %Y})." if latest else ".")
                )
        if case.item.platform_id is None:
            errors["kind"] = (
                "The site hosting this URL is not in the platform registry. Add it on the "
                "Platforms page first, so the referral has somewhere to go."
            )
    if errors:
        raise ValidationError(errors)
    if case.status not in CaseStatus.open_statuses():
        raise ValidationError(
            {
                "kind": (
                    f"This case is {case.get_status_display().lower()}: "
                    "it is not open for decisions."
                )
            }
        )
    if is_locked_by_other(case, by):
        raise ValidationError({"kind": f"{case.locked_by} is reviewing this case."})
    if case.decisions.filter(state=DecisionState.PENDING).exists():
        raise ValidationError({"kind": "A decision on this case is still in its undo period."})
    second = case.status == CaseStatus.AWAITING_SECOND_REVIEW
    if second:
        first = _first_decision_awaiting_second(case)
        if first is None or not permissions.may_second_review(by, first):
            raise PermissionDenied("A second review must be made by a different senior analyst.")
    elif not permissions.can_review(by):
        raise PermissionDenied
    now = timezone.now()
    immediate = kind == DecisionKind.ESCALATE_POLICE and tier == Tier.TIER_1
    decision = Decision.objects.create(
        case=case,
        kind=kind,
        decided_by=by,
        is_second_review=second,
        reason=reason.strip(),
        tier=tier,
        threat_level=threat_level if tier == Tier.TIER_1 else "",
        ideology=ideology,
        policy_version=policy,
        policy_clause=policy_clause if kind == DecisionKind.REFER else None,
        legal_basis=legal_basis if kind == DecisionKind.REFER else "",
        decided_at=now,
        proscribed_organisation=proscribed_organisation if tier == Tier.TIER_3 else None,
        effective_at=now if immediate else now + timedelta(seconds=undo_seconds()),
    )
    triage.case_triage(
        case=case,
        tier=tier,
        threat_level=threat_level,
        ideology=ideology,
        reason=f"Set with decision: {reason.strip()[:200]}",
        by=by,
    )
    if immediate:
        decision_apply(decision)
    return decision


@transaction.atomic
def decision_undo(*, decision: Decision, by: Any) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.decided_by_id != by.pk:
        raise PermissionDenied("Only the person who made a decision can undo it.")
    if decision.state != DecisionState.PENDING or decision.effective_at <= timezone.now():
        raise ValidationError("This decision has already taken effect and can no longer be undone.")
    decision.state, decision.undone_at = DecisionState.UNDONE, timezone.now()
    decision.save(update_fields=["state", "undone_at"])
    return decision


def decisions_apply_due(now: datetime | None = None) -> int:
    """Apply every decision whose undo period is over. Safe to call often and concurrently."""
    now = now or timezone.now()
    applied = 0
    for decision_id in Decision.objects.filter(
        state=DecisionState.PENDING, effective_at__lte=now
    ).values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            decision = (
                Decision.objects.select_for_update(skip_locked=True)
                .filter(pk=decision_id, state=DecisionState.PENDING)
                .first()
            )
            if decision is not None:
                decision_apply(decision)
                applied += 1
    return applied


def _close(case: Case, status: str) -> None:
    case.status, case.closed_at = status, timezone.now()
    case.locked_by, case.locked_until = None, None
    case.save(update_fields=["status", "closed_at", "locked_by", "locked_until", "updated_at"])


def _await_second_review(case: Case) -> None:
    """Hand the case on: the first reviewer's lock must not block the second reviewer."""
    case.status = CaseStatus.AWAITING_SECOND_REVIEW
    case.locked_by, case.locked_until = None, None
    case.save(update_fields=["status", "locked_by", "locked_until", "updated_at"])


@transaction.atomic
def decision_apply(decision: Decision) -> Decision:
    """What a decision does once its undo period is over."""
    from endeavour.online.services import referrals

    case = Case.objects.select_for_update().get(pk=decision.case_id)
    before = case.status
    decision.state = DecisionState.APPLIED
    decision.save(update_fields=["state"])
    if decision.kind == DecisionKind.REFER:
        needs_second = decision.tier != Tier.TIER_1 and not decision.is_second_review
        if needs_second:
            _await_second_review(case)
        else:
            case.status = CaseStatus.REFERRED
            case.locked_by, case.locked_until = None, None
            case.save(update_fields=["status", "locked_by", "locked_until", "updated_at"])
            referrals.referral_prepare(case=case, decision=decision)
    elif decision.kind == DecisionKind.SECOND_OPINION:
        _await_second_review(case)
    elif decision.kind == DecisionKind.ESCALATE_POLICE:
        _close(case, CaseStatus.ESCALATED)
        transaction.on_commit(lambda: triage.police_alert_send(case.pk))
    else:
        _close(case, CaseStatus.CLOSED_NO_ACTION)
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=case,
        before={"status": before},
        after={"status": case.status},
        reason=f"{decision.get_kind_display()} by {decision.decided_by}: {decision.reason[:200]}",
    )
    return decision


@transaction.atomic
def preferences_save(preferences: Any) -> Any:
    preferences.full_clean()
    preferences.save()
    return preferences
