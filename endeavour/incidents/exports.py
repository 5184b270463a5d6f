"""The aggregate figures as CSV and Excel: the same tables as the page, counts only, with the
same withheld cells ("<5", "not shown") in the public versions. Never individual records."""

from __future__ import annotations

import csv
import io

from endeavour.incidents.selectors.trends import Row, Trends

COLUMNS = ["table", "group", "label", "reported", "verified"]


def _cells(trends: Trends) -> list[tuple[str, list[Row]]]:
    return [
        ("month", trends.by_month),
        ("borough", trends.by_borough),
        ("motivation", trends.by_motivation),
    ]


def filename(trends: Trends, extension: str) -> str:
    period = f"{trends.period.start:%Y-%m}-to-{trends.period.end:%Y-%m}"
    kind = "" if trends.suppress else "-internal"
    return f"hate-incident-figures-{period}{kind}.{extension}"


def rows(trends: Trends) -> list[list[object]]:
    lines: list[list[object]] = [
        ["total", "", "all reports", trends.total.csv_n, trends.verified_total.csv_n]
    ]
    for table, table_rows in _cells(trends):
        for row in table_rows:
            lines.append([table, row.group, row.label, row.reported.csv_n, row.verified.csv_n])
    return lines


def notes(trends: Trends) -> list[str]:
    lines = [
        f"Hate incident reports by date of the incident, {trends.period.text}.",
        "Reported: every report received. Verified: reports staff checked and confirmed.",
        "A report can give several motivations, so the motivation rows add up to more than "
        "the total.",
    ]
    if trends.suppress:
        lines.append(
            "<5: fewer than 5, withheld. 'not shown': withheld so that a small number cannot be "
            "worked out from the total."
        )
    if trends.includes_sample:
        lines.append("Includes sample data.")
    return lines


def as_csv(trends: Trends) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows(trends))
    return out.getvalue()


def as_xlsx(trends: Trends) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = "About"
    for line in notes(trends):
        about.append([line])
    about.column_dimensions["A"].width = 110
    for table, table_rows in _cells(trends):
        sheet = workbook.create_sheet(f"By {table}")
        header = ["Strand", table.capitalize()] if table == "motivation" else [table.capitalize()]
        sheet.append([*header, "Reported", "Verified"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table_rows:
            label = [row.group, row.label] if table == "motivation" else [row.label]
            sheet.append([*label, _number(row.reported.csv_n), _number(row.verified.csv_n)])
        sheet.column_dimensions["A"].width = 40
        sheet.column_dimensions["B"].width = 40
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _number(value: str) -> int | str:
    return int(value) if value.isdigit() else value
