"""Findings as CSV and PDF. Counts under 5 in breakdowns are suppressed in every output, and
cells hidden by secondary suppression read "not shown" (with their base where it is hidden)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from endeavour.consultations.selectors.findings import Findings
from endeavour.core.pdf import html_to_pdf

COLUMNS = [
    "consultation",
    "question_number",
    "question",
    "breakdown",
    "group",
    "item",
    "count",
    "base",
    "percent",
    "produced_at",
]


def safe_cell(value: object) -> object:
    """Keep spreadsheets from treating a text cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def filename(findings: Findings, extension: str) -> str:
    day = timezone.localdate().isoformat()
    return f"consultation-{findings.consultation.pk}-findings-{day}.{extension}"


def as_csv(findings: Findings) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    produced = timezone.localtime(findings.generated_at).isoformat(timespec="minutes")
    title = findings.consultation.title

    def write(q: Any, breakdown: str, group: str, item: str, count: Any) -> None:
        pct = count.percent
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    title,
                    q.question.order,
                    q.question.text,
                    breakdown,
                    group,
                    item,
                    count.csv_n,
                    count.csv_base,
                    "" if pct is None else pct,
                    produced,
                )
            ]
        )

    for q in findings.questions:
        for row in q.themes:
            write(q, "all", "", row.theme.label, row.count)
            for label, count in zip(q.type_labels, row.by_type, strict=True):
                write(q, "respondent type", label, row.theme.label, count)
            for label, count in zip(q.borough_labels, row.by_borough, strict=True):
                write(q, "borough", label, row.theme.label, count)
        if q.unthemed is not None and q.question.is_free_text:
            write(q, "all", "", "No theme", q.unthemed)
        for option in q.options:
            write(q, "all", "", option.label, option.count)
        for option in q.stances:
            write(q, "stance", "", option.label, option.count)
    return out.getvalue()


def as_pdf(context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string("consultations/print/report.html", context))
