"""Who may see and do what with official statistics: the one place these decisions are made.

- Programme officers import publications (upload, map, confirm).
- Programme officers and auditors read every publication and every version, as published.
- Everyone, signed in or not, reads the current version of each year's figures on the public
  pages, with counts under 5 suppressed. The figures are aggregate: no individual record exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.models import Role
from endeavour.core.permissions import has_role
from endeavour.official_stats.models import PendingUpload

MANAGERS = (Role.PROGRAMME_OFFICER,)
VIEWERS = (Role.PROGRAMME_OFFICER, Role.AUDITOR)


def can_import(user: Any) -> bool:
    """Upload a publication's file, map its tables and import it."""
    return has_role(user, *MANAGERS)


def can_view_publications(user: Any) -> bool:
    """See every publication and version with its figures exactly as published."""
    return has_role(user, *VIEWERS)


def scope_uploads(user: Any, queryset: QuerySet[PendingUpload]) -> QuerySet[PendingUpload]:
    """Pending uploads are the importing officers' shared work; nobody else sees them."""
    if can_import(user):
        return queryset
    return queryset.none()
