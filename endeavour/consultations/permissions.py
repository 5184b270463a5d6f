"""Who may see and do what in consultations: the one place these decisions are made.

- Programme officers run consultations: create and edit them and their questions, import
  responses, upload documents, run the analysis, publish findings; they also code responses.
- Analysts and senior analysts code responses: run the analysis, rename, merge, split and
  delete themes, confirm or change assignments, decide on suspected duplicates. They also
  review answers the safety screening flagged (they are the online-harms analysts).
- Auditors read everything and change nothing.
- Borough officers and administrators have no access to responses.
- The public answers published, open consultations (no account) and reads published findings.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from endeavour.consultations.models import Consultation, Question, Theme
from endeavour.core.models import Role
from endeavour.core.permissions import has_role

MANAGERS = (Role.PROGRAMME_OFFICER,)
CODERS = (Role.PROGRAMME_OFFICER, Role.ANALYST, Role.SENIOR_ANALYST)
VIEWERS = (*CODERS, Role.AUDITOR)
SAFETY_REVIEWERS = (Role.ANALYST, Role.SENIOR_ANALYST)


def can_manage_consultations(user: Any) -> bool:
    """Create and edit consultations and questions, import responses, upload documents."""
    return has_role(user, *MANAGERS)


def can_code_responses(user: Any) -> bool:
    """Run the analysis and decide on themes, assignments and duplicates."""
    return has_role(user, *CODERS)


def can_view_consultations(user: Any) -> bool:
    """See every consultation, its responses, analysis and findings."""
    return has_role(user, *VIEWERS)


def can_review_safety(user: Any) -> bool:
    """Review answers the safety screening flagged."""
    return has_role(user, *SAFETY_REVIEWERS)


def can_view_safety_queue(user: Any) -> bool:
    return has_role(user, *SAFETY_REVIEWERS, Role.AUDITOR)


def scope_consultations(user: Any, queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset if can_view_consultations(user) else queryset.none()


def scope_public_consultations(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.filter(is_published=True)


def scope_public_findings(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.filter(is_published=True, findings_published=True)


def scope_questions(user: Any, queryset: QuerySet[Question]) -> QuerySet[Question]:
    return queryset if can_view_consultations(user) else queryset.none()


def scope_themes(user: Any, queryset: QuerySet[Theme]) -> QuerySet[Theme]:
    return queryset if can_view_consultations(user) else queryset.none()
