"""Writes to hash banks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.detection.models import BankEntry, BankPurpose, HashBank
from endeavour.detection.values import normalise_value, value_key

CITY_BANK_NAME = "City confirmed items"
# The index is exact up to 32 bits (11 chunks, pigeonhole); PDQ practice stops at 31.
MAX_PDQ_DISTANCE = 32


def city_bank() -> HashBank:
    bank, _ = HashBank.objects.get_or_create(
        name=CITY_BANK_NAME,
        defaults={"is_city_bank": True, "description": "Hashes of items the city has referred."},
    )
    return bank


@transaction.atomic
def bank_entry_add(
    *,
    bank: HashBank,
    signal_type: str,
    value: str,
    source_reference: str,
    labels: dict[str, Any],
    quality: int | None = None,
) -> BankEntry:
    """Add a value (normalised first) to a bank; re-enable it if it was disabled."""
    value = normalise_value(signal_type, value)
    entry, created = BankEntry.objects.get_or_create(
        bank=bank,
        signal_type=signal_type,
        value_key=value_key(signal_type, value),
        defaults={
            "value": value,
            "source_reference": source_reference,
            "labels": labels,
            "quality": quality,
        },
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


@transaction.atomic
def bank_create(
    *,
    name: str,
    purpose: str = BankPurpose.MATCH,
    description: str = "",
    labels: dict[str, Any] | None = None,
    pdq_max_distance: int = 31,
) -> HashBank:
    if not name.strip():
        raise ValidationError("A bank needs a name.")
    if HashBank.objects.filter(name=name.strip()).exists():
        raise ValidationError(f"There is already a bank called {name.strip()!r}.")
    bank = HashBank(
        name=name.strip(),
        purpose=purpose,
        description=description,
        labels=labels or {},
        pdq_max_distance=pdq_max_distance,
    )
    bank.full_clean()
    _check_distance(pdq_max_distance)
    bank.save()
    return bank


def _check_distance(distance: int) -> None:
    if not 0 <= distance <= MAX_PDQ_DISTANCE:
        raise ValidationError(f"The PDQ match distance must be between 0 and {MAX_PDQ_DISTANCE}.")


@transaction.atomic
def bank_update(
    bank: HashBank, *, enabled: bool | None = None, pdq_max_distance: int | None = None
) -> HashBank:
    if enabled is not None:
        bank.enabled = enabled
    if pdq_max_distance is not None:
        _check_distance(pdq_max_distance)
        bank.pdq_max_distance = pdq_max_distance
    bank.save()
    return bank


@transaction.atomic
def bank_entry_disable(entry: BankEntry, *, reason: str) -> BankEntry:
    if not reason.strip():
        raise ValidationError("Say why the entry is disabled.")
    if entry.enabled:
        entry.enabled, entry.disabled_reason, entry.disabled_at = False, reason, timezone.now()
        entry.save()
    return entry
