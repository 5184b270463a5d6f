"""Consultations, responses and themes for tests, built through the real services."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import make_staff
from endeavour.consultations.models import (
    Answer,
    AssignmentState,
    Consultation,
    DuplicateGroup,
    MadeBy,
    Question,
    QuestionKind,
    Response,
    Theme,
    ThemeAssignment,
)
from endeavour.consultations.services.consultations import consultation_create, question_create
from endeavour.consultations.services.responses import response_submit
from endeavour.core.models import Role, User

_n = itertools.count(1)
TYPES = ["Resident", "Young person", "Community organisation"]


def officer() -> User:
    existing = User.objects.filter(username="factory-consultation-officer").first()
    return existing or make_staff(Role.PROGRAMME_OFFICER, username="factory-consultation-officer")


def consultation(*, published: bool = True, findings: bool = True, **kwargs: Any) -> Consultation:
    today = timezone.localdate()
    return consultation_create(
        title=kwargs.pop("title", f"Test consultation {next(_n)}"),
        description=kwargs.pop("description", "What should the city do?"),
        privacy_notice=kwargs.pop("privacy_notice", "We keep answers for two years."),
        opens_on=kwargs.pop("opens_on", today - timedelta(days=10)),
        closes_on=kwargs.pop("closes_on", today + timedelta(days=10)),
        respondent_types=kwargs.pop("respondent_types", TYPES),
        is_published=published,
        findings_published=findings,
        by=kwargs.pop("by", None) or officer(),
        **kwargs,
    )


def question(of: Consultation, kind: str = QuestionKind.FREE_TEXT, **kwargs: Any) -> Question:
    return question_create(
        consultation=of,
        text=kwargs.pop("text", f"Question {next(_n)}?"),
        kind=kind,
        by=kwargs.pop("by", None) or officer(),
        **kwargs,
    )


def respond(of: Consultation, answers: dict[int, Any], **kwargs: Any) -> Response:
    return response_submit(
        consultation=of,
        answers=answers,
        respondent_type=kwargs.pop("respondent_type", of.respondent_types.first()),
        borough=kwargs.pop("borough", None),
        **kwargs,
    )


def theme(q: Question, label: str = "A theme", **kwargs: Any) -> Theme:
    return Theme.objects.create(
        question=q,
        label=label,
        created_by_kind=kwargs.pop("created_by_kind", MadeBy.MACHINE),
        **kwargs,
    )


def propose(answer: Answer, t: Theme, confidence: float = 0.8) -> ThemeAssignment:
    return ThemeAssignment.objects.create(
        answer=answer,
        theme=t,
        confidence=confidence,
        made_by=MadeBy.MACHINE,
        decided_at=timezone.now(),
        state=AssignmentState.PROPOSED,
    )


def duplicate_group(q: Question, answers: list[Answer]) -> DuplicateGroup:
    group = DuplicateGroup.objects.create(
        question=q, kind="exact", similarity=1.0, answer_key=f"key-{next(_n)}"
    )
    group.answers.set(answers)
    return group
