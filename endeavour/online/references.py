"""Human-readable references: ITM-2026-000123, CASE-2026-000123, REF-2026-000045, DSP-..."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


def next_reference(model: type[models.Model], prefix: str) -> str:
    """The next reference for this year. Call inside the transaction that saves the row."""
    year = timezone.now().year
    stem = f"{prefix}-{year}-"
    last = (
        model._default_manager.select_for_update()
        .filter(reference__startswith=stem)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:06d}"
