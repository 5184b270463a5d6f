"""Who may do what in the online casework: the one place these decisions are made."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.access import signed_in
from endeavour.core.models import Role
from endeavour.core.permissions import has_role
from endeavour.online.models import Case, Decision, Item

ANALYSTS = (Role.ANALYST, Role.SENIOR_ANALYST)


def can_review(user: Any) -> bool:
    """See the queue and cases, take first decisions, submit items."""
    return has_role(user, *ANALYSTS)


def can_view_cases(user: Any) -> bool:
    return has_role(user, *ANALYSTS, Role.AUDITOR)


def can_second_review(user: Any) -> bool:
    return has_role(user, Role.SENIOR_ANALYST)


def can_manage_referrals(user: Any) -> bool:
    """Send referral notices and record platforms' responses."""
    return has_role(user, Role.SENIOR_ANALYST)


def can_review_disputes(user: Any) -> bool:
    return has_role(user, Role.SENIOR_ANALYST)


def can_import(user: Any) -> bool:
    return has_role(user, *ANALYSTS)


def can_submit_as_partner(user: Any) -> bool:
    """Any signed-in account of an organisation; the API quota applies per person."""
    return signed_in(user) and getattr(user, "organisation_id", None) is not None


def can_view_evidence(user: Any) -> bool:
    return has_role(user, *ANALYSTS, Role.AUDITOR)


def can_manage_platforms(user: Any) -> bool:
    return has_role(user, Role.SENIOR_ANALYST, Role.ADMINISTRATOR)


def can_view_internal_figures(user: Any) -> bool:
    return has_role(user, *ANALYSTS, Role.AUDITOR, Role.PROGRAMME_OFFICER)


def can_view_banks(user: Any) -> bool:
    """See the hash banks, their entries and exchange runs; export a bank's hash list."""
    return has_role(user, *ANALYSTS, Role.AUDITOR, Role.ADMINISTRATOR)


def can_manage_banks(user: Any) -> bool:
    """Create banks, change their settings, disable entries and import hash lists."""
    return has_role(user, Role.SENIOR_ANALYST, Role.ADMINISTRATOR)


def scope_cases(user: Any, queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset if can_view_cases(user) else queryset.none()


def may_second_review(user: Any, decision: Decision) -> bool:
    """A second review is by a senior analyst who did not make the first decision."""
    return can_second_review(user) and decision.decided_by_id != getattr(user, "pk", None)


def may_review_dispute(user: Any, decided_by_ids: set[int]) -> bool:
    """A dispute is reviewed by a senior analyst who took no part in the decision."""
    return can_review_disputes(user) and getattr(user, "pk", None) not in decided_by_ids


def scope_partner_items(user: Any, queryset: QuerySet[Item]) -> QuerySet[Item]:
    """Case viewers see every item; anyone else, the items their organisation submitted."""
    if can_view_cases(user):
        return queryset
    organisation_id = getattr(user, "organisation_id", None)
    if not can_submit_as_partner(user) or organisation_id is None:
        return queryset.none()
    return queryset.filter(submissions__partner_id=organisation_id).distinct()


def can_view_classifier_thresholds(user: Any) -> bool:
    """See the text classifier's thresholds, their history and the model in use."""
    return has_role(user, Role.SENIOR_ANALYST, Role.ADMINISTRATOR)


def can_set_classifier_thresholds(user: Any) -> bool:
    """Change a classifier category's threshold (with a reason)."""
    return has_role(user, Role.ADMINISTRATOR)


def can_classify_text(user: Any) -> bool:
    """Score texts with the text classifier through the API: whoever may view cases."""
    return can_view_cases(user)
