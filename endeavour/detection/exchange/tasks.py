"""Scheduled fetches from the hash-list exchanges. Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.detection.exchange.tasks.fetch_exchange_sources")
def fetch_exchange_sources() -> int:
    """Fetch every enabled source, one after another; a failing source does not stop the rest."""
    from endeavour.detection.models import ExchangeSource

    source_ids = list(
        ExchangeSource.objects.filter(enabled=True).order_by("pk").values_list("pk", flat=True)
    )
    for source_id in source_ids:
        fetch_exchange_source(source_id)
    return len(source_ids)


@shared_task(name="endeavour.detection.exchange.tasks.fetch_exchange_source", acks_late=True)
def fetch_exchange_source(source_id: int) -> str | None:
    """Fetch one source; the run's status, or None if the source is gone or disabled."""
    from endeavour.detection.exchange.fetch import source_fetch
    from endeavour.detection.models import ExchangeSource

    source = (
        ExchangeSource.objects.select_related("bank").filter(pk=source_id, enabled=True).first()
    )
    if source is None:
        return None
    return source_fetch(source).status
