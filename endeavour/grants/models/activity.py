"""Records of imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.grants.models.calls import Call


class ImportRun(models.Model):
    """One successful import of past awards into a call."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    total_amount = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename} into {self.call}"
