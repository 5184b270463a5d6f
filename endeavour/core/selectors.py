"""Reads for the core app. Every list is scoped through ``permissions`` first."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django_otp import devices_for_user

from endeavour.core import permissions
from endeavour.core.models import Borough, Organisation, RoleAssignment, User


def has_confirmed_device(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def borough_list() -> QuerySet[Borough]:
    return Borough.objects.all()


def organisation_list(
    *, user: Any, type: str = "", borough_id: int | None = None, q: str = ""
) -> QuerySet[Organisation]:
    queryset = permissions.scope_organisations(
        user, Organisation.objects.select_related("borough").annotate(member_count=Count("members"))
    )
    if type:
        queryset = queryset.filter(type=type)
    if borough_id:
        queryset = queryset.filter(borough_id=borough_id)
    if q:
        queryset = queryset.filter(name__icontains=q)
    return queryset.order_by("name")


def organisation_get(*, user: Any, pk: int) -> Organisation:
    """Raises ``Organisation.DoesNotExist`` for ids outside the user's scope, as for unknown ids."""
    return permissions.scope_organisations(
        user, Organisation.objects.select_related("borough")
    ).get(pk=pk)


def person_list(*, user: Any, q: str = "", role: str = "") -> QuerySet[User]:
    queryset = permissions.scope_people(
        user,
        User.objects.select_related("organisation").prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
        ),
    )
    if q:
        queryset = queryset.filter(username__icontains=q) | queryset.filter(last_name__icontains=q)
    if role:
        queryset = queryset.filter(role_assignments__role=role)
    return queryset.distinct().order_by("username")


def person_get(*, user: Any, pk: int) -> User:
    return permissions.scope_people(user, User.objects.select_related("organisation__borough")).get(
        pk=pk
    )


def members_of(organisation: Organisation, *, user: Any) -> QuerySet[User]:
    if (
        not permissions.can_view_people(user)
        and getattr(user, "organisation_id", None) != organisation.pk
    ):
        return User.objects.none()
    return organisation.members.filter(is_active=True).prefetch_related("role_assignments")
