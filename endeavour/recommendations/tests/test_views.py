"""The pages, exports and API, through HTTP."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import make_staff, sign_in
from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Role
from endeavour.recommendations.models import EvidenceFile, Recommendation, Source
from endeavour.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def review() -> dict[str, Any]:
    source = f.source(day=date(2017, 3, 1), title="Review of readiness")
    one = f.recommendation(source, reference="1", theme="Command", text="Exercise together.")
    two = f.recommendation(source, reference="2", theme="Public", text="Warn the public.")
    f.recommendation(source, reference="3", theme="Public", text="Translate the advice.")
    f.record(one, "implemented", date(2017, 10, 15), public_summary="Exercise held.")
    f.record(two, "in_progress", date(2017, 6, 1), progress=40)
    return {"source": source, "one": one, "two": two}


def test_a_programme_officer_adds_a_source_with_its_document(client: Client) -> None:
    sign_in(client, f.officer())
    response = client.post(
        reverse("recommendations:source-create"),
        {
            "kind": "exercise",
            "title": "Exercise Unified Response (test)",
            "date": "2016-03-01",
            "author": "Emergency services",
            "document": SimpleUploadedFile("report.pdf", f.PDF_BYTES, "application/pdf"),
        },
    )
    source = Source.objects.get(title="Exercise Unified Response (test)")
    assert response.status_code == 302 and response["Location"] == source.get_absolute_url()
    assert source.document_type == "application/pdf" and not source.is_published
    download = client.get(reverse("recommendations:source-document", args=[source.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == f.PDF_BYTES
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # Not published: the public cannot download it yet.
    anonymous = Client().get(reverse("recommendations:source-document", args=[source.pk]))
    assert anonymous.status_code == 404


def test_source_form_errors(client: Client) -> None:
    f.source(title="Taken")
    sign_in(client, f.officer())
    response = client.post(
        reverse("recommendations:source-create"),
        {
            "kind": "review",
            "title": "taken",
            "date": "2999-01-01",
            "author": "x",
            "document": SimpleUploadedFile("x.exe", b"MZ\x00\x00binary", "application/x"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be in the future" in page and "not a file type we accept" in page


def test_the_staff_source_page_shows_the_figure_as_at_a_date(
    client: Client, review: dict[str, Any]
) -> None:
    sign_in(client, f.officer())
    url = reverse("recommendations:source-detail", args=[review["source"].pk])
    page = client.get(url, {"as_at": "2017-10-31"}).content.decode()
    assert "As at 31 October 2017: 1 of 3 recommendations implemented (33%)." in page
    assert "Counted as implemented: \u201cImplemented\u201d and" in page
    page = client.get(url, {"as_at": "2017-10-01"}).content.decode()
    assert "As at 1 October 2017: 0 of 3 recommendations implemented (0%)." in page
    bad = client.get(url, {"as_at": "2017-02-30"})
    assert bad.status_code == 400 and "Enter a real date" in bad.content.decode()


def test_a_status_update_with_a_document_is_recorded_and_the_document_served_to_owners_only(
    client: Client, review: dict[str, Any]
) -> None:
    item = review["two"]
    owner = f.owner_of(item)
    sign_in(client, owner)
    form = client.get(reverse("recommendations:status-update", args=[item.pk])).content.decode()
    assert "Work towards this has begun" in form  # each status shows its definition
    response = client.post(
        reverse("recommendations:status-update", args=[item.pk]),
        {
            "status": "implemented",
            "effective_date": "2018-01-10",
            "note": "Signed off by the board.",
            "documents": [SimpleUploadedFile("minutes.pdf", f.PDF_BYTES, "application/pdf")],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current_status is not None and item.current_status.code == "implemented"
    stored = EvidenceFile.objects.get(status_change__recommendation=item)
    file_url = reverse("recommendations:evidence-file", args=[stored.pk])
    download = client.get(file_url)
    assert download.status_code == 200 and download["Cache-Control"] == "no-store, private"
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(stored.pk)).exists()
    stranger = sign_in(Client(), make_staff(Role.BOROUGH_OFFICER, organisation=f.organisation()))
    assert stranger.get(file_url).status_code == 404
    assert Client().get(file_url).status_code == 302  # to sign in


def test_a_status_update_without_evidence_is_refused_with_the_reason(
    client: Client, review: dict[str, Any]
) -> None:
    sign_in(client, f.officer())
    response = client.post(
        reverse("recommendations:status-update", args=[review["two"].pk]),
        {"status": "implemented", "effective_date": "31/31/2018", "note": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a real date" in page
    assert "This field is required" in page  # the note
    assert review["two"].status_changes.count() == 2


def test_the_owner_records_the_response(client: Client, review: dict[str, Any]) -> None:
    item = review["one"]
    sign_in(client, f.owner_of(item))
    url = reverse("recommendations:response-update", args=[item.pk])
    assert (
        client.post(url, {"response": "not_accepted", "response_date": "2017-04-01"}).status_code
        == 400
    )
    response = client.post(
        url,
        {"response": "partly_accepted", "reason": "Not at night.", "response_date": "2017-04-01"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.response == "partly_accepted" and item.response_date == date(2017, 4, 1)


def test_linking_an_online_case(client: Client, review: dict[str, Any]) -> None:
    from endeavour.online.tests.factories import submit

    case = submit(url="https://videoshare.example/watch/linked").case
    item = review["one"]
    sign_in(client, f.owner_of(item))
    url = reverse("recommendations:link-add", args=[item.pk])
    bad = client.post(url, {"kind": "online_case", "reference": "CASE-2000-999999"})
    assert bad.status_code == 400 and "There is no online content case" in bad.content.decode()
    assert client.post(url, {"kind": "online_case", "reference": case.reference}).status_code == 302
    page = client.get(reverse("recommendations:recommendation-detail", args=[item.pk]))
    assert case.reference in page.content.decode()
    # Owners see the reference; analysts could follow it to the case.
    assert reverse("online:case-detail", args=[case.pk]) not in page.content.decode()
    officer = sign_in(Client(), f.officer())
    link = item.links.get()
    remove = reverse("recommendations:link-remove", args=[link.pk])
    assert officer.post(remove, {"reason": ""}).status_code == 302
    assert item.links.exists()
    officer.post(remove, {"reason": "Linked in error"})
    assert not item.links.exists()


def test_programme_officers_add_and_edit_recommendations_and_actions(
    client: Client, review: dict[str, Any]
) -> None:
    sign_in(client, f.officer())
    owner = f.organisation("Transport (test)")
    response = client.post(
        reverse("recommendations:recommendation-create", args=[review["source"].pk]),
        {
            "reference": "4",
            "text": "Check the barriers.",
            "theme": "Transport",
            "owners": [owner.pk],
            "response": "accepted",
            "target_date": "2018-12-31",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    added = Recommendation.objects.get(source=review["source"], reference="4")
    assert added.status_changes.get().effective_date == date(2017, 3, 1)
    response = client.post(
        reverse("recommendations:action-create", args=[added.pk]),
        {
            "reference": "4.1",
            "text": "Survey the sites.",
            "response": "accepted",
            "owners": [owner.pk],
        },
    )
    assert response.status_code == 400  # is_public unticked needs a reason
    response = client.post(
        reverse("recommendations:action-create", args=[added.pk]),
        {
            "reference": "4.1",
            "text": "Survey the sites.",
            "response": "accepted",
            "owners": [owner.pk],
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(reference="4.1").parent == added
    duplicate = client.post(
        reverse("recommendations:recommendation-edit", args=[added.pk]),
        {"reference": "1", "text": "x", "response": "accepted", "is_public": "on"},
    )
    assert duplicate.status_code == 400
    assert "Another item of this source has reference 1" in duplicate.content.decode()


def test_the_public_page_exports_csv_xlsx_and_pdf(client: Client, review: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    pk = review["source"].pk
    query = {"as_at": "2017-10-31"}
    page = client.get(reverse("recommendations:public-source", args=[pk]), query)
    text = page.content.decode()
    assert "As at 31 October 2017: 1 of 3 recommendations implemented (33%)." in text
    assert 'role="img"' in text and "<caption" in text  # the chart and its table
    assert "Exercise held." not in text  # summaries are on the item's own page
    response = client.get(reverse("recommendations:public-source-csv", args=[pk]), query)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].endswith('as-at-2017-10-31.csv"')
    assert [r["reference"] for r in rows] == ["1", "2", "3"]
    assert [r["counts_as_implemented"] for r in rows] == ["yes", "no", "no"]
    assert rows[1]["progress_percent"] == "40" and "lead_officer" not in rows[0]
    response = client.get(reverse("recommendations:public-source-xlsx", args=[pk]), query)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Recommendations", "Over time", "Status definitions"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row}
    assert summary["Implemented (numerator)"] == 1
    assert summary["Recommendations counted (denominator)"] == 3
    response = client.get(reverse("recommendations:public-source-pdf", args=[pk]), query)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    bad = client.get(reverse("recommendations:public-source-csv", args=[pk]), {"as_at": "nope"})
    assert bad.status_code == 400


def test_internal_exports_carry_internal_fields_and_are_audited(
    client: Client, review: dict[str, Any]
) -> None:
    lead = make_staff(Role.BOROUGH_OFFICER, first_name="Lena", last_name="Lead")
    f.recommendation(
        review["source"],
        reference="5",
        is_public=False,
        withheld_reason="Security",
        lead_officer=lead,
    )
    sign_in(client, make_staff(Role.AUDITOR))
    response = client.get(reverse("recommendations:source-export-csv", args=[review["source"].pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[-1]["lead_officer"] == "Lena Lead" and rows[-1]["listed_publicly"] == "no"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    response = client.get(reverse("recommendations:source-export-xlsx", args=[review["source"].pk]))
    assert response.status_code == 200


def test_the_api_gives_figures_as_at_a_date(client: Client, review: dict[str, Any]) -> None:
    pk = review["source"].pk
    data = client.get(
        reverse("api-recommendations-source-detail", args=[pk]), {"as_at": "2017-10-31"}
    ).json()
    figure = data["progress"]["figure"]
    assert (figure["implemented"], figure["total"], figure["percent"]) == (1, 3, 33)
    assert figure["counted_as_implemented"] == ["implemented", "implemented_verified"]
    assert figure["sentence"].startswith("As at 31 October 2017")
    items = client.get(
        reverse("api-recommendations-list"), {"source": pk, "as_at": "2017-10-01"}
    ).json()["results"]
    assert [i["status_as_at"]["status"]["code"] for i in items] == [
        "not_started",
        "in_progress",
        "not_started",
    ]
    assert "lead_officer" not in items[0]
    one = client.get(reverse("api-recommendations-detail", args=[review["one"].pk])).json()
    assert [h["status"]["code"] for h in one["history"]] == ["not_started", "implemented"]
    assert one["history"][1]["public_summary"] == "Exercise held."
    bad = client.get(reverse("api-recommendations-source-detail", args=[pk]), {"as_at": "x"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["as_at"]
    statuses = client.get(reverse("api-recommendations-statuses")).json()
    assert statuses[0]["version"] == 1 and len(statuses[0]["statuses"]) == 6


def test_the_api_hides_unpublished_sources_from_the_public(client: Client) -> None:
    hidden = f.source(published=False)
    item = f.recommendation(hidden)
    assert (
        client.get(reverse("api-recommendations-source-detail", args=[hidden.pk])).status_code
        == 404
    )
    assert client.get(reverse("api-recommendations-detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("api-recommendations-list")).json()["count"] == 0
    sign_in(client, make_staff(Role.AUDITOR))
    assert (
        client.get(reverse("api-recommendations-detail", args=[item.pk])).json()["lead_officer"]
        is None
    )


def test_the_openapi_schema_lists_the_endpoints() -> None:
    response = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in (
        "/api/v1/recommendations/sources/",
        "/api/v1/recommendations/sources/{id}/",
        "/api/v1/recommendations/items/",
        "/api/v1/recommendations/items/{id}/",
        "/api/v1/recommendations/statuses/",
    ):
        assert path in paths, path
    parameters = {
        p["name"] for p in paths["/api/v1/recommendations/sources/{id}/"]["get"]["parameters"]
    }
    assert {"as_at", "recorded_on"} <= parameters


def test_the_statuses_page_defines_every_status(client: Client) -> None:
    page = client.get(reverse("recommendations:public-statuses")).content.decode()
    assert "Version 1, in force from 1 January 2000" in page
    assert "The programme team has checked the owner" in page


def test_work_queues_and_navigation(client: Client, review: dict[str, Any]) -> None:
    from endeavour.core.work_queues import counts_for

    item = review["two"]
    Recommendation.objects.filter(pk=item.pk).update(target_date=date(2018, 1, 1))
    owner = f.owner_of(item)
    counts = {c.label: c.count for c in counts_for(owner)}
    assert counts["Your recommendations and actions past their target date"] == 1
    officer_counts = {c.label: c.count for c in counts_for(f.officer())}
    assert officer_counts["Reported implemented, waiting for verification"] == 1
    page = sign_in(client, owner).get(reverse("core:staff-home")).content.decode()
    assert "Your recommendations and actions" in page


def test_demo_loads_once() -> None:
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    source = Source.objects.get(is_sample=True)
    assert "sample" in source.title.lower() and source.is_published
    assert Recommendation.objects.filter(source=source, parent=None).count() == 20
    assert Recommendation.objects.filter(source=source).exclude(parent=None).count() == 5
    assert all(
        "[Sample]" in c.note
        for c in source.recommendations.first().status_changes.exclude(kind="initial")
    )  # type: ignore[union-attr]


def test_a_source_is_edited_and_published(client: Client) -> None:
    source = f.source(published=False, title="Draft review")
    sign_in(client, f.officer())
    url = reverse("recommendations:source-edit", args=[source.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "inquiry",
            "title": "Final review",
            "date": "2016-10-14",
            "author": "Test reviewer",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Final review" and source.kind == "inquiry"
    assert source.is_published and source.published_at is not None
    assert (
        Client().get(reverse("recommendations:public-source", args=[source.pk])).status_code == 200
    )


def test_the_reminders_are_on_the_beat_schedule(settings: Any) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "endeavour.recommendations.tasks.send_overdue_reminders" in tasks
