"""Import a published statistics file: upload, preview, mapping, then all or nothing.

1. ``upload_receive`` reads the file and keeps it, with the tables it found, for the mapping.
2. ``upload_map`` checks a mapping (which table is which dimension; what the first column and
   the header columns hold) against every cell, and keeps it only if nothing is wrong.
3. ``publication_import`` imports the kept mapping in one transaction as a new version of that
   year's publication. Labels are stored exactly as published; nothing is remapped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from endeavour.official_stats.layout import (
    CellProblem,
    DetectedTable,
    detect_all,
    parse_value,
    year_of,
)
from endeavour.official_stats.models import (
    Area,
    Dimension,
    Figure,
    PendingUpload,
    Publication,
    StatisticsTable,
)
from endeavour.official_stats.spreadsheets import (
    UnreadableFile,
    column_letter,
    file_format,
    read_sheets,
)

SKIP = "skip"
AXES = {"category": "Categories", "region": "Regions", "year": "Years"}
LONDON_LABELS = {"london"}
ENGLAND_AND_WALES_LABELS = {
    "england and wales",
    "england & wales",
    "total england and wales",
    "england and wales total",
    "total",
    "all regions",
}
TOTAL_LABELS = ("total", "all referrals", "all")
DEFAULT_REGION = "England and Wales"
EARLIEST_YEAR = 2006


def max_upload_bytes() -> int:
    return int(getattr(settings, "OFFICIAL_STATS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def _bare(label: str) -> str:
    """A label without its footnote markers, lower case: only for recognising areas and totals,
    never stored."""
    return " ".join(re.sub(r"\[[^\]]*\]", " ", label).split()).casefold()


def area_of(region: str) -> str:
    bare = _bare(region)
    if bare in LONDON_LABELS:
        return Area.LONDON
    if bare in ENGLAND_AND_WALES_LABELS:
        return Area.ENGLAND_AND_WALES
    return Area.OTHER


def is_total(category: str) -> bool:
    bare = _bare(category)
    return bare in TOTAL_LABELS or bare.startswith("total ")


@dataclass(frozen=True)
class TableMapping:
    """What one detected table holds. ``dimension`` is a Dimension value or "skip"."""

    position: int
    dimension: str
    rows: str = "category"
    columns: str = "year"
    year: str = ""  # the year label for every cell, when neither axis holds years
    region: str = ""  # the region label for every cell, when neither axis holds regions

    def axes(self) -> tuple[str, str]:
        """Rows and columns, with "category" read as "region" for the region dimension."""

        def norm(axis: str) -> str:
            return "region" if self.dimension == Dimension.REGION and axis == "category" else axis

        return norm(self.rows), norm(self.columns)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableMapping:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class PlannedFigure:
    position: int
    dimension: str
    category: str
    category_order: int
    region: str
    year_label: str
    year: int
    value: int | None
    marker: str
    cell: str


@dataclass
class ImportPlan:
    tables: list[DetectedTable]
    mappings: list[TableMapping]
    figures: list[PlannedFigure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    empty_cells: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.figures)

    def summary(self) -> list[dict[str, Any]]:
        """Per mapped table: its dimension, counts, and the labels found, as published."""
        lines = []
        for mapping in self.mappings:
            if mapping.dimension == SKIP:
                continue
            table = self.tables[mapping.position]
            figures = [f for f in self.figures if f.position == mapping.position]
            lines.append(
                {
                    "table": table,
                    "dimension": Dimension(mapping.dimension).label,
                    "figures": len(figures),
                    "markers": sum(1 for f in figures if f.value is None),
                    "categories": list(dict.fromkeys(f.category for f in figures)),
                    "regions": [
                        (region, Area(area_of(region)).label)
                        for region in dict.fromkeys(f.region for f in figures)
                    ],
                    "years": list(dict.fromkeys(f"{f.year_label} ({f.year})" for f in figures)),
                }
            )
        return lines


def _read(data: bytes, filename: str) -> list[DetectedTable]:
    try:
        sheets = read_sheets(data, filename)
    except UnreadableFile as error:
        raise ValidationError({"file": str(error)}) from None
    tables = detect_all(sheets)
    if not tables:
        raise ValidationError(
            {
                "file": "No table was found in the file: a table needs a header row followed by "
                "rows that start with a label and hold numbers or markers such as [x]."
            }
        )
    return tables


def _check_year(year: int) -> None:
    latest = timezone.localdate().year + 1
    if not EARLIEST_YEAR <= year <= latest:
        raise ValidationError({"year": f"Give a year from {EARLIEST_YEAR} to {latest}."})


@transaction.atomic
def upload_receive(
    *, data: bytes, filename: str, title: str, year: int, url: str, by: Any
) -> PendingUpload:
    """Keep an uploaded file for its mapping, once it reads as a spreadsheet with a table."""
    _check_year(year)
    if not file_format(filename):
        raise ValidationError({"file": "Choose an ODS, CSV or Excel (.xlsx) file."})
    if len(data) > max_upload_bytes():
        raise ValidationError(
            {"file": f"The file is larger than {filesizeformat(max_upload_bytes())}."}
        )
    _read(data, filename)
    return PendingUpload.objects.create(
        title=title.strip(),
        year=year,
        url=url,
        file_name=filename.rsplit("/", 1)[-1][:255],
        file_hash=hashlib.sha256(data).hexdigest(),
        file_format=file_format(filename),
        data=data,
        uploaded_by=by,
    )


def detected_tables(upload: PendingUpload) -> list[DetectedTable]:
    return _read(bytes(upload.data), upload.file_name)


def _mapping_problems(table: DetectedTable, mapping: TableMapping) -> list[Problem]:
    where = f"Table {table.position + 1} ({table.sheet})"
    rows, columns = mapping.axes()
    problems = []
    if rows == columns:
        problems.append(
            Problem(
                where,
                None,
                "",
                "The first column and the header columns cannot both hold the same thing.",
            )
        )
    if mapping.dimension != Dimension.REGION and "category" not in (rows, columns):
        problems.append(
            Problem(
                where, None, "", "The first column or the header columns must hold the categories."
            )
        )
    if "year" not in (rows, columns) and year_of(mapping.year) is None:
        problems.append(
            Problem(
                where,
                None,
                "",
                "Give the year these figures are for, for example 'April 2023 to March 2024'.",
            )
        )
    if "region" not in (rows, columns) and not mapping.region.strip():
        problems.append(
            Problem(
                where,
                None,
                "",
                "Give the region these figures are for, for example 'England and Wales'.",
            )
        )
    return problems


def build_plan(tables: list[DetectedTable], mappings: list[TableMapping]) -> ImportPlan:
    """Every figure the mapping would import, or every problem that stops it, by row and column."""
    plan = ImportPlan(tables=tables, mappings=mappings)
    seen: dict[tuple[str, str, str, int], str] = {}
    for mapping in mappings:
        if mapping.dimension == SKIP:
            continue
        if mapping.position >= len(tables) or mapping.dimension not in Dimension.values:
            plan.problems.append(
                Problem("", None, "", "The mapping names a table that is not in the file.")
            )
            continue
        table = tables[mapping.position]
        problems = _mapping_problems(table, mapping)
        if problems:
            plan.problems.extend(problems)
            continue
        rows_axis, columns_axis = mapping.axes()
        category_axis = "region" if mapping.dimension == Dimension.REGION else "category"
        column_years: dict[int, int | None] = {}
        for col, label in table.columns:
            if columns_axis == "year":
                column_years[col] = year_of(label)
                if column_years[col] is None:
                    plan.problems.append(
                        Problem(
                            table.sheet,
                            table.header_row,
                            f"{column_letter(col)} ({label})",
                            f"'{label}' in the header is not a year.",
                        )
                    )
        for order, row in enumerate(table.rows):
            if not row.label:
                plan.problems.append(
                    Problem(table.sheet, row.number, "A", "The row has numbers but no label.")
                )
                continue
            row_year = year_of(row.label) if rows_axis == "year" else None
            if rows_axis == "year" and row_year is None:
                plan.problems.append(
                    Problem(table.sheet, row.number, "A", f"'{row.label}' is not a year.")
                )
                continue
            for (col, header), text in zip(table.columns, row.cells, strict=True):
                column = f"{column_letter(col)} ({header})"
                try:
                    value = parse_value(text)
                except CellProblem as error:
                    plan.problems.append(Problem(table.sheet, row.number, column, str(error)))
                    continue
                if value is None:
                    plan.empty_cells += 1
                    continue
                axes = {rows_axis: row.label, columns_axis: header}
                year_label = axes.get("year", mapping.year.strip())
                if rows_axis == "year":
                    year = row_year
                elif columns_axis == "year":
                    year = column_years.get(col)
                else:
                    year = year_of(year_label)
                if year is None:
                    continue  # reported once, for the header
                region = axes.get("region", mapping.region.strip())
                category = region if mapping.dimension == Dimension.REGION else axes["category"]
                key = (mapping.dimension, category, region, year)
                cell = f"{column_letter(col)}{row.number}"
                if key in seen:
                    plan.problems.append(
                        Problem(
                            table.sheet,
                            row.number,
                            column,
                            f"'{category}' for {region}, {year_label}, is already given in "
                            f"cell {seen[key]}.",
                        )
                    )
                    continue
                seen[key] = f"{table.sheet} {cell}"
                plan.figures.append(
                    PlannedFigure(
                        position=table.position,
                        dimension=mapping.dimension,
                        category=category,
                        category_order=col if columns_axis == category_axis else order,
                        region=region,
                        year_label=year_label,
                        year=year,
                        value=value.number,
                        marker=value.marker,
                        cell=cell,
                    )
                )
    if not plan.problems and not plan.figures:
        plan.problems.append(
            Problem("", None, "", "Choose what at least one table holds: every table is skipped.")
        )
    return plan


@transaction.atomic
def upload_map(*, upload: PendingUpload, mappings: list[TableMapping]) -> ImportPlan:
    """Check a mapping against every cell; keep it for the confirmation only if nothing is wrong."""
    plan = build_plan(detected_tables(upload), mappings)
    upload.mapping = [asdict(m) for m in mappings] if plan.is_valid else None
    upload.save(update_fields=["mapping"])
    return plan


def stored_plan(upload: PendingUpload) -> ImportPlan | None:
    if not upload.mapping:
        return None
    mappings = [TableMapping.from_dict(m) for m in upload.mapping]
    return build_plan(detected_tables(upload), mappings)


@transaction.atomic
def publication_import(*, upload: PendingUpload, by: Any, is_sample: bool = False) -> Publication:
    """Import the checked mapping as the year's newest publication version, all or nothing."""
    upload = PendingUpload.objects.select_for_update().get(pk=upload.pk)
    plan = stored_plan(upload)
    if plan is None:
        raise ValidationError("Check the mapping before importing.")
    if not plan.is_valid:
        raise ValidationError(
            [f"{p.sheet} row {p.row} {p.column}: {p.message}" for p in plan.problems]
        )
    latest = Publication.objects.filter(year=upload.year).aggregate(v=Max("version"))["v"] or 0
    publication = Publication.objects.create(
        title=upload.title,
        year=upload.year,
        version=latest + 1,
        url=upload.url,
        file_name=upload.file_name,
        file_hash=upload.file_hash,
        file_format=upload.file_format,
        is_sample=is_sample,
        imported_by=by,
    )
    tables: dict[int, StatisticsTable] = {}
    for mapping in plan.mappings:
        if mapping.dimension == SKIP:
            continue
        detected = plan.tables[mapping.position]
        rows, columns = mapping.axes()
        tables[mapping.position] = StatisticsTable.objects.create(
            publication=publication,
            position=mapping.position,
            sheet=detected.sheet[:200],
            title=detected.title[:1000],
            dimension=mapping.dimension,
            row_axis=rows,
            column_axis=columns,
        )
    Figure.objects.bulk_create(
        [
            Figure(
                publication=publication,
                table=tables[planned.position],
                dimension=planned.dimension,
                category=planned.category[:300],
                category_order=planned.category_order,
                is_total=is_total(planned.category),
                region=planned.region[:200],
                area=area_of(planned.region),
                year_label=planned.year_label[:100],
                year=planned.year,
                value=planned.value,
                marker=planned.marker[:40],
                cell=planned.cell[:12],
            )
            for planned in plan.figures
        ],
        batch_size=1000,
    )
    upload.delete()
    return publication
