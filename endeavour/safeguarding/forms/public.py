"""Public forms: the help finder (GET), the concern form, and the figures' year. Plain English,
translatable, work without JavaScript."""

from __future__ import annotations

import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from endeavour.core.models import Borough
from endeavour.online.forms.intake import HoneypotInput
from endeavour.safeguarding.models import Worry
from endeavour.safeguarding.selectors.figures import years_available

DONT_KNOW = "unknown"
DESCRIPTION_MAX = 1500
TIMESTAMP_SALT = "endeavour.safeguarding.concern-form"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
MARKUP = re.compile(r"<\s*[/!?]?\s*[a-zA-Z]")


def plain_text(value: str) -> None:
    """Refuse text that looks like HTML or script: a clear message, never stored or shown."""
    if MARKUP.search(value or ""):
        raise forms.ValidationError(
            _(
                "Write this as plain text, without HTML tags or code such as <script>. "
                "Remove the < sign before a word and send it again."
            ),
            code="markup",
        )


def london_boroughs() -> list[Borough]:
    return list(Borough.objects.filter(region="London").order_by("name"))


class HelpFinderForm(forms.Form):
    borough = forms.ChoiceField(
        label=_("Where does the person live?"),
        help_text=_("Choose their London borough. If you are not sure, choose 'I don't know'."),
    )
    worry = forms.ChoiceField(
        label=_("What are you worried about?"), choices=Worry.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        borough = self.fields["borough"]
        assert isinstance(borough, forms.ChoiceField)
        borough.choices = [
            ("", _("Choose a borough")),
            (DONT_KNOW, _("I don't know")),
            *[(b.gss_code, b.name) for b in london_boroughs()],
        ]
        borough.error_messages["required"] = _("Choose a borough, or 'I don't know'.")
        self.fields["worry"].error_messages["required"] = _("Choose what you are worried about.")

    def borough_object(self) -> Borough | None:
        code = self.cleaned_data.get("borough")
        if not code or code == DONT_KNOW:
            return None
        return Borough.objects.filter(gss_code=code).first()


def timestamp_token() -> str:
    return signing.dumps({"t": time.time()}, salt=TIMESTAMP_SALT)


class ConcernForm(forms.Form):
    """The minimum: the sender's name and a way to reach them, how they know the person
    (optional), the kind of worry and a short description. Nothing about the person's age,
    ethnicity or religion is asked for."""

    worry = forms.ChoiceField(
        label=_("What are you worried about?"), choices=Worry.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What has made you worried?"),
        max_length=DESCRIPTION_MAX,
        help_text=_(
            "In a few sentences. Do not include more personal details than the team needs: they "
            "will ask you for anything else. Up to 1,500 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX}),
        validators=[plain_text],
    )
    relationship = forms.CharField(
        label=_("How do you know the person?"),
        required=False,
        max_length=100,
        help_text=_("For example: parent, friend, teacher."),
        validators=[plain_text],
    )
    sender_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[plain_text],
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=254,
        help_text=_("Give an email address, a phone number, or both."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    contact_phone = forms.RegexField(
        label=_("Your phone number"),
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 ()-]{6,30}$",
        error_messages={
            "invalid": _("Enter a phone number using digits, for example 020 7946 0000.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        required=True,
        error_messages={
            "required": _(
                "Tick the box to agree, or we cannot send your concern. Nothing has been sent "
                "or kept."
            )
        },
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, team_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = timestamp_token()
        self.fields["consent"].label = _(
            "I agree that my concern and contact details are sent to the %(team)s, who may "
            "contact me about it."
        ) % {"team": team_name}
        self.fields["worry"].error_messages["required"] = _("Choose what you are worried about.")
        self.fields["description"].error_messages["required"] = _(
            "Tell the team briefly what has made you worried."
        )
        self.fields["description"].error_messages["max_length"] = _(
            "Keep it to 1,500 characters or fewer (you have %(show_value)d)."
        )
        self.fields["sender_name"].error_messages["required"] = _("Give your name.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise forms.ValidationError(
                _(
                    "We could not accept this form. If you are a person, clear the box marked "
                    "'Leave this empty' and send it again."
                ),
                code="honeypot",
            )
        try:
            token = signing.loads(
                data.get("started") or "", salt=TIMESTAMP_SALT, max_age=MAX_SECONDS
            )
            started = float(token["t"])
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _("This page was open for more than 2 hours. Check the form and send it again."),
                code="expired",
            ) from error
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise forms.ValidationError(
                _("Something went wrong with this form. Check it and send it again."),
                code="bad_timestamp",
            ) from error
        if time.time() - started < MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "That was sent too quickly for us to be sure a person sent it. Check the "
                    "form and send it again."
                ),
                code="too_fast",
            )
        no_contact = not data.get("contact_email") and not data.get("contact_phone")
        if no_contact and not {"contact_email", "contact_phone"} & set(self.errors):
            self.add_error(
                "contact_email",
                _("Give an email address or a phone number so the team can reply."),
            )
        return data

    def renew_timestamp(self) -> None:
        """After an expired or broken timestamp only: a person correcting a mistake keeps the
        time they started, so a quick fix is not refused as 'too quickly'."""
        if not any(self.has_error(NON_FIELD_ERRORS, code) for code in ("expired", "bad_timestamp")):
            return
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[self.add_prefix("started")] = timestamp_token()
            self.data = data


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, str(y)) for y in years_available()]
        year.error_messages["invalid_choice"] = _("Choose a year from the list.")
