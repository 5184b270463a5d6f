"""Transparency figures for the online casework, for any period.

The sections follow EU Regulation 2021/784 (terrorist content online), Article 7(3): measures
taken (a), re-upload prevention (b), items removed and referrals not acted on (c), complaints
and their outcome (d), and restorations (g).

Every count is computed in the database; percentiles are computed here from a list of durations.
Public output suppresses counts from 1 to 4 ("fewer than 5"), any percentage or percentile built
on a suppressed count, and, where a line of linked counts (a row or column and its total) has
exactly one suppressed count, the next-smallest count in that line too ("not shown"), so the
small count cannot be worked out by subtraction. A count that appears in more than one table is
one cell, suppressed everywhere or nowhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.db.models import Count as DbCount
from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from endeavour.online.models import (
    Case,
    Decision,
    DecisionKind,
    DecisionState,
    Dispute,
    DisputeStatus,
    Ideology,
    PlatformResponse,
    Referral,
    ReferralStatus,
    Signal,
    SignalKind,
    SizeBand,
    Source,
    Submission,
    Tier,
)

LONDON = ZoneInfo("Europe/London")
SUPPRESS_BELOW = 5
SMALL = "small"
COMPLEMENTARY = "complementary"

SUPPRESSION_RULE = (
    "In public figures, counts from 1 to 4 are shown as 'fewer than 5', and so is any percentage "
    "or time based on them. Where a row or column would otherwise let a hidden count be worked "
    "out from its total, the next-smallest count is also hidden and shown as 'not shown'. "
    "Zero is shown as 0."
)

# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class Count:
    """A count, or the fact that it is withheld (``value`` is then None)."""

    value: int | None
    withheld: str = ""  # "", SMALL or COMPLEMENTARY

    @property
    def suppressed(self) -> bool:
        return bool(self.withheld)

    @property
    def display(self) -> str:
        if self.withheld == SMALL:
            return f"fewer than {SUPPRESS_BELOW}"
        if self.withheld:
            return "not shown"
        return f"{self.value:,}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "count",
            "value": self.value,
            "suppressed": self.suppressed,
            "display": self.display,
        }


@dataclass(frozen=True)
class Share:
    """A percentage, always with its numerator and denominator."""

    numerator: Count
    denominator: Count

    @property
    def suppressed(self) -> bool:
        return self.numerator.suppressed or self.denominator.suppressed

    @property
    def percent(self) -> float | None:
        n, d = self.numerator.value, self.denominator.value
        if self.suppressed or n is None or not d:
            return None
        return 100 * n / d

    @property
    def display(self) -> str:
        n, d = self.numerator, self.denominator
        if COMPLEMENTARY in (n.withheld, d.withheld):
            return "not shown" if d.suppressed else f"not shown (out of {d.display})"
        if n.suppressed or d.suppressed:
            return f"{n.display} of {d.display} (percentage not shown)"
        if not d.value:
            return "0 of 0 (no percentage)"
        return f"{n.display} of {d.display} ({percent_text(n.value or 0, d.value)})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "share",
            "numerator": self.numerator.value,
            "denominator": self.denominator.value,
            "percent": None if self.percent is None else round(self.percent, 1),
            "suppressed": self.suppressed,
            "display": self.display,
        }


@dataclass(frozen=True)
class Hours:
    """A duration in hours from ``of`` removals; withheld when that count is."""

    value: float | None
    of: Count

    @property
    def suppressed(self) -> bool:
        return self.of.suppressed

    @property
    def display(self) -> str:
        if self.of.withheld == COMPLEMENTARY:
            return "not shown (the number of removals is withheld to protect a small count)"
        if self.suppressed:
            return f"not shown (based on {self.of.display} removals)"
        if self.value is None:
            return "no removals in this period"
        text = f"{self.value:,.1f} hours"
        if self.value >= 48:
            text += f" ({self.value / 24:,.1f} days)"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": "hours",
            "value": None if self.suppressed else self.value,
            "based_on": self.of.value,
            "suppressed": self.suppressed,
            "display": self.display,
        }


Value = Count | Share | Hours


def percent_text(numerator: int, denominator: int) -> str:
    """Whole percentages, but never 100% when some are missing or 0% when some are there."""
    p = 100 * numerator / denominator
    text = f"{p:.0f}"
    if text == "100" and numerator < denominator:
        text = f"{math.floor(p * 10) / 10:.1f}"
    elif text == "0" and numerator > 0:
        text = f"{p:.1f}" if p >= 0.05 else "under 0.1"
    return f"{text}%"


# ---------------------------------------------------------------------------------------------
# Report structure


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    value: Value
    definition: str


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    breakdown: str = ""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Chart:
    """What to draw: one bar per (label, count). ``kind`` is "bar" or "histogram"."""

    key: str
    title: str
    kind: Literal["bar", "histogram"]
    bars: tuple[tuple[str, Count], ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    definition: str
    row_heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    article: str
    title: str
    summary: str
    measures: tuple[Measure, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class TidyRow:
    section: str
    measure: str
    breakdown: str
    value: int | float | None
    denominator: int | None
    suppressed: bool
    definition: str


@dataclass(frozen=True)
class TransparencyReport:
    start: date
    end: date
    suppressed: bool
    generated_at: datetime
    sections: tuple[Section, ...]

    @property
    def period_label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def measure(self, key: str) -> Measure:
        for section in self.sections:
            for measure in section.measures:
                if measure.key == key:
                    return measure
        raise KeyError(key)

    def table(self, key: str) -> Table:
        for section in self.sections:
            for table in section.tables:
                if table.key == key:
                    return table
        raise KeyError(key)

    def tidy_rows(self) -> Iterator[TidyRow]:
        """One row per number, for the CSV."""
        for section in self.sections:
            for measure in section.measures:
                yield _tidy(section.key, measure.key, "", measure.value, measure.definition)
            for table in section.tables:
                for row in (*table.rows, *([table.total] if table.total else [])):
                    row_part = "Total" if row.key == "*" else f"{table.row_heading}: {row.label}"
                    for column, value in zip(table.columns, row.values, strict=True):
                        breakdown = "; ".join(p for p in (row_part, column.breakdown) if p)
                        yield _tidy(section.key, column.key, breakdown, value, table.definition)

    def as_dict(self) -> dict[str, Any]:
        def row(r: Row) -> dict[str, Any]:
            return {"key": r.key, "label": r.label, "values": [v.as_dict() for v in r.values]}

        return {
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "time_zone": "Europe/London",
            "suppressed": self.suppressed,
            "suppression_rule": SUPPRESSION_RULE if self.suppressed else "",
            "generated_at": self.generated_at.isoformat(),
            "sections": [
                {
                    "key": s.key,
                    "article": s.article,
                    "title": s.title,
                    "summary": s.summary,
                    "measures": [
                        {
                            "key": m.key,
                            "label": m.label,
                            "definition": m.definition,
                            "value": m.value.as_dict(),
                        }
                        for m in s.measures
                    ],
                    "tables": [
                        {
                            "key": t.key,
                            "title": t.title,
                            "definition": t.definition,
                            "row_heading": t.row_heading,
                            "columns": [
                                {"key": c.key, "label": c.label, "breakdown": c.breakdown}
                                for c in t.columns
                            ],
                            "rows": [row(r) for r in t.rows],
                            "total": row(t.total) if t.total else None,
                        }
                        for t in s.tables
                    ],
                }
                for s in self.sections
            ],
        }


def _tidy(section: str, measure: str, breakdown: str, value: Value, definition: str) -> TidyRow:
    if isinstance(value, Share):
        return TidyRow(
            section,
            measure,
            breakdown,
            value.numerator.value,
            value.denominator.value,
            value.suppressed,
            definition,
        )
    if isinstance(value, Hours):
        hours = None if value.value is None else round(value.value, 2)
        return TidyRow(
            section, measure, breakdown, hours, value.of.value, value.suppressed, definition
        )
    return TidyRow(section, measure, breakdown, value.value, None, value.suppressed, definition)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Inclusive London dates as a half-open range: [start 00:00, day after end 00:00)."""
    return (
        datetime.combine(start, time.min, tzinfo=LONDON),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LONDON),
    )


def nearest_rank(values: Sequence[float], percentile: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percentile / 100 * len(ordered)))
    return ordered[rank - 1]


# ---------------------------------------------------------------------------------------------
# Suppression


def protect(
    raw: dict[str, int], lines: Iterable[Sequence[str]], *, suppress: bool
) -> dict[str, Count]:
    """Primary suppression of 1 to 4, then secondary suppression along each line of linked cells.

    A line is a set of counts where one can be worked out from the others (the cells of a row
    and its total). While any line has exactly one hidden count, hide its next-smallest non-zero
    count too. Cells shared between lines are hidden everywhere at once.
    """
    if not suppress:
        return {key: Count(value) for key, value in raw.items()}
    withheld = {key: SMALL for key, value in raw.items() if 0 < value < SUPPRESS_BELOW}
    line_list = [list(dict.fromkeys(line)) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in line_list:
            hidden = [key for key in line if key in withheld]
            if len(hidden) != 1:
                continue
            candidates = [key for key in line if key not in withheld and raw[key] > 0]
            if not candidates:
                continue
            # Prefer a count that also protects another exposed line, so fewer are hidden.
            exposed = {
                key
                for other in line_list
                if other is not line and sum(k in withheld for k in other) == 1
                for key in other
            }
            chosen = min(
                candidates, key=lambda key: (key not in exposed, raw[key], line.index(key))
            )
            withheld[chosen] = COMPLEMENTARY
            changed = True
    return {
        key: Count(None, withheld[key]) if key in withheld else Count(value)
        for key, value in raw.items()
    }


# ---------------------------------------------------------------------------------------------
# The report

NOT_REFERRED_KINDS = {
    DecisionKind.NO_ACTION_OUT_OF_SCOPE: "Outside our policy (not terrorist content)",
    DecisionKind.NO_ACTION_PROTECTED: "Protected speech: counter-speech, news or research",
    DecisionKind.ESCALATE_POLICE: "Passed to the police instead",
}

TIME_BUCKETS: tuple[tuple[str, str, float], ...] = (
    # key, label, upper bound in hours (exclusive)
    ("under_1h", "Under 1 hour", 1),
    ("1_6h", "1 to 6 hours", 6),
    ("6_24h", "6 to 24 hours", 24),
    ("1_3d", "1 to 3 days", 72),
    ("3_7d", "3 to 7 days", 168),
    ("over_7d", "Over 7 days", math.inf),
)

SHORT_BUCKET_LABELS = {
    "under_1h": "< 1 hour",
    "1_6h": "1-6 hours",
    "6_24h": "6-24 hours",
    "1_3d": "1-3 days",
    "3_7d": "3-7 days",
    "over_7d": "> 7 days",
}


def _bucket(hours: float) -> str:
    for key, _label, upper in TIME_BUCKETS:
        if hours < upper:
            return key
    return TIME_BUCKETS[-1][0]


def _grouped(queryset: QuerySet[Any], field: str, **aggregates: Any) -> dict[Any, dict[str, int]]:
    """``{value of field: {aggregate name: count}}`` in one GROUP BY query."""
    return {
        row[field]: {name: int(row[name] or 0) for name in aggregates}
        for row in queryset.order_by().values(field).annotate(**aggregates)
    }


def transparency_figures(start: date, end: date, *, suppress: bool) -> TransparencyReport:
    """The transparency report for inclusive London dates ``start`` to ``end``. Reads only."""
    lo, hi = period_bounds(start, end)
    period = f"between {long_date(start)} and {long_date(end)}"
    raw: dict[str, int] = {}
    lines: list[list[str]] = []

    # (a) Items by source --------------------------------------------------------------------
    submissions = Submission.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi)
    by_source = _grouped(
        submissions, "source", n=DbCount("id"), items=DbCount("item_id", distinct=True)
    )
    totals = submissions.aggregate(n=DbCount("id"), items=DbCount("item_id", distinct=True))
    sources = list(Source)
    for source in sources:
        raw[f"submissions:{source.value}"] = by_source.get(source.value, {}).get("n", 0)
        raw[f"items:{source.value}"] = by_source.get(source.value, {}).get("items", 0)
    raw["submissions:*"] = totals["n"] or 0
    raw["items:*"] = totals["items"] or 0
    lines.append([*(f"submissions:{s.value}" for s in sources), "submissions:*"])
    lines.append([*(f"items:{s.value}" for s in sources), "items:*"])

    # (a) Cases by tier and ideology ---------------------------------------------------------
    tiers, ideologies = list(Tier), list(Ideology)
    for cell in (
        Case.objects.filter(created_at__gte=lo, created_at__lt=hi)
        .order_by()
        .values("tier", "ideology")
        .annotate(n=DbCount("id"))
    ):
        key = f"cases:{cell['tier']}:{cell['ideology']}"
        raw[key] = raw.get(key, 0) + cell["n"]
    for tier in tiers:
        for ideology in ideologies:
            raw.setdefault(f"cases:{tier.value}:{ideology.value}", 0)
    for tier in tiers:
        raw[f"cases:{tier.value}:*"] = sum(raw[f"cases:{tier.value}:{i.value}"] for i in ideologies)
    for ideology in ideologies:
        raw[f"cases:*:{ideology.value}"] = sum(
            raw[f"cases:{t.value}:{ideology.value}"] for t in tiers
        )
    raw["cases:*:*"] = sum(raw[f"cases:{t.value}:*"] for t in tiers)
    tier_keys = [t.value for t in tiers] + ["*"]
    ideology_keys = [i.value for i in ideologies] + ["*"]
    for t in tier_keys:
        lines.append([f"cases:{t}:{i}" for i in ideology_keys])
    for i in ideology_keys:
        lines.append([f"cases:{t}:{i}" for t in tier_keys])

    # (b) Re-uploads caught ------------------------------------------------------------------
    reuploads = (
        Case.objects.filter(created_at__gte=lo, created_at__lt=hi)
        .filter(Exists(Signal.objects.filter(case=OuterRef("pk"), kind=SignalKind.REUPLOAD)))
        .annotate(
            was_removed=Exists(
                Referral.objects.filter(case=OuterRef("pk"), status=ReferralStatus.REMOVED)
            )
        )
        .aggregate(caught=DbCount("id"), removed=DbCount("id", filter=Q(was_removed=True)))
    )
    raw["reuploads:caught"] = reuploads["caught"] or 0
    raw["reuploads:removed"] = reuploads["removed"] or 0

    # (c) Referrals sent in the period -------------------------------------------------------
    sent = Referral.objects.filter(sent_at__gte=lo, sent_at__lt=hi)
    removed_q = Q(status=ReferralStatus.REMOVED, removed_at__isnull=False)
    counts = {"sent": DbCount("id"), "removed": DbCount("id", filter=removed_q)}
    overall = sent.aggregate(
        **counts,
        still_up=DbCount("id", filter=Q(status=ReferralStatus.STILL_UP)),
        withdrawn=DbCount("id", filter=Q(status=ReferralStatus.WITHDRAWN)),
        accepted=DbCount("id", filter=Q(response=PlatformResponse.ACCEPTED)),
        refused=DbCount("id", filter=Q(response=PlatformResponse.REFUSED)),
        refused_with_reason=DbCount(
            "id", filter=Q(response=PlatformResponse.REFUSED) & ~Q(response_reason="")
        ),
    )
    raw["referrals:sent"] = overall["sent"] or 0
    raw["referrals:removed"] = overall["removed"] or 0
    raw["outcome:still_up"] = overall["still_up"] or 0
    raw["outcome:withdrawn"] = overall["withdrawn"] or 0
    raw["outcome:checking"] = (
        raw["referrals:sent"]
        - raw["referrals:removed"]
        - raw["outcome:still_up"]
        - raw["outcome:withdrawn"]
    )
    lines.append(
        [
            "referrals:removed",
            "outcome:still_up",
            "outcome:checking",
            "outcome:withdrawn",
            "referrals:sent",
        ]
    )
    raw["responses:accepted"] = overall["accepted"] or 0
    raw["responses:refused"] = overall["refused"] or 0
    raw["responses:awaiting"] = (
        raw["referrals:sent"] - raw["responses:accepted"] - raw["responses:refused"]
    )
    raw["responses:refused_with_reason"] = overall["refused_with_reason"] or 0
    lines.append(
        ["responses:accepted", "responses:refused", "responses:awaiting", "referrals:sent"]
    )

    platforms: list[tuple[str, str]] = []
    for platform in (
        sent.order_by("platform__name")
        .values("platform_id", "platform__name")
        .annotate(sent=DbCount("id"), removed=DbCount("id", filter=removed_q))
    ):
        key = str(platform["platform_id"])
        platforms.append((key, platform["platform__name"]))
        raw[f"platform:{key}:sent"] = platform["sent"]
        raw[f"platform:{key}:removed"] = platform["removed"]
    bands = list(SizeBand)
    by_band = _grouped(sent, "platform__size_band", **counts)
    for band in bands:
        raw[f"band:{band.value}:sent"] = by_band.get(band.value, {}).get("sent", 0)
        raw[f"band:{band.value}:removed"] = by_band.get(band.value, {}).get("removed", 0)
    by_ideology = _grouped(sent, "case__ideology", **counts)
    for ideology in ideologies:
        raw[f"ideology:{ideology.value}:sent"] = by_ideology.get(ideology.value, {}).get("sent", 0)
        raw[f"ideology:{ideology.value}:removed"] = by_ideology.get(ideology.value, {}).get(
            "removed", 0
        )
    for prefix, keys in (
        ("platform", [k for k, _ in platforms]),
        ("band", [b.value for b in bands]),
        ("ideology", [i.value for i in ideologies]),
    ):
        for measure in ("sent", "removed"):
            lines.append([*(f"{prefix}:{k}:{measure}" for k in keys), f"referrals:{measure}"])

    # The difference is taken in the database: one duration a row to read, not two times.
    durations = [
        delta.total_seconds() / 3600
        for delta in sent.filter(removed_q)
        .order_by()
        .annotate(
            ttr=ExpressionWrapper(F("removed_at") - F("sent_at"), output_field=DurationField())
        )
        .values_list("ttr", flat=True)
        if delta is not None
    ]
    for key, _label, _upper in TIME_BUCKETS:
        raw[f"ttr:{key}"] = 0
    for hours in durations:
        raw[f"ttr:{_bucket(max(hours, 0.0))}"] += 1
    lines.append([*(f"ttr:{key}" for key, _l, _u in TIME_BUCKETS), "referrals:removed"])

    # (c) Items found and not referred -------------------------------------------------------
    by_kind = {
        r["kind"]: r["n"]
        for r in Decision.objects.filter(
            state=DecisionState.APPLIED,
            is_second_review=False,
            decided_at__gte=lo,
            decided_at__lt=hi,
            kind__in=list(NOT_REFERRED_KINDS),
        )
        .order_by()
        .values("kind")
        .annotate(n=DbCount("id"))
    }
    for kind in NOT_REFERRED_KINDS:
        raw[f"not_referred:{kind.value}"] = by_kind.get(kind.value, 0)
    raw["not_referred:*"] = sum(by_kind.values())
    lines.append([*(f"not_referred:{k.value}" for k in NOT_REFERRED_KINDS), "not_referred:*"])

    # (d) Disputes ---------------------------------------------------------------------------
    by_status = {
        r["status"]: r["n"]
        for r in Dispute.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi)
        .order_by()
        .values("status")
        .annotate(n=DbCount("id"))
    }
    for status in DisputeStatus:
        raw[f"disputes:{status.value}"] = by_status.get(status.value, 0)
    raw["disputes:*"] = sum(by_status.values())
    raw["disputes:decided"] = raw["disputes:upheld"] + raw["disputes:overturned"]
    lines.append([*(f"disputes:{s.value}" for s in DisputeStatus), "disputes:*"])
    lines.append(["disputes:upheld", "disputes:overturned", "disputes:decided"])

    # Suppress, then assemble ----------------------------------------------------------------
    c = protect(raw, lines, suppress=suppress)

    def sent_removed_share(prefix: str, key: str) -> tuple[Value, ...]:
        sent_count, removed_count = c[f"{prefix}:{key}:sent"], c[f"{prefix}:{key}:removed"]
        return (sent_count, removed_count, Share(removed_count, sent_count))

    referral_columns = (
        Column("referrals_sent", "Referrals sent"),
        Column("referrals_removed", "Removed"),
        Column("share_removed", "Share removed"),
    )
    referral_total = Row(
        "*",
        "Total",
        (
            c["referrals:sent"],
            c["referrals:removed"],
            Share(c["referrals:removed"], c["referrals:sent"]),
        ),
    )
    sent_definition = (
        f"Referrals we sent to platforms {period} (by the date and time sent, London time). "
        "'Removed' counts those the platform has since removed or blocked, as found by our "
        "checks; the share removed is removed out of referrals sent. Figures for recent "
        "periods can rise as checks continue."
    )

    measures_taken = Section(
        key="measures_taken",
        article="Article 7(3)(a)",
        title="What we did to find terrorist content",
        summary=(
            "Reports come from members of the public, trusted partner organisations, our "
            "analysts, bulk imports and matches against lists of known terrorist content. A "
            "named person reviews every item against our published policy before anything is "
            "sent to a platform. Nothing here is about individual people."
        ),
        tables=(
            Table(
                key="items_by_source",
                title="Reports received, by source",
                definition=(
                    f"Reports (submissions) received {period}, by where they came from. "
                    "One item of content can be reported more than once and by more than one "
                    "source: 'Items' counts each item once per source, and once in the total."
                ),
                row_heading="Source",
                columns=(Column("submissions", "Reports"), Column("items", "Items")),
                rows=tuple(
                    Row(
                        s.value,
                        s.label,
                        (c[f"submissions:{s.value}"], c[f"items:{s.value}"]),
                    )
                    for s in sources
                ),
                total=Row("*", "Total", (c["submissions:*"], c["items:*"])),
                charts=(
                    Chart(
                        "items_by_source",
                        "Reports received, by source",
                        "bar",
                        tuple((s.label, c[f"submissions:{s.value}"]) for s in sources),
                    ),
                ),
            ),
            Table(
                key="cases_by_tier_and_ideology",
                title="Cases opened, by severity tier and ideology",
                definition=(
                    f"Cases opened {period}: one case per item of content. Tiers follow Tech "
                    "Against Terrorism's alert tiers, from threat to life (tier 1) to "
                    "promotional material (tier 4). Ideology is the one the reviewer recorded "
                    "from the content itself, never from who posted it. Tier and ideology are "
                    "as they stand today."
                ),
                row_heading="Tier",
                columns=(
                    *(Column("cases", i.label, f"Ideology: {i.label}") for i in ideologies),
                    Column("cases", "All ideologies", "Ideology: all"),
                ),
                rows=tuple(
                    Row(
                        t.value,
                        t.label,
                        tuple(c[f"cases:{t.value}:{i}"] for i in ideology_keys),
                    )
                    for t in tiers
                ),
                total=Row("*", "Total", tuple(c[f"cases:*:{i}"] for i in ideology_keys)),
                charts=(
                    Chart(
                        "cases_by_tier",
                        "Cases opened, by tier",
                        "bar",
                        tuple((t.label, c[f"cases:{t.value}:*"]) for t in tiers),
                    ),
                    Chart(
                        "cases_by_ideology",
                        "Cases opened, by ideology",
                        "bar",
                        tuple((i.label, c[f"cases:*:{i.value}"]) for i in ideologies),
                    ),
                ),
            ),
        ),
    )

    reupload_prevention = Section(
        key="reupload_prevention",
        article="Article 7(3)(b)",
        title="Stopping removed content coming back",
        summary=(
            "We keep fingerprints (hashes) of content we have referred, and match new reports "
            "and platform uploads against them, so that a re-upload is spotted and handled "
            "quickly."
        ),
        measures=(
            Measure(
                "reuploads_caught",
                "Re-uploads caught",
                c["reuploads:caught"],
                f"Cases opened {period} that were flagged as a re-upload of content we had "
                "referred before.",
            ),
            Measure(
                "reuploads_removed",
                "Re-uploads removed after referral",
                Share(c["reuploads:removed"], c["reuploads:caught"]),
                "Of the re-uploads caught in the period, those the platform has since removed "
                "after our referral, out of all re-uploads caught.",
            ),
        ),
        charts=(
            Chart(
                "reuploads",
                "Re-uploads caught and removed",
                "bar",
                (
                    ("Re-uploads caught", c["reuploads:caught"]),
                    ("Removed after referral", c["reuploads:removed"]),
                ),
            ),
        ),
    )

    removed_count = c["referrals:removed"]
    # Withheld with the count they are based on, and never kept in the report at all.
    median = None if removed_count.suppressed else nearest_rank(durations, 50)
    p90 = None if removed_count.suppressed else nearest_rank(durations, 90)
    items_removed = Section(
        key="items_removed",
        article="Article 7(3)(c)",
        title="Content removed after our referrals",
        summary=(
            "We ask platforms to remove content that breaks the law or their own rules. We do "
            "not remove anything ourselves: the platform decides. We check afterwards whether "
            "the content is still there."
        ),
        measures=(
            Measure("referrals_sent", "Referrals sent", c["referrals:sent"], sent_definition),
            Measure(
                "share_removed",
                "Referrals removed by the platform",
                Share(c["referrals:removed"], c["referrals:sent"]),
                sent_definition,
            ),
            Measure(
                "median_hours_to_removal",
                "Median time to removal",
                Hours(median, removed_count),
                "For referrals sent in the period and since removed: the time from sending the "
                "referral to our check finding the content gone, in hours. Median by the "
                "nearest-rank method (half of removals took this long or less).",
            ),
            Measure(
                "p90_hours_to_removal",
                "90th percentile time to removal",
                Hours(p90, removed_count),
                "As for the median, but the 90th percentile by the nearest-rank method: 9 in 10 "
                "removals took this long or less.",
            ),
        ),
        tables=(
            Table(
                key="referrals_by_platform",
                title="Referrals sent and removed, by platform",
                definition=sent_definition,
                row_heading="Platform",
                columns=referral_columns,
                rows=tuple(
                    Row(key, name, sent_removed_share("platform", key)) for key, name in platforms
                ),
                total=referral_total,
                charts=(
                    Chart(
                        "referrals_by_platform",
                        "Referrals sent, by platform",
                        "bar",
                        tuple((name, c[f"platform:{key}:sent"]) for key, name in platforms),
                    ),
                ),
            ),
            Table(
                key="referrals_by_size_band",
                title="Referrals sent and removed, by platform size",
                definition=sent_definition
                + " Platform size is by monthly users in the UK, as we last recorded it.",
                row_heading="Platform size",
                columns=referral_columns,
                rows=tuple(
                    Row(b.value, b.label, sent_removed_share("band", b.value)) for b in bands
                ),
                total=referral_total,
                charts=(
                    Chart(
                        "referrals_by_size_band",
                        "Referrals sent, by platform size",
                        "bar",
                        tuple((b.label, c[f"band:{b.value}:sent"]) for b in bands),
                    ),
                ),
            ),
            Table(
                key="referrals_by_ideology",
                title="Referrals sent and removed, by ideology",
                definition=sent_definition
                + " Ideology is the one recorded on the case, from the content itself.",
                row_heading="Ideology",
                columns=referral_columns,
                rows=tuple(
                    Row(i.value or "not_assessed", i.label, sent_removed_share("ideology", i.value))
                    for i in ideologies
                ),
                total=referral_total,
            ),
            Table(
                key="time_to_removal",
                title="Time from referral to removal",
                definition=(
                    "For referrals sent in the period and since removed: the time from sending "
                    "to our check finding the content gone. Each band includes its lower limit "
                    "and excludes its upper limit (so exactly 6 hours counts in '6 to 24 hours')."
                ),
                row_heading="Time to removal",
                columns=(Column("referrals_removed", "Referrals removed"),),
                rows=tuple(
                    Row(key, label, (c[f"ttr:{key}"],)) for key, label, _upper in TIME_BUCKETS
                ),
                total=Row("*", "Total", (removed_count,)),
                charts=(
                    Chart(
                        "time_to_removal",
                        "Referrals removed, by time to removal",
                        "histogram",
                        tuple(
                            (SHORT_BUCKET_LABELS[key], c[f"ttr:{key}"])
                            for key, _l, _u in TIME_BUCKETS
                        ),
                    ),
                ),
            ),
        ),
    )

    outcome_rows = (
        ("removed", "Removed", c["referrals:removed"]),
        ("still_up", "Still up after our checks", c["outcome:still_up"]),
        ("checking", "Still being checked", c["outcome:checking"]),
        ("withdrawn", "Withdrawn by us after a dispute", c["outcome:withdrawn"]),
    )
    response_rows = (
        ("accepted", "Accepted", c["responses:accepted"]),
        ("refused", "Refused", c["responses:refused"]),
        ("awaiting", "No reply yet", c["responses:awaiting"]),
    )
    not_referred_rows = tuple(
        (kind.value, label, c[f"not_referred:{kind.value}"])
        for kind, label in NOT_REFERRED_KINDS.items()
    )
    not_actioned = Section(
        key="not_actioned",
        article="Article 7(3)(c)",
        title="Referrals not acted on, and items we chose not to refer",
        summary=(
            "Not every referral leads to removal, and not everything reported to us is "
            "terrorist content. These figures show what happened to our referrals, how "
            "platforms replied, and why we did not refer some items at all."
        ),
        measures=(
            Measure(
                "refusals_with_reason",
                "Refusals where the platform gave a reason",
                Share(c["responses:refused_with_reason"], c["responses:refused"]),
                f"Of referrals sent {period} that the platform refused, those where the "
                "platform told us why.",
            ),
        ),
        tables=(
            Table(
                key="referral_outcomes",
                title="What happened to referrals sent",
                definition=(
                    f"Referrals sent {period}, by where they stand today. 'Still up' means "
                    "the content was still there after our scheduled checks; 'still being "
                    "checked' means checks are continuing."
                ),
                row_heading="Outcome",
                columns=(Column("referrals", "Referrals"),),
                rows=tuple(Row(k, label, (v,)) for k, label, v in outcome_rows),
                total=Row("*", "Total", (c["referrals:sent"],)),
                charts=(
                    Chart(
                        "referral_outcomes",
                        "What happened to referrals sent",
                        "bar",
                        tuple((label, v) for _k, label, v in outcome_rows),
                    ),
                ),
            ),
            Table(
                key="platform_responses",
                title="How platforms replied",
                definition=f"Referrals sent {period}, by the platform's reply to us.",
                row_heading="Reply",
                columns=(Column("referrals", "Referrals"),),
                rows=tuple(Row(k, label, (v,)) for k, label, v in response_rows),
                total=Row("*", "Total", (c["referrals:sent"],)),
                charts=(
                    Chart(
                        "platform_responses",
                        "How platforms replied",
                        "bar",
                        tuple((label, v) for _k, label, v in response_rows),
                    ),
                ),
            ),
            Table(
                key="not_referred",
                title="Items reviewed and not referred, by reason",
                definition=(
                    f"First-review decisions made {period} (and not undone) not to refer an "
                    "item to the platform, by the reason recorded. Items passed to the police "
                    "are handled by them instead."
                ),
                row_heading="Reason",
                columns=(Column("decisions", "Items"),),
                rows=tuple(Row(k, label, (v,)) for k, label, v in not_referred_rows),
                total=Row("*", "Total", (c["not_referred:*"],)),
                charts=(
                    Chart(
                        "not_referred",
                        "Items not referred, by reason",
                        "bar",
                        tuple((label, v) for _k, label, v in not_referred_rows),
                    ),
                ),
            ),
        ),
    )

    dispute_labels = {
        DisputeStatus.OPEN: "Still being reviewed",
        DisputeStatus.UPHELD: "Referral upheld",
        DisputeStatus.OVERTURNED: "Referral overturned",
    }
    complaints = Section(
        key="complaints",
        article="Article 7(3)(d)",
        title="Disputes and their outcome",
        summary=(
            "A platform or the person who posted the content can dispute a referral. A senior "
            "analyst who took no part in the original decision reviews it."
        ),
        measures=(
            Measure(
                "disputes_decided",
                "Disputes decided",
                c["disputes:decided"],
                f"Disputes received {period} that have been decided (upheld or overturned).",
            ),
            Measure(
                "overturn_rate",
                "Disputes where we overturned our referral",
                Share(c["disputes:overturned"], c["disputes:decided"]),
                f"Of disputes received {period} and decided, those where we overturned our "
                "referral. Disputes still being reviewed are not counted.",
            ),
        ),
        tables=(
            Table(
                key="disputes_by_outcome",
                title="Disputes received, by outcome",
                definition=f"Disputes received {period}, by their outcome today.",
                row_heading="Outcome",
                columns=(Column("disputes", "Disputes"),),
                rows=tuple(
                    Row(s.value, dispute_labels[s], (c[f"disputes:{s.value}"],))
                    for s in DisputeStatus
                ),
                total=Row("*", "Total", (c["disputes:*"],)),
                charts=(
                    Chart(
                        "disputes_by_outcome",
                        "Disputes received, by outcome",
                        "bar",
                        tuple((dispute_labels[s], c[f"disputes:{s.value}"]) for s in DisputeStatus),
                    ),
                ),
            ),
        ),
    )

    restorations = Section(
        key="restorations",
        article="Article 7(3)(g)",
        title="Content restored",
        summary=(
            "When a dispute shows a referral was wrong, we withdraw it and tell the platform, "
            "so that it can restore the content."
        ),
        measures=(
            Measure(
                "restorations",
                "Referrals withdrawn so the content could be restored",
                Share(c["outcome:withdrawn"], c["referrals:sent"]),
                f"Referrals sent {period} that we have since withdrawn after a dispute, out of "
                "all referrals sent in the period.",
            ),
        ),
        charts=(
            Chart(
                "restorations",
                "Referrals sent and withdrawn",
                "bar",
                (
                    ("Referrals sent", c["referrals:sent"]),
                    ("Withdrawn after a dispute", c["outcome:withdrawn"]),
                ),
            ),
        ),
    )

    return TransparencyReport(
        start=start,
        end=end,
        suppressed=suppress,
        generated_at=timezone.now(),
        sections=(
            measures_taken,
            reupload_prevention,
            items_removed,
            not_actioned,
            complaints,
            restorations,
        ),
    )
