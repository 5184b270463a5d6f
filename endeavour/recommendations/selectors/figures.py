"""Progress figures "as at" any date, worked out from the dated status history.

A figure for a day D, from the records as they stood at the end of a day K (default: now):

- The items counted (the denominator) are the recommendations, not actions, whose history had
  begun by D: each starts with its "added" entry dated the day its source was published or held.
- Each item's status on D is its latest status change effective on or before D and recorded by
  the end of K. Ties on the same day go to the one recorded later (a correction).
- An item counts as implemented if that status's definition says so, in the version of the
  definitions it was recorded under. The figure names those statuses and the version in force on D.
- Owners and themes are as they are now; statuses are as they were.

``load_history`` reads everything a page needs in five queries; the rest is pure Python, so a
figure for a past date, a series for a chart and the breakdowns all come from one load.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from endeavour.recommendations.models import (
    Recommendation,
    StatusChange,
    StatusDefinition,
    StatusVocabulary,
)

MAX_SERIES_POINTS = 60


def percent(numerator: int, denominator: int) -> int | None:
    """A whole percentage, halves rounded up (86 of 127 is 68%); None when there is no base."""
    if denominator <= 0:
        return None
    value = Decimal(100 * numerator) / Decimal(denominator)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def end_of_day(day: date) -> datetime:
    """The last moment of a London day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)) - timedelta(
        microseconds=1
    )


@dataclass(frozen=True)
class VocabularyInfo:
    id: int
    version: int
    title: str
    effective_from: date

    @property
    def text(self) -> str:
        when = long_date(self.effective_from)
        return f"status definitions version {self.version}, in force from {when}"


@dataclass(frozen=True)
class StatusInfo:
    id: int
    code: str
    label: str
    definition: str
    version: int
    order: int
    counts_as_implemented: bool
    is_open: bool
    progress_percent: int | None
    tone: str
    reports_progress: bool = False

    @property
    def tag_class(self) -> str:
        return f"tag tag--{self.tone}"


@dataclass(frozen=True)
class Entry:
    id: int
    status_id: int
    effective_date: date
    recorded_at: datetime
    progress: int | None


@dataclass(frozen=True)
class ItemInfo:
    id: int
    reference: str
    parent_id: int | None
    theme: str
    owners: tuple[str, ...]
    is_public: bool


@dataclass(frozen=True)
class StatusCount:
    status: StatusInfo
    count: int
    in_force: bool  # belongs to the version of the definitions in force on the day

    @property
    def label(self) -> str:
        return (
            self.status.label
            if self.in_force
            else f"{self.status.label} (version {self.status.version})"
        )


@dataclass(frozen=True)
class GroupFigure:
    label: str
    implemented: int
    total: int

    @property
    def percent(self) -> int | None:
        return percent(self.implemented, self.total)

    @property
    def text(self) -> str:
        share = self.percent
        return f"{self.implemented} of {self.total}" + (f" ({share}%)" if share is not None else "")


@dataclass(frozen=True)
class ProgressFigure:
    as_at: date
    recorded_on: date | None  # None: every record up to now
    generated_at: datetime
    vocabulary: VocabularyInfo | None
    implemented: int
    total: int
    by_status: list[StatusCount] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return percent(self.implemented, self.total)

    @property
    def not_implemented(self) -> int:
        return self.total - self.implemented

    @property
    def percent_text(self) -> str:
        share = self.percent
        return "no percentage: nothing to count yet" if share is None else f"{share}%"

    @property
    def implemented_statuses(self) -> list[StatusCount]:
        return [row for row in self.by_status if row.status.counts_as_implemented]

    @property
    def implemented_labels(self) -> str:
        """ "Implemented" and "Implemented and verified"."""
        names = [f"\u201c{row.label}\u201d" for row in self.implemented_statuses]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def headline(self) -> str:
        noun = "recommendation" if self.total == 1 else "recommendations"
        if self.total == 0:
            return "No recommendations to count yet"
        return f"{self.implemented} of {self.total} {noun} implemented ({self.percent}%)"

    @property
    def sentence(self) -> str:
        """As at 31 October 2017: 86 of 127 recommendations implemented (68%)."""
        return f"As at {long_date(self.as_at)}: {self.headline}."

    @property
    def definition_text(self) -> str:
        counted = self.implemented_labels or "none"
        version = f" ({self.vocabulary.text})" if self.vocabulary else ""
        return f"Counted as implemented: {counted}{version}."

    @property
    def records_text(self) -> str:
        if self.recorded_on is not None:
            return f"From the records as they stood at the end of {long_date(self.recorded_on)}."
        stamp = timezone.localtime(self.generated_at)
        return f"From every record up to {stamp.day} {stamp:%B %Y %H:%M} (London time)."

    @property
    def reproduce_text(self) -> str:
        """How to get exactly this figure again later."""
        recorded = self.recorded_on or timezone.localdate(self.generated_at)
        return (
            f"To reproduce this figure, ask for as at {self.as_at.isoformat()} with records as "
            f"at {recorded.isoformat()}."
        )


class History:
    """The status histories of a set of recommendations and actions, ready for any date."""

    def __init__(
        self,
        items: Sequence[ItemInfo],
        entries: dict[int, list[Entry]],
        statuses: dict[int, StatusInfo],
        vocabularies: Sequence[VocabularyInfo],
        *,
        recorded_on: date | None = None,
        generated_at: datetime | None = None,
    ) -> None:
        self.items = {item.id: item for item in items}
        self.entries = {
            item_id: sorted(rows, key=lambda e: (e.effective_date, e.recorded_at, e.id))
            for item_id, rows in entries.items()
        }
        self._dates = {
            item_id: [e.effective_date for e in rows] for item_id, rows in self.entries.items()
        }
        self.statuses = statuses
        self.vocabularies = sorted(vocabularies, key=lambda v: v.effective_from)
        self.recorded_on = recorded_on
        self.generated_at = generated_at or timezone.now()
        self.children: dict[int, list[int]] = defaultdict(list)
        for item in items:
            if item.parent_id is not None:
                self.children[item.parent_id].append(item.id)

    # --- one item --------------------------------------------------------------------------

    def entry_at(self, item_id: int, as_at: date) -> Entry | None:
        dates = self._dates.get(item_id)
        if not dates:
            return None
        index = bisect.bisect_right(dates, as_at)
        return self.entries[item_id][index - 1] if index else None

    def status_at(self, item_id: int, as_at: date) -> StatusInfo | None:
        entry = self.entry_at(item_id, as_at)
        return self.statuses[entry.status_id] if entry else None

    def own_progress_at(self, item_id: int, as_at: date) -> int | None:
        entry = self.entry_at(item_id, as_at)
        if entry is None:
            return None
        if entry.progress is not None:
            return entry.progress
        return self.statuses[entry.status_id].progress_percent

    def progress_at(self, item_id: int, as_at: date) -> int | None:
        """Implemented: 100. Not accepted or superseded: none. Otherwise the average of the
        actions under it, if it has any begun by then; else its own."""
        status = self.status_at(item_id, as_at)
        if status is None:
            return None
        if status.counts_as_implemented:
            return 100
        if status.progress_percent is None and not status.is_open:
            return None
        children = [c for c in self.children.get(item_id, []) if self.entry_at(c, as_at)]
        if children:
            values = [p for c in children if (p := self.own_progress_at(c, as_at)) is not None]
            return round(sum(values) / len(values)) if values else None
        return self.own_progress_at(item_id, as_at)

    def actions_begun(self, item_id: int, as_at: date) -> int:
        return sum(1 for c in self.children.get(item_id, []) if self.entry_at(c, as_at))

    # --- figures -----------------------------------------------------------------------------

    def vocabulary_at(self, as_at: date) -> VocabularyInfo | None:
        in_force = [v for v in self.vocabularies if v.effective_from <= as_at]
        return in_force[-1] if in_force else None

    def counted(self, as_at: date, item_ids: Iterable[int] | None = None) -> list[int]:
        """The recommendations (not actions) whose history had begun by ``as_at``."""
        ids = self.items if item_ids is None else item_ids
        return [
            i
            for i in ids
            if self.items[i].parent_id is None and self.entry_at(i, as_at) is not None
        ]

    def figure(self, as_at: date, item_ids: Iterable[int] | None = None) -> ProgressFigure:
        counted = self.counted(as_at, item_ids)
        vocabulary = self.vocabulary_at(as_at)
        counts: dict[int, int] = defaultdict(int)
        for item_id in counted:
            entry = self.entry_at(item_id, as_at)
            assert entry is not None
            counts[entry.status_id] += 1
        implemented = sum(
            n for sid, n in counts.items() if self.statuses[sid].counts_as_implemented
        )
        in_force_version = vocabulary.version if vocabulary else None
        rows = [
            StatusCount(status, counts.get(status.id, 0), True)
            for status in sorted(self.statuses.values(), key=lambda s: s.order)
            if status.version == in_force_version
        ]
        rows += [
            StatusCount(self.statuses[sid], n, False)
            for sid, n in sorted(
                counts.items(),
                key=lambda kv: (self.statuses[kv[0]].version, self.statuses[kv[0]].order),
            )
            if self.statuses[sid].version != in_force_version
        ]
        return ProgressFigure(
            as_at=as_at,
            recorded_on=self.recorded_on,
            generated_at=self.generated_at,
            vocabulary=vocabulary,
            implemented=implemented,
            total=len(counted),
            by_status=rows,
        )

    def _grouped(self, as_at: date, keys: Mapping[int, Sequence[str]]) -> list[GroupFigure]:
        implemented: dict[str, int] = defaultdict(int)
        totals: dict[str, int] = defaultdict(int)
        for item_id in self.counted(as_at):
            status = self.status_at(item_id, as_at)
            for key in keys[item_id]:
                totals[key] += 1
                if status is not None and status.counts_as_implemented:
                    implemented[key] += 1
        return [GroupFigure(key, implemented[key], totals[key]) for key in totals]

    def by_theme(self, as_at: date) -> list[GroupFigure]:
        keys = {i: [item.theme or "No theme"] for i, item in self.items.items()}
        order: dict[str, int] = {}
        for n, item in enumerate(self.items.values()):
            order.setdefault(item.theme or "No theme", n)
        return sorted(self._grouped(as_at, keys), key=lambda g: order.get(g.label, 0))

    def by_owner(self, as_at: date) -> list[GroupFigure]:
        """A recommendation with several owners is counted under each of them."""
        keys = {i: list(item.owners) or ["No owner named"] for i, item in self.items.items()}
        return sorted(self._grouped(as_at, keys), key=lambda g: (-g.total, g.label))

    def first_date(self) -> date | None:
        firsts = [rows[0].effective_date for rows in self.entries.values() if rows]
        return min(firsts) if firsts else None

    def series(self, until: date) -> list[ProgressFigure]:
        """The figure at the end of each month (or quarter, or year, to keep the chart readable)
        from the first entry to ``until``, and at ``until`` itself."""
        return [self.figure(day) for day in series_dates(self.first_date(), until)]


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def series_dates(first: date | None, until: date) -> list[date]:
    if first is None or first > until:
        return [until]
    for step in (1, 3, 12):
        days: list[date] = []
        year, month = first.year, first.month
        if step == 3:
            month = ((month - 1) // 3) * 3 + 3
        elif step == 12:
            month = 12
        while True:
            end = _month_end(year, month)
            if end >= until:
                break
            days.append(end)
            month += step
            while month > 12:
                month -= 12
                year += 1
        days.append(until)
        if len(days) <= MAX_SERIES_POINTS:
            return days
    return days


def _status_info(status: StatusDefinition) -> StatusInfo:
    return StatusInfo(
        id=status.pk,
        code=status.code,
        label=status.label,
        definition=status.definition,
        version=status.vocabulary.version,
        order=status.vocabulary.version * 1000 + status.order,
        counts_as_implemented=status.counts_as_implemented,
        is_open=status.is_open,
        progress_percent=status.progress_percent,
        tone=status.tone,
        reports_progress=status.reports_progress,
    )


def load_history(items: QuerySet[Recommendation], *, recorded_on: date | None = None) -> History:
    """Everything needed for figures about ``items`` (recommendations and their actions)."""
    cutoff = end_of_day(recorded_on) if recorded_on else None
    rows = items.select_related("theme").prefetch_related("owner_organisations")
    if cutoff is not None:
        rows = rows.filter(created_at__lte=cutoff)
    infos = [
        ItemInfo(
            id=item.pk,
            reference=item.reference,
            parent_id=item.parent_id,
            theme=item.theme.name if item.theme else "",
            owners=tuple(sorted(o.name for o in item.owner_organisations.all())),
            is_public=item.is_public,
        )
        for item in rows.order_by("source__date", "source_id", "position", "id")
    ]
    changes = StatusChange.objects.filter(recommendation_id__in=[i.id for i in infos])
    if cutoff is not None:
        changes = changes.filter(recorded_at__lte=cutoff)
    entries: dict[int, list[Entry]] = defaultdict(list)
    for change_id, item_id, status_id, effective, recorded, progress in changes.values_list(
        "id", "recommendation_id", "status_id", "effective_date", "recorded_at", "progress"
    ):
        entries[item_id].append(Entry(change_id, status_id, effective, recorded, progress))
    statuses = {
        status.pk: _status_info(status)
        for status in StatusDefinition.objects.select_related("vocabulary")
    }
    vocabularies = StatusVocabulary.objects.all()
    if cutoff is not None:
        vocabularies = vocabularies.filter(loaded_at__lte=cutoff) | vocabularies.filter(version=1)
    return History(
        infos,
        dict(entries),
        statuses,
        [VocabularyInfo(v.pk, v.version, v.title, v.effective_from) for v in vocabularies],
        recorded_on=recorded_on,
    )
