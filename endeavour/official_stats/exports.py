"""Tables as CSV and Excel (.xlsx): the public comparison, and a publication as published."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from endeavour.official_stats.models import Figure, Publication
from endeavour.official_stats.selectors import AGGREGATE_ONLY, Comparison, DimensionComparison

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMPARISON_COLUMNS = [
    "year_ending_march",
    "dimension",
    "category_as_published",
    "london",
    "london_share_percent",
    "london_base",
    "england_and_wales",
    "england_and_wales_share_percent",
    "england_and_wales_base",
    "london_part_of_england_and_wales_percent",
]
PUBLICATION_COLUMNS = [
    "table",
    "sheet",
    "dimension",
    "category_as_published",
    "region_as_published",
    "year_as_published",
    "year_ending_march",
    "value",
    "marker",
    "cell",
]


def safe_cell(value: object) -> object:
    """Keep spreadsheets from treating a text cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and value != "-":
        return "'" + value
    return value


def _pct(percent: int | None) -> object:
    return "" if percent is None else percent


def comparison_rows(comparison: DimensionComparison) -> list[list[object]]:
    london_base = comparison.london_base.cell.text if comparison.london_base else ""
    england_base = (
        comparison.england_and_wales_base.cell.text if comparison.england_and_wales_base else ""
    )
    return [
        [
            safe_cell(cell)
            for cell in (
                comparison.year,
                comparison.label,
                row.category,
                row.london.text if comparison.london_label else "",
                _pct(row.london_share.percent),
                london_base,
                row.england_and_wales.text,
                _pct(row.england_and_wales_share.percent),
                england_base,
                _pct(row.london_of_england_and_wales.percent),
            )
        ]
        for row in comparison.rows
    ]


def _notes(comparison: Comparison) -> list[str]:
    publication = comparison.publication
    notes = [
        f"Source: {publication.title}, {publication.publisher}, {comparison.period}"
        + (f", {publication.url}" if publication.url else ""),
        f"Version {publication.version}, imported {publication.imported_at:%Y-%m-%d}",
        AGGREGATE_ONLY,
    ]
    if publication.is_sample:
        notes.insert(0, "SAMPLE FIGURES, NOT THE HOME OFFICE'S: made up for the demo.")
    return notes


def comparison_csv(comparison: Comparison, dimension: DimensionComparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COMPARISON_COLUMNS)
    writer.writerows(comparison_rows(dimension))
    writer.writerow([])
    for note in _notes(comparison):
        writer.writerow([note])
    return out.getvalue()


def comparison_xlsx(comparison: Comparison, dimension: DimensionComparison) -> bytes:
    return _workbook(
        [("Comparison", COMPARISON_COLUMNS, comparison_rows(dimension))], _notes(comparison)
    )


def publication_rows(figures: Sequence[Figure]) -> list[list[object]]:
    return [
        [
            safe_cell(cell)
            for cell in (
                figure.table.position + 1,
                figure.table.sheet,
                figure.get_dimension_display(),
                figure.category,
                figure.region,
                figure.year_label,
                figure.year,
                "" if figure.value is None else figure.value,
                figure.marker,
                figure.cell,
            )
        ]
        for figure in figures
    ]


def _publication_notes(publication: Publication) -> list[str]:
    notes = [
        f"{publication.title}, {publication.publisher}, {publication.period}, "
        f"version {publication.version}",
        f"File {publication.file_name}, SHA-256 {publication.file_hash}",
        "Every value as published: counts under 5 are not suppressed in this staff export.",
        AGGREGATE_ONLY,
    ]
    if publication.is_sample:
        notes.insert(0, "SAMPLE FIGURES, NOT THE HOME OFFICE'S: made up for the demo.")
    return notes


def publication_csv(publication: Publication, figures: Sequence[Figure]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PUBLICATION_COLUMNS)
    writer.writerows(publication_rows(figures))
    writer.writerow([])
    for note in _publication_notes(publication):
        writer.writerow([note])
    return out.getvalue()


def publication_xlsx(publication: Publication, figures: Sequence[Figure]) -> bytes:
    return _workbook(
        [("Figures", PUBLICATION_COLUMNS, publication_rows(figures))],
        _publication_notes(publication),
    )


def _workbook(sheets: list[tuple[str, list[str], list[list[object]]]], notes: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, columns, rows in sheets:
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    about = workbook.create_sheet("About")
    for note in notes:
        about.append([safe_cell(note)])
    about.column_dimensions["A"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
