from __future__ import annotations

import csv
import io
import json

from celery import shared_task

from endeavour.audit.context import acting_as, actor_for_user
from endeavour.audit.models import AuditAction
from endeavour.audit.selectors import AuditFilters, audit_event_list
from endeavour.audit.services import audit_event_record
from endeavour.jobs import services as jobs
from endeavour.jobs.models import JobRun

CSV_COLUMNS = [
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "ip_address",
]
BATCH = 500


@shared_task(name="endeavour.audit.tasks.export_audit_log_csv", acks_late=True)
def export_audit_log_csv(job_id: str) -> None:
    job = JobRun.objects.select_related("owner").filter(pk=job_id).first()
    if job is None:
        return
    with acting_as(actor_for_user(job.owner)):
        try:
            filters = AuditFilters.from_json(job.parameters.get("filters", {}))
            events = audit_event_list(user=job.owner, filters=filters)
            total = events.count()
            jobs.job_start(job, total=total)
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(CSV_COLUMNS)
            for done, event in enumerate(events.iterator(chunk_size=BATCH), start=1):
                writer.writerow(
                    [
                        event.pk,
                        event.occurred_at.isoformat(),
                        event.actor_id or "",
                        event.actor_label,
                        event.action,
                        event.object_type,
                        event.object_id,
                        event.object_repr,
                        json.dumps(event.before) if event.before is not None else "",
                        json.dumps(event.after) if event.after is not None else "",
                        event.reason,
                        event.ip_address or "",
                    ]
                )
                if done % BATCH == 0:
                    jobs.job_progress(
                        job, done=done, message=f"{done:,} of {total:,} events written"
                    )
            audit_event_record(
                action=AuditAction.EXPORT,
                object_type="audit.auditevent",
                object_repr=f"Audit log CSV, {total} events",
                after={"filters": filters.as_json(), "rows": total},
            )
            jobs.job_succeed(
                job,
                message=f"{total:,} events exported",
                filename="audit-log.csv",
                content=buffer.getvalue().encode("utf-8"),
            )
        except Exception as exc:
            jobs.job_fail(job, message=f"The export failed: {exc.__class__.__name__}")
            raise
