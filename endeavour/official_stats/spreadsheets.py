"""Read the sheets of a published statistics file (ODS, CSV or XLSX) as rows of text cells.

One interface for every format: ``read_sheets(data, filename)`` gives each sheet's name and its
rows, every cell as the text a person would read (numbers as plain digits, without thousands
separators where the file stores the number itself). Deciding what the cells mean is
``layout.py``'s job.

ODS is read with the standard library (zipfile and xml.etree on content.xml): no new dependency
for a narrow reader. Repeated rows and columns (table:number-rows-repeated,
table:number-columns-repeated) are expanded, except trailing empty ones, which spreadsheets
repeat to the sheet's edge. Numbers come from office:value, text from the text:p paragraphs.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_XML_BYTES = 50 * 1024 * 1024

TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T = f"{{{TABLE_NS}}}"
OF = f"{{{OFFICE_NS}}}"
X = f"{{{TEXT_NS}}}"
NUMERIC_TYPES = {"float", "percentage", "currency"}


class UnreadableFile(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, in plain words."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[str]]


def file_format(filename: str) -> str:
    """ "ods", "csv" or "xlsx" from the file name, or "" for anything else."""
    lowered = filename.lower()
    for extension in ("ods", "csv", "xlsx"):
        if lowered.endswith(f".{extension}"):
            return extension
    return ""


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    kind = file_format(filename)
    if kind == "ods":
        return read_ods(data)
    if kind == "csv":
        return [read_csv(data, name=filename.rsplit("/", 1)[-1])]
    if kind == "xlsx":
        return read_xlsx(data)
    raise UnreadableFile("Choose an ODS, CSV or Excel (.xlsx) file.")


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty cells at the end of each row and empty rows at the end of the sheet."""
    trimmed = []
    for row in rows:
        end = len(row)
        while end and not row[end - 1].strip():
            end -= 1
        trimmed.append(row[:end])
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def _number_text(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _cell_text(cell: ElementTree.Element) -> str:
    if cell.get(f"{OF}value-type") in NUMERIC_TYPES and cell.get(f"{OF}value") is not None:
        return _number_text(cell.get(f"{OF}value", ""))
    paragraphs = []
    for paragraph in cell.iter(f"{X}p"):
        parts: list[str] = []
        _collect_text(paragraph, parts)
        paragraphs.append("".join(parts))
    return " ".join(paragraphs).strip()


def _collect_text(element: ElementTree.Element, parts: list[str]) -> None:
    """The paragraph's text, with <text:s text:c="n"/> as n spaces and <text:tab/> as a space."""
    if element.text:
        parts.append(element.text)
    for child in element:
        if child.tag == f"{X}s":
            parts.append(" " * int(child.get(f"{X}c", "1") or 1))
        elif child.tag in (f"{X}tab", f"{X}line-break"):
            parts.append(" ")
        elif child.tag != f"{OF}annotation":
            _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _rows_of(table: ElementTree.Element) -> list[ElementTree.Element]:
    """table:table-row elements, including those inside header-row and row-group wrappers."""
    rows: list[ElementTree.Element] = []
    for child in table:
        if child.tag == f"{T}table-row":
            rows.append(child)
        elif child.tag in (f"{T}table-header-rows", f"{T}table-row-group", f"{T}table-rows"):
            rows.extend(_rows_of(child))
    return rows


def _repeat(element: ElementTree.Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        return 1


def read_ods(data: bytes) -> list[Sheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("content.xml")
            except KeyError:
                raise UnreadableFile("This is not an ODS spreadsheet: it has no content.") from None
            if info.file_size > MAX_XML_BYTES:
                raise UnreadableFile("The spreadsheet is too big to read.")
            content = archive.read(info)
    except zipfile.BadZipFile:
        raise UnreadableFile("This is not an ODS spreadsheet: it is not a zip package.") from None
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise UnreadableFile("The spreadsheet declares XML entities, which are not accepted.")
    try:
        # No DTD or entity can reach the parser (refused above), so no entity expansion.
        root = ElementTree.fromstring(content)  # noqa: S314
    except ElementTree.ParseError as error:
        raise UnreadableFile(f"The spreadsheet's content is damaged ({error}).") from None
    sheets: list[Sheet] = []
    for table in root.iter(f"{T}table"):
        name = table.get(f"{T}name", f"Sheet {len(sheets) + 1}")
        rows: list[list[str]] = []
        for row in _rows_of(table):
            cells: list[str] = []
            for cell in row:
                if cell.tag not in (f"{T}table-cell", f"{T}covered-table-cell"):
                    continue
                text = _cell_text(cell)
                repeat = _repeat(cell, f"{T}number-columns-repeated")
                if not text:
                    # Empty cells repeated to the sheet's edge: keep only as many as can matter.
                    repeat = min(repeat, MAX_COLUMNS + 1)
                elif len(cells) + repeat > MAX_COLUMNS:
                    raise UnreadableFile(
                        f"Sheet '{name}' has more than {MAX_COLUMNS} columns of data."
                    )
                cells.extend([text] * repeat)
            repeat = _repeat(row, f"{T}number-rows-repeated")
            empty = not any(c.strip() for c in cells)
            if empty:
                repeat = min(repeat, 2)
            elif len(rows) + repeat > MAX_ROWS:
                raise UnreadableFile(f"Sheet '{name}' has more than {MAX_ROWS:,} rows.")
            rows.extend([list(cells) for _ in range(repeat)])
        sheets.append(Sheet(name, _trim(rows)))
    if not sheets:
        raise UnreadableFile("The spreadsheet has no sheets.")
    return sheets


def read_csv(data: bytes, *, name: str = "CSV") -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("Save the CSV file as UTF-8 and upload it again.") from None
    if "\x00" in text:
        raise UnreadableFile("This is not a CSV file.")
    rows = [list(row) for row in csv.reader(io.StringIO(text))]
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"The file has more than {MAX_ROWS:,} rows.")
    if any(len(row) > MAX_COLUMNS for row in rows):
        raise UnreadableFile(f"The file has more than {MAX_COLUMNS} columns.")
    return Sheet(name, _trim(rows))


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return _number_text(str(value))
    return str(value).strip()


def read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise UnreadableFile("This is not an Excel (.xlsx) workbook, or it is damaged.") from None
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            rows: list[list[str]] = []
            for values in worksheet.iter_rows(values_only=True):
                if len(rows) >= MAX_ROWS:
                    raise UnreadableFile(
                        f"Sheet '{worksheet.title}' has more than {MAX_ROWS:,} rows."
                    )
                rows.append([_xlsx_text(v) for v in values[:MAX_COLUMNS]])
            sheets.append(Sheet(worksheet.title, _trim(rows)))
    finally:
        workbook.close()
    return sheets


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: as a spreadsheet names columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
