"""Applying hash lists to a bank: file imports (all or nothing) and the shared set-wise apply.

Rows are applied in bulk: existing entries are looked up by (signal type, value key) in chunks,
new ones are created with ``bulk_create``, tombstones disable (never delete) and a row a list adds
again re-enables an entry a list had withdrawn. Entries disabled for another reason (a referral
overturned on dispute) stay disabled. A feed's tombstones withdraw only entries that feed added.
One audit event is written per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from endeavour.audit.context import actor_for_user, current_actor
from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.detection.exchange import formats
from endeavour.detection.exchange.formats import ParsedRow, RowError
from endeavour.detection.models import (
    BankEntry,
    ExchangeRun,
    ExchangeSource,
    HashBank,
    RunKind,
    RunStatus,
)
from endeavour.detection.values import value_key

if TYPE_CHECKING:
    from endeavour.core.models import User

WITHDRAWN_PREFIX = "Withdrawn by source"
CHUNK = 2000
ANALYZE_AFTER_ROWS = 10_000
MAX_ERRORS = 200


@dataclass
class ApplyCounts:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    tombstoned: int = 0
    kept_disabled: int = 0

    def add(self, other: ApplyCounts) -> None:
        self.read += other.read
        self.added += other.added
        self.unchanged += other.unchanged
        self.tombstoned += other.tombstoned
        self.kept_disabled += other.kept_disabled


def withdrawn_reason(origin: str) -> str:
    return f"{WITHDRAWN_PREFIX} {origin}"[:300]


def rows_apply(
    *, bank: HashBank, rows: Sequence[ParsedRow], origin: str, source: ExchangeSource | None = None
) -> ApplyCounts:
    """Apply parsed rows to ``bank``; call inside a transaction. Later rows win over earlier."""
    latest: dict[tuple[str, str], ParsedRow] = {}
    for row in rows:
        latest[row.signal_type, value_key(row.signal_type, row.value)] = row
    plan = _Plan(bank=bank, origin=origin, source=source, counts=ApplyCounts(read=len(rows)))
    plan.counts.unchanged += len(rows) - len(latest)
    keys = list(latest)
    for start in range(0, len(keys), CHUNK):
        plan.chunk_apply({key: latest[key] for key in keys[start : start + CHUNK]})
    return plan.counts


@dataclass
class _Plan:
    bank: HashBank
    origin: str
    source: ExchangeSource | None
    counts: ApplyCounts
    create: list[BankEntry] = field(default_factory=list)
    relabel: list[BankEntry] = field(default_factory=list)
    enable: list[int] = field(default_factory=list)
    withdraw: list[int] = field(default_factory=list)

    def chunk_apply(self, chunk: dict[tuple[str, str], ParsedRow]) -> None:
        existing = self._existing({key for _, key in chunk})
        for key, row in chunk.items():
            entry = existing.get(key)
            if entry is None:
                self._plan_new(key, row)
            elif row.deleted:
                self._plan_tombstone(entry)
            else:
                self._plan_present(entry, key, row)
        self._write()

    def _existing(self, keys: set[str]) -> dict[tuple[str, str], BankEntry]:
        entries = BankEntry.objects.filter(bank=self.bank, value_key__in=keys).only(
            "pk",
            "signal_type",
            "value_key",
            "enabled",
            "disabled_reason",
            "labels",
            "external_id",
            "exchange_source_id",
        )
        return {(entry.signal_type, entry.value_key): entry for entry in entries}

    def _entry(self, key: tuple[str, str], row: ParsedRow) -> BankEntry:
        return BankEntry(
            bank_id=self.bank.pk,
            signal_type=row.signal_type,
            value=row.value,
            value_key=key[1],
            labels=row.labels,
            source_reference=self.origin[:64],
            exchange_source_id=self.source.pk if self.source else None,
            external_id=row.external_id,
        )

    def _plan_new(self, key: tuple[str, str], row: ParsedRow) -> None:
        if row.deleted:
            self.counts.unchanged += 1
        else:
            self.create.append(self._entry(key, row))
            self.counts.added += 1

    def _plan_tombstone(self, entry: BankEntry) -> None:
        """A feed withdraws only what it added; a file's tombstones apply to the whole bank."""
        foreign = self.source is not None and entry.exchange_source_id != self.source.pk
        if entry.enabled and not foreign:
            self.withdraw.append(entry.pk)
            self.counts.tombstoned += 1
        else:
            self.counts.unchanged += 1

    def _plan_present(self, entry: BankEntry, key: tuple[str, str], row: ParsedRow) -> None:
        """Re-enable what this kind of source withdrew; refresh labels a source owns."""
        if entry.enabled:
            self.counts.unchanged += 1
            owned = self.source is not None and entry.exchange_source_id == self.source.pk
        elif entry.disabled_reason.startswith(WITHDRAWN_PREFIX):
            self.enable.append(entry.pk)
            self.counts.added += 1
            owned = True
        else:
            self.counts.kept_disabled += 1
            self.counts.unchanged += 1
            return
        if owned and (entry.labels, entry.external_id) != (row.labels, row.external_id):
            self.relabel.append(self._entry(key, row))

    def _write(self) -> None:
        BankEntry.objects.bulk_create(self.create, batch_size=CHUNK, ignore_conflicts=True)
        BankEntry.objects.bulk_create(
            self.relabel,
            batch_size=CHUNK,
            update_conflicts=True,
            unique_fields=["bank", "signal_type", "value_key"],
            update_fields=["labels", "external_id"],
        )
        if self.enable:
            BankEntry.objects.filter(pk__in=self.enable).update(
                enabled=True, disabled_reason="", disabled_at=None
            )
        if self.withdraw:
            BankEntry.objects.filter(pk__in=self.withdraw).update(
                enabled=False,
                disabled_reason=withdrawn_reason(self.origin),
                disabled_at=timezone.now(),
            )
        self.create, self.relabel, self.enable, self.withdraw = [], [], [], []


# File imports


def hash_list_import(
    *, bank: HashBank, data: bytes, file_format: str, filename: str, started_by: User | None
) -> ExchangeRun:
    """Import a hash-list file into ``bank``: every row, or (if any row is refused) none."""
    run = ExchangeRun.objects.create(
        kind=RunKind.FILE_IMPORT,
        bank=bank,
        file_format=file_format[:20],
        filename=filename[:255],
        started_by=started_by,
    )
    rows, errors = parse_all(file_format, data)
    if errors:
        return run_reject(run, errors, rows_read=len(rows))
    origin = filename or f"{file_format} file"
    try:
        with transaction.atomic():
            counts = rows_apply(bank=bank, rows=rows, origin=origin)
            run_update(run, counts)
            run_finish(run, RunStatus.SUCCEEDED, counts_message(counts))
        entry_statistics_refresh(counts.added)
    except DatabaseError as error:
        run_update(run, ApplyCounts(read=len(rows)))
        run_finish(run, RunStatus.FAILED, f"Nothing was imported: the database refused ({error}).")
    return run


def entry_statistics_refresh(rows_added: int) -> None:
    """After a large import, refresh PostgreSQL's statistics for the entries table: until
    autovacuum does, the planner may scan the table for every lookup (measured: 100 times
    slower at a million entries)."""
    if rows_added >= ANALYZE_AFTER_ROWS and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {BankEntry._meta.db_table}")


def parse_all(file_format: str, data: bytes) -> tuple[list[ParsedRow], list[RowError]]:
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    try:
        for result in formats.parse(file_format, data):
            if isinstance(result, ParsedRow):
                rows.append(result)
            else:
                errors.append(result)
    except formats.UnknownFormat as error:
        errors.append(RowError(0, str(error)))
    return rows, errors


def run_reject(run: ExchangeRun, errors: Sequence[RowError], *, rows_read: int) -> ExchangeRun:
    """Refuse the whole file: nothing applied, the problems listed with their lines."""
    rejected = len({error.line for error in errors if error.line > 0})
    run.rows_read = rows_read + rejected
    run.rows_rejected = rejected
    run.errors = errors_json(errors)
    first = errors[0]
    problems = f"{len(errors):,} problem{'s' if len(errors) != 1 else ''}"
    run_finish(
        run,
        RunStatus.REJECTED,
        f"Nothing was imported: {problems} found, the first at {first.where}: {first.message}",
    )
    return run


def errors_json(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    for error in errors:
        if len(listed) >= MAX_ERRORS:
            break
        listed.append(error.as_json())
    return listed


def run_update(run: ExchangeRun, counts: ApplyCounts) -> None:
    run.rows_read = counts.read
    run.rows_added = counts.added
    run.rows_unchanged = counts.unchanged
    run.rows_tombstoned = counts.tombstoned


def counts_message(counts: ApplyCounts, extra: str = "") -> str:
    parts = [
        f"{counts.read:,} rows read",
        f"{counts.added:,} added",
        f"{counts.unchanged:,} unchanged",
        f"{counts.tombstoned:,} withdrawn",
    ]
    message = ", ".join(parts) + "."
    if counts.kept_disabled:
        message += (
            f" {counts.kept_disabled:,} listed entries stay disabled: they were disabled here "
            "for another reason (such as a referral overturned on dispute)."
        )
    return f"{message} {extra}".strip()


def run_finish(run: ExchangeRun, status: str, message: str) -> None:
    """Save the run's outcome and its one audit event (in the caller's transaction, if any)."""
    run.status, run.message, run.finished_at = status, message[:500], timezone.now()
    run.save()
    audit_event_record(
        action=AuditAction.CREATE,
        instance=run,
        after={
            "kind": run.kind,
            "status": run.status,
            "bank": run.bank_id,
            "source": run.source_id,
            "file_format": run.file_format,
            "filename": run.filename,
            "rows_read": run.rows_read,
            "rows_added": run.rows_added,
            "rows_unchanged": run.rows_unchanged,
            "rows_tombstoned": run.rows_tombstoned,
            "rows_rejected": run.rows_rejected,
        },
        reason=f"{run.get_kind_display()} into {run.bank or 'no bank'}: {run.message}"[:1000],
        actor=_actor(run),
    )


def _actor(run: ExchangeRun) -> Any:
    actor = current_actor()
    if actor.id is None and run.started_by is not None:
        return actor_for_user(run.started_by)
    return actor


# Exports


@dataclass(frozen=True)
class HashListExport:
    run: ExchangeRun
    content: str
    filename: str
    content_type: str


def hash_list_export(
    *, bank: HashBank, file_format: str, started_by: User | None
) -> HashListExport:
    """A bank as a file in ``file_format`` ("csv" or "threatexchange"), recorded and audited."""
    entries = list(BankEntry.objects.filter(bank=bank).order_by("pk").iterator(chunk_size=CHUNK))
    if file_format == "csv":
        content, extension, content_type = formats.bank_rows_csv(entries), "csv", "text/csv"
        exported = len(entries)
    elif file_format == "threatexchange":
        content = formats.bank_rows_threatexchange(entries)
        extension, content_type = "txt", "text/plain"
        exported = sum(1 for entry in entries if entry.enabled)
    else:
        raise formats.UnknownFormat(
            f"Banks are exported as csv or threatexchange, not {file_format!r}."
        )
    filename = export_filename(bank.name, extension)
    run = export_record(
        bank=bank, file_format=file_format, filename=filename, count=exported, by=started_by
    )
    return HashListExport(run=run, content=content, filename=filename, content_type=content_type)


def export_filename(stem: str, extension: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
    return f"{safe}-{timezone.now():%Y%m%d-%H%M}.{extension}"


@transaction.atomic
def export_record(
    *, bank: HashBank | None, file_format: str, filename: str, count: int, by: User | None
) -> ExchangeRun:
    """Record an export as a finished run with its one audit event."""
    run = ExchangeRun.objects.create(
        kind=RunKind.EXPORT,
        bank=bank,
        file_format=file_format[:20],
        filename=filename[:255],
        started_by=by,
        rows_read=count,
        status=RunStatus.SUCCEEDED,
        message=f"{count:,} rows exported as {file_format}.",
        finished_at=timezone.now(),
    )
    audit_event_record(
        action=AuditAction.EXPORT,
        instance=run,
        reason=f"{run.message} From {bank or 'every bank'}.",
        actor=_actor(run),
    )
    return run
