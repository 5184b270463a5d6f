"""Sources, recommendations and status histories for tests, built through the real services."""

from __future__ import annotations

import io
import itertools
from datetime import date
from typing import Any

from conftest import make_staff
from endeavour.core.models import Organisation, OrganisationType, Role, User
from endeavour.core.tests.factories import OrganisationFactory
from endeavour.recommendations.models import Recommendation, Source, StatusChange
from endeavour.recommendations.services.recommendations import recommendation_create
from endeavour.recommendations.services.sources import source_create
from endeavour.recommendations.services.status import status_change_record

_n = itertools.count(1)
SOURCE_DATE = date(2016, 10, 14)


def officer() -> User:
    """A programme officer (made once per test database, then reused)."""
    existing = User.objects.filter(username="factory-programme-officer").first()
    return existing or make_staff(Role.PROGRAMME_OFFICER, username="factory-programme-officer")


def organisation(name: str | None = None, **kwargs: Any) -> Organisation:
    kwargs.setdefault("type", OrganisationType.POLICE)
    return OrganisationFactory(name=name or f"Owner organisation {next(_n)}", **kwargs)


def source(*, published: bool = True, day: date = SOURCE_DATE, **kwargs: Any) -> Source:
    return source_create(
        kind=kwargs.pop("kind", "review"),
        title=kwargs.pop("title", f"Test review {next(_n)}"),
        date=day,
        author=kwargs.pop("author", "Test reviewer"),
        is_published=published,
        by=kwargs.pop("by", None) or officer(),
        **kwargs,
    )


def recommendation(
    of: Source | None = None,
    *,
    owners: list[Organisation] | None = None,
    reference: str | None = None,
    **kwargs: Any,
) -> Recommendation:
    of = of or source()
    return recommendation_create(
        source=of,
        reference=reference or str(next(_n)),
        text=kwargs.pop("text", "Do the thing the review asks for."),
        owners=owners if owners is not None else [organisation()],
        by=kwargs.pop("by", None) or officer(),
        **kwargs,
    )


def record(
    item: Recommendation,
    code: str,
    day: date,
    *,
    by: Any = None,
    note: str = "Done, as the minutes show.",
    evidence_url: str = "https://evidence.example/1",
    **kwargs: Any,
) -> StatusChange:
    return status_change_record(
        recommendation=item,
        status_code=code,
        effective_date=day,
        note=note,
        evidence_url=evidence_url,
        by=by or officer(),
        **kwargs,
    )


def owner_of(item: Recommendation, role: str = Role.BOROUGH_OFFICER, **kwargs: Any) -> User:
    """A person in the item's first owner organisation."""
    return make_staff(role, organisation=item.owner_organisations.first(), **kwargs)


def csv_bytes(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    import csv

    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[Any]], sheet: str = "Recommendations") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
