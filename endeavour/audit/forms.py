from __future__ import annotations

from typing import Any

from django import forms

from endeavour.audit.models import AuditAction
from endeavour.audit.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="Who", required=False, max_length=150)
    action = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Anything"), *AuditAction.choices]
    )
    object_type = forms.CharField(
        label="Record type",
        required=False,
        max_length=100,
        help_text="For example core.organisation",
    )
    object_id = forms.CharField(label="Record id", required=False, max_length=64)
    date_from = forms.DateField(
        label="From (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        return AuditFilters(**{k: v for k, v in self.cleaned_data.items() if v})
