"""Background work for detection: index rebuilds, hash-list fetches and text scoring."""

from __future__ import annotations

import logging

from celery import shared_task

from endeavour.detection.exchange.tasks import fetch_exchange_sources

__all__ = ["fetch_exchange_sources", "rebuild_pdq_index_if_due", "score_item", "score_items"]

logger = logging.getLogger(__name__)


@shared_task(name="endeavour.detection.tasks.rebuild_pdq_index_if_due")
def rebuild_pdq_index_if_due() -> str:
    """Fold the recently added hashes into a new PDQ index and swap it in, when enough wait."""
    from endeavour.detection import pdq_search

    if not pdq_search.rebuild_due():
        return "not due"
    result = pdq_search.pdq_index_rebuild()
    return f"{result.generation}: {result.count} hashes"


@shared_task(name="endeavour.detection.tasks.score_items", acks_late=True)
def score_items(item_ids: list[int]) -> str:
    """Score the items' text with the classifier and the lexicon; record the signals raised.

    Items that are gone are passed over. Without the model's files, or if scoring fails, nothing
    is recorded and the problem is logged, so that intake and capture go on working (without a
    broker this task runs inside the request that committed the item)."""
    from endeavour.detection.classifier.model import ClassifierUnavailable
    from endeavour.online.models import Item
    from endeavour.online.services.classifier_signals import items_classify

    items = list(Item.objects.filter(pk__in=item_ids).order_by("pk"))
    if not items:
        return "gone"
    try:
        signals = items_classify(items)
    except ClassifierUnavailable as error:
        logger.error("Text scoring skipped for items %s: %s", item_ids, error)
        return "classifier unavailable"
    except Exception:  # scoring is a signal, never a reason for intake or capture to fail
        logger.exception("Text scoring failed for items %s", item_ids)
        return "failed"
    return f"{len(signals)} signals"


@shared_task(name="endeavour.detection.tasks.score_item", acks_late=True)
def score_item(item_id: int) -> str:
    """Score one item's submitted and latest captured text (see ``score_items``)."""
    result: str = score_items([item_id])
    return result
