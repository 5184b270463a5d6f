"""Shared by the findings pages and downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from endeavour.consultations.charts import count_bars
from endeavour.consultations.selectors.findings import Findings


def chart_context(findings: Findings, prefix: str) -> dict[str, Any]:
    for q in findings.questions:
        rows = [(row.theme.label, row.count) for row in q.themes] or [
            (o.label, o.count) for o in q.options
        ]
        if rows:
            q.chart = count_bars(
                f"{prefix}-chart-q{q.question.pk}",
                f"Question {q.question.order}: answers by "
                + ("theme" if q.question.is_free_text else "option"),
                rows,
            )
    return {"findings": findings}


def download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    add_never_cache_headers(response)
    return response
