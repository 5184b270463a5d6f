from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.access import signed_in
from endeavour.jobs.models import JobRun


def can_view_own_jobs(user: Any) -> bool:
    return signed_in(user)


def scope_jobs(user: Any, queryset: QuerySet[JobRun]) -> QuerySet[JobRun]:
    """People see only the jobs they started."""
    return queryset.filter(owner=user) if signed_in(user) else queryset.none()
