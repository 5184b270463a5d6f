"""The aggregate tables as CSV and Excel (.xlsx). Public versions carry the suppressed numbers
("<5", "not shown"); never an individual record in either."""

from __future__ import annotations

import csv
import io

from endeavour.safeguarding.selectors.figures import CrossTable, Figures

TOTAL = "Total"


def filename(figures: Figures, extension: str) -> str:
    internal = "" if figures.public else "-internal"
    return f"safeguarding-figures-{figures.year}{internal}.{extension}"


def _value(count: object, public: bool) -> object:
    from endeavour.consultations.selectors.findings import Count

    assert isinstance(count, Count)
    return count.csv_n if public else count.n


def long_rows(figures: Figures) -> list[list[object]]:
    """One line per cell: table, row, column, count."""
    lines: list[list[object]] = []
    for table in figures.tables:
        for label, cells, total in table.lines:
            for column, cell in zip(table.columns, cells, strict=True):
                lines.append([table.key, label, column, _value(cell, figures.public)])
            if total is not None:
                lines.append([table.key, label, TOTAL, _value(total, figures.public)])
        for column, cell in zip(table.columns, table.column_totals, strict=True):
            lines.append([table.key, TOTAL, column, _value(cell, figures.public)])
        if table.row_totals is not None:
            lines.append([table.key, TOTAL, TOTAL, _value(table.total, figures.public)])
    return lines


def as_csv(figures: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "table", "row", "column", "count"])
    for line in long_rows(figures):
        writer.writerow([figures.year, *line])
    return out.getvalue()


def _grid(table: CrossTable, public: bool) -> list[list[object]]:
    head: list[object] = [table.row_heading, *table.columns]
    if table.row_totals is not None:
        head.append(TOTAL)
    lines: list[list[object]] = [head]
    for label, cells, total in table.lines:
        line: list[object] = [label, *[_value(c, public) for c in cells]]
        if total is not None:
            line.append(_value(total, public))
        lines.append(line)
    foot: list[object] = [TOTAL, *[_value(c, public) for c in table.column_totals]]
    if table.row_totals is not None:
        foot.append(_value(table.total, public))
    lines.append(foot)
    return lines


def as_xlsx(figures: Figures) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = "About"
    about.append(["Year", figures.year])
    about.append(
        [
            "Suppression",
            "Counts under 5 read '<5'; 'not shown' hides a number that would let a small one be "
            "worked out from the totals."
            if figures.public
            else "None: internal figures with every number. Do not publish.",
        ]
    )
    about.append(["Counted", "Aggregate counts only; no individual record is in this file."])
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 100
    for table in figures.tables:
        sheet = workbook.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        for line in _grid(table, figures.public):
            sheet.append(line)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
