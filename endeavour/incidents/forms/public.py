"""The public hate incident report form: no account, works without JavaScript, plain English
(and Polish through Django's translation system)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from endeavour.core.models import Borough
from endeavour.core.retention import retention_days
from endeavour.incidents.models import IncidentType, ReporterRole, Setting
from endeavour.incidents.reference import motivation_choices
from endeavour.incidents.services.reports import (
    MAX_DESCRIPTION,
    MAX_FILES,
    MAX_LINKS,
    ContactDetails,
    file_check,
    max_upload_bytes,
)
from endeavour.online.forms.intake import (
    IMAGE_AND_PDF_TYPES,
    HoneypotInput,
    MultipleFileField,
    MultipleFileInput,
)
from endeavour.online.services.files import IncomingFile

TIMESTAMP_SALT = "endeavour.incidents.report-form"
MIN_SECONDS = 3
MAX_SECONDS = 3 * 60 * 60
UNKNOWN_BOROUGH = "unknown"


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group, each group named by its legend."""

    template_name = "incidents/widgets/grouped_checkboxes.html"


def timestamp_token(at: float | None = None) -> str:
    return signing.dumps({"t": time.time() if at is None else at}, salt=TIMESTAMP_SALT)


def contact_retention_days() -> int:
    return retention_days("incidents.ReporterContact")


class IncidentReportForm(forms.Form):
    reporter_role = forms.ChoiceField(
        label=_("Who are you?"),
        required=False,
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
    )
    incident_type = forms.ChoiceField(
        label=_("What happened?"), choices=IncidentType.choices, widget=forms.RadioSelect
    )
    motivations = forms.MultipleChoiceField(
        label=_("Why do you think it happened?"),
        help_text=_(
            "Choose every reason that applies. It counts if you, or anyone else, believe it was "
            "motivated by hostility or prejudice: you do not need proof."
        ),
        choices=motivation_choices,
        widget=GroupedCheckboxes,
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("The date, or your best guess. For example 27 3 2026."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    occurred_time = forms.TimeField(
        label=_("Roughly what time?"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    setting = forms.ChoiceField(
        label=_("Where did it happen?"), choices=Setting.choices, widget=forms.RadioSelect
    )
    borough = forms.ChoiceField(
        label=_("Which London borough?"),
        required=False,
        help_text=_("Not needed if it happened only online."),
    )
    exact_location = forms.CharField(
        label=_("The exact place"),
        required=False,
        max_length=300,
        help_text=_(
            "For example a street, a bus route or a shop. Only the member of staff handling your "
            "report sees it; everything we publish shows the borough only."
        ),
    )
    description = forms.CharField(
        label=_("Tell us what happened"),
        max_length=MAX_DESCRIPTION,
        help_text=_("In your own words. What was said or done, and by whom, if you know."),
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    links = forms.CharField(
        label=_("Web addresses"),
        required=False,
        max_length=MAX_LINKS * 2001,
        help_text=_(
            "If it happened online: up to 5 links to the posts or pages, one on each line. "
            "We pass the links (never your details) to our team that asks websites to remove "
            "hateful and extremist material."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "inputmode": "url"}),
    )
    attachments = MultipleFileField(
        label=_("Pictures or PDF files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": IMAGE_AND_PDF_TYPES}),
    )
    consent = forms.BooleanField(label=_("You can contact me about this report"), required=False)
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.RegexField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        regex=r"^\+?[0-9 ()-]{6,40}$",
        error_messages={"invalid": _("Enter a phone number using digits, like 020 7946 0000.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = timestamp_token()
        borough = self.fields["borough"]
        assert isinstance(borough, forms.ChoiceField)
        borough.choices = [
            ("", gettext("Choose a borough")),
            *((str(pk), name) for pk, name in Borough.objects.values_list("pk", "name")),
            (UNKNOWN_BOROUGH, gettext("I don't know")),
        ]
        self.fields["attachments"].help_text = gettext(
            "Up to %(files)s files, each up to %(size)s: pictures (PNG, JPEG, GIF or WebP) or PDF."
        ) % {"files": MAX_FILES, "size": filesizeformat(max_upload_bytes())}
        self.fields["consent"].help_text = gettext(
            "Leave this unticked to stay anonymous. If you tick it, give an email address or a "
            "phone number. We use them only to contact you about this report, keep them apart "
            "from it, and delete them %(days)s days after we close it."
        ) % {"days": contact_retention_days()}

    def clean_occurred_on(self) -> Any:
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("The date cannot be in the future."))
        return day

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        return [line for line in lines if line]

    def clean_attachments(self) -> list[IncomingFile]:
        uploads: list[UploadedFile[bytes]] = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                gettext("Choose up to %(max)s files. You chose %(n)s.")
                % {"max": MAX_FILES, "n": len(uploads)}
            )
        checked, errors = [], []
        for upload in uploads:
            name = (upload.name or "file")[:255]
            if upload.size is not None and upload.size > max_upload_bytes():
                errors.append(
                    gettext("%(name)s: the file is larger than %(limit)s.")
                    % {"name": name, "limit": filesizeformat(max_upload_bytes())}
                )
                continue
            incoming = IncomingFile(name=name, data=upload.read())
            try:
                file_check(incoming)
            except forms.ValidationError as error:
                errors.extend(error.messages)
                continue
            checked.append(incoming)
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise forms.ValidationError(
                gettext(
                    "We could not accept this report. If you are a person, clear the box marked "
                    "'Leave this empty' and send it again."
                ),
                code="honeypot",
            )
        self._check_timestamp(data.get("started") or "")
        setting, borough = data.get("setting"), data.get("borough")
        if setting and setting != Setting.ONLINE and not borough:
            self.add_error(
                "borough", gettext("Choose the borough where it happened, or 'I don't know'.")
            )
        has_details = bool(data.get("email") or data.get("phone") or data.get("name"))
        if data.get("consent") and not (data.get("email") or data.get("phone")):
            self.add_error(
                "email",
                gettext("Give an email address or a phone number if you want us to contact you."),
            )
        elif has_details and not data.get("consent"):
            self.add_error(
                "consent",
                gettext(
                    "You gave contact details: tick this box if we may contact you, or delete "
                    "your details to stay anonymous."
                ),
            )
        return data

    def _check_timestamp(self, token: str) -> None:
        try:
            started = float(signing.loads(token, salt=TIMESTAMP_SALT, max_age=MAX_SECONDS)["t"])
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                gettext(
                    "This page was open for more than 3 hours, so it has expired. Check your "
                    "report and send it again."
                ),
                code="expired",
            ) from error
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise forms.ValidationError(
                gettext(
                    "Something went wrong with this form. Check your report and send it again."
                ),
                code="bad_timestamp",
            ) from error
        if time.time() - started < MIN_SECONDS:
            raise forms.ValidationError(
                gettext(
                    "That was sent too quickly for us to be sure a person sent it. Check your "
                    "report and send it again."
                ),
                code="too_fast",
            )

    def renew_timestamp(self) -> None:
        """After a failed attempt: a fresh timestamp, so the next attempt is timed afresh."""
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[self.add_prefix("started")] = timestamp_token()
            self.data = data

    def borough_choice(self) -> tuple[Borough | None, bool]:
        """(borough, the reporter said they don't know)."""
        value = self.cleaned_data.get("borough") or ""
        if value == UNKNOWN_BOROUGH or not value:
            return None, value == UNKNOWN_BOROUGH
        return Borough.objects.get(pk=int(value)), False

    def contact(self) -> ContactDetails | None:
        data = self.cleaned_data
        if not data.get("consent"):
            return None
        return ContactDetails(name=data["name"], email=data["email"], phone=data["phone"])
