"""Forms for the hash-bank pages: banks, their settings and entries, imports and the hash check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from endeavour.detection import content
from endeavour.detection import urls as urlnorm
from endeavour.detection.content import ContentHashes
from endeavour.detection.matching import Query
from endeavour.detection.models import BankPurpose, SignalType
from endeavour.detection.services import MAX_PDQ_DISTANCE
from endeavour.detection.values import InvalidValue, normalise_value
from endeavour.online.models import Ideology, Tier
from endeavour.online.services.files import max_upload_bytes

LABEL_MAX_CHARS = 200  # as the hash-list formats allow for a label
TEXT_MAX_CHARS = 20_000
VALUE_PREFIX_MAX_CHARS = 200
DEFAULT_PDQ_DISTANCE = 31
TIER_LABELS = [c for c in Tier.choices if c[0] not in (Tier.UNTRIAGED, Tier.OUT_OF_SCOPE)]
IMPORT_FORMATS = [
    (
        "csv",
        "CSV: a header row naming signal_type and value (and, if you like, ideology, "
        "organisation, tier, external_id and status)",
    ),
    ("threatexchange", 'ThreatExchange line format: one hash a line, like "pdq f8f8..."'),
    ("tat", "Tech Against Terrorism hash list (JSON)"),
]
EXPORT_FORMATS = ("csv", "threatexchange")
ENTRY_STATES = [("", "Enabled or disabled"), ("enabled", "Enabled only"), ("disabled", "Disabled")]


def _distance_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PDQ_DISTANCE,
        initial=DEFAULT_PDQ_DISTANCE,
        help_text=(
            "A picture or video frame matches an entry when their PDQ hashes differ in this many "
            f"of 256 bits or fewer: 0 to {MAX_PDQ_DISTANCE}. 31 is usual; lower is stricter."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _checked_upload(upload: UploadedFile[bytes]) -> bytes:
    """The bytes of an upload within the site's size limit, or a message naming the problem."""
    name = upload.name or "The file"
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(f"{name}: the file is larger than {filesizeformat(limit)}.")
    data: bytes = upload.read()
    if not data:
        raise forms.ValidationError(f"{name}: the file is empty.")
    return data


class BankCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text='Say where the hashes come from, for example "GIFCT hash list".',
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=BankPurpose.choices,
        initial=BankPurpose.MATCH,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ideology = forms.ChoiceField(
        label="Ideology label",
        required=False,
        choices=[("", "No ideology label"), *[c for c in Ideology.choices if c[0]]],
        help_text="Labels are shown with every match in this bank, unless an entry has its own.",
    )
    organisation = forms.CharField(
        label="Organisation label",
        required=False,
        max_length=LABEL_MAX_CHARS,
        help_text="For example, the proscribed organisation the material promotes.",
    )
    tier = forms.ChoiceField(
        label="Tier label", required=False, choices=[("", "No tier label"), *TIER_LABELS]
    )
    pdq_max_distance = _distance_field("PDQ match distance")

    def labels(self) -> dict[str, str]:
        """The labels given, without the empty ones."""
        data = self.cleaned_data
        return {
            key: data[key].strip()
            for key in ("ideology", "organisation", "tier")
            if data.get(key, "").strip()
        }


class BankSettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label="Look hashes up in this bank",
        required=False,
        help_text="A disabled bank keeps its entries but matches nothing.",
    )
    pdq_max_distance = _distance_field("PDQ match distance")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "settings_%s")  # ids unique on the bank's page
        super().__init__(*args, **kwargs)


class EntryFilterForm(forms.Form):
    signal_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *SignalType.choices]
    )
    state = forms.ChoiceField(label="Enabled or disabled", required=False, choices=ENTRY_STATES)
    starts_with = forms.CharField(
        label="Value starts with", required=False, max_length=VALUE_PREFIX_MAX_CHARS
    )


class EntryDisableForm(forms.Form):
    reason = forms.CharField(
        label="Why disable it",
        max_length=300,
        help_text="Kept with the entry. The entry stays in the bank, disabled, so decisions "
        "that relied on it stay traceable.",
        error_messages={"required": "Say why the entry is disabled."},
    )


class BankImportForm(forms.Form):
    file = forms.FileField(
        label="Hash-list file",
        error_messages={
            "required": "Choose a hash-list file to upload.",
            "empty": "The file is empty.",
        },
    )
    file_format = forms.ChoiceField(
        label="File format", choices=IMPORT_FORMATS, initial="csv", widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "import_%s")  # ids unique on the bank's page
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"UTF-8 text, up to {filesizeformat(max_upload_bytes())}. The whole file is checked "
            "first: if any row has a problem, nothing is imported and every problem is listed "
            "by its line."
        )
        self.filename = ""

    def clean_file(self) -> bytes:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        self.filename = (upload.name or "")[:255]
        return _checked_upload(upload)


class HashCheckForm(forms.Form):
    """One thing to look up: a file, a hash, a web address or some text."""

    file = forms.FileField(
        label="A file", required=False, error_messages={"empty": "The file is empty."}
    )
    hash_type = forms.ChoiceField(
        label="Hash type",
        required=False,
        choices=[("", "Choose a type"), *SignalType.choices],
        error_messages={
            "invalid_choice": "%(value)s is not a hash type we hold. Choose one from the list."
        },
    )
    hash_value = forms.CharField(
        label="Hash value",
        required=False,
        max_length=urlnorm.MAX_LENGTH,
        help_text="Hexadecimal: 64 characters for SHA-256, PDQ and text, 32 for MD5, 1,024 for "
        "MinHash. For a normalised URL, the web address.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    url = forms.CharField(
        label="Web address",
        required=False,
        max_length=urlnorm.MAX_LENGTH,
        help_text="Its variants are checked too: with and without www, mobile sites, "
        "twitter.com and x.com, youtu.be and youtube.com.",
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
    )
    text = forms.CharField(
        label="Text",
        required=False,
        max_length=TEXT_MAX_CHARS,
        help_text="The words of a post. Lightly edited copies match too.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Any file up to {filesizeformat(max_upload_bytes())}. Pictures and video frames are "
            "compared by PDQ, so close copies match too."
        )
        self.queries: list[Query] = []
        self.hashes: ContentHashes | None = None
        self.checked = ""
        self.filename = ""

    def clean_file(self) -> bytes | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("file")
        if not upload:
            return None
        self.filename = (upload.name or "file")[:255]
        return _checked_upload(upload)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [
            label
            for label, present in [
                ("a file", data.get("file") or self.has_error("file")),
                (
                    "a hash",
                    data.get("hash_type") or data.get("hash_value") or self.has_error("hash_type"),
                ),
                ("a web address", (data.get("url") or "").strip() or self.has_error("url")),
                ("text", (data.get("text") or "").strip() or self.has_error("text")),
            ]
            if present
        ]
        if len(given) > 1:
            raise forms.ValidationError(
                f"Check one thing at a time: you gave {', '.join(given[:-1])} and {given[-1]}. "
                "Clear all but one."
            )
        if not given:
            raise forms.ValidationError(
                "Enter something to check: a file, a hash (its type and value), a web address "
                "or some text."
            )
        if not self.errors:
            self._build_queries(data)
        return data

    def _build_queries(self, data: dict[str, Any]) -> None:
        if data.get("file"):
            self.hashes = content.hash_bytes(data["file"])
            self.queries = content.content_queries(self.hashes, "file")
            self.checked = f"the file {self.filename}"
        elif data.get("hash_type") or data.get("hash_value"):
            self._hash_queries(data.get("hash_type", ""), data.get("hash_value", ""))
        elif data.get("url", "").strip():
            try:
                normalised = urlnorm.normalise(data["url"]).normalised
            except urlnorm.InvalidUrl as error:
                self.add_error("url", str(error))
                return
            self.queries = content.url_queries(normalised)
            self.checked = f"the web address {normalised}"
        else:
            self.queries = content.text_queries(data["text"])
            if not self.queries:
                self.add_error("text", "The text has no words once punctuation is taken out.")
            self.checked = "the text"

    def _hash_queries(self, signal_type: str, raw: str) -> None:
        if not signal_type:
            self.add_error("hash_type", "Choose the type of the hash.")
            return
        if not raw.strip():
            self.add_error("hash_value", "Enter the hash value, or clear the hash type.")
            return
        try:
            value = normalise_value(signal_type, raw)
        except InvalidValue as error:
            self.add_error("hash_value", str(error))
            return
        self.queries = [Query(signal_type, value, "hash")]
        self.checked = f"the {SignalType(signal_type).label}"
