"""Bulk import of items from a CSV or JSONL file: check the whole file, then import it as one job.

``parse_import`` is pure: it reads the bytes and returns the rows it would import, every problem
it found (row or line number, field, message) and the rows that repeat an earlier row.
``import_start`` saves a checked file and queues the job; ``import_run`` (the job's task) imports
every row in one transaction, so a file is imported whole or not at all.

``items_import`` does what ``intake.item_submit`` does for each row, set-wise: the same Item,
Submission, Case and Signal rows, the same audit entries for what it creates, with references
allocated a block at a time, the platform registry read once, one hash-bank query per batch and
the capture tasks queued together after the commit.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from types import TracebackType
from typing import Any, Literal, cast

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from endeavour.audit import registry
from endeavour.audit.context import acting_as, actor_for_user, current_actor
from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.audit.services import audit_event_record, object_type_of
from endeavour.detection import matching
from endeavour.detection import urls as urlnorm
from endeavour.detection.matching import Match, Query
from endeavour.jobs import services as jobs
from endeavour.jobs.models import JobRun, JobStatus
from endeavour.online.models import (
    Case,
    Item,
    PlatformDomain,
    Signal,
    Source,
    Submission,
)
from endeavour.online.references import next_references
from endeavour.online.services import hash_signals
from endeavour.online.services.intake import SOURCE_CONFIDENCE, SOURCE_SIGNAL, item_submit
from endeavour.online.services.triage import priority_parts

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
BATCH_SIZE = 500
COLUMNS = ("url", "text", "note")
MAX_LENGTHS = {"url": urlnorm.MAX_LENGTH, "text": 20_000, "note": 2_000}
JOB_KIND = "online_import"

FileFormat = Literal["csv", "jsonl"]
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class ImportRow:
    """One row to import. ``number`` is the row (CSV, header = row 1) or line (JSONL)."""

    number: int
    url: str
    text: str
    note: str
    parsed: urlnorm.NormalisedUrl


@dataclass(frozen=True)
class RowProblem:
    """Why a row (or, with ``number`` None, the whole file) cannot be imported."""

    number: int | None
    field: str
    message: str


@dataclass(frozen=True)
class RepeatedRow:
    """A row whose web address is the same, once normalised, as an earlier row's."""

    number: int
    first: int


@dataclass
class ImportPlan:
    format: FileFormat | None
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    repeats: list[RepeatedRow] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return "line" if self.format == "jsonl" else "row"

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    def describe(self, problem: RowProblem) -> str:
        """``row 7: url: Only http and https web addresses can be reported.``"""
        if problem.number is None:
            return f"{problem.field}: {problem.message}"
        return f"{self.unit} {problem.number}: {problem.field}: {problem.message}"

    def describe_repeat(self, repeat: RepeatedRow) -> str:
        return f"{self.unit} {repeat.number} repeats {self.unit} {repeat.first}"


class _TooManyRows(Exception):
    pass


def parse_import(
    data: bytes, filename: str, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> ImportPlan:
    """Check a whole import file. Nothing is written: the plan says what would be imported."""
    suffix = PurePath(filename or "").suffix.lower()
    file_format: FileFormat | None = (
        "csv" if suffix == ".csv" else "jsonl" if suffix in {".jsonl", ".ndjson"} else None
    )
    plan = ImportPlan(format=file_format)
    if file_format is None:
        plan.errors.append(
            RowProblem(None, "file", "Upload a .csv or .jsonl file (the name must end that way).")
        )
        return plan
    if len(data) > max_bytes:
        plan.errors.append(
            RowProblem(None, "file", f"The file is larger than {filesizeformat(max_bytes)}.")
        )
        return plan
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        plan.errors.append(
            RowProblem(
                None,
                "file",
                f"The file is not UTF-8 text (the first problem is at byte {error.start + 1}). "
                "Save it as UTF-8 (in a spreadsheet: 'CSV UTF-8') and try again.",
            )
        )
        return plan
    records = _csv_records(text, plan) if file_format == "csv" else _jsonl_records(text, plan)
    first_row_of: dict[str, int] = {}
    try:
        for count, (number, values) in enumerate(records, start=1):
            if count > max_rows:
                raise _TooManyRows
            row = _checked_row(number, values, plan.errors)
            if row is None:
                continue
            first = first_row_of.setdefault(row.parsed.key, number)
            if first != number:
                plan.repeats.append(RepeatedRow(number, first))
            else:
                plan.rows.append(row)
    except _TooManyRows:
        plan.rows.clear()
        plan.repeats.clear()
        plan.errors[:] = [
            RowProblem(
                None,
                "file",
                f"The file has more than {max_rows:,} rows. Split it into smaller files.",
            )
        ]
        return plan
    if not plan.rows and not plan.errors:
        plan.errors.append(RowProblem(None, "file", "The file has no rows to import."))
    return plan


def _csv_records(text: str, plan: ImportPlan) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            plan.errors.append(
                RowProblem(1, "header", "The first row must name the columns: url, text, note.")
            )
            return
        number = 1
        columns = [cell.strip().lower() for cell in header]
        if not _header_ok(columns, plan):
            return
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            extra = [cell for cell in cells[len(columns) :] if cell.strip()]
            if extra:
                plan.errors.append(
                    RowProblem(
                        number,
                        "values",
                        f"There are {len(cells)} values but the header names "
                        f"{len(columns)} columns.",
                    )
                )
                continue
            yield number, dict(zip(columns, cells, strict=False))
    except csv.Error as error:
        plan.errors.append(
            RowProblem(number + 1, "file", f"The file could not be read from here: {error}.")
        )


def _header_ok(columns: list[str], plan: ImportPlan) -> bool:
    ok = True
    if "url" not in columns:
        plan.errors.append(RowProblem(1, "header", "There is no url column."))
        ok = False
    for name in sorted({c for c in columns if c not in COLUMNS}):
        shown = name or "(blank)"
        plan.errors.append(
            RowProblem(1, "header", f"Unknown column {shown!r}: use url, text and note.")
        )
        ok = False
    for name in sorted({c for c in columns if columns.count(c) > 1 and c in COLUMNS}):
        plan.errors.append(RowProblem(1, "header", f"The {name} column appears twice."))
        ok = False
    return ok


def _jsonl_records(text: str, plan: ImportPlan) -> Iterator[tuple[int, dict[str, str]]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            plan.errors.append(
                RowProblem(number, "json", f"Not valid JSON: {error.msg} (column {error.colno}).")
            )
            continue
        except (ValueError, RecursionError):
            plan.errors.append(RowProblem(number, "json", "Not valid JSON."))
            continue
        if not isinstance(value, dict):
            plan.errors.append(
                RowProblem(
                    number, "json", 'Each line must be one JSON object, like {"url": "..."}.'
                )
            )
            continue
        values: dict[str, str] = {}
        bad = False
        for key, item in value.items():
            if key not in COLUMNS:
                plan.errors.append(
                    RowProblem(number, str(key)[:50], "Unknown field: use url, text and note.")
                )
                bad = True
            elif item is None:
                values[key] = ""
            elif isinstance(item, str):
                values[key] = item
            else:
                plan.errors.append(RowProblem(number, key, "Must be text, in double quotes."))
                bad = True
        if not bad:
            yield number, values


def _checked_row(number: int, values: dict[str, str], errors: list[RowProblem]) -> ImportRow | None:
    problems: list[RowProblem] = []
    for name in COLUMNS:
        value = values.get(name, "")
        if "\x00" in value:
            problems.append(RowProblem(number, name, "Contains a NUL character."))
        elif not _is_storable(value):
            problems.append(RowProblem(number, name, "Contains characters that are not text."))
        elif len(value) > MAX_LENGTHS[name]:
            problems.append(
                RowProblem(number, name, f"Longer than {MAX_LENGTHS[name]:,} characters.")
            )
    parsed: urlnorm.NormalisedUrl | None = None
    if not any(p.field == "url" for p in problems):
        try:
            parsed = urlnorm.normalise(values.get("url", ""))
        except urlnorm.InvalidUrl as error:
            problems.append(RowProblem(number, "url", str(error)))
    if problems or parsed is None:
        errors.extend(problems)
        return None
    return ImportRow(
        number=number,
        url=values.get("url", "").strip(),
        text=values.get("text", "").strip(),
        note=values.get("note", "").strip(),
        parsed=parsed,
    )


def _is_storable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Starting and running an import job.


@transaction.atomic
def import_start(*, user: Any, data: bytes, filename: str, plan: ImportPlan) -> JobRun:
    """Keep a checked file in private storage and queue its import, once this commits."""
    from endeavour.online.import_tasks import import_items

    if not plan.is_valid:
        raise ValueError("Only a file with no problems can be imported.")
    name = PurePath(filename).name[:100] or "import"
    job = jobs.job_create(
        kind=JOB_KIND,
        title=f"Import of {name}",
        owner=user,
        parameters={
            "filename": name,
            "format": plan.format,
            "rows": len(plan.rows),
            "repeats": len(plan.repeats),
        },
    )
    path = default_storage.save(
        f"online/imports/{job.pk}/upload{PurePath(name).suffix}", ContentFile(data)
    )
    job.parameters["upload"] = path
    job.save(update_fields=["parameters"])
    import_items.delay_on_commit(str(job.pk))  # type: ignore[attr-defined]
    return job


def import_run(job_id: str) -> JobRun | None:
    """The import job: every row in one transaction, with progress on the job page."""
    job = JobRun.objects.select_related("owner").filter(pk=job_id, kind=JOB_KIND).first()
    if job is None or job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
        return job  # gone, or already run (a task delivered twice)
    upload = str(job.parameters.get("upload", ""))
    with acting_as(actor_for_user(job.owner)):
        try:
            with default_storage.open(upload, "rb") as handle:
                data = handle.read()
            plan = parse_import(data, str(job.parameters.get("filename", upload)))
            if not plan.is_valid:
                jobs.job_fail(
                    job, message="The file no longer passes its checks: nothing imported."
                )
                return job
            total = len(plan.rows)
            jobs.job_start(job, total=total)
            with _ProgressReporter(job, total) as progress, transaction.atomic():
                summary = items_import(
                    plan.rows,
                    submitted_by=job.owner,
                    import_batch=str(job.pk),
                    progress=progress,
                    queue_captures=False,
                )
                audit_event_record(
                    action=AuditAction.CREATE,
                    object_type="online.item",
                    object_repr=f"Bulk import of {job.parameters.get('filename', '')}"[:300],
                    after={
                        "job": str(job.pk),
                        "rows": total,
                        "new": summary.new,
                        "known": summary.known,
                        "repeats": len(plan.repeats),
                    },
                )
            message = summary.message(repeats=len(plan.repeats))
            jobs.job_progress(job, done=total, message=message)
            job = jobs.job_succeed(job, message=message)
        except Exception as exc:
            logger.exception("Import job %s failed", job.pk)
            jobs.job_fail(
                job,
                message=(
                    f"The import failed, so nothing was imported ({exc.__class__.__name__}). "
                    "Try again; if it fails again, tell an administrator."
                ),
            )
            job.refresh_from_db()
            return job
        finally:
            if upload and default_storage.exists(upload):
                default_storage.delete(upload)
    # Only now the captures, so the job page shows the import finished while they run.
    captures_queue(summary.new_item_ids)
    return job


class _ProgressReporter:
    """Progress for the job page while the import's own transaction is still open.

    On PostgreSQL the update goes through a second connection, so the page sees it at once.
    SQLite allows one writer at a time, so there the job shows its progress when it finishes.
    """

    def __init__(self, job: JobRun, total: int) -> None:
        self.job, self.total = job, total
        self.side: Any = None

    def __enter__(self) -> ProgressCallback:
        if connection.vendor != "sqlite":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        return self.report

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.side is not None:
            self.side.close()

    def report(self, done: int) -> None:
        if self.side is None:
            return
        table = JobRun._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress_done = %s, message = %s WHERE id = %s",  # noqa: S608
                [done, f"{done:,} of {self.total:,} rows imported", self.job.pk],
            )


# Importing rows: set-wise, with the same results as item_submit row by row.


@dataclass
class ImportSummary:
    new: int = 0
    known: int = 0
    new_item_ids: list[int] = field(default_factory=list)

    def message(self, *, repeats: int = 0) -> str:
        text = f"{self.new:,} new item{'s' if self.new != 1 else ''}, {self.known:,} already known"
        if repeats:
            text += f"; {repeats:,} repeated row{'s' if repeats != 1 else ''} imported once"
        return text + "."


def items_import(
    rows: Sequence[ImportRow],
    *,
    submitted_by: Any = None,
    import_batch: str = "",
    source: str = Source.IMPORT,
    progress: ProgressCallback | None = None,
    queue_captures: bool = True,
) -> ImportSummary:
    """Import rows (unique URLs) in batches, all in one transaction; captures queue on commit.

    With ``queue_captures=False`` the caller queues them, with ``captures_queue``, when it likes.
    """
    summary = ImportSummary()
    with transaction.atomic():
        platforms = _PlatformLookup()
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            try:
                with transaction.atomic():
                    new_ids, known = _import_batch(
                        batch, submitted_by, import_batch, Source(source), platforms
                    )
            except IntegrityError:
                # Someone reported one of these URLs at the same moment: do this batch row by row.
                new_ids, known = _import_one_by_one(batch, submitted_by, import_batch, source)
            else:
                summary.new_item_ids += new_ids
            summary.new += len(new_ids)
            summary.known += known
            if progress is not None:
                progress(start + len(batch))
        if queue_captures:
            captures_queue(summary.new_item_ids)
    return summary


def items_import_one_by_one(
    rows: Sequence[ImportRow],
    *,
    submitted_by: Any = None,
    import_batch: str = "",
    source: str = Source.IMPORT,
) -> ImportSummary:
    """The reference path: ``item_submit`` for each row (the bulk path must match it)."""
    with transaction.atomic():
        new_ids, known = _import_one_by_one(rows, submitted_by, import_batch, source)
    return ImportSummary(new=len(new_ids), known=known)


def _import_one_by_one(
    rows: Iterable[ImportRow], submitted_by: Any, import_batch: str, source: str
) -> tuple[list[int], int]:
    new_ids, known = [], 0
    for row in rows:
        result = item_submit(
            url=row.url,
            source=source,
            submitted_text=row.text,
            submitted_by=submitted_by,
            note=row.note,
            import_batch=import_batch,
        )
        if result.item_created:
            new_ids.append(result.item.pk)
        else:
            known += 1
    return new_ids, known


def captures_queue(item_ids: Sequence[int]) -> None:
    """Queue a capture of each new item, and scoring of those with text, all together once the
    transaction commits."""
    from endeavour.online.services.classifier_signals import scoring_queue
    from endeavour.online.tasks import queue_captures

    queue_captures(list(item_ids))
    with_text: list[int] = []
    for start in range(0, len(item_ids), BATCH_SIZE):
        batch = item_ids[start : start + BATCH_SIZE]
        found = Item.objects.filter(pk__in=batch).exclude(submitted_text="")
        with_text += found.values_list("pk", flat=True)
    scoring_queue(with_text)


class _PlatformLookup:
    """The active platform registry, read once: host -> platform id, as platform_for_host."""

    def __init__(self) -> None:
        self.by_domain: dict[str, int] = dict(
            PlatformDomain.objects.filter(platform__is_active=True).values_list(
                "domain", "platform_id"
            )
        )
        self.by_host: dict[str, int | None] = {}

    def platform_id(self, host: str) -> int | None:
        if host not in self.by_host:
            self.by_host[host] = next(
                (
                    self.by_domain[candidate]
                    for candidate in urlnorm.domain_candidates(host)
                    if candidate in self.by_domain
                ),
                None,
            )
        return self.by_host[host]


def _reference_block(model: type[models.Model], prefix: str, count: int) -> list[str]:
    """``count`` consecutive references, the first as ``next_reference`` gives it."""
    return next_references(prefix, count)


def _bank_matches(items: Sequence[Item]) -> dict[int, list[Match]]:
    """Each new item's hash-bank matches (its URL, URL variants and text), in one lookup."""
    askers: dict[Query, list[int]] = {}
    for item in items:
        for query in hash_signals.new_item_queries(item.normalised_url, item.submitted_text):
            askers.setdefault(query, []).append(item.pk)
    found: dict[int, list[Match]] = {}
    for match in matching.lookup(askers).matches:
        for item_id in askers[match.query]:
            found.setdefault(item_id, []).append(match)
    return found


def _import_batch(
    batch: Sequence[ImportRow],
    submitted_by: Any,
    import_batch: str,
    source: Source,
    platforms: _PlatformLookup,
) -> tuple[list[int], int]:
    now = timezone.now()
    audit = _AuditBatch()
    keys = [row.parsed.key for row in batch]
    existing = {
        item.url_key: item for item in Item.objects.select_for_update().filter(url_key__in=keys)
    }

    # Items: new ones created, known ones given text if they had none (as item_submit does).
    new_rows = [row for row in batch if row.parsed.key not in existing]
    references = _reference_block(Item, "ITM", len(new_rows))
    new_items = [
        Item(
            reference=reference,
            url=row.parsed.original[:2000],
            normalised_url=row.parsed.normalised,
            url_key=row.parsed.key,
            is_shortened=row.parsed.is_shortened,
            platform_id=platforms.platform_id(row.parsed.host),
            submitted_text=row.text,
            first_source=source,
        )
        for row, reference in zip(new_rows, references, strict=True)
    ]
    Item.objects.bulk_create(new_items)
    audit.created(new_items)
    given_text = []
    for row in batch:
        item = existing.get(row.parsed.key)
        if item is not None and row.text and not item.submitted_text:
            before = registry.snapshot(item)
            item.submitted_text = row.text
            given_text.append(item)
            audit.updated(item, before)
    Item.objects.bulk_update(given_text, ["submitted_text"])
    items = {item.url_key: item for item in [*existing.values(), *new_items]}

    # Submissions.
    user = submitted_by if getattr(submitted_by, "pk", None) else None
    submissions = [
        Submission(
            item=items[row.parsed.key],
            source=source,
            submitted_by=user,
            partner=None,
            note=row.note,
            import_batch=import_batch,
        )
        for row in batch
    ]
    Submission.objects.bulk_create(submissions)
    audit.created(submissions)

    # Cases: the item's case, or a new one (with any re-upload link found in the hash banks).
    known_ids = [item.pk for item in existing.values()]
    cases = {case.item_id: case for case in Case.objects.filter(item_id__in=known_ids)}
    caseless = [items[row.parsed.key] for row in batch if items[row.parsed.key].pk not in cases]
    case_references = _reference_block(Case, "CASE", len(caseless))
    new_cases = [
        Case(reference=reference, item=item)
        for item, reference in zip(caseless, case_references, strict=True)
    ]
    new_case_of = {case.item_id: case for case in new_cases}
    new_items_by_id = {item.pk: item for item in new_items}
    matches = _bank_matches(new_items)
    originals = {
        case.reference: case
        for case in Case.objects.filter(
            reference__in={m.source_reference for ms in matches.values() for m in ms}
        )
    }

    # Signals: the source's own, then one per hash-bank hit for a new item.
    confidence = SOURCE_CONFIDENCE[source]
    signals: list[Signal] = []
    confidences: dict[str, float] = {}
    for row, submission in zip(batch, submissions, strict=True):
        item = items[row.parsed.key]
        case = cases.get(item.pk) or new_case_of[item.pk]
        signals.append(
            Signal(
                case=case,
                kind=SOURCE_SIGNAL[source],
                confidence=confidence,
                summary=f"{source.label}" + (f": {row.note[:200]}" if row.note else ""),
                provenance={"submission": submission.pk},
            )
        )
        confidences[case.reference] = max(confidences.get(case.reference, 0.0), confidence)
        if item.pk not in new_items_by_id:
            continue
        seen: set[int] = set()
        for match in matches.get(item.pk, []):
            if match.entry_id in seen or match.source_reference == case.reference:
                continue
            seen.add(match.entry_id)
            signals.append(hash_signals.signal_for(case, match))
            confidences[case.reference] = 0.95
            original = originals.get(match.source_reference)
            if original is not None and case.reupload_of_id is None and original.pk != case.pk:
                case.reupload_of = original

    # Priority, as case_reprioritise: the strongest signal, with the tier's part.
    if cases:
        strongest = dict(
            Signal.objects.filter(case__in=cases.values())
            .values("case_id")
            .annotate(strongest=Max("confidence"))
            .values_list("case_id", "strongest")
        )
        for case in cases.values():
            confidences[case.reference] = max(
                confidences[case.reference], strongest.get(case.pk) or 0.0
            )
    for case in new_cases:
        _set_priority(case, confidences[case.reference])
    Case.objects.bulk_create(new_cases)
    audit.created(new_cases)
    touched = list(cases.values())
    for case in touched:
        before = registry.snapshot(case)
        _set_priority(case, confidences[case.reference])
        case.updated_at = now
        audit.updated(case, before)
    Case.objects.bulk_update(
        touched,
        ["confidence", "priority_tier_part", "priority_confidence_part", "priority", "updated_at"],
    )
    Signal.objects.bulk_create(signals)  # each takes its new case's id as it is saved
    audit.created(signals)
    audit.write()
    return [item.pk for item in new_items], len(batch) - len(new_items)


def _set_priority(case: Case, confidence: float) -> None:
    case.confidence = confidence
    case.priority_tier_part, case.priority_confidence_part = priority_parts(
        case.tier, case.threat_level, confidence
    )
    case.priority = case.priority_tier_part + case.priority_confidence_part


class _AuditBatch:
    """The audit entries the receivers would write, for rows written with bulk_create."""

    def __init__(self) -> None:
        self.actor = current_actor()
        self.pending: list[tuple[str, models.Model, dict[str, Any] | None]] = []

    def created(self, instances: Iterable[models.Model]) -> None:
        for instance in instances:
            if registry.options_for(type(instance)) is not None:
                self.pending.append((AuditAction.CREATE, instance, None))

    def updated(self, instance: models.Model, before: dict[str, Any]) -> None:
        if registry.options_for(type(instance)) is not None:
            self.pending.append((AuditAction.UPDATE, instance, before))

    def write(self) -> None:
        now = timezone.now()
        rows: list[tuple[Any, ...]] = []
        for action, instance, before in self.pending:
            after: dict[str, Any] | None = registry.snapshot(instance)
            if action == AuditAction.UPDATE:
                before, after = registry.diff(before or {}, after or {})
                if not after:
                    continue
            rows.append(
                (
                    now,
                    self.actor.id,
                    self.actor.label[:200],
                    str(action),
                    object_type_of(instance),
                    str(instance.pk),
                    str(instance)[:300],
                    before,
                    after,
                    "",
                    self.actor.ip_address,
                )
            )
        self.pending.clear()
        if not rows:
            return
        if connection.vendor == "postgresql":
            _copy_audit_rows(rows)
        else:
            _insert_audit_rows(rows)


AUDIT_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "ip_address",
)
JSON_COLUMNS = {AUDIT_COLUMNS.index("before"), AUDIT_COLUMNS.index("after")}


def _insert_audit_rows(rows: list[tuple[Any, ...]]) -> None:
    """One prepared INSERT run for every row, values converted by the model's own fields."""
    fields = [cast("models.Field[Any, Any]", AuditEvent._meta.get_field(n)) for n in AUDIT_COLUMNS]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in AUDIT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(fields))
    prepared = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        ]
        for row in rows
    ]
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _copy_audit_rows(rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY: the rows bulk_create would insert, several times faster for this many."""
    from psycopg.types.json import Jsonb

    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in AUDIT_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    Jsonb(value) if index in JSON_COLUMNS and value is not None else value
                    for index, value in enumerate(row)
                ]
            )
