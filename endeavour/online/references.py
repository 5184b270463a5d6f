"""Human-readable references: ITM-2026-000123, CASE-2026-000123, REF-2026-000045, DSP-...

Numbers come from a counter row per prefix and year, incremented in the database, so two
requests at the same moment never get the same number (on PostgreSQL as on SQLite).
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


def next_references(prefix: str, count: int = 1) -> list[str]:
    """``count`` consecutive new references. Call inside the transaction that uses them."""
    from endeavour.online.models import ReferenceCounter

    if count <= 0:
        return []
    year = timezone.now().year
    counters = ReferenceCounter.objects.filter(prefix=prefix, year=year)
    if not counters.update(last=F("last") + count):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=prefix, year=year, last=count)
        except IntegrityError:  # created by someone else at the same moment
            counters.update(last=F("last") + count)
    last = counters.values_list("last", flat=True).get()
    return [f"{prefix}-{year}-{number:06d}" for number in range(last - count + 1, last + 1)]


def next_reference(model: type[models.Model], prefix: str) -> str:
    """The next reference for ``prefix`` (``model`` is kept for the callers' readability)."""
    return next_references(prefix)[0]
