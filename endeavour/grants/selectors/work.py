"""What is waiting for whom: the officers' work list and the counts on everyone's home page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from endeavour.grants import permissions
from endeavour.grants.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Declaration,
    MonitoringReturn,
    RegistrationRequest,
    RegistrationStatus,
    ReturnStatus,
)

ASSESSORS_NEEDED = 2


def to_assign() -> QuerySet[Application]:
    """Submitted, undecided applications with fewer than two assessors who have not declared a
    conflict."""
    return (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED, is_imported=False)
        .annotate(
            active=Count("assignments", filter=~Q(assignments__declaration=Declaration.CONFLICT))
        )
        .filter(active__lt=ASSESSORS_NEEDED)
        .select_related("call", "organisation")
    )


def to_moderate() -> QuerySet[Application]:
    return Application.objects.filter(
        status=ApplicationStatus.SUBMITTED, needs_moderation=True
    ).select_related("call", "organisation")


def overdue() -> QuerySet[MonitoringReturn]:
    return MonitoringReturn.objects.filter(
        status=ReturnStatus.DUE, due_date__lt=timezone.localdate()
    ).select_related("grant__application__organisation")


def to_review() -> QuerySet[MonitoringReturn]:
    return MonitoringReturn.objects.filter(
        status=ReturnStatus.SUBMITTED, reviewed_at__isnull=True
    ).select_related("grant__application__organisation")


@dataclass(frozen=True)
class OfficerWork:
    to_assign: list[Application]
    to_moderate: list[Application]
    overdue: list[MonitoringReturn]
    to_review: list[MonitoringReturn]
    registrations: list[RegistrationRequest]


def officer_work() -> OfficerWork:
    return OfficerWork(
        list(to_assign()[:200]),
        list(to_moderate()[:200]),
        list(overdue()[:200]),
        list(to_review()[:200]),
        list(RegistrationRequest.objects.filter(status=RegistrationStatus.PENDING)[:200]),
    )


def assessments_to_do(user: Any) -> QuerySet[Assignment]:
    return permissions.scope_assignments(user, Assignment.objects.all()).filter(
        submitted_at__isnull=True, application__status=ApplicationStatus.SUBMITTED
    )


def returns_due(user: Any) -> QuerySet[MonitoringReturn]:
    return permissions.scope_returns(user, MonitoringReturn.objects.all()).filter(
        status=ReturnStatus.DUE, period_start__lte=timezone.localdate()
    )
