"""Safety screening: answers that may hold threats or extremist material go to the online-harms
analysts, through the detection engine's classifier, and stay in the analysis, marked.

Consultation answers are not content on another platform, so no online case is opened: a flagged
answer is marked, counted in the analysts' work queue, and reviewed on the consultation safety
page, where a named analyst records what was done. If the classifier is not installed or cannot
load, answers stay "not screened" and the analysis carries on; the page says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.consultations.models import Answer, SafetyOutcome, SafetyStatus

logger = logging.getLogger(__name__)
BATCH = 256


@dataclass(frozen=True)
class ScreenSummary:
    screened: int
    flagged: int
    unavailable: str = ""  # why nothing was screened, if so


def _scorer() -> Any:
    """The classifier's ``score_texts``, or raise RuntimeError saying why it is not there."""
    try:
        from endeavour.detection.classifier.scoring import score_texts
    except ImportError as error:  # the classifier is not installed in this build
        raise RuntimeError("the classifier is not installed") from error
    return score_texts


def answers_screen(answers: Sequence[Answer]) -> ScreenSummary:
    """Score each answer's text; mark it clear or flagged. Never raises for a missing model."""
    todo = [a for a in answers if a.text.strip()]
    if not todo:
        return ScreenSummary(0, 0)
    try:
        score_texts = _scorer()
        from endeavour.detection.classifier.model import ClassifierUnavailable
    except (RuntimeError, ImportError) as error:
        return ScreenSummary(0, 0, str(error))
    flagged = 0
    now = timezone.now()
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        try:
            scores = score_texts([a.text for a in batch])
        except ClassifierUnavailable as error:
            return ScreenSummary(start, flagged, f"the classifier is unavailable ({error})")
        except Exception as error:  # a broken model must not stop the analysis
            logger.exception("Safety screening failed")
            return ScreenSummary(start, flagged, f"screening failed ({error.__class__.__name__})")
        for answer, score in zip(batch, scores, strict=True):
            answer.safety_status = SafetyStatus.FLAGGED if score.flag else SafetyStatus.CLEAR
            answer.safety_category = score.category if score.flag else ""
            answer.safety_score = float(score.score)
            answer.safety_model_version = str(score.model_version)[:100]
            answer.screened_at = now
            flagged += int(bool(score.flag))
        Answer.objects.bulk_update(
            batch,
            [
                "safety_status",
                "safety_category",
                "safety_score",
                "safety_model_version",
                "screened_at",
            ],
        )
    return ScreenSummary(len(todo), flagged)


@transaction.atomic
def safety_review_record(*, answer: Answer, outcome: str, note: str, by: Any) -> Answer:
    """A named analyst records what was done about a flagged answer. It stays in the analysis."""
    from endeavour.audit.models import AuditAction
    from endeavour.audit.services import audit_event_record

    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if outcome not in SafetyOutcome.values:
        raise ValidationError({"outcome": "Choose what was done."})
    if not note.strip():
        raise ValidationError({"note": "Say why, in a sentence: it is kept with the decision."})
    before = {"safety_outcome": answer.safety_outcome, "safety_note": answer.safety_note}
    answer.safety_outcome = outcome
    answer.safety_note = note.strip()
    answer.safety_reviewed_by = by
    answer.safety_reviewed_at = timezone.now()
    if answer.safety_status != SafetyStatus.FLAGGED:  # a person may also flag by hand
        answer.safety_status = SafetyStatus.FLAGGED
    answer.save()
    audit_event_record(
        action=AuditAction.UPDATE,
        instance=answer,
        object_repr=f"Safety review of consultation answer {answer.reference}",
        before=before,
        after={"safety_outcome": outcome, "safety_note": answer.safety_note},
        reason=answer.safety_note[:500],
    )
    return answer
