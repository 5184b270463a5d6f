"""Records of imports and of overdue reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.recommendations.models.sources import Source


class ImportRun(models.Model):
    """One successful import of a file of recommendations into a source."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    created_count = models.PositiveIntegerField()
    updated_count = models.PositiveIntegerField()
    unchanged_count = models.PositiveIntegerField()
    changes = models.JSONField(default=list, blank=True)
    not_in_file = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename} into {self.source}"


class OverdueReminder(models.Model):
    """One reminder email to one address for one reminder period: never two in a period."""

    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    references = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "period_start"], name="one_reminder_per_address_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"Overdue reminder for the period from {self.period_start}"
