"""Who may see and do what with hate incident reports: the one place these decisions are made.

- Anyone may report (no account) and read the public figures (counts under 5 withheld).
- Reports officers triage: they open the case record (with the exact location and any contact
  details), record verification, severity, routing and status, and download attachments.
- Programme officers and auditors read reports at borough level and the staff figures; they
  change nothing. Auditors change nothing anywhere.
- Analysts see only what reaches the online casework (a report's web addresses become online
  items there), never the report itself. Borough officers and partners see nothing here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.models import Role
from endeavour.core.permissions import has_role
from endeavour.incidents.models import Attachment, IncidentReport

TRIAGERS = (Role.REPORTS_OFFICER,)
VIEWERS = (Role.REPORTS_OFFICER, Role.PROGRAMME_OFFICER, Role.AUDITOR)


def can_triage(user: Any) -> bool:
    """Record verification, severity, routing and status: a named reports officer."""
    return has_role(user, *TRIAGERS)


def can_view_reports(user: Any) -> bool:
    """Read the queue, case records (borough level) and the unsuppressed staff figures."""
    return has_role(user, *VIEWERS)


def can_view_restricted(user: Any) -> bool:
    """The exact location, contact details and attachments: the case handler only."""
    return can_triage(user)


def scope_reports(user: Any, queryset: QuerySet[IncidentReport]) -> QuerySet[IncidentReport]:
    return queryset if can_view_reports(user) else queryset.none()


def scope_attachments(user: Any, queryset: QuerySet[Attachment]) -> QuerySet[Attachment]:
    return queryset if can_view_restricted(user) else queryset.none()
