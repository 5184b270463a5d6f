"""Import of responses from survey exports (CSV or XLSX): columns mapped to questions, the whole
file checked first with problems by row and column, then applied in one transaction. Rows
already imported (the same external id, or the same values) are skipped, never duplicated."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.consultations.models import (
    Answer,
    Consultation,
    ImportRun,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    ResponseStatus,
)
from endeavour.consultations.services.responses import check_answer
from endeavour.core.models import Borough

RESPONDENT_TYPE = "respondent_type"
BOROUGH = "borough"
EXTERNAL_ID = "external_id"
MULTI_SEPARATOR = ";"
MAX_CELL_CHARS = 100_000


def max_rows() -> int:
    return int(getattr(settings, "CONSULTATIONS_MAX_IMPORT_ROWS", 50_000))


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]  # each as long as headers
    format: str


@dataclass(frozen=True)
class Problem:
    number: int | None  # spreadsheet row number (header is 1); None: the whole file
    column: str
    message: str


@dataclass
class RowPlan:
    number: int
    external_id: str
    digest: str
    respondent_type_id: int | None
    borough_id: int | None
    answers: list[tuple[int, str, list[str]]]


@dataclass
class ImportPlan:
    consultation: Consultation
    mapping: dict[str, str]
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    known: int = 0
    empty: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def read_table(data: bytes, filename: str) -> Table:
    """The header row and the rows of a CSV or XLSX file. Raises FileProblem."""
    suffix = PurePath(filename).suffix.lower()
    if not data:
        raise FileProblem("The file is empty.")
    if suffix == ".xlsx" or data[:2] == b"PK":
        return _read_xlsx(data)
    if suffix not in ("", ".csv", ".txt", ".tsv"):
        raise FileProblem(
            f"{PurePath(filename).name} is not a CSV or Excel (.xlsx) file. Save the survey "
            "export as CSV (UTF-8) or .xlsx and upload it again."
        )
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(
            "The file is not saved as UTF-8 text, so accented letters and other scripts would "
            "be garbled. In Excel choose 'CSV UTF-8 (comma delimited)' and upload it again."
        ) from error
    if "\x00" in text:
        raise FileProblem("The file holds binary data, not text. Upload a CSV or .xlsx file.")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CELL_CHARS * 2)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        raw = list(reader)
    except csv.Error as error:
        raise FileProblem(
            f"The file could not be read as CSV ({error}). Check that quotes are closed."
        ) from error
    return _table(raw, "csv")


def _read_xlsx(data: bytes) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise FileProblem(
            "Excel files cannot be read on this server. Save the export as CSV (UTF-8)."
        ) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise FileProblem(
            "The file could not be opened as an Excel workbook (.xlsx). Save it again from "
            "Excel, or as CSV (UTF-8)."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        raw = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(raw, "xlsx")


def _table(raw: list[list[Any]], fmt: str) -> Table:
    while raw and not any(_cell(v) for v in raw[-1]):
        raw.pop()
    if not raw:
        raise FileProblem("The file has no rows.")
    headers = [_cell(v) for v in raw[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise FileProblem("The first row must name the columns; it is empty.")
    repeated = [h for h, n in Counter(h.casefold() for h in headers if h).items() if n > 1]
    if repeated:
        raise FileProblem(
            f"Column names must be different; these appear more than once: {', '.join(repeated)}."
        )
    if len(raw) - 1 > max_rows():
        raise FileProblem(
            f"The file has {len(raw) - 1:,} rows; the most in one import is {max_rows():,}. "
            "Split it into smaller files."
        )
    width = len(headers)
    rows = [[_cell(v) for v in (list(r) + [""] * width)[:width]] for r in raw[1:]]
    return Table(headers=headers, rows=rows, format=fmt)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def suggest_mapping(consultation: Consultation, headers: list[str]) -> dict[str, str]:
    """A first guess at which column holds what, for the person to check."""
    squashed = {_squash(h): h for h in headers if h}
    mapping: dict[str, str] = {}
    for question in consultation.questions.all():
        for key in (_squash(question.text), f"q{question.order}", f"question {question.order}"):
            if key in squashed:
                mapping[f"question:{question.pk}"] = squashed[key]
                break
    for target, names in (
        (RESPONDENT_TYPE, ("respondent type", "respondent", "type", "who are you")),
        (BOROUGH, ("borough", "local authority", "area")),
        (EXTERNAL_ID, ("id", "response id", "respondent id", "external id", "responseid")),
    ):
        for name in names:
            if name in squashed:
                mapping[target] = squashed[name]
                break
    return mapping


def plan_import(consultation: Consultation, table: Table, mapping: dict[str, str]) -> ImportPlan:
    """Check every row against the mapping; nothing is written."""
    plan = ImportPlan(consultation=consultation, mapping=dict(mapping))
    index = {h: i for i, h in enumerate(table.headers)}
    unknown = [c for c in mapping.values() if c and c not in index]
    if unknown:
        plan.problems.append(Problem(None, ", ".join(unknown), "No such column in the file."))
        return plan
    questions = {q.pk: q for q in consultation.questions.all()}
    mapped_questions: list[tuple[Question, int]] = []
    for key, column in mapping.items():
        if key.startswith("question:") and column:
            question = questions.get(int(key.split(":", 1)[1]))
            if question is not None:
                mapped_questions.append((question, index[column]))
    if not mapped_questions:
        plan.problems.append(
            Problem(
                None, "", "Choose the column for at least one question: nothing would be imported."
            )
        )
        return plan
    types = {t.label.casefold(): t.pk for t in consultation.respondent_types.all()}
    type_names = "; ".join(t.label for t in consultation.respondent_types.all())
    boroughs: dict[str, int] = {}
    for borough in Borough.objects.all():
        boroughs[borough.name.casefold()] = borough.pk
        boroughs[borough.gss_code.casefold()] = borough.pk
    type_col = index.get(mapping.get(RESPONDENT_TYPE, ""))
    borough_col = index.get(mapping.get(BOROUGH, ""))
    id_col = index.get(mapping.get(EXTERNAL_ID, ""))
    known_ids = set(
        Response.objects.filter(consultation=consultation)
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    )
    known_digests = set(
        Response.objects.filter(consultation=consultation)
        .exclude(row_digest="")
        .values_list("row_digest", flat=True)
    )
    seen_ids: dict[str, int] = {}
    occurrences: Counter[str] = Counter()
    for offset, row in enumerate(table.rows):
        number = offset + 2
        if not any(row):
            plan.empty += 1
            continue
        row_problems: list[Problem] = []
        answers: list[tuple[int, str, list[str]]] = []
        for question, col in mapped_questions:
            raw = row[col]
            if len(raw) > MAX_CELL_CHARS:
                row_problems.append(
                    Problem(
                        number,
                        table.headers[col],
                        f"The cell has {len(raw):,} characters; the most is {MAX_CELL_CHARS:,}.",
                    )
                )
                continue
            value: str | list[str] = raw
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                value = [v for v in raw.split(MULTI_SEPARATOR) if v.strip()]
            try:
                text, selected = check_answer(question, value)
            except ValidationError as error:
                row_problems.append(Problem(number, table.headers[col], " ".join(error.messages)))
                continue
            if text or selected:
                answers.append((question.pk, text, selected))
        type_id = borough_id = None
        if type_col is not None and row[type_col]:
            type_id = types.get(row[type_col].casefold())
            if type_id is None:
                row_problems.append(
                    Problem(
                        number,
                        table.headers[type_col],
                        f"{row[type_col]!r} is not a respondent type of this consultation. "
                        f"Use one of: {type_names}, "
                        "or leave it empty.",
                    )
                )
        if borough_col is not None and row[borough_col]:
            borough_id = boroughs.get(row[borough_col].casefold())
            if borough_id is None:
                row_problems.append(
                    Problem(
                        number,
                        table.headers[borough_col],
                        f"{row[borough_col]!r} is not a London borough name or GSS code "
                        "(for example Camden or E09000007). Leave it empty if not known.",
                    )
                )
        external_id = row[id_col][:200] if id_col is not None else ""
        if external_id:
            if external_id in seen_ids:
                row_problems.append(
                    Problem(
                        number,
                        table.headers[id_col or 0],
                        f"The id {external_id!r} is also on row {seen_ids[external_id]}.",
                    )
                )
            seen_ids.setdefault(external_id, number)
        if row_problems:
            plan.problems.extend(row_problems)
            continue
        if not answers:
            plan.empty += 1
            continue
        values = json.dumps(
            [[c, row[i]] for c, i in sorted((m, index[m]) for m in mapping.values() if m)],
            ensure_ascii=False,
        )
        occurrences[values] += 1
        digest = hashlib.sha256(f"{values}#{occurrences[values]}".encode()).hexdigest()
        if (external_id and external_id in known_ids) or (
            not external_id and digest in known_digests
        ):
            plan.known += 1
            continue
        plan.rows.append(RowPlan(number, external_id, digest, type_id, borough_id, answers))
    return plan


@transaction.atomic
def responses_import(*, plan: ImportPlan, data: bytes, filename: str, by: Any) -> ImportRun:
    """Apply a checked plan: all of it, or (on any error) none of it."""
    if not plan.is_valid:
        raise ValidationError("Only a file with no problems can be imported.")
    consultation = Consultation.objects.select_for_update().get(pk=plan.consultation.pk)
    run = ImportRun.objects.create(
        consultation=consultation,
        filename=PurePath(filename).name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        mapping=plan.mapping,
        rows=len(plan.rows) + plan.known + plan.empty,
        created_count=len(plan.rows),
        known_count=plan.known,
        empty_count=plan.empty,
        imported_by=by,
    )
    now = timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(
                consultation=consultation,
                channel=ResponseChannel.IMPORT,
                status=ResponseStatus.SUBMITTED,
                respondent_type_id=row.respondent_type_id,
                borough_id=row.borough_id,
                import_run=run,
                external_id=row.external_id,
                row_digest=row.digest,
                submitted_at=now,
            )
            for row in plan.rows
        ]
    )
    if any(r.pk is None for r in responses):  # backends without RETURNING
        by_digest = dict(Response.objects.filter(import_run=run).values_list("row_digest", "pk"))
        for response in responses:
            response.pk = by_digest[response.row_digest]
    Answer.objects.bulk_create(
        [
            Answer(response_id=response.pk, question_id=qid, text=text, selected=selected)
            for response, row in zip(responses, plan.rows, strict=True)
            for qid, text, selected in row.answers
        ],
        batch_size=1000,
    )
    return run
