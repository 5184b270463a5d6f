"""Publications for tests, built through the real import services from small files written
here in the published shape. Every number is a made-up test value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conftest import make_staff
from endeavour.core.models import Role, User
from endeavour.official_stats.models import PendingUpload, Publication
from endeavour.official_stats.samples import Row, ods_bytes, sample_sheets
from endeavour.official_stats.services.imports import (
    TableMapping,
    publication_import,
    upload_map,
    upload_receive,
)

YEAR = 2025
SAMPLE_MAPPINGS = [
    ("ideology", "category", "region"),
    ("sector", "category", "region"),
    ("outcome", "category", "region"),
    ("region", "region", "year"),
]


def officer() -> User:
    """A programme officer (made once per test database, then reused)."""
    existing = User.objects.filter(username="stats-programme-officer").first()
    return existing or make_staff(Role.PROGRAMME_OFFICER, username="stats-programme-officer")


def mappings(
    rows: Sequence[tuple[str, str, str]] = SAMPLE_MAPPINGS, *, year: int = YEAR, **extra: Any
) -> list[TableMapping]:
    return [
        TableMapping(
            i,
            dimension,
            rows=first,
            columns=header,
            year=extra.get("year_label", f"April {year - 1} to March {year}"),
            region=extra.get("region", "England and Wales"),
        )
        for i, (dimension, first, header) in enumerate(rows)
    ]


def pending(
    sheets: Sequence[tuple[str, Sequence[Row]]] | None = None,
    *,
    year: int = YEAR,
    data: bytes | None = None,
    filename: str = "tables.ods",
) -> PendingUpload:
    if data is None:
        data = ods_bytes(sheets if sheets is not None else sample_sheets(year))
    return upload_receive(
        data=data,
        filename=filename,
        title=f"Test statistics {year} (made-up test values)",
        year=year,
        url="https://example.invalid/prevent-statistics",
        by=officer(),
    )


def publication(
    sheets: Sequence[tuple[str, Sequence[Row]]] | None = None,
    *,
    year: int = YEAR,
    table_mappings: list[TableMapping] | None = None,
) -> Publication:
    upload = pending(sheets, year=year)
    plan = upload_map(upload=upload, mappings=table_mappings or mappings(year=year))
    assert plan.is_valid, plan.problems
    return publication_import(upload=upload, by=officer())
