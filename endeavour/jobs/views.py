from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import requires
from endeavour.jobs import permissions, selectors
from endeavour.jobs.models import JobRun


def _job_or_404(request: HttpRequest, pk: uuid.UUID) -> JobRun:
    try:
        return selectors.job_get(user=request.user, pk=pk)
    except JobRun.DoesNotExist as exc:
        raise Http404("No such job") from exc


@requires(permissions.can_view_own_jobs)
@require_GET
def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = _job_or_404(request, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@requires(permissions.can_view_own_jobs)
@require_GET
def job_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    job = _job_or_404(request, pk)
    if not job.result_file or not default_storage.exists(job.result_file):
        raise Http404("This job has no file to download, or it has expired.")
    audit_event_record(
        action=AuditAction.EXPORT, instance=job, reason=f"Downloaded {job.result_filename}"
    )
    return FileResponse(
        default_storage.open(job.result_file, "rb"),
        as_attachment=True,
        filename=job.result_filename,
    )


@requires(permissions.can_view_own_jobs)
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = permissions.scope_jobs(request.user, JobRun.objects.all())[:100]
    return render(request, "jobs/list.html", {"jobs": jobs})
