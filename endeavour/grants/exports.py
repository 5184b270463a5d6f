"""The fund's figures as CSV and Excel, the PDF summary of a call, and decision letters."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string

from endeavour.core.pdf import html_to_pdf
from endeavour.grants.selectors.figures import DESIGN_NOTE, MONEY_NOTE, REACH_NOTE, FundFigures
from endeavour.recommendations.exports import safe_cell

Table = tuple[str, list[str], list[list[object]]]


def tables(figures: FundFigures) -> list[Table]:
    """Each dashboard table: its title, columns and rows. Counts are suppressed in public ones."""
    count = figures.count

    def group_rows(rows: Any, with_participants: bool = True) -> list[list[object]]:
        out: list[list[object]] = []
        for row in rows:
            line: list[object] = [row.label, count(row.projects), round(row.amount)]
            if with_participants:
                line.append(count(row.participants))
            out.append(line)
        return out

    outcome_rows: list[list[object]] = []
    for row in figures.outcomes:
        outcome_rows.append(
            [
                row.instrument,
                row.scale,
                "higher" if row.higher_is_better else "lower",
                count(row.respondents),
                row.results,
                "" if row.mean_before is None else str(row.mean_before),
                "" if row.mean_after is None else str(row.mean_after),
                "" if row.change is None else str(row.change),
            ]
        )
    return [
        (
            "By borough",
            ["borough", "projects", "money_awarded_gbp", "participants_reached"],
            [
                [r.label, count(r.projects), round(r.amount), count(r.participants)]
                for r in figures.by_borough
            ],
        ),
        (
            "By theme",
            ["theme", "projects", "money_awarded_gbp", "participants_reached"],
            group_rows(figures.by_theme),
        ),
        (
            "By call",
            ["call", "projects", "money_awarded_gbp", "participants_reached"],
            group_rows(figures.by_call),
        ),
        (
            "Outcomes",
            [
                "instrument",
                "scale",
                "better_is",
                "respondents_n",
                "returns_reporting",
                "mean_before",
                "mean_after",
                "mean_change",
            ],
            outcome_rows,
        ),
    ]


def notes(figures: FundFigures) -> list[str]:
    return [figures.scope_text, MONEY_NOTE, REACH_NOTE, DESIGN_NOTE] + (
        ["Counts under 5 are shown as 'fewer than 5'."] if figures.public else []
    )


def as_csv(figures: FundFigures) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for note in notes(figures):
        writer.writerow(["#", note])
    for title, columns, rows in tables(figures):
        writer.writerow([])
        writer.writerow([title])
        writer.writerow(columns)
        writer.writerows([[safe_cell(c) for c in row] for row in rows])
    return out.getvalue()


def as_xlsx(figures: FundFigures) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = "About"
    for note in notes(figures):
        about.append([note])
    about.column_dimensions["A"].width = 120
    for title, columns, rows in tables(figures):
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(c) for c in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(figures: FundFigures, extension: str) -> str:
    scope = f"call-{figures.call.pk}" if figures.call else "all-calls"
    kind = "public" if figures.public else "internal"
    return f"grant-fund-{scope}-{kind}-{figures.generated_at:%Y-%m-%d}.{extension}"


def pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template, context))
