"""New versions of the status definitions, and carrying statuses over to them explicitly.

A version is loaded from a CSV (the columns of ``data/statuses_v1.csv``) to take effect from a
date that is not in the past, so no status already recorded falls under words it was not recorded
with. Statuses are never remapped silently: a status of the old version stays as it was recorded
until someone records a new one, or until ``status_carry_over`` writes, for each item, a dated
history entry saying "carried over from X (version 1) to Y (version 2)", using only the mappings
written in the new version's ``replaces`` column.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.recommendations.models import (
    ChangeKind,
    Recommendation,
    StatusChange,
    StatusDefinition,
    StatusVocabulary,
)
from endeavour.recommendations.reference import VocabularyFileError, read_vocabulary
from endeavour.recommendations.services.status import current_status_refresh


@transaction.atomic
def status_vocabulary_load(
    *, text: str, version: int, title: str, effective_from: date, notes: str = ""
) -> StatusVocabulary:
    try:
        rows = read_vocabulary(text)
    except VocabularyFileError as error:
        raise ValidationError(str(error)) from error
    latest = StatusVocabulary.objects.order_by("-effective_from").first()
    if StatusVocabulary.objects.filter(version=version).exists():
        raise ValidationError(f"Version {version} is already loaded.")
    if latest is not None and version <= latest.version:
        raise ValidationError(f"The new version must be above {latest.version}.")
    if effective_from < timezone.localdate():
        raise ValidationError(
            "A new version cannot take effect in the past: statuses already recorded for those "
            "days were recorded under the definitions then in force."
        )
    if latest is not None and effective_from <= latest.effective_from:
        raise ValidationError(f"It must take effect after {latest.effective_from:%d %B %Y}.")
    previous = {s.code: s for s in latest.statuses.all()} if latest else {}
    vocabulary = StatusVocabulary.objects.create(
        version=version, title=title, effective_from=effective_from, notes=notes
    )
    for row in rows:
        replaces = None
        if row.replaces:
            replaces = previous.get(row.replaces)
            if replaces is None:
                raise ValidationError(
                    f"{row.code}: replaces {row.replaces!r}, which is not a status of the "
                    "previous version."
                )
        StatusDefinition.objects.create(
            vocabulary=vocabulary,
            code=row.code,
            label=row.label,
            definition=row.definition,
            order=row.order,
            counts_as_implemented=row.counts_as_implemented,
            is_open=row.is_open,
            progress_percent=row.progress_percent,
            reports_progress=row.reports_progress,
            owners_may_set=row.owners_may_set,
            is_initial=row.is_initial,
            tone=row.tone,
            replaces=replaces,
        )
    return vocabulary


@transaction.atomic
def status_carry_over(*, vocabulary: StatusVocabulary, by: Any) -> int:
    """For every item whose status on the day ``vocabulary`` took effect was recorded under an
    older version, record the replacement status the new version names, dated that day.
    Items whose status has no replacement are left as they are. Returns the number carried."""
    day = vocabulary.effective_from
    if day > timezone.localdate():
        raise ValidationError(f"{vocabulary} does not take effect until {day:%d %B %Y}.")
    replacements = {s.replaces_id: s for s in vocabulary.statuses.exclude(replaces=None)}
    carried = 0
    for item in Recommendation.objects.select_for_update().order_by("pk"):
        latest = (
            item.status_changes.filter(effective_date__lte=day)
            .select_related("status__vocabulary")
            .order_by("-effective_date", "-recorded_at", "-id")
            .first()
        )
        if latest is None or latest.status.vocabulary_id == vocabulary.pk:
            continue
        replacement = replacements.get(latest.status_id)
        if replacement is None:
            continue
        StatusChange.objects.create(
            recommendation=item,
            status=replacement,
            kind=ChangeKind.CARRY_OVER,
            effective_date=day,
            recorded_by=by,
            note=(
                f"Carried over from \u201c{latest.status.label}\u201d "
                f"(version {latest.status.vocabulary.version}) to \u201c{replacement.label}\u201d "
                f"({vocabulary}), as that version's definitions say."
            ),
            progress=latest.progress if replacement.reports_progress else None,
        )
        current_status_refresh(item)
        carried += 1
    return carried
