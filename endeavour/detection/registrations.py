"""What detection adds to the retention purge. Bank entries are kept: they are hashes, not
material, and disabled entries keep overturned decisions traceable."""

from __future__ import annotations

from datetime import datetime

from endeavour.core import retention
from endeavour.detection.models import ExchangeRun


@retention.register("detection.ExchangeRun", "hash-list import, fetch and export reports")
def purge_exchange_runs(cutoff: datetime) -> int:
    count, _ = ExchangeRun.objects.filter(started_at__lt=cutoff).delete()
    return count
