"""The one way anything is written to the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from endeavour.audit.context import Actor, current_actor
from endeavour.audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from endeavour.audit.selectors import AuditFilters
    from endeavour.jobs.models import JobRun


def object_type_of(instance: models.Model | type[models.Model]) -> str:
    return instance._meta.label_lower


def audit_event_record(
    *,
    action: AuditAction | str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    actor: Actor | None = None,
) -> AuditEvent:
    """Append one event. Joins the caller's transaction, so it is kept only if the change is."""
    actor = actor or current_actor()
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:300]
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor_id=actor.id,
        actor_label=actor.label[:200],
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=before,
        after=after,
        reason=reason,
        ip_address=actor.ip_address,
    )


def audit_view_record(instance: models.Model, *, reason: str = "") -> AuditEvent:
    """Record that the current actor looked at a restricted record."""
    return audit_event_record(action=AuditAction.VIEW, instance=instance, reason=reason)


def audit_export_start(*, user: Any, filters: AuditFilters) -> JobRun:
    """Queue a CSV export of the audit log; it runs once the surrounding transaction commits."""
    from endeavour.audit.tasks import export_audit_log_csv
    from endeavour.jobs.services import job_create

    with transaction.atomic():
        job = job_create(
            kind="audit_export",
            title="Audit log export",
            owner=user,
            parameters={"filters": filters.as_json()},
        )
        export_audit_log_csv.delay_on_commit(str(job.pk))  # type: ignore[attr-defined]
    return job
