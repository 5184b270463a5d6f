"""A progress report as CSV, Excel (.xlsx) and PDF. Public versions carry public fields only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from endeavour.core.pdf import html_to_pdf
from endeavour.recommendations.selectors.reports import ItemRow, ProgressReport

PUBLIC_COLUMNS = [
    "source",
    "source_date",
    "kind",
    "reference",
    "parent",
    "theme",
    "text",
    "owners",
    "response",
    "response_reason",
    "response_date",
    "priority",
    "target_date",
    "as_at",
    "status",
    "status_code",
    "status_definitions_version",
    "status_since",
    "counts_as_implemented",
    "progress_percent",
    "against_target_date",
    "records_as_at",
]
INTERNAL_COLUMNS = [*PUBLIC_COLUMNS, "lead_officer", "listed_publicly", "withheld_reason"]


def safe_cell(value: object) -> object:
    """Keep spreadsheets from treating a text cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def filename(report: ProgressReport, extension: str) -> str:
    internal = "" if report.public else "-internal"
    return (
        f"progress-source-{report.source.pk}-as-at-{report.as_at.isoformat()}{internal}.{extension}"
    )


def _records(report: ProgressReport) -> str:
    if report.recorded_on:
        return report.recorded_on.isoformat()
    return timezone.localtime(report.figure.generated_at).isoformat(timespec="minutes")


def _row(report: ProgressReport, row: ItemRow) -> dict[str, Any]:
    item = row.item
    values: dict[str, Any] = {
        "source": report.source.title,
        "source_date": report.source.date.isoformat(),
        "kind": "action" if item.parent_id else "recommendation",
        "reference": item.reference,
        "parent": item.parent.reference if item.parent else "",
        "theme": item.theme.name if item.theme else "",
        "text": item.text,
        "owners": "; ".join(sorted(o.name for o in item.owner_organisations.all())),
        "response": item.get_response_display(),
        "response_reason": item.response_reason,
        "response_date": item.response_date.isoformat() if item.response_date else "",
        "priority": item.get_priority_display() if item.priority else "",
        "target_date": item.target_date.isoformat() if item.target_date else "",
        "as_at": report.as_at.isoformat(),
        "status": row.status.label if row.status else "",
        "status_code": row.status.code if row.status else "",
        "status_definitions_version": row.status.version if row.status else "",
        "status_since": row.status_since.isoformat() if row.status_since else "",
        "counts_as_implemented": "yes" if row.counts_as_implemented else "no",
        "progress_percent": "" if row.progress is None else row.progress,
        "against_target_date": row.rag.text,
        "records_as_at": _records(report),
    }
    if not report.public:
        values["lead_officer"] = str(item.lead_officer) if item.lead_officer else ""
        values["listed_publicly"] = "yes" if item.is_public else "no"
        values["withheld_reason"] = item.withheld_reason
    return values


def columns(report: ProgressReport) -> list[str]:
    return PUBLIC_COLUMNS if report.public else INTERNAL_COLUMNS


def rows(report: ProgressReport) -> Iterator[list[object]]:
    names = columns(report)
    for row in report.all_rows:
        values = _row(report, row)
        yield [safe_cell(values[name]) for name in names]


def as_csv(report: ProgressReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns(report))
    writer.writerows(rows(report))
    return out.getvalue()


def summary_rows(report: ProgressReport) -> list[list[object]]:
    figure = report.figure
    lines: list[list[object]] = [
        ["Source", report.source.title],
        ["As at", report.as_at.isoformat()],
        ["Figure", figure.sentence],
        ["Implemented (numerator)", figure.implemented],
        ["Recommendations counted (denominator)", figure.total],
        ["Percentage", "" if figure.percent is None else figure.percent],
        ["Statuses counted as implemented", figure.definition_text],
        ["Records", figure.records_text],
        ["Reproduce", figure.reproduce_text],
    ]
    if report.public and report.withheld:
        lines.append(
            ["Not listed", f"{report.withheld} counted but not listed (security-sensitive)"]
        )
    lines.append([])
    lines.append(["Status", "Definition", "Counts as implemented", "Recommendations"])
    for count in figure.by_status:
        lines.append(
            [
                count.label,
                count.status.definition,
                "yes" if count.status.counts_as_implemented else "no",
                count.count,
            ]
        )
    for title, groups in (("Theme", report.by_theme), ("Owner", report.by_owner)):
        lines.append([])
        lines.append([title, "Implemented", "Recommendations", "Percentage"])
        for group in groups:
            lines.append(
                [
                    group.label,
                    group.implemented,
                    group.total,
                    "" if group.percent is None else group.percent,
                ]
            )
    return [[safe_cell(cell) for cell in line] for line in lines]


def as_xlsx(report: ProgressReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Summary"
    for line in summary_rows(report):
        summary.append(line)
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 90
    items = workbook.create_sheet("Recommendations")
    items.append(columns(report))
    for line in rows(report):
        items.append(line)
    for cell in items[1]:
        cell.font = Font(bold=True)
    items.freeze_panes = "A2"
    series = workbook.create_sheet("Over time")
    series.append(["As at", "Implemented", "Recommendations", "Percentage"])
    for figure in report.series:
        series.append(
            [
                figure.as_at,
                figure.implemented,
                figure.total,
                "" if figure.percent is None else figure.percent,
            ]
        )
    for cell in series["A"][1:]:
        cell.number_format = "yyyy-mm-dd"
    definitions = workbook.create_sheet("Status definitions")
    definitions.append(["Version", "Code", "Status", "Definition", "Counts as implemented"])
    for status in sorted(report.history.statuses.values(), key=lambda s: s.order):
        definitions.append(
            [
                status.version,
                status.code,
                status.label,
                status.definition,
                "yes" if status.counts_as_implemented else "no",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_pdf(report: ProgressReport, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string("recommendations/print/report.html", context))
