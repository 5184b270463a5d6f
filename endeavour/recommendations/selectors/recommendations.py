"""Reads for the staff pages, always scoped through ``permissions`` first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from endeavour.recommendations import links, permissions
from endeavour.recommendations.links import LinkTarget
from endeavour.recommendations.models import (
    EvidenceFile,
    EvidenceLink,
    Recommendation,
    Source,
    StatusChange,
)
from endeavour.recommendations.rag import RAG_ORDER, Rag, rag_for


@dataclass(frozen=True)
class ListRow:
    item: Recommendation
    rag: Rag


@dataclass(frozen=True)
class ListFilters:
    source: int | None = None
    owner: int | None = None
    status: str = ""
    rag: str = ""
    q: str = ""
    kind: str = ""  # "", "recommendations", "actions"


def base_items() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related(
        "source", "theme", "parent", "lead_officer", "current_status__vocabulary"
    ).prefetch_related("owner_organisations")


def filtered(queryset: QuerySet[Recommendation], filters: ListFilters) -> QuerySet[Recommendation]:
    if filters.source:
        queryset = queryset.filter(source_id=filters.source)
    if filters.owner:
        queryset = queryset.filter(owner_organisations__id=filters.owner)
    if filters.status:
        queryset = queryset.filter(current_status__code=filters.status)
    if filters.kind == "recommendations":
        queryset = queryset.filter(parent__isnull=True)
    elif filters.kind == "actions":
        queryset = queryset.filter(parent__isnull=False)
    if filters.q:
        queryset = queryset.filter(Q(text__icontains=filters.q) | Q(reference__iexact=filters.q))
    today = timezone.localdate()
    if filters.rag == "red":
        queryset = queryset.filter(current_status__is_open=True, target_date__lt=today)
    elif filters.rag == "open":
        queryset = queryset.filter(current_status__is_open=True)
    return queryset.distinct()


def rows_for(items: Sequence[Recommendation], today: date | None = None) -> list[ListRow]:
    today = today or timezone.localdate()
    return [ListRow(item, rag_for(item.current_status, item.target_date, today)) for item in items]


def by_urgency(rows: list[ListRow]) -> list[ListRow]:
    return sorted(
        rows,
        key=lambda r: (
            RAG_ORDER.get(r.rag.code, 9),
            r.item.target_date or date.max,
            r.item.source_id,
            r.item.position,
        ),
    )


def visible_items(user: Any) -> QuerySet[Recommendation]:
    return permissions.scope_recommendations(user, base_items())


def my_open_items(user: Any) -> list[ListRow]:
    """The owner's view: their open items, most urgent first."""
    items = permissions.scope_owned(user, base_items()).filter(
        Q(current_status__is_open=True) | Q(current_status__isnull=True)
    )
    return by_urgency(rows_for(list(items)))


def my_closed_count(user: Any) -> int:
    return (
        permissions.scope_owned(user, Recommendation.objects.all())
        .filter(current_status__is_open=False)
        .count()
    )


def item_or_404(user: Any, pk: int) -> Recommendation:
    item = visible_items(user).filter(pk=pk).first()
    if item is None:
        raise Http404("No such recommendation or action")
    return item


def updatable_item_or_404(user: Any, pk: int) -> Recommendation:
    """An item this user may update: 404 if they cannot see it, 403 if they only may read it."""
    from django.core.exceptions import PermissionDenied

    item = item_or_404(user, pk)
    if not permissions.may_update(user, item):
        raise PermissionDenied("Only the item's owners and programme officers can change it.")
    return item


def source_or_404(user: Any, pk: int) -> Source:
    source = permissions.scope_sources(user, Source.objects.all()).filter(pk=pk).first()
    if source is None:
        raise Http404("No such source")
    return source


def sources_with_counts(user: Any) -> QuerySet[Source]:
    return permissions.scope_sources(user, Source.objects.all()).annotate(
        recommendation_count=Count(
            "recommendations", filter=Q(recommendations__parent__isnull=True)
        ),
        action_count=Count("recommendations", filter=Q(recommendations__parent__isnull=False)),
    )


@dataclass(frozen=True)
class HistoryEntry:
    change: StatusChange
    files: list[EvidenceFile]


def history_of(item: Recommendation) -> list[StatusChange]:
    """Newest first by effective date, with who recorded it and its files."""
    return list(
        item.status_changes.select_related("status__vocabulary", "recorded_by")
        .prefetch_related(Prefetch("files"))
        .order_by("-effective_date", "-recorded_at", "-id")
    )


@dataclass(frozen=True)
class LinkRow:
    link: EvidenceLink
    kind_label: str
    target: LinkTarget


def links_of(item: Recommendation, user: Any) -> list[LinkRow]:
    rows = list(item.links.select_related("added_by"))
    by_kind: dict[str, list[str]] = {}
    for link in rows:
        by_kind.setdefault(link.kind, []).append(link.reference)
    described: dict[tuple[str, str], LinkTarget] = {}
    labels: dict[str, str] = {}
    for kind_code, references in by_kind.items():
        try:
            kind = links.kind_for(kind_code)
        except Exception:  # a kind whose module is not installed any more
            for reference in references:
                described[(kind_code, reference)] = LinkTarget(reference, reference, "", True)
            labels[kind_code] = kind_code
            continue
        labels[kind_code] = kind.label
        for reference, target in kind.describe(references, user).items():
            described[(kind_code, reference)] = target
    return [
        LinkRow(
            link,
            labels.get(link.kind, link.kind),
            described.get((link.kind, link.reference), LinkTarget(link.reference, link.reference)),
        )
        for link in rows
    ]


def evidence_file_or_404(user: Any, pk: int) -> EvidenceFile:
    visible = permissions.scope_recommendations(user, Recommendation.objects.all())
    found = (
        EvidenceFile.objects.select_related("status_change__recommendation")
        .filter(pk=pk, status_change__recommendation__in=visible)
        .first()
    )
    if found is None:
        raise Http404("No such evidence file")
    return found
