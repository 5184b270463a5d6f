"""Responses from the public form: sending, saving a draft to resume later, purging old drafts."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.consultations.models import (
    Answer,
    Consultation,
    Demographics,
    Question,
    QuestionKind,
    RespondentType,
    Response,
    ResponseChannel,
    ResponseStatus,
)
from endeavour.core.models import Borough

AnswerValue = str | Sequence[str]


def max_answer_chars() -> int:
    return int(getattr(settings, "CONSULTATIONS_MAX_ANSWER_CHARS", 10_000))


def draft_days() -> int:
    return int(getattr(settings, "CONSULTATIONS_DRAFT_DAYS", 30))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DemographicAnswers:
    age_band: str = ""
    gender: str = ""
    disability: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.age_band or self.gender or self.disability)


def clean_text(value: str) -> str:
    """Tidy an answer: no NUL characters, line endings made plain, outer space removed."""
    return value.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def check_answer(question: Question, value: AnswerValue | None) -> tuple[str, list[str]]:
    """The (text, selected options) to store for one answer; raises ValidationError for a value
    the question cannot take. Messages speak to the respondent."""
    if question.kind == QuestionKind.FREE_TEXT:
        text = clean_text(value if isinstance(value, str) else "")
        limit = max_answer_chars()
        if len(text) > limit:
            raise ValidationError(
                f"Your answer is {len(text):,} characters long. The limit is {limit:,}: "
                "shorten it, or send the rest as a separate response."
            )
        return text, []
    values = [value] if isinstance(value, str) else list(value or [])
    chosen = [v.strip() for v in values if v and v.strip()]
    options = {option.casefold(): option for option in question.options}
    unknown = [v for v in chosen if v.casefold() not in options]
    if unknown:
        raise ValidationError(
            f"{', '.join(repr(v) for v in unknown)} is not one of the options. "
            f"Choose from: {'; '.join(question.options)}."
        )
    selected = list(dict.fromkeys(options[v.casefold()] for v in chosen))
    if question.kind != QuestionKind.MULTIPLE_CHOICE and len(selected) > 1:
        raise ValidationError("Choose one option only.")
    return "", selected


def _write_answers(
    response: Response, questions: Sequence[Question], answers: Mapping[int, AnswerValue]
) -> None:
    errors: dict[str, list[str]] = {}
    rows: list[Answer] = []
    for question in questions:
        try:
            text, selected = check_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
            continue
        if text or selected:
            rows.append(Answer(response=response, question=question, text=text, selected=selected))
    if errors:
        raise ValidationError(errors)
    response.answers.all().delete()
    Answer.objects.bulk_create(rows)


def _check_respondent(consultation: Consultation, respondent_type: RespondentType | None) -> None:
    if respondent_type is not None and respondent_type.consultation_id != consultation.pk:
        raise ValidationError({"respondent_type": "Choose one of the options listed."})


def _check_open(consultation: Consultation) -> None:
    if not consultation.is_open():
        raise ValidationError(
            f"This consultation closed on {consultation.closes_on:%d %B %Y}, so it cannot take "
            "new responses. Thank you for your interest."
            if consultation.closes_on < timezone.localdate()
            else "This consultation is not open for responses."
        )


@transaction.atomic
def response_submit(
    *,
    consultation: Consultation,
    answers: Mapping[int, AnswerValue],
    respondent_type: RespondentType | None,
    borough: Borough | None,
    demographics: DemographicAnswers | None = None,
    consent: bool = False,
    draft_token: str = "",
) -> Response:
    """Send a response from the public form. Demographics are stored only with consent."""
    _check_open(consultation)
    _check_respondent(consultation, respondent_type)
    questions = list(consultation.questions.all())
    missing = [q for q in questions if q.is_required and not answers.get(q.pk)]
    if missing:
        raise ValidationError({f"q{q.pk}": ["Answer this question."] for q in missing})
    response = None
    if draft_token:
        response = draft_find(consultation=consultation, token=draft_token, for_update=True)
    if response is None:
        response = Response(consultation=consultation, channel=ResponseChannel.ONLINE)
    response.respondent_type = respondent_type
    response.borough = borough
    response.status = ResponseStatus.SUBMITTED
    response.resume_digest = ""
    response.draft_expires_at = None
    response.submitted_at = timezone.now()
    response.save()
    _write_answers(response, questions, answers)
    if consent and demographics is not None and not demographics.is_empty:
        Demographics.objects.create(
            response=response,
            consented_at=timezone.now(),
            age_band=demographics.age_band[:20],
            gender=demographics.gender[:40],
            disability=demographics.disability[:20],
        )
    if not response.answers.exists():
        raise ValidationError("Answer at least one question before you send your response.")
    return response


@transaction.atomic
def draft_save(
    *,
    consultation: Consultation,
    answers: Mapping[int, AnswerValue],
    respondent_type: RespondentType | None,
    borough: Borough | None,
    token: str = "",
) -> tuple[Response, str]:
    """Save an unsent response and return it with the token for its resume link. Only a
    digest of the token is kept; without the link the draft cannot be found."""
    _check_open(consultation)
    _check_respondent(consultation, respondent_type)
    response = (
        draft_find(consultation=consultation, token=token, for_update=True) if token else None
    )
    if response is None:
        token = secrets.token_urlsafe(24)
        response = Response(
            consultation=consultation,
            channel=ResponseChannel.ONLINE,
            status=ResponseStatus.DRAFT,
            resume_digest=token_digest(token),
        )
    response.respondent_type = respondent_type
    response.borough = borough
    response.draft_expires_at = timezone.now() + timedelta(days=draft_days())
    response.save()
    _write_answers(response, list(consultation.questions.all()), answers)
    return response, token


def draft_find(
    *, consultation: Consultation | None = None, token: str, for_update: bool = False
) -> Response | None:
    """The unexpired draft behind a resume link, or None."""
    if not token or len(token) > 100:
        return None
    drafts = Response.objects.filter(
        status=ResponseStatus.DRAFT,
        resume_digest=token_digest(token),
        draft_expires_at__gt=timezone.now(),
    )
    if consultation is not None:
        drafts = drafts.filter(consultation=consultation)
    if for_update:
        drafts = drafts.select_for_update()
    return drafts.select_related("consultation").first()


def draft_answers(response: Response) -> dict[int, AnswerValue]:
    values: dict[int, AnswerValue] = {}
    for answer in response.answers.select_related("question"):
        values[answer.question_id] = (
            answer.text if answer.question.kind == QuestionKind.FREE_TEXT else answer.selected
        )
    return values


@transaction.atomic
def drafts_purge(cutoff: datetime) -> int:
    """Delete unsent drafts whose resume period ended before ``cutoff``."""
    _, deleted = Response.objects.filter(
        status=ResponseStatus.DRAFT, draft_expires_at__lt=cutoff
    ).delete()
    return int(deleted.get(Response._meta.label, 0))


@transaction.atomic
def respondent_details_purge(cutoff: datetime) -> int:
    """Data minimisation once a consultation has been closed for its retention period (it
    closed before ``cutoff``'s day): delete the demographics respondents gave with consent, and
    clear the survey tool's respondent ids of imported responses (with the row digest, which
    was computed over the id). The answers, respondent type and borough are kept: the findings
    are built from them. Returns the number of records deleted or cleared.

    Nothing else personal is stored on a response: no address, no email (a resume link keeps
    only a digest of its token, cleared when the response is sent; unsent drafts have their
    own rule), and rate-limit counters live in the cache for an hour."""
    closed = Consultation.objects.filter(closes_on__lt=timezone.localdate(cutoff)).values("pk")
    deleted, _ = Demographics.objects.filter(response__consultation__in=closed).delete()
    cleared = (
        Response.objects.filter(consultation__in=closed)
        .exclude(external_id="")
        .update(external_id="", row_digest="")
    )
    return deleted + cleared
