"""Reads for Insights: the overview (every measure for a period, with its trend), the borough
map of a measure, the data quality counts and the annual report's snapshot of figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from endeavour.core.maps import TileMap, tile_map
from endeavour.core.models import Borough
from endeavour.insights import measures as registry
from endeavour.insights.measures import AIMS, Figure, Measure, Sources
from endeavour.insights.models import BoroughPopulation, PopulationSet
from endeavour.insights.periods import Period
from endeavour.online.charts import Bar, bar_chart

PER_100K = 100_000


def short_text(figure: Figure) -> str:
    """What a bar in a trend chart says."""
    if figure.suppressed:
        return "not shown"
    if figure.value is None:
        return "no data"
    if figure.unit == "share":
        return f"{figure.value:.0f}%"
    if figure.unit == "hours":
        return f"{figure.value:,.1f} hours"
    if figure.unit == "money":
        return f"£{figure.value:,.0f}"
    return f"{figure.value:,.0f}"


def trend_chart(chart_id: str, title: str, points: list[tuple[str, Figure]]) -> SafeString:
    bars = [
        Bar(
            label,
            None if figure.value is None or figure.suppressed else round(figure.value),
            short_text(figure),
        )
        for label, figure in points
    ]
    return bar_chart(chart_id, title, bars)


@dataclass
class MeasureView:
    measure: Measure
    figure: Figure
    trend: list[tuple[str, Figure]]
    records_url: str = ""
    records_label: str = ""

    @property
    def chart(self) -> SafeString:
        return trend_chart(f"trend-{self.measure.key}", f"{self.measure.label}: trend", self.trend)


@dataclass
class AimView:
    key: str
    label: str
    measures: list[MeasureView] = field(default_factory=list)


@dataclass
class Overview:
    period: Period
    public: bool
    borough: Borough | None
    aims: list[AimView]
    generated_at: datetime

    @property
    def measure_views(self) -> list[MeasureView]:
        return [view for aim in self.aims for view in aim.measures]

    def view(self, key: str) -> MeasureView:
        return next(v for v in self.measure_views if v.measure.key == key)

    def table_rows(self) -> list[list[Any]]:
        """One row per figure (this period and each trend period), for CSV and Excel."""
        rows: list[list[Any]] = []
        place = self.borough.name if self.borough else "London"
        for aim in self.aims:
            for view in aim.measures:
                for label, figure in view.trend:
                    rows.append(
                        [
                            aim.label,
                            view.measure.key,
                            view.measure.label,
                            place,
                            label,
                            *figure_cells(figure),
                            view.measure.definition,
                        ]
                    )
        return rows


TABLE_HEADINGS = [
    "Aim",
    "Measure key",
    "Measure",
    "Area",
    "Period",
    "Unit",
    "Value",
    "Numerator",
    "Denominator",
    "Base",
    "Withheld",
    "As written",
    "Definition",
]


def figure_cells(figure: Figure) -> list[Any]:
    return [
        figure.unit,
        figure.value,
        figure.numerator,
        figure.denominator,
        figure.base,
        "yes" if figure.suppressed else "no",
        figure.text,
    ]


def overview(
    period: Period,
    *,
    public: bool,
    borough: Borough | None = None,
    records_for: Any = None,
    sources: Sources | None = None,
) -> Overview:
    """Every measure (published ones for the public; those with a borough for one borough) for
    the period, with the same measure for the periods before it; with ``records_for`` (a user),
    the link to the records behind each figure that that user may open."""
    sources = sources or Sources(public=public)
    chosen = registry.measures(public=public, with_borough=borough is not None)
    gss = borough.gss_code if borough else None
    trend_periods = period.trend()
    aims: list[AimView] = []
    for aim_key, aim_label in AIMS:
        aim = AimView(aim_key, aim_label)
        for measure in chosen:
            if measure.aim != aim_key:
                continue
            trend = [(p.short_label, measure.figure(sources, p, gss)) for p in trend_periods]
            link = registry.records_link(measure, period, records_for) if records_for else None
            label, url = link or ("", "")
            aim.measures.append(MeasureView(measure, trend[-1][1], trend, url, label))
        if aim.measures:
            aims.append(aim)
    return Overview(period, public, borough, aims, timezone.now())


# ---------------------------------------------------------------------------------------------
# The map


def current_populations() -> tuple[PopulationSet | None, dict[str, int]]:
    latest = PopulationSet.objects.first()
    if latest is None:
        return None, {}
    return latest, dict(
        BoroughPopulation.objects.filter(population_set=latest).values_list(
            "borough__gss_code", "population"
        )
    )


@dataclass
class MapView:
    measure: Measure
    period: Period
    public: bool
    per_capita: bool
    figures: dict[str, Figure]
    total: Figure
    map: TileMap
    populations: PopulationSet | None
    population_by_gss: dict[str, int]

    def table_rows(self) -> list[list[Any]]:
        rows = []
        for entry in self.map.rows:
            figure = self.figures.get(entry.gss_code)
            population = self.population_by_gss.get(entry.gss_code)
            rows.append(
                [
                    entry.gss_code,
                    entry.name,
                    self.measure.label,
                    self.period.label,
                    *(figure_cells(figure) if figure else [""] * 7),
                    population if self.per_capita else "",
                    entry.value if self.per_capita else "",
                ]
            )
        return rows

    @property
    def borough_sum(self) -> float | None:
        """The boroughs added up, for additive measures (None if any is withheld)."""
        values = [f.value for f in self.figures.values()]
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None)


MAP_HEADINGS = [
    "GSS code",
    "Borough",
    "Measure",
    "Period",
    "Unit",
    "Value",
    "Numerator",
    "Denominator",
    "Base",
    "Withheld",
    "As written",
    "Population",
    "Per 100,000 residents",
]


def borough_map(
    measure: Measure, period: Period, *, public: bool, per_capita: bool = False
) -> MapView:
    if measure.by_borough is None:
        raise ValueError(f"{measure.key} has no borough breakdown")
    sources = Sources(public=public)
    figures = measure.by_borough(sources, period)
    total = measure.figure(sources, period)
    population_set, populations = current_populations() if per_capita else (None, {})
    per_capita = per_capita and measure.per_capita and population_set is not None
    values: dict[str, float | None] = {}
    suppress_below: int | None = None
    notes = [period.label]
    for gss, figure in figures.items():
        small = figure.suppressed and figure.text.startswith("fewer than")
        if per_capita:
            population = populations.get(gss)
            values[gss] = (
                None
                if figure.value is None or not population
                else round(figure.value * PER_100K / population, 1)
            )
        elif small and figure.unit == "count":
            values[gss] = 1  # drawn as "fewer than 5", never as a value
            suppress_below = registry.SUPPRESS_BELOW
        else:
            values[gss] = figure.value
    if any(f.suppressed for f in figures.values()):
        notes.append(
            "Counts from 1 to 4 are not shown; where a tile says no data, the count may also be "
            "withheld so that a small count cannot be worked out from the total"
        )
    if per_capita and population_set is not None:
        notes.append(f"Per 100,000 residents, populations from {population_set}")
    heading = "Per 100,000 residents" if per_capita else measure.label
    formatter = (
        (lambda v: f"{v:,.1f}")
        if per_capita or measure.unit == "hours"
        else (lambda v: f"£{v:,.0f}")
        if measure.unit == "money"
        else (lambda v: f"{v:.0f}%")
        if measure.unit == "share"
        else (lambda v: f"{v:,.0f}")
    )
    title = f"{measure.label}{' per 100,000 residents' if per_capita else ''}, by borough"
    drawn = tile_map(
        values,
        title=title,
        map_id=f"map-{measure.key}",
        formatter=formatter,
        suppress_below=suppress_below,
        value_heading=heading,
        note=". ".join(notes),
    )
    return MapView(
        measure,
        period,
        public,
        per_capita,
        figures,
        total,
        drawn,
        population_set,
        populations,
    )


# ---------------------------------------------------------------------------------------------
# Data quality


@dataclass(frozen=True)
class QualityItem:
    key: str
    aim: str
    label: str
    count: int
    explanation: str
    url: str
    link_text: str


def data_quality(now: datetime | None = None) -> list[QualityItem]:
    from endeavour.grants.selectors.work import overdue
    from endeavour.online.models import Referral, ReferralStatus
    from endeavour.recommendations.models import Recommendation, StatusChange
    from endeavour.safeguarding.selectors.directory import needing_check

    now = now or timezone.now()
    awaiting = Referral.objects.filter(status=ReferralStatus.SENT)
    no_check = awaiting.filter(next_check_at__isnull=True).count()
    overdue_checks = awaiting.filter(next_check_at__lt=now - timedelta(hours=1)).count()
    with_evidence = StatusChange.objects.filter(
        recommendation=OuterRef("pk"), status__counts_as_implemented=True
    ).filter(Q(~Q(evidence_url="")) | Q(files__isnull=False))
    implemented_without = (
        Recommendation.objects.filter(current_status__counts_as_implemented=True)
        .filter(~Exists(with_evidence))
        .count()
    )
    changes_without = (
        StatusChange.objects.exclude(kind="added")
        .filter(evidence_url="", files__isnull=True)
        .count()
    )
    sent = f"{reverse('online:referral-list')}?status=sent"
    implemented = f"{reverse('recommendations:recommendation-list')}?status=implemented"
    return [
        QualityItem(
            "referrals_without_check",
            "Stop the spread",
            "Referrals awaiting an outcome with no check scheduled",
            no_check,
            "Sent referrals whose outcome is unknown and which have no outcome check due, so "
            "they will stay 'still being checked' and never count as removed or still up.",
            sent,
            "Sent referrals",
        ),
        QualityItem(
            "referrals_check_overdue",
            "Stop the spread",
            "Referrals whose outcome check is overdue",
            overdue_checks,
            "Sent referrals whose next outcome check was due more than an hour ago: the checks "
            "are not running, so the share removed and the time to removal are out of date.",
            sent,
            "Sent referrals",
        ),
        QualityItem(
            "overdue_returns",
            "Strengthen communities",
            "Overdue grant monitoring returns",
            overdue().count(),
            "Monitoring returns past their due date and not submitted: reach and outcome "
            "change leave these projects out until they come in.",
            reverse("grants:work"),
            "Fund work list",
        ),
        QualityItem(
            "implemented_without_evidence",
            "Review and improve",
            "Recommendations implemented without evidence",
            implemented_without,
            "Recommendations whose current status counts as implemented, where no status "
            "change to an implemented status carries a link or a document.",
            implemented,
            "Recommendations reported implemented",
        ),
        QualityItem(
            "status_changes_without_evidence",
            "Review and improve",
            "Status changes without a link or document",
            changes_without,
            "Status updates recorded with a note only: the note may describe the evidence, but "
            "nobody can open it.",
            reverse("recommendations:recommendation-list"),
            "All recommendations",
        ),
        QualityItem(
            "stale_services",
            "Safeguard",
            "Help-finder services not checked in time",
            needing_check().count(),
            "Services listed in the public help finder whose details nobody has checked within "
            "the checking period: people may be sent to a number that no longer works.",
            f"{reverse('safeguarding:service-list')}?due=1",
            "Services due a check",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The annual report's snapshot

SNAPSHOT_VERSION = 1


def official_snapshot(year_ending: int) -> dict[str, Any] | None:
    """Prevent referrals by type of concern (else the first table published), London against
    England and Wales, for the year ending 31 March ``year_ending``, from the official statistics
    module when it is installed and that year's publication is imported; public figures, stored
    in the report so that they are frozen with it. Categories exactly as published."""
    try:
        from endeavour.official_stats.selectors import london_vs_england_and_wales
    except ImportError:
        return None
    comparison = london_vs_england_and_wales(year_ending)
    if comparison is None or not comparison.dimensions:
        return None
    dimension = comparison.get("ideology") or comparison.dimensions[0]
    london_of_all = comparison.london_of_all
    return {
        "title": f"Prevent referrals by {dimension.label.lower()}, {dimension.year_label}",
        "publication": str(comparison.publication),
        "london_label": dimension.london_label or "London",
        "england_and_wales_label": dimension.england_and_wales_label or "England and Wales",
        "london_of_all": london_of_all.text if london_of_all else "",
        "rows": [
            [
                row.category,
                row.london.text,
                row.london_share.text,
                row.england_and_wales.text,
                row.england_and_wales_share.text,
            ]
            for row in dimension.rows
        ],
        "shares": [
            [row.category, row.london_share.percent, row.england_and_wales_share.percent]
            for row in dimension.categories
        ],
    }


def official_chart(official: dict[str, Any]) -> SafeString:
    bars = []
    for category, london, england_and_wales in official.get("shares", []):
        for area, value in (("London", london), ("England and Wales", england_and_wales)):
            text = "not available" if value is None else f"{value}%"
            bars.append(Bar(f"{category}: {area}", value, text))
    return bar_chart("report-official", official["title"], bars)


def report_snapshot(period: Period) -> dict[str, Any]:
    """The public figures of every published measure for the period, as stored in the report,
    with the official statistics of the same financial year where they have been imported."""
    found = overview(period, public=True)
    return {
        "version": SNAPSHOT_VERSION,
        "official": official_snapshot(period.end.year),
        "period": {
            "label": found.period.label,
            "start": found.period.start.isoformat(),
            "end": found.period.end.isoformat(),
        },
        "aims": [
            {
                "key": aim.key,
                "label": aim.label,
                "measures": [
                    {
                        "key": view.measure.key,
                        "label": view.measure.label,
                        "definition": view.measure.definition,
                        "figure": view.figure.as_dict(),
                        "trend": [
                            {"label": label, "figure": figure.as_dict()}
                            for label, figure in view.trend
                        ],
                    }
                    for view in aim.measures
                ],
            }
            for aim in found.aims
        ],
    }


@dataclass
class SnapshotMeasure:
    key: str
    label: str
    definition: str
    figure: Figure
    trend: list[tuple[str, Figure]]

    @property
    def chart(self) -> SafeString:
        return trend_chart(f"report-{self.key}", f"{self.label}: trend", self.trend)


@dataclass
class SnapshotAim:
    key: str
    label: str
    measures: list[SnapshotMeasure]
    narrative: str = ""


def snapshot_aims(
    figures: dict[str, Any], narrative: dict[str, str] | None = None
) -> list[SnapshotAim]:
    narrative = narrative or {}
    return [
        SnapshotAim(
            aim["key"],
            aim["label"],
            [
                SnapshotMeasure(
                    m["key"],
                    m["label"],
                    m["definition"],
                    Figure.from_dict(m["figure"]),
                    [(t["label"], Figure.from_dict(t["figure"])) for t in m["trend"]],
                )
                for m in aim["measures"]
            ],
            narrative.get(aim["key"], ""),
        )
        for aim in figures.get("aims", [])
    ]
