"""Reading published cells and finding the table in a sheet."""

from __future__ import annotations

import pytest

from endeavour.official_stats.layout import CellProblem, Value, detect, parse_value, year_of
from endeavour.official_stats.spreadsheets import Sheet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", Value(1234, "")),
        ("1234", Value(1234, "")),
        ("12.0", Value(12, "")),
        ("0", Value(0, "")),
        ("1,234 [r]", Value(1234, "[r]")),
        ("56[note 3]", Value(56, "[note 3]")),
        ("[c]", Value(None, "[c]")),
        ("[x]", Value(None, "[x]")),
        ("[z]", Value(None, "[z]")),
        ("..", Value(None, "..")),
        ("-", Value(None, "-")),
        ("", None),
        ("   ", None),
    ],
)
def test_values_and_markers_as_published(text: str, expected: Value | None) -> None:
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["12%", "3.5", "lots", "1,23"])
def test_anything_else_is_a_problem_never_zero(text: str) -> None:
    with pytest.raises(CellProblem):
        parse_value(text)


@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("2023 to 2024", 2024),
        ("2023/24", 2024),
        ("2023-24", 2024),
        ("1999/00", 2000),
        ("April 2023 to March 2024", 2024),
        ("Year ending March 2024 [note 1]", 2024),
        ("2024", 2024),
        ("London", None),
    ],
)
def test_year_of_a_published_label(label: str, year: int | None) -> None:
    assert year_of(label) == year


def test_detect_skips_title_rows_and_stops_at_notes() -> None:
    sheet = Sheet(
        "Table_1",
        [
            ["Table 1: Referrals by type of concern"],
            ["Made-up test values"],
            ["Type of concern", "London", "Share of total (%)", "England and Wales"],
            ["Islamist", "10", "5", "100"],
            ["Other", "[c]", "[c]", "20"],
            [],
            ["Note 1: something"],
        ],
    )
    table = detect(sheet, 0)
    assert table is not None
    assert table.title == "Table 1: Referrals by type of concern"
    assert table.header_row == 3
    assert table.corner == "Type of concern"
    assert table.columns == [(1, "London"), (3, "England and Wales")]
    assert table.skipped_columns == ["Share of total (%)"]
    assert [(r.number, r.label, r.cells) for r in table.rows] == [
        (4, "Islamist", ["10", "100"]),
        (5, "Other", ["[c]", "20"]),
    ]


def test_a_header_of_plain_year_numbers_is_a_header() -> None:
    table = detect(Sheet("T", [["Region", "2023", "2024"], ["London", "5", "6"]]), 0)
    assert table is not None and table.columns == [(1, "2023"), (2, "2024")]


def test_a_cover_sheet_has_no_table() -> None:
    assert detect(Sheet("Cover", [["Prevent statistics"], ["Published 1 January"]]), 0) is None
