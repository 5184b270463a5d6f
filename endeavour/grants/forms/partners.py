"""Forms for community organisations (registration, applications, returns) and assessors."""

from __future__ import annotations

from typing import Any

from django import forms

from endeavour.core.models import Borough
from endeavour.grants.forms.staff import score_fields
from endeavour.grants.models import (
    DEMOGRAPHIC_BANDS,
    INCIDENT_CATEGORIES,
    RISK_CATEGORIES,
    AttachmentKind,
    Call,
    Criterion,
    FundTheme,
    Instrument,
    LegalForm,
)
from endeavour.grants.models.monitoring import SHORT_TEXT
from endeavour.recommendations.forms.common import checked_files
from endeavour.recommendations.services.files import ACCEPT_ATTRIBUTE, IncomingFile

NO_NAMES = "Do not include anyone's name or other personal details."


class RegistrationForm(forms.Form):
    organisation_name = forms.CharField(label="Organisation's name", max_length=200)
    legal_form = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=LegalForm.choices,
        widget=forms.RadioSelect,
    )
    registration_number = forms.CharField(
        label="Charity or company number",
        max_length=40,
        required=False,
        help_text="If it has one.",
    )
    borough = forms.ModelChoiceField(
        label="Borough the organisation is based in",
        queryset=Borough.objects.all(),
        empty_label="Choose a borough",
    )
    website = forms.URLField(required=False, assume_scheme="https")
    contact_first_name = forms.CharField(label="Your first name", max_length=150)
    contact_last_name = forms.CharField(label="Your last name", max_length=150)
    contact_email = forms.EmailField(
        label="Your email address", help_text="We will send the link to set your password here."
    )
    website_url = forms.CharField(required=False, widget=forms.HiddenInput, label="Leave empty")

    def clean_website_url(self) -> str:
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError("Leave this field empty.")
        return ""


class ApplicationForm(forms.Form):
    project_title = forms.CharField(max_length=200, required=False)
    summary = forms.CharField(
        label="What will the project do, and for whom?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NO_NAMES,
    )
    theme = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    amount_requested = forms.IntegerField(
        label="Amount requested (pounds)", required=False, min_value=1, max_value=100_000_000
    )
    participants_planned = forms.IntegerField(
        label="How many people do you plan to reach?",
        required=False,
        min_value=0,
        max_value=10_000_000,
    )
    boroughs = forms.ModelMultipleChoiceField(
        label="Boroughs the project will work in",
        queryset=Borough.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_form = forms.ChoiceField(
        label="What kind of organisation are you?",
        required=False,
        choices=[("", "Choose one"), *LegalForm.choices],
    )
    registration_number = forms.CharField(
        label="Charity or company number", required=False, max_length=40
    )
    annual_income = forms.IntegerField(
        label="Annual income in your latest accounts (pounds)",
        required=False,
        min_value=0,
        max_value=10_000_000_000,
    )
    operates_in_london = forms.BooleanField(label="We work in London", required=False)
    constitution = forms.FileField(
        label=AttachmentKind.CONSTITUTION.label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    safeguarding = forms.FileField(
        label=AttachmentKind.SAFEGUARDING.label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    accounts = forms.FileField(
        label=AttachmentKind.ACCOUNTS.label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    FIELDS = (
        "project_title",
        "summary",
        "theme",
        "amount_requested",
        "participants_planned",
        "legal_form",
        "registration_number",
        "annual_income",
        "operates_in_london",
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ChoiceField)
        theme.choices = [(code, FundTheme(code).label) for code in call.themes]
        theme.help_text = "The call's theme your project fits best."
        self.fields["amount_requested"].help_text = f"At most £{call.max_grant:,}."

    def _file(self, name: str) -> IncomingFile | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        return checked_files([upload], max_files=1)[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        files: dict[str, IncomingFile] = {}
        for kind in AttachmentKind.values:
            if data.get(kind):
                try:
                    found = self._file(kind)
                except forms.ValidationError as error:
                    self.add_error(kind, error)
                    continue
                if found is not None:
                    files[kind] = found
        data["files"] = files
        return data

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {name: data.get(name) for name in self.FIELDS}
        for text in ("project_title", "summary", "theme", "legal_form", "registration_number"):
            changes[text] = changes[text] or ""
        changes["operates_in_london"] = bool(changes["operates_in_london"])
        return changes


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this application?",
        choices=[
            ("no", "No: I have no connection with the organisation or its people"),
            ("yes", "Yes: I have a connection"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text=(
            "For example: you work or volunteer for it, are a trustee, or are related to "
            "someone who does."
        ),
    )
    note = forms.CharField(
        label="If yes, what is the connection?",
        required=False,
        max_length=300,
        help_text=(
            f"A few words, such as 'I am a trustee'. {NO_NAMES} Declaring a conflict removes "
            "you from this application for good."
        ),
    )


class ScoreForm(forms.Form):
    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        score_fields(self, criteria, comments=True)
        self.criteria = criteria

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


OUTCOME_ROWS = 3


def _count(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10_000_000,
        required=required,
        initial=0 if not required else None,
    )


class ReturnForm(forms.Form):
    """Aggregate counts only. Groups of fields are listed in ``groups`` for the template."""

    activities_delivered = forms.IntegerField(
        label="Activities delivered in the period", min_value=0, max_value=100_000
    )
    activities_summary = forms.CharField(
        label="What you did, in a few lines",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"At most {SHORT_TEXT} characters. {NO_NAMES}",
    )
    participants = forms.IntegerField(
        label="Participants reached in the period (a count)", min_value=0, max_value=10_000_000
    )
    risks_summary = forms.CharField(
        label="Risks and how you are handling them, in a few lines",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"At most {SHORT_TEXT} characters. {NO_NAMES}",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[str, str, list[str]]] = []
        for dimension, (label, bands) in DEMOGRAPHIC_BANDS.items():
            names = []
            for code, band in bands:
                name = f"{dimension}__{code}"
                self.fields[name] = _count(f"{label}: {band}")
                names.append(name)
            self.groups.append((label, "Counts that add up to the participants reached.", names))
        names = []
        for borough in Borough.objects.all():
            name = f"borough__{borough.pk}"
            self.fields[name] = _count(f"Participants in {borough.name}")
            names.append(name)
        self.groups.append(("Participants by borough", "Leave 0 where you did not work.", names))
        for group, categories, hint in (
            ("incidents", INCIDENT_CATEGORIES, "Counts only: never names or details of people."),
            ("risks", RISK_CATEGORIES, "How many of each arose in the period."),
        ):
            names = []
            for code, label in categories:
                name = f"{group}__{code}"
                self.fields[name] = _count(label)
                names.append(name)
            self.groups.append(
                ("Safeguarding incidents" if group == "incidents" else "Risks", hint, names)
            )
        instruments = Instrument.objects.filter(is_active=True)
        names = []
        for n in range(1, OUTCOME_ROWS + 1):
            self.fields[f"instrument_{n}"] = forms.ModelChoiceField(
                label=f"Measure {n}: instrument",
                queryset=instruments,
                required=False,
                empty_label="None",
            )
            self.fields[f"respondents_{n}"] = forms.IntegerField(
                label=f"Measure {n}: people who answered (n)", required=False, min_value=1
            )
            self.fields[f"before_{n}"] = forms.DecimalField(
                label=f"Measure {n}: mean before", required=False, max_digits=6, decimal_places=2
            )
            self.fields[f"after_{n}"] = forms.DecimalField(
                label=f"Measure {n}: mean after", required=False, max_digits=6, decimal_places=2
            )
            names += [f"instrument_{n}", f"respondents_{n}", f"before_{n}", f"after_{n}"]
        self.groups.append(
            (
                "Outcome measures (retrospective pre/post)",
                "For each validated instrument you used: how many people answered, and their mean "
                "score for before and after the activity, on the instrument's scale.",
                names,
            )
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, OUTCOME_ROWS + 1):
            parts = [
                data.get(f"instrument_{n}"),
                data.get(f"respondents_{n}"),
                data.get(f"before_{n}"),
                data.get(f"after_{n}"),
            ]
            if any(p is not None for p in parts) and not all(p is not None for p in parts):
                self.add_error(
                    f"instrument_{n}",
                    f"Measure {n}: give the instrument, n, and both means, or leave all four "
                    "empty.",
                )
        return data

    def grouped(self, prefix: str) -> dict[str, int]:
        return {
            name.split("__", 1)[1]: int(value or 0)
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix + "__")
        }
