"""Forms for reporting an item: the public report, the analyst's form and the bulk import."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat

from endeavour.detection import urls as urlnorm
from endeavour.online.models import FileKind
from endeavour.online.services import imports
from endeavour.online.services.files import IncomingFile, classify, max_upload_bytes
from endeavour.online.services.intake import ContactDetails

TIMESTAMP_SALT = "endeavour.online.report-form"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
PUBLIC_MAX_FILES = 3
ANALYST_MAX_FILES = 10
KIND_WORDS: dict[str, str] = {
    FileKind.IMAGE: "picture",
    FileKind.PDF: "PDF",
    FileKind.VIDEO: "video",
}
IMAGE_AND_PDF_TYPES = "image/png,image/jpeg,image/gif,image/webp,application/pdf,.pdf"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (as in Django's documentation); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_clean(one, initial) for one in data if one]
        return [single_clean(data, initial)] if data else []


class HoneypotInput(forms.TextInput):
    """A text box people never see or reach (hidden by a CSS class, not an inline style)."""

    template_name = "online/public/honeypot_widget.html"

    @property
    def is_hidden(self) -> bool:  # rendered with the hidden fields: no label, no hint
        return True


def timestamp_token() -> str:
    return signing.dumps({"t": time.time()}, salt=TIMESTAMP_SALT)


def _checked_files(
    uploads: list[UploadedFile[bytes]], *, kinds: set[str], max_files: int
) -> list[IncomingFile]:
    """Read and check each upload by its bytes. Every message names its file."""
    if len(uploads) > max_files:
        raise forms.ValidationError(f"Choose up to {max_files} files. You chose {len(uploads)}.")
    limit = max_upload_bytes()
    checked, errors = [], []
    for upload in uploads:
        name = (upload.name or "file")[:255]
        if upload.size is not None and upload.size > limit:
            errors.append(f"{name}: the file is larger than {filesizeformat(limit)}.")
            continue
        incoming = IncomingFile(name=name, data=upload.read())
        try:
            kind, _ = classify(incoming)
        except forms.ValidationError as error:
            errors.extend(error.messages)
            continue
        if kind not in kinds:
            allowed = " or ".join(KIND_WORDS[k] for k in FileKind.values if k in kinds)
            errors.append(f"{name}: we can only take {allowed} files here.")
            continue
        checked.append(incoming)
    if errors:
        raise forms.ValidationError(errors)
    return checked


def _clean_url(value: str) -> str:
    try:
        urlnorm.normalise(value)
    except urlnorm.InvalidUrl as error:
        raise forms.ValidationError(str(error)) from error
    return value.strip()


class ReportForm(forms.Form):
    """The public report: no account needed, works without JavaScript."""

    url = forms.CharField(
        label="Web address of what you saw",
        max_length=urlnorm.MAX_LENGTH,
        help_text=(
            "Copy it from your browser's address bar or the app's Share button. "
            "For example: https://example.com/post/123"
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "url", "inputmode": "url", "spellcheck": "false"}
        ),
    )
    what_you_saw = forms.CharField(
        label="What did you see?",
        required=False,
        max_length=5000,
        help_text="Tell us in your own words, or copy the words in the post.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label="Screenshots or a PDF",
        required=False,
        help_text=(
            "Up to 3 files: pictures (PNG, JPEG, GIF or WebP) or PDF. "
            "Do not download videos or other material to send to us."
        ),
        widget=MultipleFileInput(attrs={"accept": IMAGE_AND_PDF_TYPES}),
    )
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=200,
        help_text="Only if you want us to be able to contact you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        max_length=254,
        help_text="We will only use it to ask about this report.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(label="You can contact me about this report", required=False)
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = timestamp_token()
        self.fields["consent"].help_text = (
            "We keep your name and email address apart from your report, only if you give an "
            f"email address, and delete them after {retention_days()} days."
        )

    def clean_url(self) -> str:
        return _clean_url(self.cleaned_data["url"])

    def clean_attachments(self) -> list[IncomingFile]:
        return _checked_files(
            self.cleaned_data.get("attachments") or [],
            kinds={FileKind.IMAGE, FileKind.PDF},
            max_files=PUBLIC_MAX_FILES,
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise forms.ValidationError(
                "We could not accept this report. If you are a person, clear the box marked "
                "'Leave this empty' and send it again.",
                code="honeypot",
            )
        try:
            started = float(
                signing.loads(data.get("started") or "", salt=TIMESTAMP_SALT, max_age=MAX_SECONDS)[
                    "t"
                ]
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                "This page was open for more than 2 hours, so it has expired. "
                "Check your report and send it again.",
                code="expired",
            ) from error
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise forms.ValidationError(
                "Something went wrong with this form. Check your report and send it again.",
                code="bad_timestamp",
            ) from error
        if time.time() - started < MIN_SECONDS:
            raise forms.ValidationError(
                "That was sent too quickly for us to be sure a person sent it. "
                "Check your report and send it again.",
                code="too_fast",
            )
        if data.get("consent") and not data.get("email"):
            self.add_error("email", "Give your email address if you want us to contact you.")
        return data

    def renew_timestamp(self) -> None:
        """After a failed attempt: a fresh timestamp, so the next attempt is timed afresh."""
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[self.add_prefix("started")] = timestamp_token()
            self.data = data

    def contact(self) -> ContactDetails | None:
        """Contact details are kept only if the reporter gave an email address or consent."""
        data = self.cleaned_data
        if not (data["email"] or data["consent"]):
            return None
        return ContactDetails(
            name=data["name"].strip(), email=data["email"], consent_to_contact=data["consent"]
        )


class ItemSubmitForm(forms.Form):
    """An analyst's report of an item found at work."""

    url = forms.CharField(
        label="Web address",
        max_length=urlnorm.MAX_LENGTH,
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
    )
    text = forms.CharField(
        label="Text you captured",
        required=False,
        max_length=imports.MAX_LENGTHS["text"],
        help_text="The words of the post, as you found them.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label="Files",
        required=False,
        help_text=(
            f"Up to {ANALYST_MAX_FILES} files: screenshots (PNG, JPEG, GIF or WebP), PDF or video "
            "(MP4 or WebM). They are kept in private storage."
        ),
    )
    note = forms.CharField(
        label="Note for reviewers",
        required=False,
        max_length=imports.MAX_LENGTHS["note"],
        help_text="Where you found it and why it matters. The first 200 characters show "
        "in the case's signals.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_url(self) -> str:
        return _clean_url(self.cleaned_data["url"])

    def clean_attachments(self) -> list[IncomingFile]:
        return _checked_files(
            self.cleaned_data.get("attachments") or [],
            kinds={FileKind.IMAGE, FileKind.PDF, FileKind.VIDEO},
            max_files=ANALYST_MAX_FILES,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or JSONL file",
        help_text=(
            "UTF-8 text, up to 20 MB and 50,000 rows. A CSV file needs a header row naming its "
            "columns: url (needed), text and note. A JSONL file has one JSON object per line "
            'with the same keys, like {"url": "https://example.com/post/1", "note": "..."}.'
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.jsonl,.ndjson,text/csv"}),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > imports.MAX_BYTES:
            limit = filesizeformat(imports.MAX_BYTES)
            raise forms.ValidationError(f"{upload.name}: the file is larger than {limit}.")
        return upload


def retention_days() -> int:
    return int(getattr(settings, "RETENTION_DAYS", {}).get("online.ReporterContact", 90))


def add_service_errors(form: forms.Form, error: forms.ValidationError) -> None:
    """Show a service's ValidationError on the fields it names ("url", ...), else on the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
