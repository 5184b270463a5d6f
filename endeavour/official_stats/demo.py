"""One sample publication for the demo, imported through the real import services.

Its figures are made up and it says so everywhere it appears ("sample figures, not the Home
Office's"): invented numbers are never presented as official statistics.
"""

from __future__ import annotations

from django.db import transaction

from endeavour.audit.context import Actor, acting_as
from endeavour.core.models import Role, User
from endeavour.official_stats.models import Publication
from endeavour.official_stats.samples import SAMPLE_TITLE, ods_bytes, sample_sheets
from endeavour.official_stats.services.imports import (
    TableMapping,
    publication_import,
    upload_map,
    upload_receive,
)

SAMPLE_YEAR = 2025
MAPPINGS = [
    TableMapping(0, "ideology", rows="category", columns="region"),
    TableMapping(1, "sector", rows="category", columns="region"),
    TableMapping(2, "outcome", rows="category", columns="region"),
    TableMapping(3, "region", rows="region", columns="year"),
]


@transaction.atomic
def load_official_stats_demo() -> int:
    if Publication.objects.filter(is_sample=True).exists():
        return 0
    officer = (
        User.objects.filter(role_assignments__role=Role.PROGRAMME_OFFICER, is_active=True)
        .order_by("pk")
        .first()
    )
    if officer is None:
        return 0
    period = f"April {SAMPLE_YEAR - 1} to March {SAMPLE_YEAR}"
    mappings = [
        TableMapping(m.position, m.dimension, m.rows, m.columns, period, "England and Wales")
        for m in MAPPINGS
    ]
    with acting_as(Actor(id=None, label="system: demo data")):
        pending = upload_receive(
            data=ods_bytes(sample_sheets(SAMPLE_YEAR)),
            filename="sample-prevent-referrals.ods",
            title=SAMPLE_TITLE.format(year=SAMPLE_YEAR),
            year=SAMPLE_YEAR,
            url="",
            by=officer,
        )
        plan = upload_map(upload=pending, mappings=mappings)
        assert plan.is_valid, plan.problems
        publication_import(upload=pending, by=officer, is_sample=True)
    return 1
