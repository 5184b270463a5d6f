"""Sources: reviews, reports, inquiries and exercises."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.recommendations.models import Source
from endeavour.recommendations.reference import EARLIEST_DATE
from endeavour.recommendations.services.files import IncomingFile, file_store

EDITABLE = ("kind", "title", "date", "author", "summary", "url", "is_published")


def _check(source: Source) -> None:
    errors: dict[str, str] = {}
    if source.date > timezone.localdate():
        errors["date"] = "The date cannot be in the future."
    elif source.date < EARLIEST_DATE:
        errors["date"] = f"The date cannot be before {EARLIEST_DATE:%d %B %Y}."
    if Source.objects.filter(title__iexact=source.title).exclude(pk=source.pk).exists():
        errors["title"] = "There is already a source with this title."
    if errors:
        raise ValidationError(errors)


def _attach(source: Source, document: IncomingFile | None) -> None:
    if document is None:
        return
    stored = file_store(document, folder=f"recommendations/sources/{source.pk}")
    source.document_path = stored.storage_path
    source.document_name = stored.original_name
    source.document_type = stored.content_type
    source.document_size = stored.size
    source.document_sha256 = stored.sha256
    source.save(
        update_fields=[
            "document_path",
            "document_name",
            "document_type",
            "document_size",
            "document_sha256",
            "updated_at",
        ]
    )


@transaction.atomic
def source_create(
    *,
    kind: str,
    title: str,
    date: date,
    author: str,
    by: Any,
    summary: str = "",
    url: str = "",
    is_published: bool = False,
    document: IncomingFile | None = None,
    is_sample: bool = False,
) -> Source:
    source = Source(
        kind=kind,
        title=title.strip(),
        date=date,
        author=author.strip(),
        summary=summary.strip(),
        url=url.strip(),
        is_published=is_published,
        published_at=timezone.now() if is_published else None,
        is_sample=is_sample,
        created_by=by,
    )
    _check(source)
    source.save()
    _attach(source, document)
    return source


@transaction.atomic
def source_update(
    *, source: Source, by: Any, document: IncomingFile | None = None, **changes: Any
) -> Source:
    """Change a source's fields (those in ``EDITABLE``) and optionally replace its document.

    Changing the date does not move the history: each recommendation's first entry keeps the
    date it was given when it was added.
    """
    source = Source.objects.select_for_update().get(pk=source.pk)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    was_published = source.is_published
    for name, value in changes.items():
        setattr(source, name, value.strip() if isinstance(value, str) else value)
    if source.is_published and not was_published:
        source.published_at = timezone.now()
    _check(source)
    source.save()
    _attach(source, document)
    return source
