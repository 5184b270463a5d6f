"""Find the table in a sheet laid out as the Home Office publishes it, and read its cells.

The published shape: title rows, then a header row (the first column names the category
dimension, the other columns are years or regions), then one row per category, then perhaps
notes after a blank row. Cells are whole numbers (commas allowed, footnote markers such as
"[r]" or "[note 3]" after them) or markers that say why there is no number: "[x]" not
available, "[c]" confidential (suppressed), "[z]" not applicable, "-", ".." and the like. A
marker is kept as published and is never read as 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from endeavour.official_stats.spreadsheets import Sheet, column_letter

PREVIEW_ROWS = 8
MARKER = re.compile(r"^(\[[a-z]{1,6}\]|-|\u2013|\u2014|\.\.|\.\.\.|:|\*|~|n/a|x|c|z)$", re.I)
NUMBER = re.compile(r"^(-?\d{1,3}(?:,\d{3})+|-?\d+)(?:\.0+)?\s*((?:\[[^\]]{1,30}\]\s*)*)$")
DECIMAL = re.compile(r"^-?[\d,]*\.\d+\s*((?:\[[^\]]{1,30}\]\s*)*)$")
SHARE_HEADER = re.compile(r"%|\bper ?cent|\bproportion|\bshare\b|\brate\b", re.I)
TWO_PART_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:/|-|\u2013|to)\s*(\d{2})(?!\d)")
FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class CellProblem(ValueError):
    """A cell that is neither a whole number nor a known marker."""


@dataclass(frozen=True)
class Value:
    number: int | None
    marker: str  # the published marker when number is None; a footnote, if any, otherwise


def parse_value(text: str) -> Value | None:
    """A published cell: a Value, or None for an empty cell. Raises CellProblem otherwise."""
    text = " ".join(text.split())
    if not text:
        return None
    if MARKER.match(text):
        return Value(None, text)
    match = NUMBER.match(text)
    if match:
        return Value(int(match.group(1).replace(",", "")), " ".join(match.group(2).split()))
    if text.endswith("%") or DECIMAL.match(text):
        raise CellProblem(f"'{text}' is not a whole number: only counts are imported.")
    raise CellProblem(f"'{text}' is not a number or a known marker ([x], [c], [z], -, ..).")


def year_of(label: str) -> int | None:
    """The year ending March a published year label is for: '2023 to 2024', '2023/24',
    'April 2023 to March 2024' and 'Year ending March 2024' are all 2024."""
    match = TWO_PART_YEAR.search(label)
    if match:
        start = int(match.group(1))
        end = start // 100 * 100 + int(match.group(2))
        return end + 100 if end < start else end
    years = FOUR_DIGIT_YEAR.findall(label)
    return int(years[-1]) if years else None


def _is_value(text: str) -> bool:
    try:
        return parse_value(text) is not None
    except CellProblem:
        return False


@dataclass(frozen=True)
class DataRow:
    number: int  # the spreadsheet's row number (1-based)
    label: str
    cells: list[str]  # one per data column, "" where the row is short


@dataclass(frozen=True)
class DetectedTable:
    position: int
    sheet: str
    title: str
    header_row: int  # 1-based
    corner: str  # the header of the first column, e.g. "Type of concern"
    columns: list[tuple[int, str]]  # (0-based column index, header label) of data columns
    skipped_columns: list[str] = field(default_factory=list)
    rows: list[DataRow] = field(default_factory=list)

    @property
    def preview(self) -> list[DataRow]:
        return self.rows[:PREVIEW_ROWS]

    @property
    def more_rows(self) -> int:
        return max(0, len(self.rows) - PREVIEW_ROWS)

    def cell_name(self, row: DataRow, column: int) -> str:
        return f"{column_letter(column)}{row.number}"


def _looks_like_data(row: list[str]) -> bool:
    if not row or not row[0].strip():
        return False
    rest = [c for c in row[1:] if c.strip()]
    if not rest:
        return False
    values = sum(1 for c in rest if _is_value(c))
    return values >= 1 and values * 2 >= len(rest)


def detect(sheet: Sheet, position: int) -> DetectedTable | None:
    """The table in a sheet (the first header row followed by a data row), or None for a cover,
    contents or notes sheet."""
    rows = sheet.rows
    for index, row in enumerate(rows[:-1]):
        headers = [c for c in row[1:] if c.strip()]
        if len(headers) < 1 or not _looks_like_data(rows[index + 1]):
            continue
        if all(_is_value(c) for c in headers) and not all(year_of(c) for c in headers):
            continue  # a data row, not a header (a header of years may be plain numbers)
        title_lines = [" ".join(r[0].split()) for r in rows[:index] if r and r[0].strip()]
        columns: list[tuple[int, str]] = []
        skipped: list[str] = []
        for col, label in enumerate(row):
            label = " ".join(label.split())
            if col == 0 or not label:
                continue
            if SHARE_HEADER.search(label):
                skipped.append(label)
            else:
                columns.append((col, label))
        data: list[DataRow] = []
        for number, values in enumerate(rows[index + 1 :], start=index + 2):
            if not any(c.strip() for c in values):
                break
            cells = [values[col] if col < len(values) else "" for col, _ in columns]
            data.append(DataRow(number, " ".join(values[0].split()) if values else "", cells))
        return DetectedTable(
            position=position,
            sheet=sheet.name,
            title=title_lines[0] if title_lines else "",
            header_row=index + 1,
            corner=" ".join(row[0].split()) if row else "",
            columns=columns,
            skipped_columns=skipped,
            rows=data,
        )
    return None


def detect_all(sheets: list[Sheet]) -> list[DetectedTable]:
    found: list[DetectedTable] = []
    for sheet in sheets:
        table = detect(sheet, len(found))
        if table is not None:
            found.append(table)
    return found
