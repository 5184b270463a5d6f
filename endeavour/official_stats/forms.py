"""Forms for the import: the upload with the publication's details, then the mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import escape

from endeavour.official_stats.layout import DetectedTable, year_of
from endeavour.official_stats.models import Dimension
from endeavour.official_stats.services.imports import (
    AXES,
    DEFAULT_REGION,
    EARLIEST_YEAR,
    SKIP,
    TableMapping,
    area_of,
)


class UploadForm(forms.Form):
    title = forms.CharField(
        label="Title of the publication",
        max_length=300,
        help_text="As the publisher gives it, for example 'Individuals referred to and supported "
        "through the Prevent programme, April 2023 to March 2024'.",
    )
    year = forms.IntegerField(
        label="Year ending 31 March",
        help_text="The year the publication covers, for example 2024 for April 2023 to March "
        "2024. Importing a year again adds a new version; the newest is shown.",
        error_messages={"invalid": "Enter a year as four digits, for example 2024."},
    )
    url = forms.URLField(
        label="Link to the publication",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="Where the publisher's page is, so that readers can check the figures.",
    )
    file = forms.FileField(
        label="Data tables (ODS, CSV or Excel .xlsx)",
        help_text="The file exactly as published. At most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".ods,.csv,.xlsx,text/csv"}),
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        latest = timezone.localdate().year + 1
        if not EARLIEST_YEAR <= year <= latest:
            raise forms.ValidationError(f"Give a year from {EARLIEST_YEAR} to {latest}.")
        return year


DIMENSION_CHOICES = [(SKIP, "Skip this table"), *Dimension.choices]
AXIS_CHOICES = list(AXES.items())
GUESSES = [
    ("concern", Dimension.IDEOLOGY),
    ("ideolog", Dimension.IDEOLOGY),
    ("sector", Dimension.SECTOR),
    ("outcome", Dimension.OUTCOME),
    ("region", Dimension.REGION),
]


def guess(table: DetectedTable, year: int) -> TableMapping:
    """A first guess from the table's title and headers; the officer checks and changes it."""
    text = f"{table.title} {table.corner}".casefold()
    dimension = next((d for word, d in GUESSES if word in text), SKIP)
    headers = [label for _, label in table.columns]
    if headers and all(year_of(label) for label in headers):
        columns = "year"
    elif any(area_of(label) != "other" for label in headers):
        columns = "region"
    else:
        columns = "category"
    rows = "category"
    if columns == "category":
        labels = [row.label for row in table.rows]
        rows = "year" if labels and all(year_of(label) for label in labels) else "region"
    return TableMapping(
        position=table.position,
        dimension=str(dimension),
        rows=rows,
        columns=columns,
        year=f"April {year - 1} to March {year}",
        region=DEFAULT_REGION,
    )


class MappingForm(forms.Form):
    """For each table found: what it holds, what its first column and header columns hold, and
    the year or region of every cell when neither holds it."""

    def __init__(self, *args: Any, tables: list[DetectedTable], year: int, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        for table in tables:
            guessed = guess(table, year)
            prefix = f"t{table.position}"
            initial.update(
                {
                    f"{prefix}_dimension": guessed.dimension,
                    f"{prefix}_rows": guessed.rows,
                    f"{prefix}_columns": guessed.columns,
                    f"{prefix}_year": guessed.year,
                    f"{prefix}_region": guessed.region,
                }
            )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.tables = tables
        for table in tables:
            name = f"Table {table.position + 1}"
            prefix = f"t{table.position}"
            self.fields[f"{prefix}_dimension"] = forms.ChoiceField(
                label=f"{name}: what it counts referrals by",
                choices=DIMENSION_CHOICES,
                # The form template marks help text safe: text from the file is escaped here.
                help_text=escape(
                    f"Sheet '{table.sheet}'" + (f": {table.title}" if table.title else "")
                ),
            )
            self.fields[f"{prefix}_rows"] = forms.ChoiceField(
                label=f"{name}: the first column holds",
                choices=AXIS_CHOICES,
                help_text=escape(f"Headed '{table.corner}'.") if table.corner else "",
            )
            self.fields[f"{prefix}_columns"] = forms.ChoiceField(
                label=f"{name}: the header columns hold", choices=AXIS_CHOICES
            )
            self.fields[f"{prefix}_year"] = forms.CharField(
                label=f"{name}: year of every figure",
                required=False,
                max_length=100,
                help_text="Only when neither the first column nor the header holds years. "
                "Stored as you write it, for example 'April 2023 to March 2024'.",
            )
            self.fields[f"{prefix}_region"] = forms.CharField(
                label=f"{name}: region of every figure",
                required=False,
                max_length=200,
                help_text="Only when neither holds regions, for example 'England and Wales'.",
            )

    def mappings(self) -> list[TableMapping]:
        data = self.cleaned_data
        return [
            TableMapping(
                position=table.position,
                dimension=data[f"t{table.position}_dimension"],
                rows=data[f"t{table.position}_rows"],
                columns=data[f"t{table.position}_columns"],
                year=data[f"t{table.position}_year"],
                region=data[f"t{table.position}_region"],
            )
            for table in self.tables
        ]
