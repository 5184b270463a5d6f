"""Background work for the online casework. Tasks take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="endeavour.online.tasks.capture_item", acks_late=True)
def capture_item(item_id: int) -> None:
    from endeavour.online.models import Item
    from endeavour.online.services.capture import item_capture

    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        return
    item_capture(item)
