"""The dated status history of each recommendation, its evidence, and its links to other records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from endeavour.recommendations.models.recommendations import Recommendation
from endeavour.recommendations.models.statuses import StatusDefinition


class HistoryIsAppendOnly(Exception):
    """Raised on any attempt to change a status change once recorded."""


class ChangeKind(models.TextChoices):
    INITIAL = "initial", "Added to the tracker"
    UPDATE = "update", "Status update"
    CARRY_OVER = "carry_over", "Carried over to new status definitions"


class StatusChange(models.Model):
    """One dated entry in a recommendation's status history. Never edited or deleted.

    ``effective_date`` is the day the status took effect; ``recorded_at`` is when it was written
    down. A figure "as at" a day uses the latest entry effective on or before that day; a figure
    "as recorded on" a day ignores entries written later, so a published figure can be reproduced
    exactly even after corrections (a correction is a new entry).
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="status_changes"
    )
    status = models.ForeignKey(StatusDefinition, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ChangeKind.choices, default=ChangeKind.UPDATE)
    effective_date = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(help_text="The evidence: what was done, by whom, and how we know.")
    public_summary = models.TextField(
        blank=True, help_text="Optional. Shown on the public page, in plain English."
    )
    evidence_url = models.URLField(max_length=1000, blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["recommendation", "effective_date", "recorded_at", "id"]
        indexes = [
            models.Index(
                fields=["recommendation", "effective_date", "recorded_at"],
                name="status_change_history",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="status_change_progress_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.status} from {self.effective_date:%d %b %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise HistoryIsAppendOnly("A status change cannot be changed; record a new one.")
        super().save(*args, **kwargs)

    @property
    def effective_progress(self) -> int | None:
        return self.progress if self.progress is not None else self.status.progress_percent


class EvidenceFile(models.Model):
    """A document attached to a status change, kept in private storage."""

    status_change = models.ForeignKey(StatusChange, on_delete=models.PROTECT, related_name="files")
    storage_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class EvidenceLink(models.Model):
    """A link from a recommendation to another record that is evidence for it.

    ``kind`` names a link kind registered in ``recommendations.links`` (``online_case`` now;
    ``consultation_theme`` once consultations exist). The target is kept by its reference, so a
    new kind needs a registration, not a migration.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="links"
    )
    kind = models.CharField(max_length=40)
    reference = models.CharField(max_length=100)
    note = models.CharField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "kind", "reference"], name="one_link_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"
