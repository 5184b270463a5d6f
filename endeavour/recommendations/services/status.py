"""Status changes: every change is a dated, evidenced entry in the history, never an edit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.recommendations import permissions
from endeavour.recommendations.models import (
    ChangeKind,
    EvidenceFile,
    Recommendation,
    StatusChange,
    StatusDefinition,
    StatusVocabulary,
)
from endeavour.recommendations.reference import EARLIEST_DATE
from endeavour.recommendations.services.files import IncomingFile, file_store

MAX_FILES = 5


def vocabulary_in_force(day: date) -> StatusVocabulary:
    vocabulary = (
        StatusVocabulary.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    )
    if vocabulary is None:
        raise ValidationError(
            {"effective_date": f"No status definitions were in force on {day:%d %B %Y}."}
        )
    return vocabulary


def status_for(code: str, day: date) -> StatusDefinition:
    """The status with this code in the definitions in force on ``day``."""
    vocabulary = vocabulary_in_force(day)
    status = vocabulary.statuses.filter(code=code).first()
    if status is None:
        names = ", ".join(s.label for s in vocabulary.statuses.all())
        raise ValidationError(
            {
                "status": f"That status did not exist on {day:%d %B %Y} "
                f"({vocabulary}). The statuses then were: {names}."
            }
        )
    return status


def initial_status_for(day: date) -> StatusDefinition:
    return vocabulary_in_force(day).statuses.get(is_initial=True)


def current_status_refresh(recommendation: Recommendation) -> None:
    """Repeat the latest entry (by effective date, then recording) on the recommendation."""
    latest = (
        recommendation.status_changes.select_related("status")
        .order_by("-effective_date", "-recorded_at", "-id")
        .first()
    )
    recommendation.current_status = latest.status if latest else None
    recommendation.current_status_since = latest.effective_date if latest else None
    recommendation.current_progress = latest.effective_progress if latest else None
    recommendation.save(
        update_fields=["current_status", "current_status_since", "current_progress", "updated_at"]
    )


def initial_status_record(recommendation: Recommendation, *, by: Any) -> StatusChange:
    """The first entry, dated the day the source was published or held. Needs no evidence."""
    day = recommendation.source.date
    change = StatusChange.objects.create(
        recommendation=recommendation,
        status=initial_status_for(day),
        kind=ChangeKind.INITIAL,
        effective_date=day,
        recorded_by=by,
        note=(
            "Added to the tracker; dated the day the "
            f"{recommendation.source.get_kind_display().lower()} was published or held."
        ),
    )
    current_status_refresh(recommendation)
    return change


@transaction.atomic
def status_change_record(
    *,
    recommendation: Recommendation,
    status_code: str,
    effective_date: date,
    note: str,
    by: Any,
    evidence_url: str = "",
    files: Sequence[IncomingFile] = (),
    public_summary: str = "",
    progress: int | None = None,
) -> StatusChange:
    """Record a status change with its evidence: a note, and a link or at least one document.

    Checks who may record it (owners, programme officers; some statuses are for programme officers
    only), that the date is real (not in the future, not before the source), and that the status
    existed on that date. Raises ValidationError (on the form's fields where possible).
    """
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not permissions.may_update(by, recommendation):
        raise ValidationError(
            "You cannot update this item: only its owners and programme officers can."
        )
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if effective_date > today:
        errors.setdefault("effective_date", []).append("The date cannot be in the future.")
    if effective_date < max(recommendation.source.date, EARLIEST_DATE):
        errors.setdefault("effective_date", []).append(
            f"The date cannot be before the {recommendation.source.get_kind_display().lower()} "
            f"itself ({recommendation.source.date:%d %B %Y})."
        )
    note = note.strip()
    if not note:
        errors.setdefault("note", []).append(
            "Say what was done and how we know: the note is the evidence others will read."
        )
    if not evidence_url.strip() and not files:
        errors.setdefault("evidence_url", []).append(
            "Give a link to the evidence, or attach a document (or both)."
        )
    if len(files) > MAX_FILES:
        errors.setdefault("documents", []).append(f"Attach at most {MAX_FILES} documents.")
    if errors:
        raise ValidationError(errors)
    status = status_for(status_code, effective_date)
    if not permissions.may_set_status(by, status):
        raise ValidationError(
            {"status": f"Only programme officers can record \u201c{status.label}\u201d."}
        )
    if progress is not None:
        if not status.reports_progress:
            progress = None
        elif not 0 <= progress <= 100:
            raise ValidationError({"progress": "Give a percentage from 0 to 100."})
    change = StatusChange.objects.create(
        recommendation=recommendation,
        status=status,
        kind=ChangeKind.UPDATE,
        effective_date=effective_date,
        recorded_by=by,
        note=note,
        public_summary=public_summary.strip(),
        evidence_url=evidence_url.strip(),
        progress=progress,
    )
    for file in files:
        stored = file_store(file, folder=f"recommendations/evidence/{recommendation.pk}")
        EvidenceFile.objects.create(
            status_change=change,
            storage_path=stored.storage_path,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
        )
    current_status_refresh(recommendation)
    return change


def statuses_for_form(user: Any, day: date | None = None) -> list[StatusDefinition]:
    """The statuses this person may record, in the definitions in force on ``day`` (today)."""
    vocabulary = vocabulary_in_force(day or timezone.localdate())
    return [s for s in vocabulary.statuses.all() if permissions.may_set_status(user, s)]
