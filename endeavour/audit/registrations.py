from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from endeavour.audit import permissions
from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core import navigation, work_queues

navigation.register(
    navigation.NavItem(
        "Administration", "Audit log", "audit:event-list", permissions.can_view_audit_log
    )
)


@work_queues.register
def audit_queues(user: Any) -> list[work_queues.QueueCount]:
    if not permissions.can_view_audit_log(user):
        return []
    since = timezone.now() - timedelta(days=1)
    failed = AuditEvent.objects.filter(
        occurred_at__gte=since,
        action__in=[
            AuditAction.SIGN_IN_FAILED,
            AuditAction.TWO_FACTOR_FAILED,
            AuditAction.LOCKED_OUT,
        ],
    )
    url = reverse("audit:event-list")
    return [
        work_queues.QueueCount(
            "Failed sign-ins and lock-outs in the last 24 hours",
            failed.count(),
            f"{url}?action=sign_in_failed",
        ),
        work_queues.QueueCount(
            "Audit events in the last 24 hours",
            AuditEvent.objects.filter(occurred_at__gte=since).count(),
            url,
        ),
    ]
