from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from endeavour.core import retention, work_queues
from endeavour.core.access import signed_in
from endeavour.jobs import selectors, services


@work_queues.register
def own_jobs(user: Any) -> list[work_queues.QueueCount]:
    if not signed_in(user):
        return []
    return [
        work_queues.QueueCount(
            "Your background jobs still running",
            selectors.active_job_count(user=user),
            reverse("jobs:list"),
        )
    ]


@retention.register("jobs.JobRun", "background job records and their files")
def purge_jobs(cutoff: datetime) -> int:
    return services.jobs_purge_older_than(cutoff)
