"""Aggregate figures: counts under 5 withheld with secondary suppression in public outputs
(page, CSV, Excel, API), every number for staff, and never an individual record."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from endeavour.core.models import Role
from endeavour.incidents.selectors.trends import calendar_year, incident_trends
from endeavour.incidents.services.triage import report_triage
from endeavour.incidents.tests import factories

pytestmark = pytest.mark.django_db
YEAR = 2025


def many(count: int, *, borough: str, day: date, motivation: str = "anti_muslim") -> list[Any]:
    return [
        factories.report(
            borough=borough, occurred_on=day, motivations=[motivation], description="Private words"
        )
        for _ in range(count)
    ]


@pytest.fixture
def reports(db: None) -> list[Any]:
    """Camden 6 in March, Newham 3 in March (small), Southwark 5 in April; 14 in all."""
    made = many(6, borough="E09000007", day=date(YEAR, 3, 5))
    made += many(3, borough="E09000025", day=date(YEAR, 3, 9), motivation="antisemitic")
    made += many(5, borough="E09000028", day=date(YEAR, 4, 2), motivation="homophobic")
    officer = factories.officer()
    for report in made[:5]:
        report_triage(report, by=officer, verification="verified", note="Checked.")
    return made


def rows_by_label(rows: list[Any]) -> dict[str, Any]:
    return {row.label: row for row in rows}


def test_small_counts_are_withheld_and_cannot_be_worked_out(reports: list[Any]) -> None:
    trends = incident_trends(calendar_year(YEAR), suppress=True)
    assert trends.total.n == 14 and not trends.total.suppressed
    boroughs = rows_by_label(trends.by_borough)
    assert boroughs["Newham"].reported.suppressed  # 3: primary
    # The total (14) is published, so one other non-zero cell is withheld too.
    shown = [r for r in trends.by_borough if r.reported.n and not r.reported.suppressed]
    withheld = [r for r in trends.by_borough if r.reported.suppressed]
    assert len(withheld) >= 2
    assert sum(r.reported.n for r in shown) != trends.total.n
    motivations = rows_by_label(trends.by_motivation)
    assert motivations["Antisemitic"].reported.suppressed


def test_staff_figures_show_every_number(reports: list[Any]) -> None:
    trends = incident_trends(calendar_year(YEAR), suppress=False)
    boroughs = rows_by_label(trends.by_borough)
    assert boroughs["Newham"].reported.n == 3 and not boroughs["Newham"].reported.suppressed
    assert boroughs["Camden"].verified.n == 5
    months = rows_by_label(trends.by_month)
    assert months[f"March {YEAR}"].reported.n == 9


def test_public_page_and_files_carry_only_suppressed_aggregates(
    reports: list[Any], client: Client
) -> None:
    query = f"?year={YEAR}"
    page = client.get(reverse("incidents:trends") + query).content.decode()
    assert "fewer than 5" in page and "not shown" in page
    assert "Private words" not in page and reports[0].reference not in page
    assert "<svg" in page and "<table" in page
    text = client.get(reverse("incidents:trends-csv") + query).content.decode()
    rows = {(r["table"], r["label"]): r for r in csv.DictReader(io.StringIO(text))}
    assert rows[("borough", "Newham")]["reported"] == "<5"
    assert rows[("borough", "Camden")]["reported"] in {"6", "not shown"}
    assert rows[("total", "all reports")]["reported"] == "14"
    assert "Private words" not in text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("incidents:trends-xlsx") + query).content)
    )
    values = [c for row in workbook["By borough"].iter_rows(values_only=True) for c in row]
    assert "<5" in values and 3 not in values


def test_public_api_withholds_small_counts(reports: list[Any], client: Client) -> None:
    data = client.get(reverse("api-incidents-figures") + f"?year={YEAR}").json()
    newham = next(r for r in data["by_borough"] if r["label"] == "Newham")
    assert newham["reported"] == {"value": None, "state": "fewer_than_5"}
    assert data["total"]["value"] == 14
    bad = client.get(reverse("api-incidents-figures") + "?year=1900")
    assert bad.status_code == 400 and "year" in bad.json()["error"]["fields"]


def test_a_bad_period_is_refused_with_a_message(client: Client) -> None:
    response = client.get(reverse("incidents:trends") + "?year=abc")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_staff_figures_and_csv_are_unsuppressed_and_audited(
    reports: list[Any], client_as: Any
) -> None:
    from endeavour.audit.models import AuditEvent

    client = client_as(Role.PROGRAMME_OFFICER)
    page = client.get(reverse("incidents:staff-trends") + f"?year={YEAR}").content.decode()
    assert "fewer than 5" not in page
    text = client.get(reverse("incidents:staff-trends-csv") + f"?year={YEAR}").content.decode()
    assert "Newham,3," in text
    assert AuditEvent.objects.filter(action="export", object_type="incidents.figures").exists()


def test_public_figures_in_polish(reports: list[Any], client: Client) -> None:
    client.cookies["endeavour_language"] = "pl"
    page = client.get(reverse("incidents:trends") + f"?year={YEAR}").content.decode()
    assert "mniej niż 5" in page and "Antysemicki" in page and "marzec" in page.lower()
