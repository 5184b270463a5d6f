"""Figures: aggregate counts only, counts under 5 suppressed in public with secondary suppression,
every number for staff; the same tables as CSV, Excel and through the API."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from endeavour.safeguarding.models import Concern, HelpFinderUse
from endeavour.safeguarding.selectors.figures import cross_table, figures_for
from endeavour.safeguarding.services.concerns import concern_acknowledge
from endeavour.safeguarding.services.usage import help_finder_use_record
from endeavour.safeguarding.tests import factories as f

pytestmark = pytest.mark.django_db


def _concerns(gss: str, n: int) -> None:
    for _ in range(n):
        f.concern(gss)


def test_public_tables_suppress_small_counts_and_what_would_reveal_them() -> None:
    table = cross_table(
        "t",
        "T",
        "Row",
        ["a", "b"],
        ["x", "y"],
        {(0, 0): 3, (0, 1): 10, (1, 0): 9, (1, 1): 8},
        suppress=True,
    )
    cells = [[c.n_cell for c in line] for line in table.cells]
    assert cells[0][0] == "fewer than 5"
    # Row "a" total (13) and column "x" total (12) are shown, so another cell in each is hidden.
    assert cells[0][1] == "not shown" and cells[1][0] == "not shown"
    assert table.total.n_cell == "30"
    open_table = cross_table("t", "T", "Row", ["a", "b"], ["x", "y"], {(0, 0): 3}, suppress=False)
    assert open_table.cells[0][0].n_cell == "3"


def test_concerns_and_help_finder_use_are_counted_by_borough_and_month() -> None:
    _concerns(f.CAMDEN, 6)
    _concerns(f.NEWHAM, 2)
    concern_acknowledge(
        Concern.objects.filter(borough__gss_code=f.CAMDEN)[0], by=f.borough_officer()
    )
    for _ in range(7):
        help_finder_use_record(f.borough(), "drawn_in")
    year = timezone.localdate().year
    staff = figures_for(year, public=False)
    lines = {label: cells for label, cells, _ in staff.concerns_by_borough.lines}
    assert [c.n for c in lines["Camden"]] == [6, 1] and [c.n for c in lines["Newham"]] == [2, 0]
    public = figures_for(year, public=True)
    lines = {label: cells for label, cells, _ in public.concerns_by_borough.lines}
    assert lines["Newham"][0].n_cell == "fewer than 5"
    # Newham's 2 is withheld, and the total routed (8) is shown, so Camden's 6 is hidden too;
    # the one acknowledged concern is withheld, so that column hides no more (its only other
    # non-zero cell is the total itself).
    assert lines["Camden"][0].n_cell == "not shown"
    assert public.concerns_by_borough.total.n_cell == "8"
    use = {label: total for label, _, total in public.use_by_borough.lines}
    assert use["Camden"] is not None and use["Camden"].n_cell == "7"


def test_public_pages_and_downloads_never_hold_individual_records(client: Client) -> None:
    _concerns(f.CAMDEN, 3)
    page = client.get(reverse("safeguarding:public-figures")).content.decode()
    assert "fewer than 5" in page and "Sam Sender" not in page and "SG-" not in page
    assert 'role="img"' in page and "<table" in page
    response = client.get(reverse("safeguarding:public-figures-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["year", "table", "row", "column", "count"]
    camden = [r for r in rows if r[1] == "concerns-by-borough" and r[2] == "Camden"]
    assert camden[0][4] == "<5"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("safeguarding:public-figures-xlsx")).content)
    )
    assert "concerns-by-borough" in workbook.sheetnames
    assert "Sam Sender" not in str(
        [c.value for row in workbook["concerns-by-borough"].iter_rows() for c in row]
    )


def test_staff_figures_show_every_number_and_their_export_is_audited(client_as: Any) -> None:
    from endeavour.audit.models import AuditAction, AuditEvent

    _concerns(f.CAMDEN, 3)
    client = client_as("programme_officer")
    page = client.get(reverse("safeguarding:figures")).content.decode()
    assert "Do not publish them" in page
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("safeguarding:figures-csv")).content.decode()))
    )
    camden = [r for r in rows if r[1] == "concerns-by-borough" and r[2] == "Camden"]
    assert camden[0][4] == "3"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_bad_year_is_refused_with_a_message(client: Client) -> None:
    response = client.get(reverse("safeguarding:public-figures"), {"year": "1850"})
    assert response.status_code == 400
    assert "Choose a year from the list" in response.content.decode()
    api = client.get(reverse("api-safeguarding-figures"), {"year": "x"})
    assert api.status_code == 400 and api.json()["error"]["fields"]["year"]


def test_the_api_gives_public_services_and_suppressed_figures(client: Client) -> None:
    f.service(name="Camden only")
    f.service(name="Newham only", boroughs=[f.NEWHAM])
    f.service(name="Hidden", is_active=False)
    names = {s["name"] for s in client.get(reverse("api-safeguarding-services")).json()["results"]}
    assert names == {"Camden only", "Newham only"}
    camden = client.get(reverse("api-safeguarding-services"), {"borough": f.CAMDEN}).json()
    assert [s["name"] for s in camden["results"]] == ["Camden only"]
    bad = client.get(reverse("api-safeguarding-services"), {"borough": "nowhere"})
    assert bad.status_code == 400 and "borough" in bad.json()["error"]["fields"]
    _concerns(f.CAMDEN, 2)
    figures = client.get(reverse("api-safeguarding-figures")).json()
    assert figures["suppressed"] is True
    table = next(t for t in figures["tables"] if t["key"] == "concerns-by-borough")
    row = next(r for r in table["rows"] if r["label"] == "Camden")
    assert row["cells"][0] == {"count": None, "text": "fewer than 5"}


def test_help_finder_counters_are_one_row_per_cell() -> None:
    day = date(2026, 3, 14)
    help_finder_use_record(f.borough(), "myself", day)
    help_finder_use_record(f.borough(), "myself", day)
    (row,) = HelpFinderUse.objects.all()
    assert row.count == 2 and row.month == date(2026, 3, 1)
