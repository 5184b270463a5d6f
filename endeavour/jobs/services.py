"""Writes for background jobs. A job's own task calls these to report progress."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from endeavour.jobs.models import JobRun, JobStatus


@transaction.atomic
def job_create(*, kind: str, title: str, owner: Any, parameters: dict[str, Any]) -> JobRun:
    return JobRun.objects.create(kind=kind, title=title, owner=owner, parameters=parameters)


def job_start(job: JobRun, *, total: int | None) -> None:
    JobRun.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress_total=total, progress_done=0
    )


def job_progress(job: JobRun, *, done: int, message: str = "") -> None:
    """Outside any transaction on purpose, so the page polling for progress sees it at once."""
    JobRun.objects.filter(pk=job.pk).update(progress_done=done, message=message[:500])


def job_succeed(
    job: JobRun, *, message: str, content: bytes | None = None, filename: str = ""
) -> JobRun:
    path = ""
    if content is not None:
        path = default_storage.save(f"jobs/{job.pk}/{filename}", ContentFile(content))
    JobRun.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        message=message[:500],
        result_file=path,
        result_filename=filename,
    )
    job.refresh_from_db()
    return job


def job_fail(job: JobRun, *, message: str) -> None:
    JobRun.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), message=message[:500]
    )


@transaction.atomic
def jobs_purge_older_than(cutoff: Any) -> int:
    old = JobRun.objects.filter(created_at__lt=cutoff)
    for job in old.exclude(result_file=""):
        default_storage.delete(job.result_file)
    count, _ = old.delete()
    return count
