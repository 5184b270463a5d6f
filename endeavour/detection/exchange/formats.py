"""Hash-list files: our CSV, the python-threatexchange line format and the Tech Against Terrorism
hash-list JSON.

Parsers yield, per row, a ``ParsedRow`` or a ``RowError`` naming the row, so a bad file can be
refused with every problem listed. Serialisers write what the parsers read back identically.
Pure: no database access.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from endeavour.detection.models import SignalType
from endeavour.detection.values import InvalidValue, normalise_value, signal_type_of

if TYPE_CHECKING:
    from endeavour.detection.models import BankEntry

MAX_VALUE_CHARS = 2000
MAX_FIELD_CHARS = 200
MAX_FILE_BYTES = 64 * 1024 * 1024
LABEL_COLUMNS = ("ideology", "organisation", "tier")
CSV_COLUMNS = ("signal_type", "value", *LABEL_COLUMNS, "external_id", "status")
ACTIVE, DELETED = "active", "deleted"

# python-threatexchange SignalType.get_name() values: ours, or why we do not take them.
PYTX_NAMES = {
    SignalType.PDQ: "pdq",
    SignalType.MD5: "video_md5",
    SignalType.SHA256: "video_sha256",
    SignalType.URL: "url",
}
PYTX_ALIASES = {"video_sha256": SignalType.SHA256}
PYTX_UNSUPPORTED = {
    "raw_text": "plain text is not held in hash banks, only hashes of text",
    "url_md5": "banks hold normalised URLs, not MD5s of URLs",
    "trend_query": "search queries are not held in hash banks",
    "text_tlsh": "TLSH text hashes are not supported",
    "pdq_ocr": "PDQ with OCR text is not supported; use plain pdq",
}

# As python-threatexchange's TAT exchange: MD5s of video files only, and PDQ.
TAT_VIDEO_FILE_TYPES = ("mov", "m4v", "mp4", "webm")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ParsedRow:
    line: int
    signal_type: str
    value: str
    labels: dict[str, str] = field(default_factory=dict)
    external_id: str = ""
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class RowError:
    """``line`` is 0 for the whole file; ``unit`` is "line", or "result" in a JSON list.

    ``unsupported`` marks a well-formed row of a kind we do not hold (e.g. an image MD5 from TAT),
    which a feed skips quietly rather than reporting as an error.
    """

    line: int
    message: str
    unit: str = "line"
    unsupported: bool = False

    @property
    def where(self) -> str:
        return "the file" if self.line == 0 else f"{self.unit} {self.line}"

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "where": self.where, "message": self.message}


ParseResult = ParsedRow | RowError


class UnknownFormat(ValueError):
    pass


def parse(file_format: str, data: bytes) -> Iterator[ParseResult]:
    """Every row of ``data`` in ``file_format`` ("csv", "threatexchange" or "tat")."""
    parser = PARSERS.get(file_format)
    if parser is None:
        known = ", ".join(PARSERS)
        raise UnknownFormat(f"Unknown hash-list format {file_format!r}; use one of: {known}.")
    if len(data) > MAX_FILE_BYTES:
        yield RowError(0, f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        return
    text_or_error = decode(data)
    if isinstance(text_or_error, RowError):
        yield text_or_error
        return
    yield from parser(text_or_error)


def decode(data: bytes) -> str | RowError:
    """UTF-8 text (a byte-order mark is dropped), or why the bytes are not a text file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return RowError(line, "The file is not UTF-8 text: save it as UTF-8 and try again.")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        return RowError(line, "The file contains a NUL byte: it is not a text file.")
    return text


def checked_value(signal_type: str, raw: str) -> str:
    """The normalised value; raises InvalidValue with a plain message."""
    if len(raw) > MAX_VALUE_CHARS:
        raise InvalidValue(
            f"The value is {len(raw):,} characters long; the limit is {MAX_VALUE_CHARS:,}."
        )
    return normalise_value(signal_type, raw)


# CSV (ours)


def parse_csv(text: str) -> Iterator[ParseResult]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            if columns is None:
                columns = [cell.strip().lower() for cell in cells]
                problem = _csv_header_problem(columns)
                if problem:
                    yield RowError(1, problem)
                    return
            elif any(cell.strip() for cell in cells):
                yield _csv_row(line, columns, cells)
            line = reader.line_num + 1
    except csv.Error as error:
        yield RowError(reader.line_num or line, f"The CSV cannot be read here: {error}.")
        return
    if columns is None:
        yield RowError(0, "The file is empty: the first row must name the columns.")


def _csv_header_problem(columns: list[str]) -> str:
    names = ", ".join(CSV_COLUMNS)
    unknown = sorted({c or "(blank)" for c in columns if c not in CSV_COLUMNS})
    if unknown:
        listed = ", ".join(repr(c) for c in unknown)
        return f"Unknown column{'s' if len(unknown) > 1 else ''} {listed}: the columns are {names}."
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        return f"The {', '.join(twice)} column appears more than once."
    missing = [c for c in ("signal_type", "value") if c not in columns]
    if missing:
        return f"The first row must name the columns signal_type and value (missing: {missing[0]})."
    return ""


def _csv_row(line: int, columns: list[str], cells: list[str]) -> ParseResult:
    if len(cells) != len(columns):
        return RowError(
            line, f"The row has {len(cells)} values but the header names {len(columns)} columns."
        )
    record = {name: cell_text(cell.strip()) for name, cell in zip(columns, cells, strict=True)}
    problems: list[str] = []
    too_long = [name for name in columns if name != "value" and len(record[name]) > MAX_FIELD_CHARS]
    if too_long:
        problems.append(f"{', '.join(too_long)} is longer than {MAX_FIELD_CHARS} characters.")
    status = record.get("status", "").lower() or ACTIVE
    if status not in (ACTIVE, DELETED):
        problems.append(f"The status is {status!r}; use {ACTIVE} or {DELETED}.")
    value = ""
    signal_type = ""
    try:
        signal_type = signal_type_of(record["signal_type"])
        value = checked_value(signal_type, record["value"])
    except InvalidValue as error:
        problems.insert(0, str(error))
    if problems:
        return RowError(line, " ".join(problems))
    return ParsedRow(
        line=line,
        signal_type=signal_type,
        value=value,
        labels={name: record[name] for name in LABEL_COLUMNS if record.get(name)},
        external_id=record.get("external_id", ""),
        deleted=status == DELETED,
    )


def safe_cell(value: object) -> str:
    """Keep spreadsheets from treating a text cell as a formula; ``cell_text`` undoes it."""
    text = "" if value is None else str(value)
    return "'" + text if _needs_quote(text) else text


def cell_text(text: str) -> str:
    return text[1:] if text[:1] == "'" and _needs_quote(text[1:]) else text


def _needs_quote(text: str) -> bool:
    return text[:1] in _FORMULA_STARTS or text[:1] == "'"


def bank_rows_csv(entries: Iterable[BankEntry]) -> str:
    """Our CSV: disabled entries are written as ``deleted``, so a re-import withdraws them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        labels = entry.labels or {}
        writer.writerow(
            [
                entry.signal_type,
                entry.value,
                *(safe_cell(labels.get(name, "")) for name in LABEL_COLUMNS),
                safe_cell(entry.external_id),
                ACTIVE if entry.enabled else DELETED,
            ]
        )
    return buffer.getvalue()


# python-threatexchange local file: "<signal_type> <value>" per line


def parse_threatexchange(text: str) -> Iterator[ParseResult]:
    for line, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped:
            type_name, _, value = stripped.partition(" ")
            yield threatexchange_row(line, type_name, value)


def threatexchange_row(line: int, type_name: str, raw_value: str) -> ParseResult:
    """One python-threatexchange signal, by its type name (``SignalType.get_name()``)."""
    name = type_name.strip().lstrip("\ufeff").lower()
    if not raw_value.strip():
        return RowError(line, f"Expected a type and a value, like 'pdq <hash>'; got {name!r}.")
    if name in PYTX_UNSUPPORTED:
        return RowError(line, f"Type {name!r} is not supported: {PYTX_UNSUPPORTED[name]}.")
    try:
        signal_type = PYTX_ALIASES.get(name) or signal_type_of(name)
        value = checked_value(signal_type, raw_value)
    except InvalidValue as error:
        return RowError(line, str(error))
    return ParsedRow(line=line, signal_type=signal_type, value=value)


def bank_rows_threatexchange(entries: Iterable[BankEntry]) -> str:
    """Enabled entries, one "<type> <value>" line each, with python-threatexchange type names."""
    lines = [
        f"{PYTX_NAMES.get(SignalType(entry.signal_type), entry.signal_type)} {entry.value}\n"
        for entry in entries
        if entry.enabled
    ]
    return "".join(lines)


# Tech Against Terrorism hash-list JSON: {"results": [...]}


def parse_tat(text: str) -> Iterator[ParseResult]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        yield RowError(
            0, f"Not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        )
        return
    except (ValueError, RecursionError):
        yield RowError(0, "Not valid JSON.")
        return
    results = document.get("results") if isinstance(document, dict) else None
    if not isinstance(results, list):
        yield RowError(0, 'Expected a Tech Against Terrorism hash list: {"results": [...]}.')
        return
    for index, record in enumerate(results, start=1):
        yield tat_row(index, record)


def tat_row(index: int, record: object) -> ParseResult:
    """One TAT hash-list result; ``deleted`` makes a tombstone, ``ideology`` a label."""
    if not isinstance(record, Mapping):
        return RowError(index, "Expected an object with hash_digest and algorithm.", "result")
    record_id = record.get("id")
    known_id = record_id not in (None, "")
    prefix = f"Id {record_id}: " if known_id else ""
    algorithm = str(record.get("algorithm") or "").strip().upper()
    file_type = str(record.get("file_type") or "").strip().lower()
    signal_type = _tat_signal_type(algorithm, file_type)
    if signal_type is None:
        reason = _tat_unsupported_reason(algorithm, file_type)
        return RowError(index, prefix + reason, "result", unsupported=bool(algorithm))
    digest = record.get("hash_digest")
    if not isinstance(digest, str):
        return RowError(index, f"{prefix}The hash_digest is missing.", "result")
    try:
        value = checked_value(signal_type, digest)
    except InvalidValue as error:
        return RowError(index, f"{prefix}{error}", "result")
    ideology = record.get("ideology")
    return ParsedRow(
        line=index,
        signal_type=signal_type,
        value=value,
        labels={"ideology": str(ideology)} if ideology else {},
        external_id=str(record_id)[:MAX_FIELD_CHARS] if known_id else "",
        deleted=record.get("deleted") is True,
    )


def _tat_signal_type(algorithm: str, file_type: str) -> SignalType | None:
    if algorithm == "PDQ":
        return SignalType.PDQ
    if algorithm == "MD5" and file_type in TAT_VIDEO_FILE_TYPES:
        return SignalType.MD5
    return None


def _tat_unsupported_reason(algorithm: str, file_type: str) -> str:
    if algorithm == "MD5":
        shown = file_type or "unknown"
        videos = ", ".join(TAT_VIDEO_FILE_TYPES)
        return f"An MD5 of a {shown!r} file is not taken: only MD5s of videos ({videos}) and PDQ."
    if not algorithm:
        return "The algorithm is missing."
    return f"{algorithm} hashes are not taken from this list: only video MD5s and PDQ."


PARSERS: dict[str, Callable[[str], Iterator[ParseResult]]] = {
    "csv": parse_csv,
    "threatexchange": parse_threatexchange,
    "tat": parse_tat,
}
