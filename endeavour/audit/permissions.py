from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from endeavour.core.permissions import has_role


def can_view_audit_log(user: Any) -> bool:
    """Auditors, and administrators investigating sign-in problems."""
    return has_role(user, Role.AUDITOR, Role.ADMINISTRATOR)


def can_export_audit_log(user: Any) -> bool:
    return can_view_audit_log(user)
