"""Consultations, their questions and respondent types."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from endeavour.consultations.models import (
    LIKERT_DEFAULT,
    Consultation,
    Question,
    QuestionKind,
    RespondentType,
)

EDITABLE = (
    "title",
    "description",
    "privacy_notice",
    "opens_on",
    "closes_on",
    "is_published",
    "findings_published",
    "asks_demographics",
)
MAX_CHOICES = 20


def _check(consultation: Consultation) -> None:
    errors: dict[str, str] = {}
    if consultation.closes_on < consultation.opens_on:
        errors["closes_on"] = "The closing date must be on or after the opening date."
    if (
        Consultation.objects.filter(title__iexact=consultation.title)
        .exclude(pk=consultation.pk)
        .exists()
    ):
        errors["title"] = "There is already a consultation with this title."
    if not consultation.privacy_notice.strip():
        errors["privacy_notice"] = "Enter a privacy notice: respondents must see one."
    if errors:
        raise ValidationError(errors)


def _clean_labels(labels: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for label in labels:
        tidy = " ".join(str(label).split())[:100]
        if tidy and tidy.casefold() not in seen:
            seen[tidy.casefold()] = tidy
    return list(seen.values())


@transaction.atomic
def consultation_create(
    *,
    title: str,
    description: str,
    privacy_notice: str,
    opens_on: date,
    closes_on: date,
    by: Any,
    respondent_types: Sequence[str] = (),
    is_published: bool = False,
    findings_published: bool = False,
    asks_demographics: bool = False,
    is_sample: bool = False,
) -> Consultation:
    consultation = Consultation(
        title=" ".join(title.split()),
        description=description.strip(),
        privacy_notice=privacy_notice.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        is_published=is_published,
        findings_published=findings_published,
        asks_demographics=asks_demographics,
        is_sample=is_sample,
        created_by=by,
    )
    _check(consultation)
    consultation.save()
    respondent_types_set(consultation=consultation, labels=respondent_types)
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, by: Any, **changes: Any) -> Consultation:
    """Change the fields named in ``EDITABLE``; ``respondent_types`` replaces the list."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    labels = changes.pop("respondent_types", None)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(consultation, name, value.strip() if isinstance(value, str) else value)
    _check(consultation)
    consultation.save()
    if labels is not None:
        respondent_types_set(consultation=consultation, labels=labels)
    return consultation


@transaction.atomic
def respondent_types_set(*, consultation: Consultation, labels: Sequence[str]) -> None:
    """Keep the types named (in this order), add new ones, remove the rest. Responses of a
    removed type keep their answers and count as "not given"."""
    wanted = _clean_labels(labels)
    existing = {t.label.casefold(): t for t in consultation.respondent_types.all()}
    for order, label in enumerate(wanted, start=1):
        found = existing.pop(label.casefold(), None)
        if found is None:
            RespondentType.objects.create(consultation=consultation, label=label, order=order)
        elif found.order != order or found.label != label:
            found.order, found.label = order, label
            found.save(update_fields=["order", "label"])
    for left in existing.values():
        left.delete()


def _check_question(kind: str, text: str, choices: list[str], asks_stance: bool) -> None:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Enter the question."
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        if len(choices) < 2:
            errors["choices"] = "Give at least two options, one a line."
        elif len(choices) > MAX_CHOICES:
            errors["choices"] = f"Give at most {MAX_CHOICES} options."
    if asks_stance and kind != QuestionKind.FREE_TEXT:
        errors["asks_stance"] = "Only a free-text question can ask for agreement in words."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_create(
    *,
    consultation: Consultation,
    text: str,
    kind: str,
    by: Any,
    help_text: str = "",
    choices: Sequence[str] = (),
    asks_stance: bool = False,
    is_required: bool = False,
    order: int | None = None,
) -> Question:
    options = _clean_labels(choices)
    if kind == QuestionKind.LIKERT and not options:
        options = list(LIKERT_DEFAULT)
    if kind == QuestionKind.FREE_TEXT:
        options = []
    _check_question(kind, text, options, asks_stance)
    if order is None:
        top = consultation.questions.aggregate(top=Max("order"))["top"] or 0
        order = top + 1
    return Question.objects.create(
        consultation=consultation,
        order=order,
        text=" ".join(text.split()),
        help_text=help_text.strip(),
        kind=kind,
        choices=options,
        asks_stance=asks_stance,
        is_required=is_required,
    )


@transaction.atomic
def question_update(
    *,
    question: Question,
    by: Any,
    text: str,
    help_text: str = "",
    choices: Sequence[str] = (),
    asks_stance: bool = False,
    is_required: bool = False,
    order: int | None = None,
) -> Question:
    """Change a question's wording and options. Its kind cannot change once it has answers."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    options = _clean_labels(choices) if question.kind != QuestionKind.FREE_TEXT else []
    if question.kind == QuestionKind.LIKERT and not options:
        options = list(LIKERT_DEFAULT)
    _check_question(question.kind, text, options, asks_stance)
    if question.answers.exists():
        removed = set(question.options) - set(options)
        if removed:
            raise ValidationError(
                {
                    "choices": "Options people have already answered cannot be removed: "
                    + ", ".join(sorted(removed))
                }
            )
    question.text = " ".join(text.split())
    question.help_text = help_text.strip()
    question.choices = options
    question.asks_stance = asks_stance
    question.is_required = is_required
    if order is not None:
        question.order = order
    question.save()
    return question
