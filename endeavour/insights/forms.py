"""Forms: the period, the measure on the map, the annual report and borough populations."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from endeavour.insights import measures as registry
from endeavour.insights import periods
from endeavour.insights.periods import FIRST_YEAR, Period
from endeavour.insights.services import MAX_NARRATIVE, NARRATIVE_SECTIONS

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_CUSTOM_MONTHS = 36


def _years() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of period", choices=periods.KINDS)
    year = forms.TypedChoiceField(
        label="Year",
        coerce=int,
        required=False,
        help_text="For a financial year, the year it starts (April).",
    )
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        required=False,
        choices=[
            (1, "January to March"),
            (2, "April to June"),
            (3, "July to September"),
            (4, "October to December"),
        ],
    )
    start = forms.CharField(
        label="First month", required=False, help_text="For custom months: YYYY-MM, e.g. 2025-04"
    )
    end = forms.CharField(
        label="Last month", required=False, help_text="For custom months: YYYY-MM, e.g. 2026-03"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = _years()

    @classmethod
    def from_query(cls, query: Any) -> PeriodForm:
        if "kind" not in query:
            default = periods.default_period()
            return cls(default.query())
        return cls(query)

    @staticmethod
    def _month(value: str, field: str) -> date:
        match = MONTH.match(value.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError({field: "Enter a month as YYYY-MM, for example 2025-04."})
        found = date(int(match.group(1)), int(match.group(2)), 1)
        if found.year < FIRST_YEAR:
            raise forms.ValidationError({field: f"Choose a month from {FIRST_YEAR} onwards."})
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in ("calendar_year", "financial_year", "quarter") and not data.get("year"):
            self.add_error("year", "Choose a year.")
        if kind == "quarter" and not data.get("quarter"):
            self.add_error("quarter", "Choose a quarter.")
        if kind == "custom":
            first = self._month(data.get("start") or "", "start")
            last = self._month(data.get("end") or "", "end")
            if last < first:
                raise forms.ValidationError({"end": "The last month must not be before the first."})
            period = periods.custom(first, last)
            if period.months > MAX_CUSTOM_MONTHS:
                raise forms.ValidationError({"end": f"Choose at most {MAX_CUSTOM_MONTHS} months."})
        return data

    def period(self) -> Period | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        kind = data["kind"]
        if kind == "calendar_year":
            return periods.calendar_year(data["year"])
        if kind == "financial_year":
            return periods.financial_year(data["year"])
        if kind == "quarter":
            return periods.quarter(data["year"], data["quarter"])
        return periods.custom(self._month(data["start"], "start"), self._month(data["end"], "end"))


class MapForm(forms.Form):
    measure = forms.ChoiceField(label="Measure")
    per_capita = forms.BooleanField(
        label="Per 100,000 residents",
        required=False,
        help_text="For counts of people and reports, using the borough populations loaded.",
    )

    def __init__(self, *args: Any, public: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measure"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (m.key, f"{m.aim_label}: {m.label}")
            for m in registry.measures(public=public, with_borough=True)
        ]


class GenerateReportForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year", coerce=int, help_text="April of this year to March of the next."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, f"{y}-{str(y + 1)[2:]}") for y, _label in _years()]


class NarrativeForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in NARRATIVE_SECTIONS:
            self.fields[key] = forms.CharField(
                label=f"Narrative: {label}",
                required=False,
                max_length=MAX_NARRATIVE,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text="Plain text; blank lines start new paragraphs. The figures are "
                "generated and cannot be edited here.",
            )

    def narrative(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _label in NARRATIVE_SECTIONS}


class PopulationForm(forms.Form):
    file = forms.FileField(
        label="Populations file (CSV)",
        help_text="Columns gss_code and population, one row for each of the 33 local authorities.",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Who published these figures, and which release.",
    )
    as_of = forms.DateField(label="Date the populations describe", help_text="YYYY-MM-DD")
    is_official = forms.BooleanField(
        label="These are published official statistics", required=False
    )
