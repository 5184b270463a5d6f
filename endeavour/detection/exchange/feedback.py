"""Our decisions on cases raised by bank matches, as feedback for the lists the hashes came from.

A match is an online ``Signal`` (re-upload or hash match) whose provenance names the bank entry.
The case's outcome is final once it has left review: a referral or police escalation makes the
match a true positive, no action (out of scope, or protected speech) or a referral overturned on
dispute a false positive; a case still in review is undecided. The online models are imported
inside the functions: detection must not import online when it loads.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from threatexchange.exchanges.fetch_state import (
    AggregateSignalOpinionCategory,
    SignalOpinionCategory,
)

from endeavour.detection.exchange.formats import PYTX_NAMES, safe_cell
from endeavour.detection.exchange.imports import (
    HashListExport,
    export_filename,
    export_record,
)
from endeavour.detection.models import BankEntry, HashBank, SignalType

if TYPE_CHECKING:
    from endeavour.core.models import User

TRUE_POSITIVE, FALSE_POSITIVE, UNDECIDED = "true_positive", "false_positive", "undecided"
FEEDBACK_COLUMNS = (
    "entry_id",
    "external_id",
    "signal_type",
    "value",
    "bank",
    "case_reference",
    "outcome",
    "decided_at",
    "distance",
)
OPINIONS = {
    TRUE_POSITIVE: SignalOpinionCategory.POSITIVE_CLASS,
    FALSE_POSITIVE: SignalOpinionCategory.NEGATIVE_CLASS,
}
IN_CHUNK = 2000


@dataclass(frozen=True)
class FeedbackRow:
    entry_id: int
    external_id: str
    signal_type: str
    value: str
    bank: str
    case_reference: str
    outcome: str
    decided_at: datetime | None
    distance: int | None


@dataclass(frozen=True)
class _Match:
    case_id: int
    entry_id: int
    distance: int | None
    matched_at: datetime


@dataclass(frozen=True)
class _Outcome:
    reference: str
    outcome: str
    decided_at: datetime | None


def feedback_rows(*, bank: HashBank | None, since: datetime | None) -> list[FeedbackRow]:
    """One row per (case, entry) matched, from outcomes (or, if undecided, matches) since."""
    matches = _matches()
    entries = _entries({m.entry_id for m in matches}, bank)
    outcomes = _outcomes({m.case_id for m in matches})
    rows = []
    for match in matches:
        entry, outcome = entries.get(match.entry_id), outcomes.get(match.case_id)
        if entry is None or outcome is None:
            continue
        when = outcome.decided_at or match.matched_at
        if since is not None and when < since:
            continue
        rows.append(
            FeedbackRow(
                entry_id=entry.pk,
                external_id=entry.external_id,
                signal_type=entry.signal_type,
                value=entry.value,
                bank=entry.bank.name,
                case_reference=outcome.reference,
                outcome=outcome.outcome,
                decided_at=outcome.decided_at,
                distance=match.distance,
            )
        )
    rows.sort(
        key=lambda r: (
            r.decided_at is None,
            r.decided_at.timestamp() if r.decided_at else 0,
            r.entry_id,
        )
    )
    return rows


def _matches() -> list[_Match]:
    from endeavour.online.models import Signal, SignalKind

    closest: dict[tuple[int, int], _Match] = {}
    signals = Signal.objects.filter(
        kind__in=[SignalKind.REUPLOAD, SignalKind.HASH_MATCH], provenance__has_key="entry"
    ).values_list("case_id", "provenance", "created_at")
    for case_id, provenance, created_at in signals.iterator(chunk_size=IN_CHUNK):
        entry_id, distance = _entry_and_distance(provenance)
        if entry_id is None:
            continue
        key = (case_id, entry_id)
        known = closest.get(key)
        if known is None or (distance or 0) < (known.distance or 0):
            closest[key] = _Match(case_id, entry_id, distance, created_at)
    return list(closest.values())


def _entry_and_distance(provenance: Any) -> tuple[int | None, int | None]:
    if not isinstance(provenance, dict):
        return None, None
    entry, distance = provenance.get("entry"), provenance.get("distance")
    return (
        entry if isinstance(entry, int) else None,
        distance if isinstance(distance, int) else None,
    )


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    listed = sorted(ids)
    for start in range(0, len(listed), IN_CHUNK):
        yield listed[start : start + IN_CHUNK]


def _entries(ids: set[int], bank: HashBank | None) -> dict[int, BankEntry]:
    found: dict[int, BankEntry] = {}
    for chunk in _chunks(ids):
        entries = BankEntry.objects.filter(pk__in=chunk).select_related("bank")
        if bank is not None:
            entries = entries.filter(bank=bank)
        found.update((entry.pk, entry) for entry in entries)
    return found


def _outcomes(case_ids: set[int]) -> dict[int, _Outcome]:
    from endeavour.online.models import Case, CaseStatus, Decision, DecisionState

    latest: dict[int, tuple[str, datetime]] = {}
    outcomes: dict[int, _Outcome] = {}
    for chunk in _chunks(case_ids):
        decisions = (
            Decision.objects.filter(case_id__in=chunk, state=DecisionState.APPLIED)
            .order_by("decided_at", "pk")
            .values_list("case_id", "kind", "decided_at")
        )
        for case_id, kind, decided_at in decisions:
            latest[case_id] = (kind, decided_at)
        cases = Case.objects.filter(pk__in=chunk).values_list(
            "pk", "reference", "status", "closed_at"
        )
        for case_id, reference, status, closed_at in cases:
            if status == CaseStatus.OVERTURNED:
                outcomes[case_id] = _Outcome(reference, FALSE_POSITIVE, closed_at)
            elif status in CaseStatus.open_statuses() or case_id not in latest:
                outcomes[case_id] = _Outcome(reference, UNDECIDED, None)
            else:
                kind, decided_at = latest[case_id]
                outcomes[case_id] = _Outcome(reference, _outcome_of(kind), decided_at)
    return outcomes


def _outcome_of(kind: str) -> str:
    from endeavour.online.models import DecisionKind

    if kind in (DecisionKind.REFER, DecisionKind.ESCALATE_POLICE):
        return TRUE_POSITIVE
    if kind in (DecisionKind.NO_ACTION_OUT_OF_SCOPE, DecisionKind.NO_ACTION_PROTECTED):
        return FALSE_POSITIVE
    return UNDECIDED


def feedback_csv(rows: Iterable[FeedbackRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FEEDBACK_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.entry_id,
                safe_cell(row.external_id),
                row.signal_type,
                row.value,
                safe_cell(row.bank),
                row.case_reference,
                row.outcome,
                row.decided_at.isoformat() if row.decided_at else "",
                "" if row.distance is None else row.distance,
            ]
        )
    return buffer.getvalue()


def feedback_threatexchange(rows: Iterable[FeedbackRow]) -> str:
    """ "<type> <value> <opinion>" per hash, as python-threatexchange names opinions.

    A hash's decided outcomes are aggregated as pytx aggregates opinions: all true positives give
    POSITIVE_CLASS, all false positives NEGATIVE_CLASS, a mixture DISPUTED. Undecided rows are
    left out: they are not an opinion yet.
    """
    opinions: dict[tuple[str, str], list[SignalOpinionCategory]] = defaultdict(list)
    for row in rows:
        if row.outcome in OPINIONS:
            name = PYTX_NAMES.get(SignalType(row.signal_type), row.signal_type)
            opinions[name, row.value].append(OPINIONS[row.outcome])
    lines = [
        f"{name} {value} "
        f"{AggregateSignalOpinionCategory.from_opinion_categories(categories).name}\n"
        for (name, value), categories in sorted(opinions.items())
    ]
    return "".join(lines)


def feedback_export(
    *,
    bank: HashBank | None,
    since: datetime | None,
    file_format: str,
    started_by: User | None,
) -> HashListExport:
    """Feedback as "csv" or "threatexchange", recorded as an export run and audited."""
    rows: Sequence[FeedbackRow] = feedback_rows(bank=bank, since=since)
    if file_format == "csv":
        content, extension, content_type = feedback_csv(rows), "csv", "text/csv"
    elif file_format == "threatexchange":
        content, extension, content_type = feedback_threatexchange(rows), "txt", "text/plain"
    else:
        raise ValueError(f"Feedback is exported as csv or threatexchange, not {file_format!r}.")
    filename = export_filename(f"feedback-{bank.name if bank else 'all-banks'}", extension)
    run = export_record(
        bank=bank,
        file_format=f"feedback {file_format}",
        filename=filename,
        count=len(rows),
        by=started_by,
    )
    return HashListExport(run=run, content=content, filename=filename, content_type=content_type)
