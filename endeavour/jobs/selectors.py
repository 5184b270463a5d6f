from __future__ import annotations

import uuid
from typing import Any

from endeavour.jobs import permissions
from endeavour.jobs.models import JobRun


def job_get(*, user: Any, pk: uuid.UUID) -> JobRun:
    return permissions.scope_jobs(user, JobRun.objects.all()).get(pk=pk)


def active_job_count(*, user: Any) -> int:
    return permissions.scope_jobs(
        user, JobRun.objects.filter(status__in=["queued", "running"])
    ).count()
