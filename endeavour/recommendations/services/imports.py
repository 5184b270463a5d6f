"""Importing a source's recommendations from a CSV or XLSX file: check it all, then import it all.

``parse_recommendations_file`` is read-only: it returns the rows it would import, what each would
do (new, updated, unchanged) and every problem it found, by row and column, as a spreadsheet
numbers rows (the header is row 1). ``recommendations_import`` applies a plan with no problems in
one transaction, so a file is imported whole or not at all. A reference already in the source is
updated, never duplicated; items in the tracker but not in the file are left alone and listed.
The status history is never touched by an import.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.models import Organisation, User
from endeavour.recommendations.models import (
    ImportRun,
    OwnerResponse,
    Priority,
    Recommendation,
    Source,
)
from endeavour.recommendations.services.recommendations import (
    check_fields,
    recommendation_create,
    recommendation_update,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 2000
MAX_TEXT = 10_000
REQUIRED = ("reference", "text")
COLUMNS = (
    "reference",
    "text",
    "theme",
    "owners",
    "lead_officer",
    "response",
    "response_reason",
    "response_date",
    "priority",
    "target_date",
    "parent",
    "public",
)
ALIASES = {
    "ref": "reference",
    "number": "reference",
    "recommendation": "text",
    "owner": "owners",
    "owner_organisations": "owners",
    "lead": "lead_officer",
    "reason": "response_reason",
    "target": "target_date",
    "action_of": "parent",
}
RESPONSES = {
    "": OwnerResponse.AWAITING,
    "no response yet": OwnerResponse.AWAITING,
    "awaiting": OwnerResponse.AWAITING,
    "accepted": OwnerResponse.ACCEPTED,
    "partly accepted": OwnerResponse.PARTLY_ACCEPTED,
    "partially accepted": OwnerResponse.PARTLY_ACCEPTED,
    "accepted in part": OwnerResponse.PARTLY_ACCEPTED,
    "not accepted": OwnerResponse.NOT_ACCEPTED,
    "rejected": OwnerResponse.NOT_ACCEPTED,
}
PRIORITIES = {"": "", "high": Priority.HIGH, "medium": Priority.MEDIUM, "low": Priority.LOW}
YES_NO = {"": True, "yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")
OWNER_SEPARATOR = ";"


@dataclass(frozen=True)
class RowProblem:
    """Why a row (or, with ``number`` None, the whole file) cannot be imported."""

    number: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.number}" if self.number is not None else "The file"
        return f"{where}, {self.column}: {self.message}"


@dataclass
class PlannedRow:
    number: int
    reference: str
    text: str
    theme: str
    owners: list[Organisation]
    lead_officer: User | None
    response: str
    response_reason: str
    response_date: date | None
    priority: str
    target_date: date | None
    parent: str
    is_public: bool
    existing: Recommendation | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if self.existing is None:
            return "new"
        return "updated" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    source: Source
    file_format: str | None
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


class _FileProblem(Exception):
    pass


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, "g")
    return str(value).strip()


def _column_name(header: str) -> str:
    name = "_".join(header.strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _FileProblem(
            f"The file is not UTF-8 text (the first problem is at byte {error.start + 1}). "
            "Save it as UTF-8 (in a spreadsheet: 'CSV UTF-8') and try again."
        ) from error
    if "\x00" in text:
        raise _FileProblem("The file is not a CSV text file.")
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise _FileProblem(f"The CSV cannot be read: {error}.") from error


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _FileProblem(
            "The file cannot be read as an Excel workbook (.xlsx). Save it again from your "
            "spreadsheet as 'Excel Workbook (.xlsx)', or as 'CSV UTF-8'."
        ) from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _FileProblem("The workbook is too large once unpacked.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for damaged files
        raise _FileProblem(
            "The file cannot be read as an Excel workbook (.xlsx). Save it again from your "
            "spreadsheet as 'Excel Workbook (.xlsx)', or as 'CSV UTF-8'."
        ) from error
    try:
        sheet = (
            workbook["Recommendations"]
            if "Recommendations" in workbook.sheetnames
            else workbook.worksheets[0]
        )
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except Exception as error:
        raise _FileProblem(f"The workbook cannot be read: {error}.") from error
    finally:
        workbook.close()


def _parse_date(value: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


class _Lookups:
    """Organisations and people, read once for the whole file."""

    def __init__(self) -> None:
        self.organisations = {o.name.casefold(): o for o in Organisation.objects.all()}
        self._people: dict[str, list[User]] = {}
        for user in User.objects.all():
            self._people.setdefault(user.username.casefold(), []).append(user)
            if user.email:
                self._people.setdefault(user.email.casefold(), []).append(user)

    def person(self, key: str) -> list[User]:
        return list({u.pk: u for u in self._people.get(key.casefold(), [])}.values())


def parse_recommendations_file(
    data: bytes, filename: str, source: Source, *, max_rows: int = MAX_ROWS
) -> ImportPlan:
    """Check a whole file against the source. Nothing is written."""
    suffix = PurePath(filename or "").suffix.lower()
    file_format = {".csv": "csv", ".xlsx": "xlsx"}.get(suffix)
    plan = ImportPlan(source=source, file_format=file_format)
    if file_format is None:
        plan.problems.append(RowProblem(None, "file", "Upload a .csv or .xlsx file."))
        return plan
    if not data:
        plan.problems.append(RowProblem(None, "file", "The file is empty."))
        return plan
    if len(data) > MAX_BYTES:
        plan.problems.append(
            RowProblem(None, "file", f"The file is larger than {filesizeformat(MAX_BYTES)}.")
        )
        return plan
    rows = _csv_rows(data) if file_format == "csv" else _xlsx_rows(data)
    try:
        _read(rows, plan, max_rows)
    except _FileProblem as problem:
        plan.rows.clear()
        plan.problems[:] = [RowProblem(None, "file", str(problem))]
        return plan
    if not plan.rows and not plan.problems:
        plan.problems.append(RowProblem(None, "file", "The file has no recommendations in it."))
    if not plan.problems:
        _check_parents(plan)
    if not plan.problems:
        _compare(plan)
    return plan


def _read(rows: Iterator[list[str]], plan: ImportPlan, max_rows: int) -> None:
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        raise _FileProblem(
            "The first row must name the columns, for example: reference, text, theme, owners."
        )
    columns = [_column_name(cell) for cell in header]
    unknown = [header[i] for i, name in enumerate(columns) if name and name not in COLUMNS]
    if unknown:
        raise _FileProblem(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The columns are: {', '.join(COLUMNS)}."
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise _FileProblem(f"Columns named more than once: {', '.join(repeated)}.")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise _FileProblem(
            f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}."
        )
    lookups = _Lookups()
    first_row_of: dict[str, int] = {}
    count = 0
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, common at the end of spreadsheets
        count += 1
        if count > max_rows:
            raise _FileProblem(f"The file has more than {max_rows:,} rows. Split it up.")
        values = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(columns)
            if name
        }
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            plan.problems.append(
                RowProblem(number, "row", "This row has more cells than the header has columns.")
            )
        reference = values.get("reference", "").strip()
        first = first_row_of.setdefault(reference.casefold(), number) if reference else number
        row = _checked_row(number, values, plan.problems, lookups)
        if first != number:
            plan.problems.append(
                RowProblem(
                    number,
                    "reference",
                    f"The reference {reference} is also on row {first}: "
                    "each reference can appear once in the file.",
                )
            )
        elif row is not None:
            plan.rows.append(row)


def _checked_row(
    number: int, values: dict[str, str], problems: list[RowProblem], lookups: _Lookups
) -> PlannedRow | None:
    found: list[RowProblem] = []

    def problem(column: str, message: str) -> None:
        found.append(RowProblem(number, column, message))

    owners: list[Organisation] = []
    for name in (n.strip() for n in values.get("owners", "").split(OWNER_SEPARATOR)):
        if not name:
            continue
        organisation = lookups.organisations.get(name.casefold())
        if organisation is None:
            problem(
                "owners",
                f"Unknown owner organisation \u201c{name}\u201d. Use the name exactly as on the "
                "Organisations page; separate several owners with ';'.",
            )
        elif organisation not in owners:
            owners.append(organisation)
    lead: User | None = None
    lead_text = values.get("lead_officer", "")
    if lead_text:
        people = lookups.person(lead_text)
        if not people:
            problem(
                "lead_officer",
                f"Unknown lead officer \u201c{lead_text}\u201d. Give the username or email "
                "address of someone with an Endeavour account.",
            )
        elif len(people) > 1:
            problem("lead_officer", f"\u201c{lead_text}\u201d matches more than one person.")
        else:
            lead = people[0]
    response_text = " ".join(values.get("response", "").lower().replace("_", " ").split())
    response = RESPONSES.get(response_text)
    if response is None:
        problem(
            "response",
            f"Unknown response \u201c{values.get('response')}\u201d. Use accepted, partly "
            "accepted, not accepted, or leave it empty.",
        )
    priority = PRIORITIES.get(values.get("priority", "").lower())
    if priority is None:
        problem("priority", "Use high, medium or low, or leave it empty.")
    public = YES_NO.get(values.get("public", "").lower())
    if public is None:
        problem("public", "Use yes or no (empty means yes).")
    dates: dict[str, date | None] = {}
    for column in ("target_date", "response_date"):
        text = values.get(column, "")
        dates[column] = _parse_date(text) if text else None
        if text and dates[column] is None:
            problem(
                column,
                f"\u201c{text}\u201d is not a date. Use YYYY-MM-DD (for example 2017-10-31) "
                "or DD/MM/YYYY.",
            )
    if len(values.get("text", "")) > MAX_TEXT:
        problem("text", f"The text can be at most {MAX_TEXT:,} characters.")
    field_errors = check_fields(
        reference=values.get("reference", ""),
        text=values.get("text", ""),
        response=response or OwnerResponse.AWAITING,
        response_reason=values.get("response_reason", ""),
        priority=priority if priority is not None else "",
        target_date=dates["target_date"],
        lead_officer=lead,
        owners=owners,
    )
    for column, message in field_errors.items():
        problem("owners" if column == "owner_organisations" else column, message)
    if found:
        problems.extend(found)
        return None
    return PlannedRow(
        number=number,
        reference=values["reference"].strip(),
        text=values["text"].strip(),
        theme=values.get("theme", ""),
        owners=owners,
        lead_officer=lead,
        response=response or OwnerResponse.AWAITING,
        response_reason=values.get("response_reason", ""),
        response_date=dates["response_date"],
        priority=priority or "",
        target_date=dates["target_date"],
        parent=values.get("parent", ""),
        is_public=bool(public),
    )


def _check_parents(plan: ImportPlan) -> None:
    in_file = {row.reference.casefold(): row for row in plan.rows}
    existing = {
        r.reference.casefold(): r
        for r in Recommendation.objects.filter(source=plan.source).select_related("parent")
    }
    for row in plan.rows:
        current = existing.get(row.reference.casefold())
        if not row.parent:
            if current is not None and current.parent is not None:
                plan.problems.append(
                    RowProblem(
                        row.number,
                        "parent",
                        f"{row.reference} is an action under {current.parent.reference} in the "
                        "tracker; give that reference as its parent.",
                    )
                )
            continue
        key = row.parent.casefold()
        if key == row.reference.casefold():
            plan.problems.append(
                RowProblem(row.number, "parent", "An item cannot be its own parent.")
            )
            continue
        parent_row = in_file.get(key)
        parent_existing = existing.get(key)
        if parent_row is None and parent_existing is None:
            plan.problems.append(
                RowProblem(
                    row.number,
                    "parent",
                    f"There is no recommendation {row.parent} in this file or in the tracker.",
                )
            )
        elif (parent_row is not None and parent_row.parent) or (
            parent_row is None and parent_existing is not None and parent_existing.parent_id
        ):
            plan.problems.append(
                RowProblem(
                    row.number,
                    "parent",
                    f"{row.parent} is itself an action: actions go under recommendations.",
                )
            )
        elif current is not None and current.parent_id is None:
            plan.problems.append(
                RowProblem(
                    row.number,
                    "parent",
                    f"{row.reference} is a recommendation in the tracker; it cannot become an "
                    "action by import.",
                )
            )


def _compare(plan: ImportPlan) -> None:
    existing = {
        r.reference.casefold(): r
        for r in Recommendation.objects.filter(source=plan.source)
        .select_related("theme", "parent", "lead_officer")
        .prefetch_related("owner_organisations")
    }
    in_file = set()
    for row in plan.rows:
        current = existing.get(row.reference.casefold())
        in_file.add(row.reference.casefold())
        if current is None:
            continue
        row.existing = current
        compare = {
            "reference": (current.reference, row.reference),
            "text": (current.text, row.text),
            "theme": (current.theme.name if current.theme else "", " ".join(row.theme.split())),
            "owners": (
                sorted(o.pk for o in current.owner_organisations.all()),
                sorted(o.pk for o in row.owners),
            ),
            "lead_officer": (
                current.lead_officer_id,
                row.lead_officer.pk if row.lead_officer else None,
            ),
            "response": (current.response, row.response),
            "response_reason": (current.response_reason, row.response_reason.strip()),
            "response_date": (current.response_date, row.response_date),
            "priority": (current.priority, row.priority),
            "target_date": (current.target_date, row.target_date),
            "parent": (
                current.parent.reference.casefold() if current.parent else "",
                row.parent.casefold(),
            ),
            "is_public": (current.is_public, row.is_public),
        }
        row.changes = [name for name, (old, new) in compare.items() if old != new]
    plan.not_in_file = sorted(
        (r.reference for key, r in existing.items() if key not in in_file), key=_natural
    )


def _natural(reference: str) -> list[Any]:
    parts: list[Any] = []
    for piece in reference.replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return parts


@transaction.atomic
def recommendations_import(*, plan: ImportPlan, data: bytes, filename: str, by: Any) -> ImportRun:
    """Apply a checked plan: all rows or none. Raises ValidationError if the plan has problems."""
    if not plan.is_valid:
        raise ValidationError([str(p) for p in plan.problems] or ["Nothing to import."])
    source = Source.objects.select_for_update().get(pk=plan.source.pk)
    by_reference: dict[str, Recommendation] = {}
    ordered = [row for row in plan.rows if not row.parent] + [
        row for row in plan.rows if row.parent
    ]
    for row in ordered:
        parent = None
        if row.parent:
            parent = by_reference.get(row.parent.casefold()) or Recommendation.objects.get(
                Q(source=source) & Q(reference__iexact=row.parent)
            )
        if row.existing is None:
            item = recommendation_create(
                source=source,
                parent=parent,
                reference=row.reference,
                text=row.text,
                theme=row.theme,
                owners=row.owners,
                lead_officer=row.lead_officer,
                response=row.response,
                response_reason=row.response_reason,
                response_date=row.response_date,
                priority=row.priority,
                target_date=row.target_date,
                is_public=row.is_public,
                position=row.number,
                by=by,
            )
        else:
            item = row.existing
            if row.changes:
                recommendation_update(
                    recommendation=item,
                    by=by,
                    reference=row.reference,
                    text=row.text,
                    theme=row.theme,
                    owners=row.owners,
                    lead_officer=row.lead_officer,
                    response=row.response,
                    response_reason=row.response_reason,
                    response_date=row.response_date,
                    priority=row.priority,
                    target_date=row.target_date,
                    is_public=row.is_public,
                    **({"parent": parent} if "parent" in row.changes else {}),
                )
            Recommendation.objects.filter(pk=item.pk).update(position=row.number)
        by_reference[row.reference.casefold()] = item
    run = ImportRun.objects.create(
        source=source,
        filename=filename[:255],
        file_format=plan.file_format or "",
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(plan.rows),
        created_count=plan.count("new"),
        updated_count=plan.count("updated"),
        unchanged_count=plan.count("unchanged"),
        changes=[
            {
                "row": row.number,
                "reference": row.reference,
                "outcome": row.outcome,
                "fields": row.changes,
            }
            for row in plan.rows
        ],
        not_in_file=plan.not_in_file,
        imported_by=by,
    )
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=source,
        reason=(
            f"Imported {filename[:100]}: {run.created_count} new, {run.updated_count} updated, "
            f"{run.unchanged_count} unchanged"
        ),
    )
    return run
