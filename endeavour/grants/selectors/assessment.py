"""Reads for assessment: each application's score, the ranked list within the budget, the work
of each assessor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from endeavour.grants import permissions
from endeavour.grants.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    Declaration,
    FundTheme,
)
from endeavour.grants.services.assessment import divergence_of


def scored_assignments(application: Application) -> list[Assignment]:
    return [a for a in application.assignments.all() if a.is_active and a.is_done]


def final_score(application: Application) -> Decimal | None:
    """The moderated total if there is one, else the mean of the assessors' weighted totals."""
    moderation = getattr(application, "moderation", None)
    if moderation is not None:
        return Decimal(moderation.weighted_total)
    totals = [
        a.weighted_total for a in scored_assignments(application) if a.weighted_total is not None
    ]
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class RankedRow:
    rank: int
    application: Application
    score: Decimal | None
    assessed: int
    moderated: bool
    running_total: int
    within_budget: bool


@dataclass(frozen=True)
class Ranking:
    call: Call
    rows: list[RankedRow]
    by_borough: list[tuple[str, int]]
    by_theme: list[tuple[str, int]]
    above_line_total: int

    @property
    def line_after(self) -> int | None:
        """The rank of the last application within the budget (None: none or all fit)."""
        inside = [r.rank for r in self.rows if r.within_budget]
        if not inside or len(inside) == len(self.rows):
            return None
        return max(inside)


def applications_for_ranking(call: Call) -> QuerySet[Application]:
    return (
        call.applications.exclude(status=ApplicationStatus.DRAFT)
        .filter(is_imported=False)
        .select_related("organisation", "moderation", "decision")
        .prefetch_related(
            "boroughs",
            Prefetch("assignments", queryset=Assignment.objects.prefetch_related("scores")),
        )
    )


def ranking(call: Call) -> Ranking:
    """By moderated or mean weighted score, highest first, with a running total of the amounts
    requested against the budget; unscored applications come last. Coverage is counted for the
    applications above the line."""
    entries = [(a, final_score(a)) for a in applications_for_ranking(call)]
    entries.sort(key=lambda e: (e[1] is None, -(e[1] or 0), e[0].reference))
    rows: list[RankedRow] = []
    running = 0
    boroughs: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    above = 0
    for rank, (application, score) in enumerate(entries, start=1):
        running += application.amount_requested or 0
        within = score is not None and running <= call.budget
        if within:
            above = running
            for borough in application.boroughs.all():
                boroughs[borough.name] += 1
            if application.theme:
                themes[FundTheme(application.theme).label] += 1
        rows.append(
            RankedRow(
                rank,
                application,
                score,
                len(scored_assignments(application)),
                hasattr(application, "moderation"),
                running,
                within,
            )
        )
    return Ranking(
        call,
        rows,
        sorted(boroughs.items()),
        sorted(themes.items()),
        above,
    )


def divergence_reasons(application: Application) -> list[str]:
    return divergence_of(application)


def assignment_or_404(user: Any, pk: int) -> Assignment:
    found = (
        permissions.scope_assignments(user, Assignment.objects.all())
        .select_related("application__call", "application__organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such assessment")
    return found


def cleared_assignment_or_404(user: Any, pk: int) -> Assignment:
    """An assignment whose application the assessor may read (no conflict declared)."""
    assignment = assignment_or_404(user, pk)
    if assignment.declaration != Declaration.NO_CONFLICT:
        raise Http404("Declare any conflict of interest first")
    return assignment
