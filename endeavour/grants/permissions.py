"""Who may see and do what in the grant fund: the one place these decisions are made.

- Programme officers run the fund (they are the fund manager): calls, registrations, assignment
  of assessors, moderation, panel decisions, agreements, payments, variations, returns.
- Auditors read everything and change nothing.
- Assessors (not staff) see only the applications assigned to them, and the content of one only
  after declaring no conflict of interest; a declared conflict removes them from it for good.
- Applicants (not staff) act for their own organisation (``user.organisation``) only.
- Everyone sees published calls and, on "what we funded", awarded grants of published calls with
  aggregate figures (counts under 5 suppressed).
Anything outside a person's scope answers 404, exactly as an unknown id does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.core.access import signed_in
from endeavour.core.models import Role
from endeavour.core.permissions import has_role
from endeavour.grants.models import (
    Application,
    Assignment,
    Attachment,
    Call,
    Declaration,
    Grant,
    MonitoringReturn,
)

MANAGERS = (Role.PROGRAMME_OFFICER,)
VIEWERS = (Role.PROGRAMME_OFFICER, Role.AUDITOR)


def can_manage_fund(user: Any) -> bool:
    return has_role(user, *MANAGERS)


def can_view_fund(user: Any) -> bool:
    return has_role(user, *VIEWERS)


def is_assessor(user: Any) -> bool:
    return has_role(user, Role.ASSESSOR)


def is_applicant(user: Any) -> bool:
    """An applicant who belongs to an organisation (what they may see is that organisation's)."""
    return has_role(user, Role.APPLICANT) and getattr(user, "organisation_id", None) is not None


def _organisation_id(user: Any) -> int | None:
    return getattr(user, "organisation_id", None) if is_applicant(user) else None


def scope_calls(user: Any, queryset: QuerySet[Call]) -> QuerySet[Call]:
    if can_view_fund(user):
        return queryset
    return queryset.filter(is_published=True, is_historical=False)


def scope_public_calls(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return queryset.filter(is_published=True)


def scope_own_applications(user: Any, queryset: QuerySet[Application]) -> QuerySet[Application]:
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(organisation_id=organisation_id)


def scope_applications(user: Any, queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Everything for viewers; an applicant's own organisation's; nothing for anyone else (an
    assessor's applications are reached through their assignments)."""
    if can_view_fund(user):
        return queryset
    return scope_own_applications(user, queryset)


def scope_assignments(user: Any, queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """An assessor's own assignments, without those where they declared a conflict."""
    if not (signed_in(user) and is_assessor(user)):
        return queryset.none()
    return queryset.filter(assessor_id=user.pk).exclude(declaration=Declaration.CONFLICT)


def scope_cleared_applications(user: Any, queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The applications whose content an assessor may read: assigned, no conflict declared."""
    if not (signed_in(user) and is_assessor(user)):
        return queryset.none()
    return queryset.filter(
        assignments__assessor_id=user.pk, assignments__declaration=Declaration.NO_CONFLICT
    )


def scope_attachments(user: Any, queryset: QuerySet[Attachment]) -> QuerySet[Attachment]:
    own = scope_applications(user, Application.objects.all())
    cleared = scope_cleared_applications(user, Application.objects.all())
    return queryset.filter(application__in=own.values("pk")) | queryset.filter(
        application__in=cleared.values("pk")
    )


def scope_grants(user: Any, queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    if can_view_fund(user):
        return queryset
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return queryset.none()
    return queryset.filter(application__organisation_id=organisation_id)


def scope_returns(user: Any, queryset: QuerySet[MonitoringReturn]) -> QuerySet[MonitoringReturn]:
    return queryset.filter(grant__in=scope_grants(user, Grant.objects.all()).values("pk"))


def scope_public_grants(queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    return queryset.filter(application__call__is_published=True)


def can_open_application_files(user: Any) -> bool:
    """May reach attachment downloads and letters (each one scoped as above)."""
    return can_view_fund(user) or is_applicant(user) or is_assessor(user)


def can_read_letters(user: Any) -> bool:
    return can_view_fund(user) or is_applicant(user)
