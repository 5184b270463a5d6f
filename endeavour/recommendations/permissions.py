"""Who may see and do what in recommendation tracking: the one place these decisions are made.

- Programme officers manage everything: sources, imports, recommendations, any status.
- Auditors read everything and change nothing, even where their organisation is an owner.
- Owners are the people whose organisation is an owner organisation of a recommendation or
  action, and its named lead officer. They see their own items (and the recommendation an action
  of theirs belongs to, and the actions under a recommendation of theirs), record their response,
  report progress with evidence and link evidence. Some statuses ("implemented and verified",
  "superseded") are for programme officers only.
- The public sees published sources, their listed recommendations and published fields only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from endeavour.core.access import signed_in
from endeavour.core.models import Role
from endeavour.core.permissions import has_role, is_staff_member
from endeavour.recommendations.models import Recommendation, Source, StatusDefinition

MANAGERS = (Role.PROGRAMME_OFFICER,)
VIEWERS = (Role.PROGRAMME_OFFICER, Role.AUDITOR)


def can_manage_tracker(user: Any) -> bool:
    """Add and edit sources and recommendations, import files, set any status."""
    return has_role(user, *MANAGERS)


def can_view_tracker(user: Any) -> bool:
    """See every source and recommendation, published or not, with internal fields."""
    return has_role(user, *VIEWERS)


def is_read_only(user: Any) -> bool:
    """Auditors change nothing, whatever their organisation owns."""
    return has_role(user, Role.AUDITOR) and not can_manage_tracker(user)


def can_use_owner_pages(user: Any) -> bool:
    """Any member of staff may open the owner's pages; what they find there is scoped to them.

    Grant applicants and assessors are not staff: recommendations are never theirs to update.
    """
    return is_staff_member(user)


def can_report_progress(user: Any) -> bool:
    """May reach the forms for responses, status updates and evidence links (scoped per item)."""
    return is_staff_member(user) and not is_read_only(user)


def _owned_ids(user: Any) -> QuerySet[Recommendation, Any]:
    organisation_id = getattr(user, "organisation_id", None)
    owned = Q(lead_officer_id=user.pk)
    if organisation_id is not None:
        owned |= Q(owner_organisations__id=organisation_id)
    return Recommendation.objects.filter(owned).values("pk")


def scope_owned(user: Any, queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """The items this user owns (not every item they may see)."""
    if not signed_in(user):
        return queryset.none()
    return queryset.filter(pk__in=_owned_ids(user))


def scope_recommendations(
    user: Any, queryset: QuerySet[Recommendation]
) -> QuerySet[Recommendation]:
    """Everything for viewers; for owners, their items with their parents and actions."""
    if can_view_tracker(user):
        return queryset
    if not signed_in(user):
        return queryset.none()
    owned = _owned_ids(user)
    parents_of_owned = Recommendation.objects.filter(pk__in=owned, parent__isnull=False).values(
        "parent_id"
    )
    return queryset.filter(Q(pk__in=owned) | Q(parent_id__in=owned) | Q(pk__in=parents_of_owned))


def scope_sources(user: Any, queryset: QuerySet[Source]) -> QuerySet[Source]:
    """Every source for viewers; the published ones for everyone else."""
    if can_view_tracker(user):
        return queryset
    return queryset.filter(is_published=True)


def scope_public_sources(queryset: QuerySet[Source]) -> QuerySet[Source]:
    return queryset.filter(is_published=True)


def scope_public_recommendations(
    queryset: QuerySet[Recommendation],
) -> QuerySet[Recommendation]:
    """Listed items of published sources; an action is listed only if its recommendation is."""
    return queryset.filter(source__is_published=True, is_public=True).exclude(
        parent__is_public=False
    )


def is_owner(user: Any, recommendation: Recommendation) -> bool:
    if not signed_in(user):
        return False
    if recommendation.lead_officer_id is not None and recommendation.lead_officer_id == user.pk:
        return True
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return False
    return any(o.pk == organisation_id for o in recommendation.owner_organisations.all())


def may_update(user: Any, recommendation: Recommendation) -> bool:
    """Record a response, a status change or an evidence link on this item."""
    if can_manage_tracker(user):
        return True
    return not is_read_only(user) and is_owner(user, recommendation)


def may_set_status(user: Any, status: StatusDefinition) -> bool:
    return can_manage_tracker(user) or status.owners_may_set
