"""Aggregate figures of hate incident reports: by month, borough and motivation, reported and
verified. One structure for the pages, the CSV and Excel files and the API.

Public figures withhold counts under 5 ("fewer than 5"), and then further cells wherever a
published total would let a withheld one be worked out by subtraction (secondary suppression,
``consultations.selectors.findings.protect``). Months and boroughs add up to the total; a report
may have several motivations, so the motivation rows add up to more than the total and are not
protected that way. Never individual records: only counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count as DbCount
from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from endeavour.consultations.selectors.findings import Count, protect
from endeavour.core.models import Borough
from endeavour.incidents.models import IncidentReport, ReportMotivation, Setting, Verification
from endeavour.incidents.reference import STRANDS

ONLINE_ONLY = "Online only"
NOT_KNOWN = "Borough not known"


@dataclass(frozen=True)
class Period:
    start: date  # first day of the first month
    end: date  # first day of the last month

    @property
    def months(self) -> list[date]:
        months, day = [], self.start
        while day <= self.end:
            months.append(day)
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return months

    @property
    def end_exclusive(self) -> date:
        return date(self.end.year + (self.end.month == 12), self.end.month % 12 + 1, 1)

    @property
    def text(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "F Y"),
            "end": date_format(self.end, "F Y"),
        }


def last_twelve_months(today: date) -> Period:
    end = today.replace(day=1)
    start = date(end.year - 1 + (end.month == 12), end.month % 12 + 1, 1)
    return Period(start, end)


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 1))


@dataclass
class Row:
    label: str
    reported: Count
    verified: Count
    group: str = ""  # the strand, for motivation rows


@dataclass
class Trends:
    period: Period
    suppress: bool
    total: Count
    verified_total: Count
    by_month: list[Row] = field(default_factory=list)
    by_borough: list[Row] = field(default_factory=list)
    by_motivation: list[Row] = field(default_factory=list)
    includes_sample: bool = False

    @property
    def any_hidden(self) -> bool:
        rows = [*self.by_month, *self.by_borough, *self.by_motivation]
        return any(r.reported.hidden or r.verified.hidden for r in rows)


def _counts(
    labels: list[str], reported: Counter[str], verified: Counter[str], total: int, *, suppress: bool
) -> tuple[list[Count], list[Count]]:
    rep = [Count(reported[k], total, unit="reports", suppress=suppress) for k in labels]
    ver = [Count(verified[k], reported[k], unit="reports", suppress=suppress) for k in labels]
    return rep, ver


def _protected_rows(
    labels: list[str],
    reported: Counter[str],
    verified: Counter[str],
    total: int,
    *,
    suppress: bool,
    complete: bool,
) -> list[Row]:
    """Rows for a breakdown; ``complete`` when the rows add up to the published total, so each
    column is protected against subtraction."""
    rep, ver = _counts(labels, reported, verified, total, suppress=suppress)
    if suppress and complete:
        rep = protect([rep])[0]
        ver = protect([ver])[0]
    return [Row(label, r, v) for label, r, v in zip(labels, rep, ver, strict=True)]


def incident_trends(period: Period, *, suppress: bool) -> Trends:
    reports = IncidentReport.objects.filter(
        occurred_on__gte=period.start, occurred_on__lt=period.end_exclusive
    )
    is_verified = Q(verification=Verification.VERIFIED)
    totals = reports.aggregate(
        n=DbCount("id"),
        verified=DbCount("id", filter=is_verified),
        sample=DbCount("id", filter=Q(is_sample=True)),
    )
    total, verified_total = totals["n"], totals["verified"]
    trends = Trends(
        period=period,
        suppress=suppress,
        total=Count(total, total, unit="reports", suppress=suppress),
        verified_total=Count(verified_total, total, unit="reports", suppress=suppress),
        includes_sample=bool(totals["sample"]),
    )

    month_rep: Counter[str] = Counter()
    month_ver: Counter[str] = Counter()
    for by_month in (
        reports.annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(n=DbCount("id"), v=DbCount("id", filter=is_verified))
    ):
        key = f"{by_month['month']:%Y-%m}"
        month_rep[key], month_ver[key] = by_month["n"], by_month["v"]
    month_keys = [f"{m:%Y-%m}" for m in period.months]
    trends.by_month = _protected_rows(
        month_keys, month_rep, month_ver, total, suppress=suppress, complete=True
    )
    for month_row, month in zip(trends.by_month, period.months, strict=True):
        month_row.label = date_format(month, "F Y")

    names = dict(Borough.objects.values_list("pk", "name"))
    place_rep: Counter[str] = Counter()
    place_ver: Counter[str] = Counter()
    for by_place in reports.values("borough_id", "setting").annotate(
        n=DbCount("id"), v=DbCount("id", filter=is_verified)
    ):
        if by_place["borough_id"] is not None:
            key = names[by_place["borough_id"]]
        else:
            key = ONLINE_ONLY if by_place["setting"] == Setting.ONLINE else NOT_KNOWN
        place_rep[key] += by_place["n"]
        place_ver[key] += by_place["v"]
    place_keys = [*sorted(names.values()), ONLINE_ONLY, NOT_KNOWN]
    trends.by_borough = _protected_rows(
        place_keys, place_rep, place_ver, total, suppress=suppress, complete=True
    )
    trends.by_borough[-2].label = _("Online only")
    trends.by_borough[-1].label = _("Borough not known")

    mot_rep: Counter[str] = Counter()
    mot_ver: Counter[str] = Counter()
    for by_code in (
        ReportMotivation.objects.filter(report__in=reports)
        .values("code")
        .annotate(n=DbCount("id"), v=DbCount("id", filter=Q(report__verification="verified")))
    ):
        mot_rep[by_code["code"]], mot_ver[by_code["code"]] = by_code["n"], by_code["v"]
    for strand in STRANDS:
        codes = [code for code, _label in strand.motivations]
        rows = _protected_rows(codes, mot_rep, mot_ver, total, suppress=suppress, complete=False)
        for motivation_row, (_code, label) in zip(rows, strand.motivations, strict=True):
            motivation_row.label = str(label)
            motivation_row.group = str(strand.label)
        trends.by_motivation.extend(rows)
    return trends
