"""What the progress pages, the PDF and the exports share: the as-at date and the charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from endeavour.recommendations import charts
from endeavour.recommendations.forms.tracker import AsAtForm
from endeavour.recommendations.selectors.figures import GroupFigure, long_date
from endeavour.recommendations.selectors.reports import ItemRow, ProgressReport

ROW_FILTERS = {
    "": "All",
    "implemented": "Counted as implemented",
    "not_implemented": "Not counted as implemented",
}


@dataclass(frozen=True)
class AsAt:
    form: AsAtForm
    as_at: date | None
    recorded_on: date | None

    @property
    def query(self) -> str:
        if self.as_at is None:
            return ""
        params = {"as_at": self.as_at.isoformat()}
        if self.recorded_on:
            params["recorded_on"] = self.recorded_on.isoformat()
        return urlencode(params)


def as_at_from(request: HttpRequest) -> AsAt:
    form = AsAtForm.from_query(request.GET, timezone.localdate())
    if not form.is_valid():
        return AsAt(form, None, None)
    return AsAt(form, form.cleaned_data["as_at"], form.cleaned_data.get("recorded_on"))


def _shares(groups: list[GroupFigure]) -> list[charts.Share]:
    return [charts.Share(g.label, g.percent, g.text) for g in groups]


def chart_context(report: ProgressReport, prefix: str = "chart") -> dict[str, SafeString]:
    points = [
        charts.Share(
            f"{f.as_at:%b %Y}" if f.as_at != report.as_at else long_date(f.as_at),
            f.percent,
            f"{f.implemented} of {f.total}" + (f" ({f.percent}%)" if f.percent is not None else ""),
        )
        for f in report.series
    ]
    when = long_date(report.as_at)
    first, last = (
        (report.series[0].as_at, report.series[-1].as_at) if report.series else (None, None)
    )
    span = (last - first).days if first and last else 0
    positions = [(f.as_at - first).days / span for f in report.series] if first and span else None
    return {
        "series_chart": charts.progress_line(
            f"{prefix}-series",
            f"Share of recommendations implemented, up to {when}",
            points,
            positions,
        ),
        "theme_chart": charts.share_bars(
            f"{prefix}-theme", f"Share implemented by theme, as at {when}", _shares(report.by_theme)
        ),
        "owner_chart": charts.share_bars(
            f"{prefix}-owner", f"Share implemented by owner, as at {when}", _shares(report.by_owner)
        ),
    }


def filter_rows(rows: list[ItemRow], show: str, theme: str) -> list[ItemRow]:
    if show == "implemented":
        rows = [r for r in rows if r.counts_as_implemented]
    elif show == "not_implemented":
        rows = [r for r in rows if not r.counts_as_implemented]
    if theme:
        rows = [r for r in rows if r.item.theme is not None and r.item.theme.name == theme]
    return rows


def report_context(request: HttpRequest, report: ProgressReport, as_at: AsAt) -> dict[str, Any]:
    show = request.GET.get("show", "")
    show = show if show in ROW_FILTERS else ""
    theme = request.GET.get("theme", "")[:200]
    return {
        "report": report,
        "figure": report.figure,
        "as_at": as_at,
        "query": as_at.query,
        "rows": filter_rows(report.rows, show, theme),
        "show": show,
        "theme": theme,
        "row_filters": ROW_FILTERS,
        "themes": [g.label for g in report.by_theme],
        **chart_context(report),
    }
