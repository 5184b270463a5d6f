"""Form pieces shared by the recommendation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from endeavour.recommendations.reference import EARLIEST_DATE
from endeavour.recommendations.services.files import (
    ACCEPT_ATTRIBUTE,
    IncomingFile,
    classify,
    max_upload_bytes,
)

DATE_HINT = "For example 2017-10-31"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter a real date, for example 2017-10-31."},
    )


def check_past_date(value: Any, *, label: str = "The date") -> None:
    if value is None:
        return
    if value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future.")
    if value < EARLIEST_DATE:
        raise forms.ValidationError(f"{label} cannot be before {EARLIEST_DATE:%d %B %Y}.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (as in Django's documentation); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_clean(one, initial) for one in data if one]
        return [single_clean(data, initial)] if data else []


def checked_files(uploads: list[UploadedFile[bytes]], *, max_files: int) -> list[IncomingFile]:
    """Read and check each upload by its bytes. Every message names its file."""
    if len(uploads) > max_files:
        raise forms.ValidationError(
            f"Attach up to {max_files} documents. You chose {len(uploads)}."
        )
    limit = max_upload_bytes()
    checked: list[IncomingFile] = []
    errors: list[str] = []
    for upload in uploads:
        name = (upload.name or "document")[:255]
        if upload.size is not None and upload.size > limit:
            errors.append(f"{name}: the file is larger than {filesizeformat(limit)}.")
            continue
        incoming = IncomingFile(name=name, data=upload.read())
        try:
            classify(incoming)
        except forms.ValidationError as error:
            errors.extend(error.messages)
            continue
        checked.append(incoming)
    if errors:
        raise forms.ValidationError(errors)
    return checked
