"""Importing the awards of an earlier call from CSV or XLSX: check every row, then apply all of it
in one transaction or nothing. Problems are reported by row (as a spreadsheet numbers them: the
header is row 1) and column."""

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

from endeavour.core.models import Borough, Organisation, OrganisationType
from endeavour.grants.models import (
    Application,
    ApplicationStatus,
    Call,
    Decision,
    FundTheme,
    Grant,
    ImportRun,
    Instalment,
    Outcome,
)
from endeavour.grants.services.assessment import committed_total

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
COLUMNS = ("organisation", "project_title", "theme", "amount", "boroughs", "start_date", "end_date")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class RowProblem:
    number: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.number}" if self.number is not None else "The file"
        return f"{where}, {self.column}: {self.message}"


@dataclass
class AwardRow:
    number: int
    organisation: str
    project_title: str
    theme: str
    amount: int
    boroughs: list[Borough]
    start_date: date
    end_date: date


@dataclass
class AwardsPlan:
    call: Call
    rows: list[AwardRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)


class _FileProblem(Exception):
    pass


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(data: bytes, file_format: str) -> Iterator[list[str]]:
    if file_format == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _FileProblem("The file is not UTF-8 text. Save it as 'CSV UTF-8'.") from error
        try:
            yield from csv.reader(io.StringIO(text, newline=""))
        except csv.Error as error:
            raise _FileProblem(f"The CSV cannot be read: {error}.") from error
        return
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > 50 * MAX_BYTES:
                raise _FileProblem("The workbook is too large once unpacked.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _FileProblem:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for damaged files
        raise _FileProblem(
            "The file cannot be read as an Excel workbook (.xlsx). Save it again as 'Excel "
            "Workbook (.xlsx)' or as 'CSV UTF-8'."
        ) from error
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        workbook.close()


def _date(value: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _theme(value: str) -> str | None:
    wanted = value.strip().casefold()
    for theme in FundTheme:
        if wanted in (theme.value, theme.label.casefold()):
            return theme.value
    return None


def parse_awards_file(data: bytes, filename: str, call: Call) -> AwardsPlan:
    """Check a whole file of past awards against the call. Nothing is written."""
    plan = AwardsPlan(call=call)
    file_format = {".csv": "csv", ".xlsx": "xlsx"}.get(PurePath(filename or "").suffix.lower())
    if file_format is None:
        plan.problems.append(RowProblem(None, "file", "Upload a .csv or .xlsx file."))
        return plan
    if not data:
        plan.problems.append(RowProblem(None, "file", "The file is empty."))
        return plan
    if len(data) > MAX_BYTES:
        plan.problems.append(RowProblem(None, "file", "The file is larger than 2 MB."))
        return plan
    try:
        _read(_rows(data, file_format), plan)
    except _FileProblem as problem:
        plan.rows.clear()
        plan.problems[:] = [RowProblem(None, "file", str(problem))]
        return plan
    if not plan.rows and not plan.problems:
        plan.problems.append(RowProblem(None, "file", "The file has no awards in it."))
    if plan.rows and not plan.problems:
        committed = committed_total(call)
        if committed + plan.total > call.budget:
            plan.problems.append(
                RowProblem(
                    None,
                    "amount",
                    f"The awards add up to £{plan.total:,}; with £{committed:,} already awarded "
                    f"that is over the call's budget of £{call.budget:,}.",
                )
            )
    return plan


def _read(rows: Iterator[list[str]], plan: AwardsPlan) -> None:
    header = next(rows, None)
    if header is None or not any(c.strip() for c in header):
        raise _FileProblem(f"The first row must name the columns: {', '.join(COLUMNS)}.")
    columns = ["_".join(c.strip().lower().split()) for c in header]
    unknown = [header[i] for i, c in enumerate(columns) if c and c not in COLUMNS]
    if unknown:
        raise _FileProblem(
            f"Unknown columns: {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}."
        )
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise _FileProblem(f"Missing columns: {', '.join(missing)}.")
    boroughs = {b.name.casefold(): b for b in Borough.objects.all()}
    boroughs.update({b.gss_code.casefold(): b for b in Borough.objects.all()})
    existing = {
        name.casefold()
        for name in Application.objects.filter(call=plan.call).values_list(
            "organisation__name", flat=True
        )
    }
    first_row: dict[str, int] = {}
    count = 0
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _FileProblem(f"The file has more than {MAX_ROWS:,} rows.")
        values = {
            c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns) if c
        }
        problems: list[RowProblem] = []

        def problem(
            column: str, message: str, number: int = number, found: list[RowProblem] = problems
        ) -> None:
            found.append(RowProblem(number, column, message))

        organisation = values["organisation"]
        if not organisation:
            problem("organisation", "Give the organisation's name.")
        elif organisation.casefold() in existing:
            problem("organisation", "This organisation already has an application in this call.")
        elif organisation.casefold() in first_row:
            problem(
                "organisation",
                f"Also on row {first_row[organisation.casefold()]}: one award per organisation.",
            )
        else:
            first_row[organisation.casefold()] = number
        title = values["project_title"]
        if not title:
            problem("project_title", "Give the project's title.")
        elif len(title) > 200:
            problem("project_title", "Keep the title under 200 characters.")
        theme = _theme(values["theme"])
        if theme is None:
            problem(
                "theme",
                f"'{values['theme']}' is not a theme. Use one of: {', '.join(FundTheme.values)}.",
            )
        amount_text = values["amount"].replace(",", "").replace("£", "")
        amount = int(amount_text) if amount_text.isdigit() else 0
        if amount <= 0:
            problem("amount", f"'{values['amount']}' is not a whole number of pounds above 0.")
        elif amount > plan.call.max_grant:
            problem(
                "amount",
                f"£{amount:,} is more than the call's maximum grant of £{plan.call.max_grant:,}.",
            )
        found: list[Borough] = []
        for name in [n.strip() for n in values["boroughs"].split(";") if n.strip()]:
            borough = boroughs.get(name.casefold())
            if borough is None:
                problem(
                    "boroughs",
                    f"'{name}' is not a London borough (use names or GSS codes, separated by ;).",
                )
            else:
                found.append(borough)
        if not found and not any(p.column == "boroughs" for p in problems):
            problem("boroughs", "Give at least one borough.")
        start, end = _date(values["start_date"]), _date(values["end_date"])
        if start is None:
            problem("start_date", "Give a date as YYYY-MM-DD or DD/MM/YYYY.")
        if end is None:
            problem("end_date", "Give a date as YYYY-MM-DD or DD/MM/YYYY.")
        if start and end and end <= start:
            problem("end_date", "The end date must be after the start date.")
        plan.problems.extend(problems)
        if not problems and theme is not None and start is not None and end is not None:
            plan.rows.append(
                AwardRow(number, organisation, title, theme, amount, found, start, end)
            )


@transaction.atomic
def awards_import(*, plan: AwardsPlan, data: bytes, filename: str, by: Any) -> ImportRun:
    """Apply a checked plan: all rows or none."""
    if not plan.is_valid:
        raise ValidationError("The file has problems: nothing was imported.")
    call = Call.objects.select_for_update().get(pk=plan.call.pk)
    if committed_total(call) + plan.total > call.budget:
        raise ValidationError("The awards would take the call over its budget.")
    for row in plan.rows:
        organisation = Organisation.objects.filter(name__iexact=row.organisation).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=row.organisation,
                type=OrganisationType.DELIVERY_PARTNER,
                borough=row.boroughs[0],
                is_sample=call.is_sample,
            )
        application = Application.objects.create(
            call=call,
            organisation=organisation,
            reference=f"CF{call.pk}-H{row.number:04d}",
            status=ApplicationStatus.AWARDED,
            project_title=row.project_title,
            theme=row.theme,
            amount_requested=row.amount,
            is_imported=True,
            is_sample=call.is_sample,
            created_by=by,
        )
        application.boroughs.set(row.boroughs)
        Decision.objects.create(
            application=application,
            outcome=Outcome.AWARD,
            amount=row.amount,
            reasons=f"Past award imported from {filename}.",
            decided_by=by,
        )
        grant = Grant.objects.create(
            application=application,
            reference=f"G-{application.reference}",
            amount=row.amount,
            start_date=row.start_date,
            end_date=row.end_date,
            conditions="Imported past award.",
            issued_by=by,
        )
        Instalment.objects.create(
            grant=grant,
            milestone="Imported award",
            due_date=row.start_date,
            amount=row.amount,
            paid_on=row.start_date,
        )
    return ImportRun.objects.create(
        call=call,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(plan.rows),
        total_amount=plan.total,
        imported_by=by,
    )
