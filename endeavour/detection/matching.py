"""Look hashes up in the enabled banks. Exact for files and URLs; Hamming distance for PDQ."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from endeavour.detection.models import BankEntry, SignalType
from endeavour.detection.values import value_key


@dataclass(frozen=True)
class Match:
    entry_id: int
    bank_name: str
    signal_type: str
    value: str
    distance: int
    source_reference: str


def exact_matches(signal_type: str, value: str) -> list[Match]:
    entries = BankEntry.objects.filter(
        enabled=True,
        bank__enabled=True,
        signal_type=signal_type,
        value_key=value_key(signal_type, value),
    ).select_related("bank")
    return [
        Match(e.pk, e.bank.name, e.signal_type, e.value, 0, e.source_reference) for e in entries
    ]


def pdq_matches(pdq_hex: str) -> list[Match]:
    """All enabled PDQ entries within their bank's distance. A NumPy scan: issue 4 adds FAISS."""
    entries = list(
        BankEntry.objects.filter(
            enabled=True, bank__enabled=True, signal_type=SignalType.PDQ
        ).select_related("bank")
    )
    if not entries:
        return []
    query = np.frombuffer(bytes.fromhex(pdq_hex), dtype=np.uint8)
    codes = np.stack([np.frombuffer(bytes.fromhex(e.value), dtype=np.uint8) for e in entries])
    distances = np.unpackbits(codes ^ query, axis=1).sum(axis=1)
    return [
        Match(e.pk, e.bank.name, e.signal_type, e.value, int(d), e.source_reference)
        for e, d in zip(entries, distances, strict=True)
        if d <= e.bank.pdq_max_distance
    ]
