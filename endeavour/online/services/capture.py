"""Capture: fetch and preserve what a reviewer will see (to be written)."""

from __future__ import annotations

from endeavour.online.models import Item


def item_capture(item: Item) -> None:
    return None
