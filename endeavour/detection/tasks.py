"""Background work for detection: index rebuilds and hash-list fetches."""

from __future__ import annotations

from celery import shared_task

from endeavour.detection.exchange.tasks import fetch_exchange_sources

__all__ = ["fetch_exchange_sources", "rebuild_pdq_index_if_due"]


@shared_task(name="endeavour.detection.tasks.rebuild_pdq_index_if_due")
def rebuild_pdq_index_if_due() -> str:
    """Fold the recently added hashes into a new PDQ index and swap it in, when enough wait."""
    from endeavour.detection import pdq_search

    if not pdq_search.rebuild_due():
        return "not due"
    result = pdq_search.pdq_index_rebuild()
    return f"{result.generation}: {result.count} hashes"
