"""A source's progress "as at" a date: the figure, its breakdowns, the series for the chart and the
items behind it, for the pages, the exports, the PDF and the API alike.

``public=True`` is what anyone may see: the source must be published; every recommendation of it
is counted (so the denominator matches the source), but only listed items and public fields are
shown, and the number counted but not listed is stated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from endeavour.recommendations.models import Recommendation, Source
from endeavour.recommendations.rag import Rag, rag_for
from endeavour.recommendations.selectors.figures import (
    GroupFigure,
    History,
    ProgressFigure,
    StatusInfo,
    load_history,
)

# The fields of a recommendation anyone may see, for a listed item of a published source. The
# public pages, public exports and public API show these and nothing else.
PUBLIC_FIELDS = (
    "source",
    "reference",
    "parent",
    "text",
    "theme",
    "owner_organisations",
    "response",
    "response_reason",
    "response_date",
    "priority",
    "target_date",
    "status (as at the date asked for), with its definition and date",
    "progress",
    "status history: dates, statuses and public summaries",
)
# Never public: the lead officer, evidence notes, links and documents, links to other records,
# whether an item is withheld and why, and who recorded each change.


@dataclass
class ItemRow:
    item: Recommendation
    status: StatusInfo | None
    status_since: date | None
    progress: int | None
    rag: Rag
    actions: list[ItemRow] = field(default_factory=list)

    @property
    def counts_as_implemented(self) -> bool:
        return bool(self.status and self.status.counts_as_implemented)


@dataclass
class ProgressReport:
    source: Source
    as_at: date
    recorded_on: date | None
    public: bool
    figure: ProgressFigure
    series: list[ProgressFigure]
    by_theme: list[GroupFigure]
    by_owner: list[GroupFigure]
    rows: list[ItemRow]
    withheld: int
    history: History

    @property
    def all_rows(self) -> list[ItemRow]:
        """Recommendations each followed by their actions."""
        flat: list[ItemRow] = []
        for row in self.rows:
            flat.append(row)
            flat.extend(row.actions)
        return flat


def _row(history: History, item: Recommendation, as_at: date) -> ItemRow:
    entry = history.entry_at(item.pk, as_at)
    status = history.statuses[entry.status_id] if entry else None
    return ItemRow(
        item=item,
        status=status,
        status_since=entry.effective_date if entry else None,
        progress=history.progress_at(item.pk, as_at),
        rag=rag_for(status, item.target_date, as_at),
    )


def source_items(source: Source) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(source=source)


def progress_report(
    source: Source,
    *,
    as_at: date,
    recorded_on: date | None = None,
    public: bool,
    with_series: bool = True,
) -> ProgressReport:
    history = load_history(source_items(source), recorded_on=recorded_on)
    known = set(history.items)
    items = (
        Recommendation.objects.filter(source=source, pk__in=known)
        .select_related("theme", "parent", "lead_officer")
        .prefetch_related(
            Prefetch("owner_organisations"),
        )
        .order_by("position", "id")
    )
    begun = {i for i in known if history.entry_at(i, as_at) is not None}
    top: list[ItemRow] = []
    by_id: dict[int, ItemRow] = {}
    withheld = 0
    actions: list[Recommendation] = []
    for item in items:
        if item.pk not in begun:
            continue
        if item.parent_id is not None:
            actions.append(item)
            continue
        if public and not item.is_public:
            withheld += 1
            continue
        row = _row(history, item, as_at)
        by_id[item.pk] = row
        top.append(row)
    for action in actions:
        parent_row = by_id.get(action.parent_id or 0)
        if parent_row is None or (public and not action.is_public):
            continue
        parent_row.actions.append(_row(history, action, as_at))
    return ProgressReport(
        source=source,
        as_at=as_at,
        recorded_on=recorded_on,
        public=public,
        figure=history.figure(as_at),
        series=history.series(as_at) if with_series else [],
        by_theme=history.by_theme(as_at),
        by_owner=history.by_owner(as_at),
        rows=top,
        withheld=withheld,
        history=history,
    )


def headline(source: Source, as_at: date) -> ProgressFigure:
    """Just the figure (for lists of sources)."""
    return load_history(source_items(source)).figure(as_at)
