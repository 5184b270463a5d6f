"""Writes to hash banks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from endeavour.detection.models import BankEntry, HashBank
from endeavour.detection.values import value_key

CITY_BANK_NAME = "City confirmed items"


def city_bank() -> HashBank:
    bank, _ = HashBank.objects.get_or_create(
        name=CITY_BANK_NAME,
        defaults={"is_city_bank": True, "description": "Hashes of items the city has referred."},
    )
    return bank


@transaction.atomic
def bank_entry_add(
    *, bank: HashBank, signal_type: str, value: str, source_reference: str, labels: dict[str, Any]
) -> BankEntry:
    entry, created = BankEntry.objects.get_or_create(
        bank=bank,
        signal_type=signal_type,
        value_key=value_key(signal_type, value),
        defaults={"value": value, "source_reference": source_reference, "labels": labels},
    )
    if not created and not entry.enabled:
        entry.enabled, entry.disabled_reason, entry.disabled_at = True, "", None
        entry.source_reference = source_reference
        entry.save()
    return entry


@transaction.atomic
def bank_entries_disable(*, source_reference: str, reason: str) -> int:
    """Disable (never delete) every entry that came from ``source_reference``."""
    disabled = 0
    for entry in BankEntry.objects.filter(source_reference=source_reference, enabled=True):
        entry.enabled, entry.disabled_reason, entry.disabled_at = False, reason, timezone.now()
        entry.save()
        disabled += 1
    return disabled
