"""Forms for sources, recommendations, responses, status changes, links and imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from endeavour.core.models import Organisation, User
from endeavour.recommendations import links
from endeavour.recommendations.forms.common import (
    MultipleFileField,
    check_past_date,
    checked_files,
    date_field,
)
from endeavour.recommendations.models import (
    OwnerResponse,
    Priority,
    Recommendation,
    Source,
    SourceKind,
    StatusDefinition,
)
from endeavour.recommendations.services.files import IncomingFile
from endeavour.recommendations.services.status import MAX_FILES


class SourceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What it is", choices=SourceKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", max_length=300)
    date = date_field(
        "Date published or held",
        help_text="For an exercise, the day it was held. For example 2016-10-31.",
    )
    author = forms.CharField(
        label="Author body",
        max_length=300,
        help_text="Who wrote or commissioned it, for example 'Independent reviewer for the Mayor'.",
    )
    summary = forms.CharField(
        label="Summary", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    url = forms.URLField(
        label="Link to it",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="Where the public can read it, if it is published.",
    )
    document = forms.FileField(
        label="Attach the document",
        required=False,
        help_text="A PDF or office document, up to 20 MB. Kept in private storage; the public can "
        "download it only once the source is published.",
    )
    is_published = forms.BooleanField(
        label="Published: show this source and its recommendations on the public pages",
        required=False,
    )

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        check_past_date(value)
        return value

    def clean_document(self) -> IncomingFile | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("document")
        if not upload:
            return None
        return checked_files([upload], max_files=1)[0]

    @classmethod
    def initial_for(cls, source: Source) -> dict[str, Any]:
        return {
            "kind": source.kind,
            "title": source.title,
            "date": source.date,
            "author": source.author,
            "summary": source.summary,
            "url": source.url,
            "is_published": source.is_published,
        }


class OwnersField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class LeadOfficerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        organisation = f", {obj.organisation}" if obj.organisation_id else ""
        return f"{obj.get_full_name() or obj.username}{organisation}"


class RecommendationForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="As the source numbers it, for example 12 or 4.3.",
    )
    text = forms.CharField(
        label="Text", max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    theme = forms.CharField(
        label="Theme",
        required=False,
        max_length=200,
        help_text="A new theme is added as you type it.",
    )
    owners = OwnersField(
        label="Owner organisations",
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone in these organisations can report progress on it.",
    )
    lead_officer = LeadOfficerField(
        label="Lead officer",
        required=False,
        queryset=User.objects.none(),
        empty_label="No one named",
        help_text="The person answerable for it. They get the overdue reminders.",
    )
    response = forms.ChoiceField(
        label="Owner's response", choices=OwnerResponse.choices, widget=forms.RadioSelect
    )
    response_reason = forms.CharField(
        label="Reason for the response",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when it is partly accepted or not accepted.",
    )
    response_date = date_field("Date of the response", required=False)
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices, required=False)
    target_date = date_field("Target date", required=False)
    is_public = forms.BooleanField(
        label="List it on the public page (when the source is published)",
        required=False,
        initial=True,
        help_text="Untick only for security-sensitive items: they are still counted in the "
        "public figures, but not listed.",
    )
    withheld_reason = forms.CharField(
        label="Why it is not listed publicly", required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = self.fields["owners"]
        assert isinstance(owners, forms.ModelMultipleChoiceField)
        owners.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        lead = self.fields["lead_officer"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = User.objects.filter(is_active=True).select_related("organisation")

    def clean_response_date(self) -> Any:
        value = self.cleaned_data.get("response_date")
        check_past_date(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_public") is False and not (data.get("withheld_reason") or "").strip():
            self.add_error("withheld_reason", "Say why it is not listed: it is kept for auditors.")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reference": data["reference"],
            "text": data["text"],
            "theme": data["theme"],
            "owners": list(data["owners"]),
            "lead_officer": data["lead_officer"],
            "response": data["response"],
            "response_reason": data["response_reason"],
            "response_date": data["response_date"],
            "priority": data["priority"] or "",
            "target_date": data["target_date"],
            "is_public": data["is_public"],
            "withheld_reason": data["withheld_reason"],
        }

    @classmethod
    def initial_for(cls, item: Recommendation) -> dict[str, Any]:
        return {
            "reference": item.reference,
            "text": item.text,
            "theme": item.theme.name if item.theme else "",
            "owners": list(item.owner_organisations.all()),
            "lead_officer": item.lead_officer,
            "response": item.response,
            "response_reason": item.response_reason,
            "response_date": item.response_date,
            "priority": item.priority,
            "target_date": item.target_date,
            "is_public": item.is_public,
            "withheld_reason": item.withheld_reason,
        }


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Your organisation's response",
        choices=[c for c in OwnerResponse.choices if c[0] != OwnerResponse.AWAITING],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when it is partly accepted or not accepted. This is public once the "
        "source is published.",
    )
    response_date = date_field("Date of the response")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_past_date(data.get("response_date"))
        except forms.ValidationError as error:
            self.add_error("response_date", error)
        if (
            data.get("response") in OwnerResponse.needing_reason()
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Give the reason when it is partly accepted or not accepted.")
        return data


class StatusRadioSelect(forms.RadioSelect):
    """Radio buttons with each status's definition under its label (and as its description)."""

    option_template_name = "recommendations/widgets/status_option.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definitions: dict[str, str] = {}

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        definition = self.definitions.get(str(value), "")
        option["definition"] = definition
        if definition and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-definition"
        return option


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label="New status", widget=StatusRadioSelect)
    effective_date = date_field(
        "Date it took effect",
        help_text="The day it actually happened, not today if it happened earlier. "
        "For example 2017-10-31.",
    )
    progress = forms.IntegerField(
        label="Percentage complete (for 'in progress')",
        required=False,
        min_value=0,
        max_value=100,
        help_text="A rough figure from 0 to 100. Leave empty if you cannot say.",
    )
    note = forms.CharField(
        label="What was done, and how do we know?",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The evidence note. Staff, owners and auditors read it; it is not public.",
    )
    evidence_url = forms.URLField(
        label="Link to the evidence",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="A link, or attach a document below, or both: one of them is needed.",
    )
    documents = MultipleFileField(
        label="Attach evidence documents",
        required=False,
        help_text=f"Up to {MAX_FILES}: PDF, office documents, PNG, JPEG or text, 20 MB each.",
    )
    public_summary = forms.CharField(
        label="Summary for the public",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. In plain English; shown on the public page once the source is "
        "published.",
    )

    def __init__(self, *args: Any, statuses: list[StatusDefinition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statuses = statuses
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.code, s.label) for s in statuses]
        assert isinstance(field.widget, StatusRadioSelect)
        field.widget.definitions = {s.code: s.definition for s in statuses}

    def clean_documents(self) -> list[IncomingFile]:
        uploads: list[UploadedFile[bytes]] = self.cleaned_data.get("documents") or []
        return checked_files(uploads, max_files=MAX_FILES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_past_date(data.get("effective_date"))
        except forms.ValidationError as error:
            self.add_error("effective_date", error)
        if "documents" in data and not data.get("evidence_url") and not data.get("documents"):
            self.add_error(
                "evidence_url", "Give a link to the evidence, or attach a document (or both)."
            )
        return data


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label="Link to")
    reference = forms.CharField(label="Reference", max_length=100)
    note = forms.CharField(label="How it is evidence (optional)", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind.code, kind.label) for kind in links.kinds()]
        hints = "; ".join(f"{kind.label}: {kind.help_text}" for kind in links.kinds())
        self.fields["reference"].help_text = hints


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500, help_text="Kept in the audit log.")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        help_text="At most 5 MB and 2,000 rows. The first row names the columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class AsAtForm(forms.Form):
    as_at = date_field("Progress as at", help_text="For example 2017-10-31. Today if left empty.")
    recorded_on = date_field(
        "Using the records as they stood on",
        required=False,
        help_text="To reproduce a figure published earlier, give the day it was published. "
        "Leave empty to use every record up to now.",
    )

    @classmethod
    def from_query(cls, query: Any, today: Any) -> AsAtForm:
        return cls(
            {
                "as_at": query.get("as_at") or today.isoformat(),
                "recorded_on": query.get("recorded_on") or "",
            }
        )

    def clean_as_at(self) -> Any:
        value = self.cleaned_data["as_at"]
        check_past_date(value, label="The as-at date")
        return value

    def clean_recorded_on(self) -> Any:
        value = self.cleaned_data.get("recorded_on")
        check_past_date(value, label="The records date")
        return value


class ItemFilterForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Source", required=False, queryset=Source.objects.all(), empty_label="Any source"
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        required=False,
        queryset=Organisation.objects.filter(owned_recommendations__isnull=False).distinct(),
        empty_label="Any owner",
    )
    status = forms.ChoiceField(label="Status", required=False)
    rag = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All"), ("open", "Open items"), ("red", "Overdue (red)")],
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[
            ("", "Recommendations and actions"),
            ("recommendations", "Recommendations"),
            ("actions", "Actions"),
        ],
    )
    q = forms.CharField(label="Text or reference", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        codes: dict[str, str] = {}
        for status in StatusDefinition.objects.order_by("-vocabulary__version", "order"):
            codes.setdefault(status.code, status.label)
        field.choices = [("", "Any status"), *codes.items()]
