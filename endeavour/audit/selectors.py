from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from endeavour.audit import permissions
from endeavour.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_json(self) -> dict[str, str]:
        return {
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items() if v
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AuditFilters:
        values = dict(data)
        for key in ("date_from", "date_to"):
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
        return cls(**values)


def audit_event_list(*, user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    if not permissions.can_view_audit_log(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(occurred_at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        events = events.filter(
            occurred_at__lt=datetime.combine(filters.date_to + timedelta(days=1), time.min, tz)
        )
    return events.order_by("-occurred_at", "-id")


def object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="")
        .values_list("object_type", flat=True)
        .distinct()
        .order_by("object_type")
    )
