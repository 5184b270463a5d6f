"""The pages through HTTP: the import in three steps, bad input, public pages, exports, API."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from endeavour.core.models import Role
from endeavour.official_stats.models import Figure, PendingUpload, Publication
from endeavour.official_stats.samples import ods_bytes, sample_sheets
from endeavour.official_stats.tests import factories

pytestmark = pytest.mark.django_db


def _upload(client: Client, data: bytes, name: str = "tables.ods", year: str = "2025") -> Any:
    return client.post(
        reverse("official_stats:upload"),
        {
            "title": "Prevent statistics (made-up test values)",
            "year": year,
            "url": "https://example.invalid/stats",
            "file": SimpleUploadedFile(name, data),
        },
    )


def _mapping(pending: PendingUpload, **overrides: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for i, (dimension, rows, columns) in enumerate(factories.SAMPLE_MAPPINGS):
        data.update(
            {
                f"t{i}_dimension": dimension,
                f"t{i}_rows": rows,
                f"t{i}_columns": columns,
                f"t{i}_year": "April 2024 to March 2025",
                f"t{i}_region": "England and Wales",
            }
        )
    data.update(overrides)
    return data


def test_upload_preview_map_confirm(client_as: Any) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    response = _upload(client, ods_bytes(sample_sheets(2025)))
    pending = PendingUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("official_stats:upload-map", args=[pending.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Table 1: Referrals by type of concern and region" in body
    assert "Vulnerability present but no ideology or CT risk" in body
    # The guesses from the titles are offered first.
    assert page.context["form"].initial["t0_dimension"] == "ideology"
    assert page.context["form"].initial["t3_dimension"] == "region"
    response = client.post(page.request["PATH_INFO"], _mapping(pending))
    assert response.status_code == 302
    confirm = client.get(response["Location"])
    assert confirm.status_code == 200
    assert "London (read as London)" in confirm.content.decode()
    assert not Publication.objects.exists()
    response = client.post(response["Location"])
    publication = Publication.objects.get()
    assert response["Location"] == reverse(
        "official_stats:publication-detail", args=[publication.pk]
    )
    assert publication.imported_by is not None
    assert publication.figures.count() == Figure.objects.count() > 30
    detail = client.get(response["Location"])
    assert "Other [note 2]" in detail.content.decode()


def test_a_mapping_with_bad_cells_shows_the_problems_and_imports_nothing(client_as: Any) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    _upload(client, ods_bytes(sample_sheets(2025)))
    pending = PendingUpload.objects.get()
    # Reading the outcome table's header ("England and Wales") as years is wrong.
    response = client.post(
        reverse("official_stats:upload-map", args=[pending.pk]),
        _mapping(pending, t2_columns="year", t2_rows="category"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing can be imported yet" in body
    assert "is not a year" in body
    confirm = client.get(reverse("official_stats:upload-confirm", args=[pending.pk]))
    assert confirm.status_code == 302  # back to the mapping
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "year", "message"),
    [
        (b"%PDF-1.4", "report.pdf", "2025", "Choose an ODS, CSV or Excel"),
        (b"garbage", "tables.ods", "2025", "not a zip package"),
        (b"\xff\xfe\x00x", "tables.csv", "2025", "UTF-8"),
        (b"Title only\n", "tables.csv", "2025", "No table was found"),
        (b"a,b\nc,1\n", "tables.csv", "1900", "Give a year from"),
    ],
)
def test_bad_uploads_get_a_clear_message(
    client_as: Any, data: bytes, name: str, year: str, message: str
) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    response = _upload(client, data, name, year)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingUpload.objects.exists()


def test_public_pages_show_london_against_england_and_wales(client: Client) -> None:
    factories.publication()
    index = client.get(reverse("official_stats:public-index"))
    assert index.status_code == 200
    assert "885 of 7,695 (12%)" in index.content.decode()
    page = client.get(reverse("official_stats:public-year", args=[2025]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Endeavour holds no record of any individual" in body
    assert "180 of 885 (20%)" in body
    assert "fewer than 5" in body
    assert ">3<" not in body  # the small count is not on the public page
    assert 'role="img"' in body and "<table" in body
    dimension = client.get(reverse("official_stats:public-dimension", args=[2025, "sector"]))
    assert dimension.status_code == 200 and "Education" in dimension.content.decode()
    assert client.get(reverse("official_stats:public-year", args=[2019])).status_code == 404
    missing = client.get(reverse("official_stats:public-dimension", args=[2025, "nonsense"]))
    assert missing.status_code == 404


def test_public_exports_carry_the_same_numbers(client: Client) -> None:
    factories.publication()
    response = client.get(reverse("official_stats:public-csv", args=[2025, "ideology"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["year_ending_march", "dimension", "category_as_published", "london"]
    islamist = next(row for row in rows if len(row) > 2 and row[2] == "Islamist")
    assert islamist[3:8] == ["180", "20", "885", "1,120", "15"]
    conflicted = next(row for row in rows if len(row) > 2 and row[2] == "Conflicted")
    assert conflicted[3] == "fewer than 5"
    xlsx = client.get(reverse("official_stats:public-xlsx", args=[2025, "ideology"]))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Comparison", "About"]


def test_staff_export_is_as_published_and_audited(client_as: Any) -> None:
    from endeavour.audit.models import AuditEvent

    publication = factories.publication()
    client = client_as(Role.AUDITOR)
    response = client.get(reverse("official_stats:publication-csv", args=[publication.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [
        "1",
        "Table_1",
        "Type of concern (ideology category)",
        "Conflicted",
        "London",
        "April 2024 to March 2025",
        "2025",
        "3",
        "",
        "B7",
    ] in rows
    assert AuditEvent.objects.filter(action="export").exists()


def test_publication_list_shows_versions(client_as: Any) -> None:
    factories.publication()
    factories.publication()
    response = client_as(Role.AUDITOR).get(reverse("official_stats:publication-list"))
    body = response.content.decode()
    assert "Version 2" in body and "Version 1" in body
    assert "replaced by a newer version" in body
    assert "Import a publication" not in body  # auditors read only


def test_api_comparison_and_publications(client: Client) -> None:
    factories.publication()
    factories.publication()
    publications = client.get(reverse("api-official-stats-publications")).json()
    assert [p["version"] for p in publications] == [2]
    data = client.get(reverse("api-official-stats-comparison", args=[2025])).json()
    assert data["public"] is True
    assert data["london_of_all"]["text"] == "885 of 7,695 (12%)"
    ideology = next(d for d in data["dimensions"] if d["dimension"] == "ideology")
    conflicted = next(r for r in ideology["rows"] if r["category"] == "Conflicted")
    assert conflicted["london"] == {
        "value": None,
        "marker": "",
        "text": "fewer than 5",
        "withheld": True,
    }
    missing = client.get(reverse("api-official-stats-comparison", args=[2001]))
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "No statistics for that year."


def test_a_file_over_the_limit_is_refused(client_as: Any, settings: Any) -> None:
    settings.OFFICIAL_STATS_MAX_UPLOAD_BYTES = 1000
    client = client_as(Role.PROGRAMME_OFFICER)
    response = _upload(client, b"Sector,London\n" + b"Education,1\n" * 200, "big.csv")
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not PendingUpload.objects.exists()


def test_text_from_the_file_is_escaped_on_the_mapping_page(client_as: Any) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    sheets = [("<b>T</b>", [["<script>x</script>"], ["<i>Sector</i>", "London"], ["A", 1]])]
    _upload(client, ods_bytes(sheets))
    pending = PendingUpload.objects.get()
    body = client.get(reverse("official_stats:upload-map", args=[pending.pk])).content.decode()
    assert "<script>x</script>" not in body and "<i>Sector</i>" not in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body
