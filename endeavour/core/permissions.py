"""Who may see and do what in the core app: the one place these decisions are made."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.access import signed_in
from endeavour.core.models import Organisation, Role, User

PARTNER_ROLES = frozenset({Role.ASSESSOR, Role.APPLICANT})
"""People outside the programme's staff: they see only their own grant work, never staff pages."""
STAFF_ROLES = frozenset(Role.values) - PARTNER_ROLES


def has_role(user: Any, *roles: str) -> bool:
    return signed_in(user) and isinstance(user, User) and user.has_role(*roles)


def is_staff_member(user: Any) -> bool:
    """Anyone holding at least one role."""
    return has_role(user, *STAFF_ROLES)


def can_view_organisations(user: Any) -> bool:
    return is_staff_member(user)


def can_manage_people(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_view_people(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR, Role.AUDITOR)


def can_manage_api_tokens(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_use_admin(user: Any) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def is_borough_scoped(user: Any) -> bool:
    """Borough officers see their own borough only, unless they also hold a city-wide role."""
    return has_role(user, Role.BOROUGH_OFFICER) and not has_role(
        user, *(STAFF_ROLES - {Role.BOROUGH_OFFICER})
    )


def scope_organisations(user: Any, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    if not can_view_organisations(user):
        return queryset.none()
    if is_borough_scoped(user):
        borough = user.borough
        return queryset.filter(borough=borough) if borough else queryset.none()
    return queryset


def scope_people(user: Any, queryset: QuerySet[User]) -> QuerySet[User]:
    return queryset if can_view_people(user) else queryset.none()
