"""Look hashes up in the enabled banks: exact for files, URLs and text; Hamming distance for PDQ;
MinHash similarity for near-duplicate text. An allow-list hit suppresses a query's matches.

Matches rank and explain; they never decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from endeavour.detection import pdq_search
from endeavour.detection.models import BankEntry, BankPurpose, HashBank, SignalType
from endeavour.detection.text_index import text_index
from endeavour.detection.values import value_key

EXACT_TYPES = (SignalType.SHA256, SignalType.MD5, SignalType.URL, SignalType.TEXT)
IN_CHUNK = 500


@dataclass(frozen=True)
class Query:
    """One hash to look up. ``value`` is already normalised; ``about`` says what it came from."""

    signal_type: str
    value: str
    about: str = ""


@dataclass(frozen=True)
class Match:
    query: Query
    entry_id: int
    bank_id: int
    bank_name: str
    bank_purpose: str
    signal_type: str
    value: str
    distance: int
    similarity: float | None
    labels: Mapping[str, Any]
    source_reference: str
    external_id: str

    @property
    def closeness(self) -> str:
        if self.signal_type == SignalType.PDQ:
            return f"PDQ distance {self.distance} of 256 bits"
        if self.similarity is not None:
            return f"text similarity {self.similarity:.0%}"
        return "exact match"

    @property
    def explanation(self) -> str:
        where = f" ({self.query.about})" if self.query.about else ""
        origin = f", from {self.source_reference}" if self.source_reference else ""
        return (
            f"{SignalType(self.signal_type).label}{where} matches entry {self.entry_id} "
            f"in {self.bank_name}{origin}: {self.closeness}"
        )


@dataclass
class LookupResult:
    matches: list[Match] = field(default_factory=list)
    suppressed: list[Match] = field(default_factory=list)
    allowed_by: list[Match] = field(default_factory=list)


def pdq_radius_limit() -> int:
    return int(getattr(settings, "DETECTION_PDQ_MAX_DISTANCE", 31))


def lookup(queries: Iterable[Query]) -> LookupResult:
    """Every enabled entry in an enabled bank that each query hits, allow-lists applied."""
    unique = list(dict.fromkeys(queries))
    banks = {bank.pk: bank for bank in HashBank.objects.filter(enabled=True)}
    if not unique or not banks:
        return LookupResult()
    hits: list[tuple[Query, int, int, float | None]] = []
    hits += _exact_hits([q for q in unique if q.signal_type in EXACT_TYPES], banks)
    hits += _pdq_hits([q for q in unique if q.signal_type == SignalType.PDQ], banks)
    hits += _text_hits([q for q in unique if q.signal_type == SignalType.TEXT_MINHASH])
    return _apply_allow_lists(_to_matches(hits, banks))


def _exact_hits(
    queries: Sequence[Query], banks: Mapping[int, HashBank]
) -> list[tuple[Query, int, int, float | None]]:
    by_key: dict[tuple[str, str], list[Query]] = defaultdict(list)
    for query in queries:
        by_key[(query.signal_type, value_key(query.signal_type, query.value))].append(query)
    hits: list[tuple[Query, int, int, float | None]] = []
    per_type: dict[str, list[str]] = defaultdict(list)
    for signal_type, key in by_key:
        per_type[signal_type].append(key)
    for signal_type, keys in per_type.items():
        for start in range(0, len(keys), IN_CHUNK):
            rows = BankEntry.objects.filter(
                signal_type=signal_type,
                value_key__in=keys[start : start + IN_CHUNK],
                enabled=True,
                bank_id__in=list(banks),
            ).values_list("pk", "value_key")
            for entry_id, key in rows:
                hits += [(q, entry_id, 0, None) for q in by_key[(signal_type, key)]]
    return hits


def _pdq_hits(
    queries: Sequence[Query], banks: Mapping[int, HashBank]
) -> list[tuple[Query, int, int, float | None]]:
    if not queries:
        return []
    radius = min(pdq_radius_limit(), max(bank.pdq_max_distance for bank in banks.values()))
    found = pdq_search.searcher().search([q.value for q in queries], radius)
    candidates = {entry_id for pairs in found for entry_id, _ in pairs}
    allowed: dict[int, int] = {}
    for start in range(0, len(ids := sorted(candidates)), IN_CHUNK):
        allowed.update(
            BankEntry.objects.filter(
                pk__in=ids[start : start + IN_CHUNK], enabled=True, bank_id__in=list(banks)
            ).values_list("pk", "bank_id")
        )
    return [
        (query, entry_id, distance, None)
        for query, pairs in zip(queries, found, strict=True)
        for entry_id, distance in pairs
        if entry_id in allowed and distance <= banks[allowed[entry_id]].pdq_max_distance
    ]


def _text_hits(queries: Sequence[Query]) -> list[tuple[Query, int, int, float | None]]:
    if not queries:
        return []
    found = text_index().search([q.value for q in queries])
    return [
        (query, entry_id, round((1 - similarity) * 100), similarity)
        for query, pairs in zip(queries, found, strict=True)
        for entry_id, similarity in pairs
    ]


def _to_matches(
    hits: Sequence[tuple[Query, int, int, float | None]], banks: Mapping[int, HashBank]
) -> list[Match]:
    ids = sorted({entry_id for _, entry_id, _, _ in hits})
    entries: dict[int, BankEntry] = {}
    for start in range(0, len(ids), IN_CHUNK):
        entries.update(
            BankEntry.objects.filter(
                pk__in=ids[start : start + IN_CHUNK], enabled=True, bank_id__in=list(banks)
            ).in_bulk()
        )
    matches = []
    for query, entry_id, distance, similarity in hits:
        entry = entries.get(entry_id)
        if entry is None:
            continue
        bank = banks[entry.bank_id]
        matches.append(
            Match(
                query=query,
                entry_id=entry.pk,
                bank_id=bank.pk,
                bank_name=bank.name,
                bank_purpose=bank.purpose,
                signal_type=entry.signal_type,
                value=entry.value,
                distance=distance,
                similarity=similarity,
                labels={**bank.labels, **entry.labels},
                source_reference=entry.source_reference,
                external_id=entry.external_id,
            )
        )
    return sorted(matches, key=lambda m: (m.distance, m.bank_name, m.entry_id))


def _apply_allow_lists(matches: Sequence[Match]) -> LookupResult:
    allowed_by = [m for m in matches if m.bank_purpose == BankPurpose.ALLOW]
    allowed_queries = {m.query for m in allowed_by}
    result = LookupResult(allowed_by=allowed_by)
    for match in matches:
        if match.bank_purpose == BankPurpose.ALLOW:
            continue
        (result.suppressed if match.query in allowed_queries else result.matches).append(match)
    return result


def exact_matches(signal_type: str, value: str) -> list[Match]:
    return lookup([Query(signal_type, value)]).matches


def pdq_matches(pdq_hex: str) -> list[Match]:
    return lookup([Query(SignalType.PDQ, pdq_hex)]).matches
