"""The pages, files and API through HTTP: periods, scoping, suppression, exports, the annual
report's life (draft, narrative, publish, frozen figures), populations and data quality."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_staff, sign_in
from endeavour.audit.models import AuditEvent
from endeavour.core.models import Organisation, Role
from endeavour.insights.models import AnnualReport, PopulationSet, ReportStatus
from endeavour.insights.services import populations_load
from endeavour.insights.tests import factories
from endeavour.insights.tests.factories import CAMDEN, YEAR

CENSUS_FILE = Path(__file__).resolve().parents[1] / "data" / "census_2021_borough_populations.csv"

pytestmark = pytest.mark.django_db

CALENDAR_QUERY = {"kind": "calendar_year", "year": str(YEAR)}
FINANCIAL_QUERY = {"kind": "financial_year", "year": str(YEAR)}


def officer_client(role: str = Role.PROGRAMME_OFFICER) -> Client:
    return sign_in(Client(), make_staff(role))


def borough_officer_client() -> Client:
    camden = Organisation.objects.get(borough__gss_code=CAMDEN, type="local_authority")
    return sign_in(Client(), make_staff(Role.BOROUGH_OFFICER, organisation=camden))


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def safeguarding_only() -> None:
    factories.safeguarding_data()


def test_staff_overview_shows_every_aim_with_bases_definitions_and_links(
    safeguarding_only: None,
) -> None:
    response = officer_client().get(reverse("insights:overview"), CALENDAR_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    for aim in ("Stop the spread", "Safeguard vulnerable people", "Strengthen communities"):
        assert aim in page
    assert "Review and improve" in page
    assert "4 of 8 concerns acknowledged (50%)" in page
    assert "Base: concerns routed in the period." in page
    assert "Definition:" in page
    assert reverse("safeguarding:routing-records") in page
    assert "Calendar year 2025" in page
    assert f"{reverse('insights:overview-csv')}?kind=calendar_year&amp;year=2025" in page


def test_the_default_period_is_the_current_financial_year() -> None:
    response = officer_client(Role.AUDITOR).get(reverse("insights:overview"))
    assert response.status_code == 200
    assert "Financial year" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "custom", "start": "2025-13", "end": "2025-03"}, "Enter a month as YYYY-MM"),
        ({"kind": "custom", "start": "2025-06", "end": "2025-03"}, "must not be before"),
        ({"kind": "quarter", "year": str(YEAR)}, "Choose a quarter"),
        ({"kind": "weekly"}, "Select a valid choice"),
    ],
)
def test_a_bad_period_is_a_400_naming_the_problem(query: dict[str, str], message: str) -> None:
    response = officer_client().get(reverse("insights:overview"), query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Client().get(reverse("insights:public-overview-csv"), query).status_code == 400


def test_a_custom_period_and_a_quarter(safeguarding_only: None) -> None:
    client = officer_client()
    custom = client.get(
        reverse("insights:overview"), {"kind": "custom", "start": "2025-06", "end": "2025-06"}
    )
    assert custom.status_code == 200
    assert "June 2025" in custom.content.decode()
    quarter = client.get(
        reverse("insights:overview"), {"kind": "quarter", "year": "2025", "quarter": "2"}
    )
    assert "April to June 2025" in quarter.content.decode()
    assert "4 of 8 concerns acknowledged" in quarter.content.decode()


def test_borough_officers_see_their_borough_only_and_no_record_links(
    safeguarding_only: None,
) -> None:
    response = borough_officer_client().get(reverse("insights:overview"), CALENDAR_QUERY)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Camden only" in page
    assert "4 of 6 concerns acknowledged (67%)" in page
    assert "Referrals made" not in page  # no borough: not shown
    assert reverse("safeguarding:routing-records") not in page


def test_public_overview_withholds_small_counts_and_has_no_record_links(
    safeguarding_only: None,
) -> None:
    response = Client().get(reverse("insights:public-overview"), CALENDAR_QUERY)
    page = response.content.decode()
    assert response.status_code == 200
    assert "fewer than 5 of 8 concerns acknowledged (percentage not shown)" in page
    assert reverse("safeguarding:routing-records") not in page


def test_exports_have_every_figure_and_the_trend(safeguarding_only: None) -> None:
    client = officer_client()
    response = client.get(reverse("insights:overview-csv"), CALENDAR_QUERY)
    assert response.status_code == 200
    rows = rows_of(response.content)
    routed = [r for r in rows if r["Measure key"] == "concerns_routed"]
    assert [r["Period"] for r in routed] == ["2023", "2024", "2025"]
    assert routed[-1]["Value"] == "8"
    assert AuditEvent.objects.filter(object_type="insights.overview").exists()
    xlsx = client.get(reverse("insights:overview-xlsx"), CALENDAR_QUERY)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.cell(1, 2).value == "Measure key"
    public = rows_of(Client().get(reverse("insights:public-overview-csv"), CALENDAR_QUERY).content)
    acknowledged = [r for r in public if r["Measure key"] == "concerns_acknowledged"][-1]
    assert (acknowledged["Withheld"], acknowledged["Numerator"]) == ("yes", "")


def test_the_map_counts_and_per_capita(safeguarding_only: None) -> None:
    client = officer_client()
    query = {**CALENDAR_QUERY, "measure": "concerns_routed"}
    page = client.get(reverse("insights:map"), query).content.decode()
    assert "Concerns routed to borough teams, by borough" in page
    assert "London total: <strong>8</strong>" in page
    per_capita = client.get(reverse("insights:map"), {**query, "per_capita": "on"})
    text = per_capita.content.decode()
    assert "per 100,000 residents" in text
    assert "Census 2021" in text and "not marked as official" not in text
    rows = rows_of(client.get(reverse("insights:map-csv"), {**query, "per_capita": "on"}).content)
    camden = next(r for r in rows if r["GSS code"] == CAMDEN)
    population = int(camden["Population"])
    assert float(camden["Per 100,000 residents"]) == round(6 * 100_000 / population, 1)


def test_the_public_map_withholds_small_counts(safeguarding_only: None) -> None:
    query = {**CALENDAR_QUERY, "measure": "concerns_routed"}
    response = Client().get(reverse("insights:public-map"), query)
    assert response.status_code == 200
    assert "Fewer than 5" in response.content.decode()
    bad = Client().get(reverse("insights:public-map"), {**query, "measure": "referrals_sent"})
    assert bad.status_code == 400  # no borough breakdown


def test_data_quality_counts_link_to_the_records() -> None:
    from endeavour.safeguarding.models import SupportService
    from endeavour.safeguarding.tests import factories as safeguarding

    safeguarding.service()
    SupportService.objects.update(last_checked_on=date(2020, 1, 1))
    response = officer_client(Role.AUDITOR).get(reverse("insights:data-quality"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Help-finder services not checked in time" in page
    row = page[page.index('id="quality-stale_services"') :]
    assert '<td class="num">1</td>' in row[: row.index("</tr>")]
    assert f"{reverse('safeguarding:service-list')}?due=1" in page


def test_the_annual_report_from_draft_to_public(safeguarding_only: None) -> None:
    officer = make_staff(Role.PROGRAMME_OFFICER, first_name="Pat", last_name="Officer")
    client = sign_in(Client(), officer)
    response = client.post(reverse("insights:report-generate"), {"year": YEAR})
    report = AnnualReport.objects.get(year=YEAR)
    assert response.status_code == 302
    assert report.status == ReportStatus.DRAFT
    assert Client().get(reverse("insights:public-report", args=[YEAR])).status_code == 404

    edit = reverse("insights:report-edit", args=[report.pk])
    form = {"title": "Our year", "introduction": "A year of work.", "safeguard": "Teams answered."}
    assert client.post(edit, form).status_code == 302
    assert client.post(edit, {"title": ""}).status_code == 400

    client.post(reverse("insights:report-publish", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.published_by) == (ReportStatus.PUBLISHED, officer)

    # A later correction of the records does not change the published report.
    factories.safeguarding_data()
    public = Client().get(reverse("insights:public-report", args=[YEAR]))
    page = public.content.decode()
    assert public.status_code == 200
    assert "Our year" in page and "Teams answered." in page
    assert "fewer than 5 of 8 concerns acknowledged" in page
    assert "Figures as at" in page and "Pat Officer" in page
    assert client.post(reverse("insights:report-regenerate", args=[report.pk])).status_code == 409
    assert client.get(edit).status_code == 409
    pdf = Client().get(reverse("insights:public-report-pdf", args=[YEAR]))
    assert pdf.content.startswith(b"%PDF")
    rows = rows_of(Client().get(reverse("insights:public-report-csv", args=[YEAR])).content)
    assert any(r["Measure key"] == "concerns_routed" and r["Value"] == "8" for r in rows)


def test_regenerating_a_draft_refreshes_its_figures_and_keeps_the_narrative() -> None:
    client = officer_client()
    client.post(reverse("insights:report-generate"), {"year": YEAR})
    report = AnnualReport.objects.get(year=YEAR)
    client.post(
        reverse("insights:report-edit", args=[report.pk]),
        {"title": "Kept", "introduction": "Words."},
    )
    factories.safeguarding_data()
    client.post(reverse("insights:report-regenerate", args=[report.pk]))
    report.refresh_from_db()
    stored = {m["key"]: m["figure"] for a in report.figures["aims"] for m in a["measures"]}
    assert stored["concerns_routed"]["value"] == 8
    assert (report.title, report.narrative["introduction"]) == ("Kept", "Words.")


def test_generate_refuses_a_future_year() -> None:
    response = officer_client().post(reverse("insights:report-generate"), {"year": 2100})
    assert response.status_code == 400
    assert not AnnualReport.objects.exists()


def test_populations_upload_reports_problems_by_row(tmp_path: Path) -> None:
    client = officer_client()
    content = CENSUS_FILE.read_bytes().replace(b"E09000003,Barnet,389300", b"E09000003,Barnet,lots")
    upload = io.BytesIO(content)
    upload.name = "populations.csv"
    response = client.post(
        reverse("insights:populations"),
        {"file": upload, "source": "Test", "as_of": "2021-06-30"},
    )
    assert response.status_code == 400
    assert (
        "Row 4: The population &#x27;lots&#x27; is not a whole number above 0."
        in response.content.decode()
    )
    assert not PopulationSet.objects.filter(source="Test").exists()
    good = io.BytesIO(CENSUS_FILE.read_bytes())
    good.name = "populations.csv"
    client.post(
        reverse("insights:populations"), {"file": good, "source": "Test", "as_of": "2021-06-30"}
    )
    assert PopulationSet.objects.get(source="Test").populations.count() == 33
    auditor = officer_client(Role.AUDITOR)
    assert auditor.post(reverse("insights:populations"), {}).status_code == 403


def test_load_populations_command(tmp_path: Path) -> None:
    call_command("load_populations", str(CENSUS_FILE), source="Sample", as_of="2021-06-30")
    assert PopulationSet.objects.get(source="Sample").populations.count() == 33
    short = tmp_path / "short.csv"
    short.write_text("gss_code,population\nE09000001,10000\n")
    with pytest.raises(CommandError, match="No population for"):
        call_command("load_populations", str(short), source="Short", as_of="2021-06-30")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("load_populations", str(CENSUS_FILE), source="Sample", as_of="mid-2021")


def test_census_2021_populations_ship_as_the_official_set() -> None:
    shipped = PopulationSet.objects.get()
    assert shipped.is_official and shipped.as_of == date(2021, 3, 21)
    assert "Census 2021" in shipped.source
    values = list(shipped.populations.values_list("population", flat=True))
    assert len(values) == 33
    # London's published total is 8,799,800; 33 values rounded to the nearest 100 add up to
    # within 33 x 50 of it.
    assert abs(sum(values) - 8_799_800) <= 33 * 50


def test_a_set_that_is_not_official_is_marked_on_the_map(safeguarding_only: None) -> None:
    populations_load(
        content=CENSUS_FILE.read_bytes(),
        source="Trial figures",
        as_of=date(2024, 6, 30),
        is_official=False,
        by=None,
    )
    query = {**CALENDAR_QUERY, "measure": "concerns_routed", "per_capita": "on"}
    text = officer_client().get(reverse("insights:map"), query).content.decode()
    assert "Trial figures" in text and "not marked as official statistics" in text


def test_api_overview_public_and_staff(
    client_as: Callable[..., Client], safeguarding_only: None
) -> None:
    url = reverse("api-insights-overview")
    public = Client().get(url, CALENDAR_QUERY).json()
    assert public["public"] is True
    measures = {m["key"]: m for a in public["aims"] for m in a["measures"]}
    assert measures["concerns_routed"]["figure"]["value"] == 8
    assert measures["concerns_acknowledged"]["figure"]["suppressed"] is True
    staff = client_as(Role.AUDITOR).get(url, CALENDAR_QUERY).json()
    staff_measures = {m["key"]: m for a in staff["aims"] for m in a["measures"]}
    assert staff_measures["concerns_acknowledged"]["figure"]["numerator"] == 4
    bad = Client().get(url, {"kind": "quarter", "year": "2025"})
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["quarter"]


def test_the_report_includes_official_statistics_when_imported() -> None:
    demo = pytest.importorskip("endeavour.official_stats.demo")
    from endeavour.insights.services import annual_report_generate

    officer = make_staff(Role.PROGRAMME_OFFICER)
    demo.load_official_stats_demo()
    year_ending = demo.SAMPLE_YEAR
    report = annual_report_generate(year=year_ending - 1, by=officer)
    official = report.figures["official"]
    assert official is not None and official["rows"]
    page = sign_in(Client(), officer).get(reverse("insights:report-detail", args=[report.pk]))
    assert "Official statistics: London and England and Wales" in page.content.decode()
    assert annual_report_generate(year=year_ending - 3, by=officer).figures["official"] is None


def test_record_links_are_only_those_the_person_may_open() -> None:
    query = {"kind": "calendar_year", "year": str(YEAR)}
    referrals = f"{reverse('online:referral-list')}?status=removed"
    transparency = f"{reverse('online:figures')}?start={YEAR}-01-01&amp;end={YEAR}-12-31"
    auditor = officer_client(Role.AUDITOR).get(reverse("insights:overview"), query).content.decode()
    assert referrals in auditor
    officer = officer_client().get(reverse("insights:overview"), query).content.decode()
    assert referrals not in officer  # analysts' and auditors' list
    assert transparency in officer
    assert reverse("grants:dashboard") in officer


def test_borough_officers_see_other_boroughs_on_the_map_as_the_public_does(
    safeguarding_only: None,
) -> None:
    query = {**CALENDAR_QUERY, "measure": "concerns_routed"}
    rows = rows_of(borough_officer_client().get(reverse("insights:map-csv"), query).content)
    newham = next(r for r in rows if r["GSS code"] == factories.NEWHAM)
    assert (newham["Withheld"], newham["Value"]) == ("yes", "")
    staff = rows_of(officer_client().get(reverse("insights:map-csv"), query).content)
    assert next(r for r in staff if r["GSS code"] == factories.NEWHAM)["Value"] == "2"
