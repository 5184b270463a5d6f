"""Reads for consultation pages, always scoped through ``permissions``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from endeavour.consultations import permissions
from endeavour.consultations.models import (
    Answer,
    AssignmentState,
    Consultation,
    DuplicateGroup,
    Question,
    ResponseStatus,
    SafetyOutcome,
    SafetyStatus,
    Theme,
    ThemeAssignment,
)


def consultations_for(user: Any) -> QuerySet[Consultation]:
    return permissions.scope_consultations(user, Consultation.objects.all()).annotate(
        sent=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
    )


def consultation_or_404(user: Any, pk: int) -> Consultation:
    found = permissions.scope_consultations(user, Consultation.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404("No such consultation")
    return found


def public_consultation_or_404(pk: int) -> Consultation:
    found = permissions.scope_public_consultations(Consultation.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404("No such consultation")
    return found


def public_findings_or_404(pk: int) -> Consultation:
    found = permissions.scope_public_findings(Consultation.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404("No published findings for this consultation")
    return found


def question_or_404(user: Any, pk: int) -> Question:
    found = (
        permissions.scope_questions(user, Question.objects.filter(pk=pk))
        .select_related("consultation")
        .first()
    )
    if found is None:
        raise Http404("No such question")
    return found


def theme_or_404(user: Any, pk: int) -> Theme:
    found = (
        permissions.scope_themes(user, Theme.objects.filter(pk=pk))
        .select_related("question", "question__consultation", "merged_into")
        .first()
    )
    if found is None:
        raise Http404("No such theme")
    return found


def assignment_or_404(user: Any, pk: int) -> ThemeAssignment:
    found = (
        ThemeAssignment.objects.filter(
            pk=pk, theme__in=permissions.scope_themes(user, Theme.objects.all())
        )
        .select_related("theme", "theme__question", "answer")
        .first()
    )
    if found is None:
        raise Http404("No such assignment")
    return found


def answer_or_404(user: Any, pk: int) -> Answer:
    questions = permissions.scope_questions(user, Question.objects.all())
    found = (
        Answer.objects.filter(pk=pk, question__in=questions)
        .select_related("question", "question__consultation", "response")
        .first()
    )
    if found is None:
        raise Http404("No such answer")
    return found


def duplicate_or_404(user: Any, pk: int) -> DuplicateGroup:
    questions = permissions.scope_questions(user, Question.objects.all())
    found = (
        DuplicateGroup.objects.filter(pk=pk, question__in=questions)
        .select_related("question", "question__consultation")
        .first()
    )
    if found is None:
        raise Http404("No such group")
    return found


def theme_answers(theme: Theme) -> list[ThemeAssignment]:
    return list(
        theme.assignments.select_related(
            "answer",
            "answer__response",
            "answer__response__respondent_type",
            "answer__response__document",
            "decided_by",
        ).order_by("state", "-confidence", "pk")
    )


def question_themes(question: Question) -> list[Theme]:
    return list(
        question.themes.filter(is_deleted=False, merged_into__isnull=True)
        .annotate(
            answers_count=Count(
                "assignments", filter=~Q(assignments__state=AssignmentState.REJECTED)
            ),
            confirmed_count=Count(
                "assignments", filter=Q(assignments__state=AssignmentState.CONFIRMED)
            ),
        )
        .order_by("-answers_count", "label")
    )


def flagged_answers() -> QuerySet[Answer]:
    return (
        Answer.objects.filter(safety_status=SafetyStatus.FLAGGED)
        .select_related("question", "question__consultation", "safety_reviewed_by")
        .order_by("safety_reviewed_at", "pk")
    )


def flagged_waiting_count() -> int:
    return Answer.objects.filter(safety_status=SafetyStatus.FLAGGED, safety_outcome="").count()


__all__ = ["SafetyOutcome", "flagged_waiting_count"]
