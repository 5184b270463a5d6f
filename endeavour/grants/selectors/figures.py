"""The fund's figures: money, projects and reach by borough, theme and call, and outcome change
per instrument. One function, ``fund_figures``, for the staff dashboard, the public page, the
exports, the PDF and the API. Public figures count awarded grants of published calls only, and
show counts under 5 as "fewer than 5"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from endeavour.core.models import Borough
from endeavour.grants import permissions
from endeavour.grants.models import (
    Call,
    FundTheme,
    Grant,
    MonitoringReturn,
    OutcomeMeasure,
    ReturnBorough,
    ReturnStatus,
)

SUPPRESS_BELOW = 5
DESIGN_NOTE = (
    "Retrospective pre/post: participants rated themselves after the activity, for before and "
    "after. This is not a controlled comparison, so it does not show that the project caused "
    "the change."
)
MONEY_NOTE = "A project's grant is shared equally between the boroughs it works in."
REACH_NOTE = (
    "Participants as counted in submitted monitoring returns; a person who took part in more "
    "than one period or project may be counted more than once."
)


def count_text(value: int, public: bool) -> str:
    if public and 0 < value < SUPPRESS_BELOW:
        return f"fewer than {SUPPRESS_BELOW}"
    return f"{value:,}"


def money_text(value: Decimal | int) -> str:
    return f"£{Decimal(value).quantize(Decimal(1), ROUND_HALF_UP):,}"


@dataclass
class GroupRow:
    key: str
    label: str
    projects: int = 0
    amount: Decimal = Decimal(0)
    participants: int = 0
    returns: int = 0


@dataclass
class OutcomeRow:
    instrument: str
    scale: str
    higher_is_better: bool
    results: int  # how many returns reported on it
    respondents: int
    mean_before: Decimal | None
    mean_after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


@dataclass
class FundFigures:
    public: bool
    call: Call | None
    generated_at: datetime
    projects: int
    amount: int
    participants: int
    returns: int
    by_borough: list[GroupRow] = field(default_factory=list)
    by_theme: list[GroupRow] = field(default_factory=list)
    by_call: list[GroupRow] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)

    @property
    def scope_text(self) -> str:
        what = f"the call {self.call}" if self.call else "every call"
        kind = "published calls" if self.public and not self.call else what
        return (
            f"Awarded grants of {kind}: {self.projects:,} "
            f"project{'s' if self.projects != 1 else ''}"
            f", {self.returns:,} submitted monitoring return{'s' if self.returns != 1 else ''}."
        )

    def count(self, value: int) -> str:
        return count_text(value, self.public)


def grants_in_scope(
    public: bool, call: Call | None = None, starting: tuple[date, date] | None = None
) -> QuerySet[Grant]:
    """Awarded grants; with ``starting`` (first day, day after the last), only those whose
    project starts in that period (the agreement's start date)."""
    grants = Grant.objects.select_related("application__call", "application__organisation")
    if public:
        grants = permissions.scope_public_grants(grants)
    if call is not None:
        grants = grants.filter(application__call=call)
    if starting is not None:
        grants = grants.filter(start_date__gte=starting[0], start_date__lt=starting[1])
    return grants


def fund_figures(
    *, public: bool, call: Call | None = None, starting: tuple[date, date] | None = None
) -> FundFigures:
    grants = list(grants_in_scope(public, call, starting).prefetch_related("application__boroughs"))
    grant_ids = [g.pk for g in grants]
    returns = MonitoringReturn.objects.filter(grant_id__in=grant_ids, status=ReturnStatus.SUBMITTED)
    participants_by_grant: dict[int, int] = defaultdict(int)
    returns_by_grant: dict[int, int] = defaultdict(int)
    for grant_id, participants in returns.values_list("grant_id", "participants"):
        participants_by_grant[grant_id] += participants or 0
        returns_by_grant[grant_id] += 1

    boroughs = {b.pk: b for b in Borough.objects.all()}
    by_borough: dict[int, GroupRow] = {
        pk: GroupRow(b.gss_code, b.name) for pk, b in boroughs.items()
    }
    by_theme: dict[str, GroupRow] = {t.value: GroupRow(t.value, t.label) for t in FundTheme}
    by_call: dict[int, GroupRow] = {}
    for grant in grants:
        application = grant.application
        served = list(application.boroughs.all())
        for borough in served:
            row = by_borough[borough.pk]
            row.projects += 1
            row.amount += Decimal(grant.amount) / len(served)
        if application.theme:
            theme = by_theme[application.theme]
            theme.projects += 1
            theme.amount += grant.amount
            theme.participants += participants_by_grant[grant.pk]
            theme.returns += returns_by_grant[grant.pk]
        call_row = by_call.setdefault(
            application.call_id, GroupRow(str(application.call_id), application.call.title)
        )
        call_row.projects += 1
        call_row.amount += grant.amount
        call_row.participants += participants_by_grant[grant.pk]
        call_row.returns += returns_by_grant[grant.pk]
    for borough_id, participants in ReturnBorough.objects.filter(
        monitoring_return__in=returns
    ).values_list("borough_id", "participants"):
        by_borough[borough_id].participants += participants

    outcome_rows: dict[int, OutcomeRow] = {}
    sums: dict[int, tuple[Decimal, Decimal]] = {}
    for measure in OutcomeMeasure.objects.filter(monitoring_return__in=returns).select_related(
        "instrument"
    ):
        instrument = measure.instrument
        outcome = outcome_rows.setdefault(
            instrument.pk,
            OutcomeRow(
                instrument.name,
                f"{instrument.scale_min.normalize()} to {instrument.scale_max.normalize()}",
                instrument.higher_is_better,
                0,
                0,
                None,
                None,
            ),
        )
        outcome.results += 1
        outcome.respondents += measure.respondents
        before, after = sums.get(instrument.pk, (Decimal(0), Decimal(0)))
        sums[instrument.pk] = (
            before + measure.mean_before * measure.respondents,
            after + measure.mean_after * measure.respondents,
        )
    for pk, outcome in outcome_rows.items():
        before, after = sums[pk]
        n = outcome.respondents
        if n and not (public and n < SUPPRESS_BELOW):
            outcome.mean_before = (before / n).quantize(Decimal("0.01"), ROUND_HALF_UP)
            outcome.mean_after = (after / n).quantize(Decimal("0.01"), ROUND_HALF_UP)

    return FundFigures(
        public=public,
        call=call,
        generated_at=timezone.now(),
        projects=len(grants),
        amount=sum(g.amount for g in grants),
        participants=sum(participants_by_grant.values()),
        returns=sum(returns_by_grant.values()),
        by_borough=sorted(by_borough.values(), key=lambda r: r.label),
        by_theme=list(by_theme.values()),
        by_call=sorted(by_call.values(), key=lambda r: r.label),
        outcomes=sorted(outcome_rows.values(), key=lambda r: r.instrument),
    )
