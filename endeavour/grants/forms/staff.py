"""Forms for programme officers: calls, rubric, instruments, registrations, assignment,
moderation, decisions, grants, imports and the dashboard filter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from endeavour.core.models import Organisation, Role, User
from endeavour.grants.models import (
    DEFAULT_ELIGIBLE_FORMS,
    Call,
    Criterion,
    FundTheme,
    LegalForm,
    Outcome,
)
from endeavour.recommendations.forms.common import date_field


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def datetime_field(
    label: str, help_text: str = "For example 2026-03-31 12:00"
) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": "Enter a real date and time, for example 2026-03-31 12:00."},
    )


class CallForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the call is for, in plain English.",
    )
    priorities = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the panel will look for.",
    )
    themes = forms.MultipleChoiceField(
        choices=FundTheme.choices, widget=forms.CheckboxSelectMultiple, label="Themes funded"
    )
    budget = forms.IntegerField(label="Budget (pounds)", min_value=1, max_value=100_000_000)
    max_grant = forms.IntegerField(
        label="Maximum grant (pounds)", min_value=1, max_value=100_000_000
    )
    opens_at = datetime_field("Opens")
    closes_at = datetime_field("Closes")
    decision_date = date_field(
        "Decision date", help_text="When applicants will hear. For example 2026-06-30"
    )
    eligible_legal_forms = forms.MultipleChoiceField(
        label="Who may apply",
        choices=LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_ELIGIBLE_FORMS,
    )
    income_cap = forms.IntegerField(
        label="Annual income must be under (pounds)",
        required=False,
        min_value=1,
        help_text="Leave empty for no limit.",
    )
    london_only = forms.BooleanField(
        label="Applicants must work in London", required=False, initial=True
    )
    is_historical = forms.BooleanField(
        label="A past call: its awards are imported, not run here",
        required=False,
        help_text="Past calls need no rubric and are not open for applications.",
    )
    divergence_threshold = forms.DecimalField(
        label="Moderate when assessors' totals differ by more than (points out of 100)",
        initial=Decimal("15"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text="A difference of 2 or more on any one criterion is always moderated.",
    )

    @staticmethod
    def initial_for(call: Call) -> dict[str, Any]:
        return {name: getattr(call, name) for name in CallForm.base_fields}


class CriterionForm(forms.Form):
    name = forms.CharField(max_length=200)
    guidance = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    weight = forms.IntegerField(
        min_value=1, max_value=100, initial=1, help_text="Relative to the other criteria."
    )
    descriptors = forms.CharField(
        label="What each score means",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One line per score, starting at 0. Five lines make a scale of 0 to 4.",
    )

    def clean_descriptors(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["descriptors"].splitlines()]
        return [line for line in lines if line]


class InstrumentForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scale_min = forms.DecimalField(
        label="Lowest point of the scale", initial=1, max_digits=6, decimal_places=2
    )
    scale_max = forms.DecimalField(
        label="Highest point of the scale", initial=5, max_digits=6, decimal_places=2
    )
    higher_is_better = forms.BooleanField(
        label="A higher score is better", required=False, initial=True
    )


class RegistrationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", "Approve: create the account and email a set-password link"),
            ("refuse", "Refuse"),
        ],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        label="Link to an existing organisation",
        help_text="Leave empty to create the organisation from the request.",
    )
    reason = forms.CharField(
        max_length=500, required=False, help_text="Needed to refuse; sent to the person."
    )


class ExtensionForm(forms.Form):
    until = datetime_field("Extension until")
    reason = forms.CharField(max_length=500, help_text="Kept in the audit log.")


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(queryset=User.objects.none(), label="Assessor")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            is_active=True, role_assignments__role=Role.ASSESSOR
        ).order_by("last_name", "first_name")


def score_fields(form: forms.Form, criteria: list[Criterion], *, comments: bool) -> None:
    for criterion in criteria:
        form.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
            label=f"{criterion.name} (weight {criterion.weight})",
            choices=[(str(s), f"{s}: {text}") for s, text in criterion.scale],
            coerce=int,
            widget=forms.RadioSelect,
            help_text=criterion.guidance,
            error_messages={
                "required": f"Score {criterion.name}.",
                "invalid_choice": f"Choose a score from 0 to {criterion.scale_max}.",
            },
        )
        if comments:
            form.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on {criterion.name}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class ModerationForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        score_fields(self, criteria, comments=False)
        self.fields["reason"] = forms.CharField(
            label="Reason for the agreed scores",
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="The assessors' own scores are kept beside these.",
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, label="Panel decision"
    )
    amount = forms.IntegerField(label="Amount awarded (pounds)", required=False, min_value=0)
    reasons = forms.CharField(
        label="The panel's reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the applicant in their letter.",
    )


INSTALMENT_ROWS = 6


class InstalmentsForm(forms.Form):
    reason = forms.CharField(
        max_length=500, label="Reason for the schedule", help_text="Kept with the grant's history."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, INSTALMENT_ROWS + 1):
            self.fields[f"milestone_{n}"] = forms.CharField(
                label=f"Instalment {n}: milestone", required=False, max_length=300
            )
            self.fields[f"due_{n}"] = date_field(f"Instalment {n}: due date", required=False)
            self.fields[f"amount_{n}"] = forms.IntegerField(
                label=f"Instalment {n}: amount (pounds)", required=False, min_value=1
            )

    def rows(self) -> list[tuple[str, Any, int]]:
        data = self.cleaned_data
        return [
            (data[f"milestone_{n}"], data[f"due_{n}"], data[f"amount_{n}"])
            for n in range(1, INSTALMENT_ROWS + 1)
            if data.get(f"milestone_{n}") or data.get(f"amount_{n}")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, INSTALMENT_ROWS + 1):
            filled = [data.get(f"milestone_{n}"), data.get(f"due_{n}"), data.get(f"amount_{n}")]
            if any(filled) and not all(filled):
                self.add_error(
                    f"milestone_{n}", f"Instalment {n}: give its milestone, due date and amount."
                )
        return data


class PaymentForm(forms.Form):
    paid_on = date_field("Paid on")


class VariationForm(forms.Form):
    amount = forms.IntegerField(label="New amount (pounds)", required=False, min_value=1)
    end_date = date_field("New end date", required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Why the change was approved."
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV or Excel (.xlsx) file")


class FigureFilterForm(forms.Form):
    call = forms.ModelChoiceField(
        queryset=Call.objects.none(), required=False, empty_label="Every call"
    )

    def __init__(self, *args: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = calls
