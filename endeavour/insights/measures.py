"""The one registry of the programme's measures.

Every figure on the overview, the map, the annual report, the exports and the API comes from a
``Measure`` here, and every measure calls its module's own figures selector (the transparency
figures, the safeguarding and fund figures, the hate incident trends, the recommendation
history), so a measure shows the same number here as on the module's own page for the same
period. Nothing is counted twice in two ways.

A measure has: a key, an aim, a label, a plain-English definition (what is counted, which date
decides the period, what the base is), a unit, a function (period, public) -> ``Figure`` with
its base, a borough breakdown where the records have a borough, a builder of the URL of the
records behind it (staff only: a list or figures page of the module itself), and whether it is
published. Public figures withhold counts from 1 to 4 ("fewer than 5").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils import timezone

from endeavour.consultations.selectors.findings import Count as CellCount
from endeavour.consultations.selectors.findings import percent as whole_percent
from endeavour.consultations.selectors.findings import protect
from endeavour.core.models import Borough
from endeavour.insights.periods import Period, add_months
from endeavour.online.selectors.figures import COMPLEMENTARY

SUPPRESS_BELOW = 5

Aim = Literal["stop_the_spread", "safeguard", "strengthen", "review"]
AIMS: tuple[tuple[Aim, str], ...] = (
    ("stop_the_spread", "Stop the spread of extremist ideologies"),
    ("safeguard", "Safeguard vulnerable people"),
    ("strengthen", "Strengthen communities"),
    ("review", "Review and improve"),
)
AIM_LABELS: dict[str, str] = dict(AIMS)
Unit = Literal["count", "share", "hours", "money", "change"]


@dataclass(frozen=True)
class Figure:
    """One value with its base. ``value`` is the count, percentage, hours or pounds (None when
    withheld or when there is nothing to count); ``text`` is what every page writes."""

    unit: Unit
    value: float | None
    text: str
    numerator: int | None = None
    denominator: int | None = None
    base: str = ""
    suppressed: bool = False
    details: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "base": self.base,
            "suppressed": self.suppressed,
            "text": self.text,
            "details": list(self.details),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(
            unit=data["unit"],
            value=data["value"],
            text=data["text"],
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            base=data.get("base", ""),
            suppressed=data.get("suppressed", False),
            details=tuple(data.get("details", ())),
        )


def is_small(n: int | None) -> bool:
    return n is not None and 0 < n < SUPPRESS_BELOW


def count_figure(n: int, *, public: bool, base: str) -> Figure:
    if public and is_small(n):
        return Figure("count", None, f"fewer than {SUPPRESS_BELOW}", None, None, base, True)
    return Figure("count", n, f"{n:,}", n, None, base)


def share_figure(
    n: int,
    d: int,
    *,
    public: bool,
    noun: str,
    base: str,
    percent_text: Callable[[int, int], str] | None = None,
) -> Figure:
    """ "41 of 57 referrals removed (72%)"."""
    if public and (is_small(n) or is_small(d)):
        shown_n = "fewer than 5" if is_small(n) else f"{n:,}"
        shown_d = "fewer than 5" if is_small(d) else f"{d:,}"
        text = f"{shown_n} of {shown_d} {noun} (percentage not shown)"
        return Figure("share", None, text, None, None, base, True)
    if not d:
        return Figure("share", None, f"0 of 0 {noun} (no percentage)", n, d, base)
    pct = percent_text(n, d) if percent_text else f"{whole_percent(n, d)}%"
    value = round(100 * n / d, 1)
    return Figure("share", value, f"{n:,} of {d:,} {noun} ({pct})", n, d, base)


def money_figure(amount: Decimal | int, *, base: str) -> Figure:
    pounds = Decimal(amount).quantize(Decimal(1))
    return Figure("money", float(pounds), f"£{pounds:,}", None, None, base)


# ---------------------------------------------------------------------------------------------
# What the measures read: each module's selector, once per period and audience per request.


class Sources:
    """A per-request memo of the modules' figures, so ten measures cost one call each."""

    def __init__(self, *, public: bool) -> None:
        self.public = public
        self._memo: dict[tuple[str, Period], Any] = {}
        self._boroughs: dict[int, Borough] | None = None
        self._history: Any = None

    def _get(self, name: str, period: Period, build: Callable[[], Any]) -> Any:
        key = (name, period)
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    @property
    def boroughs(self) -> dict[int, Borough]:
        if self._boroughs is None:
            self._boroughs = {b.pk: b for b in Borough.objects.filter(region="London")}
        return self._boroughs

    def gss_by_name(self) -> dict[str, str]:
        return {b.name: b.gss_code for b in self.boroughs.values()}

    def online(self, period: Period) -> Any:
        from endeavour.online.selectors.figures import transparency_figures

        return self._get(
            "online",
            period,
            lambda: transparency_figures(period.start, period.end, suppress=self.public),
        )

    def safeguarding(self, period: Period) -> Any:
        from endeavour.safeguarding.selectors.figures import totals_between

        return self._get(
            "safeguarding", period, lambda: totals_between(period.start, period.end_exclusive)
        )

    def grants(self, period: Period) -> Any:
        from endeavour.grants.selectors.figures import fund_figures

        return self._get(
            "grants",
            period,
            lambda: fund_figures(public=self.public, starting=(period.start, period.end_exclusive)),
        )

    def incidents(self, period: Period) -> Any:
        from endeavour.incidents.selectors import trends

        def build() -> Any:
            months = trends.Period(period.start, add_months(period.end, 0))
            return trends.incident_trends(months, suppress=self.public)

        return self._get("incidents", period, build)

    def recommendations(self, period: Period) -> Any:
        from endeavour.recommendations.models import Recommendation
        from endeavour.recommendations.selectors.figures import load_history

        if self._history is None:
            # One load of the dated history answers "as at" any day, for every period.
            items = Recommendation.objects.all()
            if self.public:
                items = items.filter(source__is_published=True)
            self._history = load_history(items)
        history = self._history
        return self._get(
            "recommendations", period, lambda: history.figure(recommendations_as_at(period))
        )


def recommendations_as_at(period: Period) -> date:
    """The period's last day, or today for a period not yet over."""
    return min(period.end, timezone.localdate())


# ---------------------------------------------------------------------------------------------
# The registry

ValueFn = Callable[[Sources, Period], Figure]
BoroughFn = Callable[[Sources, Period], dict[str, Figure]]
RecordsFn = Callable[[Period], str]


@dataclass(frozen=True)
class Measure:
    key: str
    aim: Aim
    label: str
    definition: str
    unit: Unit
    value: ValueFn
    by_borough: BoroughFn | None = None
    records: RecordsFn | None = None
    records_label: str = ""
    public: bool = True
    # Where to send staff who may not open ``records`` (the module's figures page instead).
    fallback_records: RecordsFn | None = None
    fallback_label: str = ""
    additive: bool = False  # the borough values add up to the London total
    per_capita: bool = False  # a count of people or cases that makes sense per 100,000 residents
    module_page: str = ""  # the module's own figures page (URL name), for "same number as"

    @property
    def aim_label(self) -> str:
        return AIM_LABELS[self.aim]

    def figure(self, sources: Sources, period: Period, borough: str | None = None) -> Figure:
        if borough is None:
            return self.value(sources, period)
        if self.by_borough is None:
            raise ValueError(f"{self.key} has no borough breakdown")
        found = self.by_borough(sources, period).get(borough)
        return found or _zero(self.unit)


def _zero(unit: Unit) -> Figure:
    if unit == "share":
        return Figure("share", None, "0 of 0 (no percentage)", 0, 0)
    if unit == "money":
        return Figure("money", 0, "£0")
    return Figure(unit, 0, "0", 0)


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    if measure.key in REGISTRY:
        raise ValueError(f"Measure {measure.key} is registered twice")
    REGISTRY[measure.key] = measure
    return measure


def measures(*, public: bool = False, with_borough: bool = False) -> list[Measure]:
    found = [m for m in REGISTRY.values() if (m.public or not public)]
    if with_borough:
        found = [m for m in found if m.by_borough is not None]
    order = [aim for aim, _label in AIMS]
    return sorted(found, key=lambda m: order.index(m.aim))


def get(key: str) -> Measure:
    return REGISTRY[key]


def may_open(user: Any, url: str) -> bool:
    """Whether ``user`` passes the access rule of the page at ``url``."""
    from django.urls import Resolver404, resolve

    from endeavour.core.access import rule_of

    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    rule = rule_of(match.func)
    return rule is not None and bool(rule(user))


def records_link(measure: Measure, period: Period, user: Any) -> tuple[str, str] | None:
    """The records behind a figure that this user may open: (label, URL), or None."""
    for build, label in (
        (measure.records, measure.records_label),
        (measure.fallback_records, measure.fallback_label),
    ):
        if build is not None:
            url = build(period)
            if may_open(user, url):
                return label, url
    return None


def _url(name: str, query: dict[str, str] | None = None) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _dates(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


# Stop the spread ------------------------------------------------------------------------------

SENT_BASE = "referrals sent to platforms in the period"


def _online_measure(sources: Sources, period: Period, key: str) -> Any:
    return sources.online(period).measure(key).value


def referrals_sent(sources: Sources, period: Period) -> Figure:
    count = _online_measure(sources, period, "referrals_sent")
    return Figure("count", count.value, count.display, count.value, None, "", count.suppressed)


def share_removed(sources: Sources, period: Period) -> Figure:
    from endeavour.online.selectors.figures import percent_text

    share = _online_measure(sources, period, "share_removed")
    if share.suppressed:
        return Figure("share", None, share.display, None, None, SENT_BASE, True)
    n, d = share.numerator.value or 0, share.denominator.value or 0
    return share_figure(
        n, d, public=False, noun="referrals removed", base=SENT_BASE, percent_text=percent_text
    )


def _hours(key: str) -> ValueFn:
    def value(sources: Sources, period: Period) -> Figure:
        hours = _online_measure(sources, period, key)
        based_on = hours.of.value
        base = (
            "the number of removals is withheld to protect a small count"
            if hours.of.withheld == COMPLEMENTARY
            else f"based on {hours.of.display} removals"
        )
        if hours.suppressed or hours.value is None:
            return Figure("hours", None, hours.display, None, based_on, base, hours.suppressed)
        return Figure("hours", round(hours.value, 2), hours.display, None, based_on, base)

    return value


def disputes_overturned(sources: Sources, period: Period) -> Figure:
    from endeavour.online.selectors.figures import percent_text

    share = _online_measure(sources, period, "overturn_rate")
    base = "disputes received in the period and decided"
    if share.suppressed:
        return Figure("share", None, share.display, None, None, base, True)
    n, d = share.numerator.value or 0, share.denominator.value or 0
    return share_figure(
        n, d, public=False, noun="disputes overturned", base=base, percent_text=percent_text
    )


def _transparency_page(period: Period) -> str:
    return _url("online:figures", _dates(period))


TRANSPARENCY_DEFINITION = (
    "Referrals we sent to platforms, counted by the date and time each was sent (London time). "
)

register(
    Measure(
        key="referrals_sent",
        aim="stop_the_spread",
        label="Referrals made",
        definition=TRANSPARENCY_DEFINITION
        + "A count of referrals, not of items or people. Same as 'Referrals sent' in the "
        "transparency figures.",
        unit="count",
        value=referrals_sent,
        records=_transparency_page,
        records_label="Transparency figures for this period",
        module_page="online:figures",
    )
)
register(
    Measure(
        key="share_removed",
        aim="stop_the_spread",
        label="Share removed",
        definition=TRANSPARENCY_DEFINITION
        + "Removed counts those the platform has since removed or blocked, as found by our "
        "outcome checks. The base is every referral sent in the period. Recent periods can rise "
        "as checks continue.",
        unit="share",
        value=share_removed,
        records=lambda period: _url("online:referral-list", {"status": "removed"}),
        records_label="Removed referrals",
        fallback_records=_transparency_page,
        fallback_label="Transparency figures for this period",
        module_page="online:figures",
    )
)
register(
    Measure(
        key="median_hours_to_removal",
        aim="stop_the_spread",
        label="Median time to removal",
        definition="For referrals sent in the period (by the date sent) and since removed: the "
        "time from sending to our check finding the content gone. Median by the nearest-rank "
        "method. The base is the removed referrals.",
        unit="hours",
        value=_hours("median_hours_to_removal"),
        records=_transparency_page,
        records_label="Time to removal in the transparency figures",
        module_page="online:figures",
    )
)
register(
    Measure(
        key="p90_hours_to_removal",
        aim="stop_the_spread",
        label="90th percentile time to removal",
        definition="As for the median, but the time 9 in 10 removals took or less (nearest "
        "rank). The base is the removed referrals.",
        unit="hours",
        value=_hours("p90_hours_to_removal"),
        records=_transparency_page,
        records_label="Time to removal in the transparency figures",
        module_page="online:figures",
    )
)
register(
    Measure(
        key="disputes_overturned",
        aim="stop_the_spread",
        label="Disputes overturned",
        definition="Disputes of our referrals received in the period (by the date received) and "
        "decided, where a senior analyst who took no part overturned the referral. The base is "
        "the disputes decided; those still being reviewed are not counted.",
        unit="share",
        value=disputes_overturned,
        records=lambda period: _url("online:dispute-list"),
        records_label="Disputes",
        fallback_records=_transparency_page,
        fallback_label="Transparency figures for this period",
        module_page="online:figures",
    )
)

# Safeguard ------------------------------------------------------------------------------------


def _borough_counts(
    sources: Sources, raw: dict[int, int], *, base: str, protect_total: bool = True
) -> dict[str, Figure]:
    """Counts by GSS code; for the public, small counts and (secondary suppression) any count
    that would let a small one be worked out from the published total."""
    ids = sorted(sources.boroughs)
    values = [raw.get(pk, 0) for pk in ids]
    if not sources.public:
        return {
            sources.boroughs[pk].gss_code: count_figure(n, public=False, base=base)
            for pk, n in zip(ids, values, strict=True)
        }
    total = sum(values)
    cells = [CellCount(n, total, suppress=True) for n in values]
    if protect_total:
        cells = protect([[*cells, CellCount(total, total, suppress=True)]])[0][:-1]
    found: dict[str, Figure] = {}
    for pk, cell in zip(ids, cells, strict=True):
        gss = sources.boroughs[pk].gss_code
        if cell.hidden:
            found[gss] = Figure("count", None, "not shown", None, None, base, True)
        else:
            found[gss] = count_figure(cell.n, public=True, base=base)
    return found


def concerns_routed(sources: Sources, period: Period) -> Figure:
    totals = sources.safeguarding(period)
    return count_figure(
        sum(totals.routed.values()), public=sources.public, base="concerns sent in the period"
    )


def concerns_routed_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    return _borough_counts(
        sources, sources.safeguarding(period).routed, base="concerns sent in the period"
    )


ACK_BASE = "concerns routed in the period"


def concerns_acknowledged(sources: Sources, period: Period) -> Figure:
    totals = sources.safeguarding(period)
    return share_figure(
        sum(totals.acknowledged.values()),
        sum(totals.routed.values()),
        public=sources.public,
        noun="concerns acknowledged",
        base=ACK_BASE,
    )


def concerns_acknowledged_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    totals = sources.safeguarding(period)
    return {
        b.gss_code: share_figure(
            totals.acknowledged.get(pk, 0),
            totals.routed.get(pk, 0),
            public=sources.public,
            noun="concerns acknowledged",
            base=ACK_BASE,
        )
        for pk, b in sources.boroughs.items()
    }


USE_BASE = "help-finder searches in the period's months"


def help_finder_use(sources: Sources, period: Period) -> Figure:
    totals = sources.safeguarding(period)
    return count_figure(sum(totals.use.values()), public=sources.public, base=USE_BASE)


def help_finder_use_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    return _borough_counts(sources, sources.safeguarding(period).use, base=USE_BASE)


def _safeguarding_figures(period: Period) -> str:
    return _url("safeguarding:figures", {"year": str(period.start.year)})


register(
    Measure(
        key="concerns_routed",
        aim="safeguard",
        label="Concerns routed to borough teams",
        definition="Concerns sent through the help finder to a borough's team, with the sender's "
        "consent, counted by the date sent (London time) and the borough chosen. A count of "
        "routing records: nothing here describes the person worried about.",
        unit="count",
        value=concerns_routed,
        by_borough=concerns_routed_by_borough,
        records=lambda period: _url("safeguarding:routing-records"),
        records_label="Routing records",
        additive=True,
        per_capita=True,
        module_page="safeguarding:figures",
    )
)
register(
    Measure(
        key="concerns_acknowledged",
        aim="safeguard",
        label="Concerns acknowledged",
        definition="Of the concerns routed in the period (by the date sent), those a named "
        "borough officer has acknowledged, whenever they did. The base is the concerns routed.",
        unit="share",
        value=concerns_acknowledged,
        by_borough=concerns_acknowledged_by_borough,
        records=lambda period: _url("safeguarding:routing-records"),
        records_label="Routing records",
        module_page="safeguarding:figures",
    )
)
register(
    Measure(
        key="help_finder_use",
        aim="safeguard",
        label="Help-finder use",
        definition="Searches of the public help finder for a borough and a kind of worry, "
        "counted by month (the months of the period) and the borough searched for. Nothing "
        "about the visitor is stored; one address adds at most 30 an hour.",
        unit="count",
        value=help_finder_use,
        by_borough=help_finder_use_by_borough,
        records=_safeguarding_figures,
        records_label="Safeguarding figures for the year",
        additive=True,
        per_capita=True,
        module_page="safeguarding:figures",
    )
)

# Strengthen communities -----------------------------------------------------------------------

GRANTS_DEFINITION = (
    "Awarded grants whose project starts in the period (the start date in the grant "
    "agreement){public}. "
)


def _grants_text(extra: str) -> str:
    return GRANTS_DEFINITION.format(public="; the public figures count published calls only") + (
        extra
    )


def grants_awarded(sources: Sources, period: Period) -> Figure:
    return count_figure(
        sources.grants(period).projects, public=sources.public, base="awarded grants"
    )


def grants_awarded_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    rows = {row.key: row for row in sources.grants(period).by_borough}
    return {
        b.gss_code: count_figure(
            rows[b.gss_code].projects if b.gss_code in rows else 0,
            public=sources.public,
            base="projects working in the borough",
        )
        for b in sources.boroughs.values()
    }


def grant_money(sources: Sources, period: Period) -> Figure:
    figures = sources.grants(period)
    return money_figure(figures.amount, base=f"{figures.projects:,} awarded grants")


def grant_money_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    rows = {row.key: row for row in sources.grants(period).by_borough}
    return {
        b.gss_code: money_figure(
            rows[b.gss_code].amount if b.gss_code in rows else 0,
            base="a project's grant shared equally between its boroughs",
        )
        for b in sources.boroughs.values()
    }


def grant_reach(sources: Sources, period: Period) -> Figure:
    figures = sources.grants(period)
    return count_figure(
        figures.participants,
        public=sources.public,
        base=f"participants in {figures.returns:,} submitted monitoring returns",
    )


def grant_reach_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    rows = {row.key: row for row in sources.grants(period).by_borough}
    raw = {
        pk: rows[b.gss_code].participants if b.gss_code in rows else 0
        for pk, b in sources.boroughs.items()
    }
    return _borough_counts(sources, raw, base="participants by borough", protect_total=False)


def outcome_change(sources: Sources, period: Period) -> Figure:
    figures = sources.grants(period)
    respondents = sum(row.respondents for row in figures.outcomes)
    details = []
    for row in figures.outcomes:
        n = "fewer than 5" if sources.public and is_small(row.respondents) else row.respondents
        if row.change is None:
            details.append(f"{row.instrument}: {n} respondents (means not shown)")
        else:
            details.append(
                f"{row.instrument} ({row.scale}): {row.mean_before} before, {row.mean_after} "
                f"after, change {row.change:+}, from {n} respondents"
            )
    instruments = len(figures.outcomes)
    if sources.public and is_small(respondents):
        text = f"{instruments} instruments, fewer than 5 respondents"
        return Figure("change", None, text, None, None, "", True, tuple(details))
    text = f"{instruments} instrument{'s' if instruments != 1 else ''}, {respondents:,} respondents"
    return Figure(
        "change", respondents, text, respondents, None, "respondents", False, tuple(details)
    )


register(
    Measure(
        key="grants_awarded",
        aim="strengthen",
        label="Grants awarded",
        definition=_grants_text(
            "By borough, a project counts in every borough it works in, so boroughs add up to "
            "more than the total."
        ),
        unit="count",
        value=grants_awarded,
        by_borough=grants_awarded_by_borough,
        records=lambda period: _url("grants:dashboard"),
        records_label="Fund dashboard",
        module_page="grants:dashboard",
    )
)
register(
    Measure(
        key="grant_money",
        aim="strengthen",
        label="Money awarded",
        definition=_grants_text(
            "The amount of each grant after any variations. By borough, a project's grant is "
            "shared equally between the boroughs it works in."
        ),
        unit="money",
        value=grant_money,
        by_borough=grant_money_by_borough,
        records=lambda period: _url("grants:dashboard"),
        records_label="Fund dashboard",
        additive=True,
        module_page="grants:dashboard",
    )
)
register(
    Measure(
        key="grant_reach",
        aim="strengthen",
        label="Reach: participants",
        definition=_grants_text(
            "Participants as counted in those grants' submitted monitoring returns (any return "
            "so far); a person who took part more than once may be counted more than once. By "
            "borough, as each return splits its participants between boroughs."
        ),
        unit="count",
        value=grant_reach,
        by_borough=grant_reach_by_borough,
        records=lambda period: _url("grants:dashboard"),
        records_label="Fund dashboard",
        per_capita=True,
        module_page="grants:dashboard",
    )
)
register(
    Measure(
        key="outcome_change",
        aim="strengthen",
        label="Outcome change by instrument",
        definition=_grants_text(
            "For each validated instrument: the mean before and after, weighted by respondents, "
            "from a retrospective pre/post survey. Not a controlled comparison, so it does not "
            "show that a project caused the change."
        ),
        unit="change",
        value=outcome_change,
        records=lambda period: _url("grants:dashboard"),
        records_label="Fund dashboard",
        module_page="grants:dashboard",
    )
)


def _incident_figure(cell: CellCount, *, base: str) -> Figure:
    if cell.suppressed:
        return Figure("count", None, "fewer than 5", None, None, base, True)
    return Figure("count", cell.n, f"{cell.n:,}", cell.n, None, base)


def incidents_reported(sources: Sources, period: Period) -> Figure:
    trends = sources.incidents(period)
    return _incident_figure(trends.total, base="reports of incidents that happened in the period")


def _incident_rows(sources: Sources, period: Period) -> dict[str, Any]:
    names = sources.gss_by_name()
    return {
        names[row.label]: row for row in sources.incidents(period).by_borough if row.label in names
    }


def incidents_reported_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    rows = _incident_rows(sources, period)
    return {
        gss: Figure("count", None, "not shown", None, None, "", True)
        if row.reported.hidden
        else _incident_figure(row.reported, base="reports in the borough")
        for gss, row in rows.items()
    }


def _verified(reported: CellCount, verified: CellCount, public: bool) -> Figure:
    base = "reports of incidents in the period"
    if reported.suppressed or verified.suppressed:
        text = "not shown" if (reported.hidden or verified.hidden) else None
        if text is None:
            shown_n = "fewer than 5" if verified.suppressed else f"{verified.n:,}"
            shown_d = "fewer than 5" if reported.suppressed else f"{reported.n:,}"
            text = f"{shown_n} of {shown_d} reports verified (percentage not shown)"
        return Figure("share", None, text, None, None, base, True)
    return share_figure(verified.n, reported.n, public=public, noun="reports verified", base=base)


def incidents_verified(sources: Sources, period: Period) -> Figure:
    trends = sources.incidents(period)
    return _verified(trends.total, trends.verified_total, sources.public)


def incidents_verified_by_borough(sources: Sources, period: Period) -> dict[str, Figure]:
    return {
        gss: _verified(row.reported, row.verified, sources.public)
        for gss, row in _incident_rows(sources, period).items()
    }


register(
    Measure(
        key="incidents_reported",
        aim="strengthen",
        label="Hate incidents reported",
        definition="Reports of hate incidents made to us, counted by the date the incident "
        "happened (not the date reported), whatever their status. Perception-based: a report "
        "counts if anyone believes hostility motivated it. By borough, online-only incidents "
        "and those with no borough are left out, so boroughs add up to less than the total.",
        unit="count",
        value=incidents_reported,
        by_borough=incidents_reported_by_borough,
        records=lambda period: _url("incidents:queue"),
        records_label="Hate incident reports",
        per_capita=True,
        module_page="incidents:staff-trends",
    )
)
register(
    Measure(
        key="incidents_verified",
        aim="strengthen",
        label="Hate incidents verified",
        definition="Of the reports of incidents that happened in the period, those a reports "
        "officer has verified. The base is every report of an incident in the period.",
        unit="share",
        value=incidents_verified,
        by_borough=incidents_verified_by_borough,
        records=lambda period: _url("incidents:queue"),
        records_label="Hate incident reports",
        module_page="incidents:staff-trends",
    )
)

# Review and improve ---------------------------------------------------------------------------


def recommendations_implemented(sources: Sources, period: Period) -> Figure:
    figure = sources.recommendations(period)
    base = f"recommendations whose history had begun by {figure.as_at:%-d %B %Y}"
    if figure.total == 0:
        return Figure("share", None, "No recommendations to count yet", 0, 0, base)
    text = (
        f"{figure.implemented:,} of {figure.total:,} recommendations implemented "
        f"({figure.percent}%) as at {figure.as_at.day} {figure.as_at:%B %Y}"
    )
    return Figure(
        "share",
        round(100 * figure.implemented / figure.total, 1),
        text,
        figure.implemented,
        figure.total,
        base,
        False,
        (figure.definition_text,),
    )


register(
    Measure(
        key="recommendations_implemented",
        aim="review",
        label="Recommendations implemented",
        definition="Recommendations (not actions) of every review, report, inquiry and "
        "exercise (published ones for the public), with their status as at the period's last "
        "day (today, for a period not yet over) from the dated status history. The base is the "
        "recommendations whose history had begun by then; the statuses that count as "
        "implemented are those the status definitions say so.",
        unit="share",
        value=recommendations_implemented,
        records=lambda period: _url(
            "recommendations:recommendation-list", {"status": "implemented"}
        ),
        records_label="Recommendations reported implemented",
        module_page="recommendations:public-index",
    )
)
