"""Counts for the staff home page. Each module registers the queues its users work through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueueCount:
    label: str
    count: int
    url: str
    description: str = ""


QueueProvider = Callable[[Any], list[QueueCount]]
_providers: list[QueueProvider] = []


def register(provider: QueueProvider) -> QueueProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def counts_for(user: Any) -> list[QueueCount]:
    return [count for provider in _providers for count in provider(user)]
