"""What hate incident reporting adds to navigation, the staff home page, retention and the demo."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from endeavour.core import navigation, retention, work_queues
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo
from endeavour.incidents import permissions
from endeavour.incidents.models import IncidentReport, Status
from endeavour.incidents.services.retention import attachments_purge, reporter_details_purge

AIM = "Safeguard"
for label, url_name, rule in [
    ("Hate incident reports", "incidents:queue", permissions.can_view_reports),
    ("Hate incident figures (staff)", "incidents:staff-trends", permissions.can_view_reports),
    ("Report or get help", "incidents:front-door", anyone),
    ("Hate incident figures", "incidents:trends", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))


@work_queues.register
def incident_queues(user: Any) -> list[work_queues.QueueCount]:
    if not permissions.can_triage(user):
        return []
    url = reverse("incidents:queue")
    return [
        work_queues.QueueCount(
            "New hate incident reports",
            IncidentReport.objects.filter(status=Status.NEW).count(),
            f"{url}?status={Status.NEW}",
            "Check each report, grade it and route it with the reporter's consent.",
        ),
        work_queues.QueueCount(
            "Hate incident reports in triage",
            IncidentReport.objects.filter(status=Status.IN_TRIAGE).count(),
            f"{url}?status={Status.IN_TRIAGE}",
        ),
    ]


@register_demo
def incidents_demo() -> int:
    from endeavour.incidents.demo import load_incidents_demo

    return load_incidents_demo()


@retention.register(
    "incidents.ReporterContact",
    "hate incident reporters' contact details and exact locations (after the report closed)",
)
def purge_reporter_details(cutoff: datetime) -> int:
    return reporter_details_purge(cutoff)


@retention.register(
    "incidents.Attachment", "files attached to hate incident reports (after the report closed)"
)
def purge_attachments(cutoff: datetime) -> int:
    return attachments_purge(cutoff)
