"""Who may see and do what in safeguarding: the one place these decisions are made.

- The public uses the help finder, sends a concern (with consent) and reads aggregate figures.
- Reports officers and programme officers keep the services and each borough's routing settings
  current; auditors read them.
- Borough officers receive the concerns for their own borough only (by their organisation's
  borough), read the sender's details, and acknowledge them. Nobody else reads those details.
- Programme officers, reports officers and auditors see routing records (borough, kind of worry,
  dates, channel, status: no personal details) and the unsuppressed figures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.models import Role
from endeavour.core.permissions import has_role
from endeavour.safeguarding.models import Concern

MANAGERS = (Role.REPORTS_OFFICER, Role.PROGRAMME_OFFICER)
VIEWERS = (*MANAGERS, Role.AUDITOR)


def can_manage_services(user: Any) -> bool:
    """Add, edit and mark as checked the help finder's services and the routing settings."""
    return has_role(user, *MANAGERS)


def can_view_services(user: Any) -> bool:
    return has_role(user, *VIEWERS)


def can_view_routing_records(user: Any) -> bool:
    """Routing records and unsuppressed figures: never the sender's details."""
    return has_role(user, *VIEWERS)


def can_retry_delivery(user: Any) -> bool:
    return has_role(user, *MANAGERS)


def can_receive_concerns(user: Any) -> bool:
    """Borough officers whose organisation has a borough."""
    return has_role(user, Role.BOROUGH_OFFICER) and getattr(user, "borough", None) is not None


def scope_received_concerns(user: Any, queryset: QuerySet[Concern]) -> QuerySet[Concern]:
    """The concerns sent to this person's borough; none for anyone else. An id outside the scope
    answers 404, exactly as an unknown id does."""
    if not can_receive_concerns(user):
        return queryset.none()
    return queryset.filter(borough=user.borough)
