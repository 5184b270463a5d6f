"""The review queue: priority order with keyset pagination, so page 500 costs what page 1 does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from endeavour.online import permissions
from endeavour.online.models import Case, CaseStatus

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    priority: int
    id: int

    def encode(self) -> str:
        return f"{self.priority}.{self.id}"

    @classmethod
    def decode(cls, raw: str | None) -> Cursor | None:
        if not raw:
            return None
        try:
            priority, case_id = (int(part) for part in raw.split(".", 1))
        except ValueError:
            return None
        return cls(priority, case_id) if priority >= 0 and case_id >= 0 else None


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    next_cursor: str | None


def queue_queryset(*, user: Any, filters: dict[str, Any]) -> QuerySet[Case]:
    cases = permissions.scope_cases(user, Case.objects.all())
    status = filters.get("status")
    cases = (
        cases.filter(status=status)
        if status
        else cases.filter(status__in=CaseStatus.open_statuses())
    )
    for name in ("tier", "ideology"):
        if filters.get(name):
            cases = cases.filter(**{name: filters[name]})
    if filters.get("platform"):
        cases = cases.filter(item__platform=filters["platform"])
    if filters.get("source"):
        cases = cases.filter(signals__kind=filters["source"]).distinct()
    if filters.get("max_age_days"):
        cases = cases.filter(
            created_at__gte=timezone.now() - timedelta(days=filters["max_age_days"])
        )
    return cases


def queue_page(*, user: Any, filters: dict[str, Any], after: Cursor | None) -> QueuePage:
    cases = queue_queryset(user=user, filters=filters)
    if after is not None:
        cases = cases.filter(
            Q(priority__lt=after.priority) | Q(priority=after.priority, id__gt=after.id)
        )
    rows = list(
        cases.select_related("item__platform", "locked_by").order_by("-priority", "id")[
            : PAGE_SIZE + 1
        ]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_cursor = Cursor(rows[-1].priority, rows[-1].pk).encode() if more and rows else None
    return QueuePage(rows, next_cursor)


def case_get(*, user: Any, pk: int) -> Case:
    return (
        permissions.scope_cases(user, Case.objects.all())
        .select_related("item__platform", "locked_by", "reupload_of")
        .get(pk=pk)
    )
