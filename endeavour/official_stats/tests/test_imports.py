"""The import: labels stored exactly as published, markers kept, all or nothing, versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from endeavour.official_stats.models import Figure, PendingUpload, Publication
from endeavour.official_stats.samples import ods_bytes
from endeavour.official_stats.services.imports import (
    TableMapping,
    build_plan,
    detected_tables,
    publication_import,
    upload_map,
)
from endeavour.official_stats.tests import factories

pytestmark = pytest.mark.django_db

IDEOLOGY_2016 = [
    (
        "Table 1",
        [
            ["Table 1: referrals by type of concern (made-up test values)"],
            ["Type of concern", "London", "England and Wales"],
            ["Islamist", 300, "2,000"],
            ["Extreme right wing [note 4]", 40, 500],
            ["Other", "[x]", 100],
            ["Total", 340, 2600],
        ],
    )
]


def test_sample_publication_is_stored_exactly_as_published() -> None:
    publication = factories.publication()
    assert publication.version == 1 and publication.publisher == "Home Office"
    assert len(publication.file_hash) == 64
    ideology = Figure.objects.filter(publication=publication, dimension="ideology")
    assert list(ideology.filter(area="london").values_list("category", "value", "marker")) == [
        ("Islamist", 180, ""),
        ("Extreme Right Wing", 160, ""),
        ("Mixed, unclear or unstable", 240, ""),
        ("Conflicted", 3, ""),
        ("Vulnerability present but no ideology or CT risk", 290, ""),
        ("Other [note 2]", None, "[c]"),
        ("Total", 885, ""),
    ]
    total = ideology.get(area="london", category="Total")
    assert total.is_total and total.region == "London" and total.cell == "B10"
    assert total.year == 2025 and total.year_label == "April 2024 to March 2025"
    # The region table over years: each column's year read from its published label.
    regions = Figure.objects.filter(publication=publication, dimension="region")
    assert sorted(set(regions.values_list("year", flat=True))) == [2023, 2024, 2025]
    north_west = regions.get(region="North West", year=2024)
    assert north_west.value is None and north_west.marker == ".."
    assert north_west.area == "other" and north_west.year_label == "2023 to 2024"
    assert not PendingUpload.objects.exists()


def test_reimporting_a_year_adds_a_version_and_keeps_the_old_one() -> None:
    first = factories.publication()
    second = factories.publication()
    assert (first.year, first.version, second.version) == (2025, 1, 2)
    assert Publication.objects.count() == 2
    assert first.figures.count() == second.figures.count() > 0


def test_categories_are_never_remapped_across_years() -> None:
    factories.publication(
        IDEOLOGY_2016,
        year=2016,
        table_mappings=factories.mappings([("ideology", "category", "region")], year=2016),
    )
    factories.publication()
    labels_2016 = set(Figure.objects.filter(year=2016).values_list("category", flat=True))
    labels_2025 = set(
        Figure.objects.filter(year=2025, dimension="ideology").values_list("category", flat=True)
    )
    assert "Extreme right wing [note 4]" in labels_2016
    assert "Extreme Right Wing" in labels_2025
    assert "Extreme right wing [note 4]" not in labels_2025


def test_a_bad_cell_is_reported_by_sheet_row_and_column_and_nothing_is_kept() -> None:
    sheets = [
        (
            "Table 1",
            [
                ["Type of concern", "London", "England and Wales"],
                ["Islamist", 300, "2,000"],
                ["Other", "about 40", "12%"],
            ],
        )
    ]
    upload = factories.pending(sheets)
    plan = upload_map(
        upload=upload, mappings=factories.mappings([("ideology", "category", "region")])
    )
    assert not plan.is_valid
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [
        ("Table 1", 3, "B (London)"),
        ("Table 1", 3, "C (England and Wales)"),
    ]
    assert "only counts are imported" in plan.problems[1].message
    upload.refresh_from_db()
    assert upload.mapping is None
    with pytest.raises(ValidationError, match="Check the mapping"):
        publication_import(upload=upload, by=factories.officer())
    assert not Figure.objects.exists() and not Publication.objects.exists()


def test_mapping_problems_are_named() -> None:
    upload = factories.pending()
    tables = detected_tables(upload)
    plan = build_plan(
        tables,
        [
            TableMapping(0, "ideology", rows="category", columns="category"),
            TableMapping(1, "sector", rows="category", columns="year", region="London"),
            TableMapping(2, "skip"),
            TableMapping(3, "skip"),
        ],
    )
    messages = [p.message for p in plan.problems]
    assert any("cannot both hold the same thing" in m for m in messages)
    assert any("'London' in the header is not a year" in m for m in messages)


def test_skipping_every_table_is_a_problem() -> None:
    upload = factories.pending()
    plan = build_plan(detected_tables(upload), [TableMapping(i, "skip") for i in range(4)])
    assert not plan.is_valid
    assert "every table is skipped" in plan.problems[0].message


def test_a_file_without_a_table_is_refused_at_upload() -> None:
    with pytest.raises(ValidationError, match="No table was found"):
        factories.pending(data=ods_bytes([("Cover", [["Just a title"]])]))


def test_duplicate_figures_are_refused() -> None:
    sheets = [("T", [["Type of concern", "London"], ["Islamist", 1], ["Islamist", 2]])]
    upload = factories.pending(sheets)
    plan = upload_map(
        upload=upload, mappings=factories.mappings([("ideology", "category", "region")])
    )
    assert not plan.is_valid
    assert "already given in cell T B2" in plan.problems[0].message


def test_csv_with_years_as_columns_and_a_fixed_region() -> None:
    data = (
        "\ufeffTable: referrals by sector (made-up test values)\n"
        'Sector,2022/23,2023/24\nEducation,"2,100",[c]\n'
    )
    upload = factories.pending(data=data.encode(), filename="sector.csv", year=2024)
    plan = upload_map(
        upload=upload,
        mappings=[TableMapping(0, "sector", rows="category", columns="year", region="London")],
    )
    assert plan.is_valid, plan.problems
    publication = publication_import(upload=upload, by=factories.officer())
    assert list(publication.figures.values_list("region", "area", "year", "value", "marker")) == [
        ("London", "london", 2023, 2100, ""),
        ("London", "london", 2024, None, "[c]"),
    ]
