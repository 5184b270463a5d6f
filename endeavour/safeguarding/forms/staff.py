"""Staff forms: the help finder's services and each borough's routing settings."""

from __future__ import annotations

from typing import Any

from django import forms

from endeavour.core.models import Borough
from endeavour.safeguarding.forms.public import plain_text
from endeavour.safeguarding.models import Channel, SupportService, Worry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SupportServiceForm(forms.ModelForm[SupportService]):
    worries = forms.MultipleChoiceField(
        label="Kinds of worry it helps with",
        choices=Worry.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of worry this service helps with."},
    )
    website = forms.URLField(label="Website", required=False, max_length=500, assume_scheme="https")
    boroughs = forms.ModelMultipleChoiceField(
        label="Boroughs served",
        required=False,
        queryset=Borough.objects.filter(region="London").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Only when the area served is 'the boroughs chosen below'.",
    )

    class Meta:
        model = SupportService
        fields = [
            "name",
            "kind",
            "coverage",
            "boroughs",
            "worries",
            "phone",
            "email",
            "website",
            "opening_hours",
            "languages",
            "description",
            "description_pl",
            "last_checked_on",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "coverage": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_pl": forms.Textarea(attrs={"rows": 4}),
            "last_checked_on": DateInput(),
        }
        help_texts = {"last_checked_on": "The day someone last checked these details are right."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "phone", "opening_hours", "languages", "description"):
            self.fields[name].validators.append(plain_text)
        self.fields["description_pl"].validators.append(plain_text)


class BoroughRoutingForm(forms.Form):
    team_name = forms.CharField(
        label="Team name",
        max_length=200,
        help_text="As the public will see it, for example 'Camden Prevent team'.",
        validators=[plain_text],
    )
    channel = forms.ChoiceField(
        label="How the team receives concerns", choices=Channel.choices, widget=forms.RadioSelect
    )
    team_email = forms.EmailField(
        label="Team email address",
        required=False,
        help_text="For the email channel: the notice (with no personal details) goes here.",
    )
    is_active = forms.BooleanField(label="Accepting concerns through Endeavour", required=False)
