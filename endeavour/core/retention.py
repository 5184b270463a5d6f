"""Retention periods and the scheduled purge. Each record type registers how it is purged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record

Purger = Callable[[datetime], int]


@dataclass(frozen=True)
class RetentionRule:
    record_type: str
    description: str
    purge: Purger


_rules: dict[str, RetentionRule] = {}


def register(record_type: str, description: str) -> Callable[[Purger], Purger]:
    def decorate(purge: Purger) -> Purger:
        _rules[record_type] = RetentionRule(record_type, description, purge)
        return purge

    return decorate


def rules() -> list[RetentionRule]:
    return sorted(_rules.values(), key=lambda rule: rule.record_type)


def retention_days(record_type: str) -> int:
    days: int = settings.RETENTION_DAYS[record_type]
    return days


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Apply every retention period; write one audit entry for each record type purged."""
    now = now or timezone.now()
    results: dict[str, int] = {}
    for rule in rules():
        days = retention_days(rule.record_type)
        cutoff = now - timedelta(days=days)
        with transaction.atomic():
            count = rule.purge(cutoff)
            results[rule.record_type] = count
            audit_event_record(
                action=AuditAction.PURGE,
                object_type=rule.record_type.lower(),
                object_repr=f"{count} {rule.description} older than {days} days",
                after={"deleted": count, "cutoff": cutoff.isoformat(), "retention_days": days},
            )
    return results
