"""Forms for reports officers' triage, and the figures' period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from endeavour.incidents.models import (
    ReporterConsent,
    RoutingDestination,
    Status,
    Verification,
)
from endeavour.incidents.reference import SEVERITY_LEVELS

FIRST_YEAR = 2018


class TriageForm(forms.Form):
    verification = forms.ChoiceField(
        label="Verification",
        choices=Verification.choices,
        widget=forms.RadioSelect,
        help_text="Verified: checked against another source (a witness, a photograph, the "
        "police). Not verified: checked and could not be confirmed. A note is needed for both.",
    )
    severity = forms.TypedChoiceField(
        label="Severity",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not graded"), *((s.value, s.label) for s in SEVERITY_LEVELS)],
        help_text=" ".join(f"{s.label}: {s.definition}" for s in SEVERITY_LEVELS),
    )
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        help_text="Why you decided this. Kept in the report's history with your name.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RoutingForm(forms.Form):
    destination = forms.ChoiceField(
        label="Routed to", choices=RoutingDestination.choices, widget=forms.RadioSelect
    )
    routed_on = forms.DateField(
        label="Date passed on", widget=forms.DateInput(attrs={"type": "date"})
    )
    reporter_consent = forms.ChoiceField(
        label="Did the reporter consent to this?",
        choices=ReporterConsent.choices,
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label="Their reference", required=False, max_length=100, help_text="If they gave one."
    )
    note = forms.CharField(
        label="Note", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["routed_on"].initial = timezone.localdate()


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )


class PeriodForm(forms.Form):
    """The figures' period: the last twelve months (default) or a calendar year."""

    year = forms.TypedChoiceField(label="Period", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import gettext

        this_year = timezone.localdate().year
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.label = gettext("Period")
        year.choices = [
            ("", gettext("The last 12 months")),
            *((y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)),
        ]
