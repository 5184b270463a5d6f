"""Forms for the staff pages: consultations, questions, imports, documents and theme work."""

from __future__ import annotations

from typing import Any

from django import forms

from endeavour.consultations.models import (
    Consultation,
    DocumentKind,
    DuplicateState,
    Question,
    QuestionKind,
    RespondentType,
    SafetyOutcome,
    Stance,
    Theme,
)
from endeavour.consultations.services.documents import ACCEPT, max_pdf_pages
from endeavour.consultations.services.imports import BOROUGH, EXTERNAL_ID, RESPONDENT_TYPE
from endeavour.core.models import Borough
from endeavour.core.retention import retention_days


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text="For example 2026-03-31",
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter a real date, for example 2026-03-31."},
    )


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ConsultationForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(
        label="What it is about",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Shown to respondents at the top of the form. Use plain English.",
    )
    privacy_notice = forms.CharField(
        label="Privacy notice",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Who is asking, what is kept and for how long, and how to have it deleted.",
    )
    opens_on = date_field("Opens on")
    closes_on = date_field("Closes on")
    respondent_types = forms.CharField(
        label="Respondent types",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, for example: Resident; Young person (13 to 25); Community "
        "organisation; Local authority; Expert.",
    )
    asks_demographics = forms.BooleanField(
        label="Ask optional questions about the respondent (age, gender, disability), only "
        "with their explicit consent",
        required=False,
    )
    is_published = forms.BooleanField(
        label="Published: list it and accept responses between the dates", required=False
    )
    findings_published = forms.BooleanField(label="Show the findings to the public", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = retention_days("consultations.Demographics")
        self.fields["privacy_notice"].help_text += (
            f" Endeavour deletes demographics {days} days after the consultation closes; the "
            "answers themselves are kept with no end date, for the findings. Say so here."
        )

    def clean_respondent_types(self) -> list[str]:
        types = lines(self.cleaned_data["respondent_types"])
        if not types:
            raise forms.ValidationError("Give at least one respondent type.")
        return types

    @staticmethod
    def initial_for(consultation: Consultation) -> dict[str, Any]:
        return {
            "title": consultation.title,
            "description": consultation.description,
            "privacy_notice": consultation.privacy_notice,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
            "respondent_types": "\n".join(t.label for t in consultation.respondent_types.all()),
            "asks_demographics": consultation.asks_demographics,
            "is_published": consultation.is_published,
            "findings_published": consultation.findings_published,
        }


class QuestionForm(forms.Form):
    text = forms.CharField(label="Question", max_length=500)
    help_text = forms.CharField(label="Hint", max_length=500, required=False)
    kind = forms.ChoiceField(
        label="Kind of answer", choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    choices = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For choice questions: one option a line. For an agreement scale, leave empty "
        "for Strongly agree to Strongly disagree.",
    )
    asks_stance = forms.BooleanField(
        label="Free text asking whether people agree: record agree, disagree or unclear",
        required=False,
    )
    is_required = forms.BooleanField(label="Respondents must answer it", required=False)

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if question is not None:
            self.fields["kind"].disabled = True
            self.fields["kind"].required = False
            self.fields["kind"].initial = question.kind

    def clean_choices(self) -> list[str]:
        return lines(self.cleaned_data.get("choices") or "")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        help_text="A survey export: one row per respondent, the first row naming the columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


NOT_IMPORTED = ("", "Not in the file / do not import")


class ImportMappingForm(forms.Form):
    """One select per question and per respondent field, offering the file's columns."""

    def __init__(
        self, *args: Any, consultation: Consultation, headers: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        options = [NOT_IMPORTED, *((h, h) for h in headers if h)]
        for question in consultation.questions.all():
            self.fields[f"question:{question.pk}"] = forms.ChoiceField(
                label=f"Question {question.order}: {question.text}",
                choices=options,
                required=False,
            )
        self.fields[RESPONDENT_TYPE] = forms.ChoiceField(
            label="Respondent type", choices=options, required=False
        )
        self.fields[BOROUGH] = forms.ChoiceField(
            label="Borough (name or GSS code)", choices=options, required=False
        )
        self.fields[EXTERNAL_ID] = forms.ChoiceField(
            label="Response id (so a second import of the file skips rows already in)",
            choices=options,
            required=False,
            help_text="Without an id column, rows are recognised by their contents.",
        )

    def mapping(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Document",
        help_text="Plain text (.txt, .md, .csv), Word (.docx) or PDF. A PDF must contain "
        "text: scanned pages (images) cannot be read.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(label="Title", max_length=300, required=False)
    kind = forms.ChoiceField(label="Kind", choices=DocumentKind.choices, widget=forms.RadioSelect)
    question = forms.ModelChoiceField(
        label="Analyse its passages as answers to", queryset=Question.objects.none()
    )
    respondent_type = forms.ModelChoiceField(
        label="Who it comes from", queryset=RespondentType.objects.none(), required=False
    )
    borough = forms.ModelChoiceField(
        label="Borough", queryset=Borough.objects.all(), required=False
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.fields["question"]
        assert isinstance(question, forms.ModelChoiceField)
        question.queryset = consultation.questions.filter(kind=QuestionKind.FREE_TEXT)
        respondent = self.fields["respondent_type"]
        assert isinstance(respondent, forms.ModelChoiceField)
        respondent.queryset = consultation.respondent_types.all()
        self.fields["file"].help_text += f" PDFs of up to {max_pdf_pages():,} pages."


class ThemeLabelForm(forms.Form):
    label = forms.CharField(label="Label", max_length=200)


class ThemeMergeForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label="Merge these themes into this one",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = theme.question.themes.filter(
            is_deleted=False, merged_into__isnull=True
        ).exclude(pk=theme.pk)


class ThemeSplitForm(forms.Form):
    label = forms.CharField(label="Label of the new theme", max_length=200)
    answers = forms.TypedMultipleChoiceField(
        label="Answers to move", coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, answer_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answers"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(i, f"A{i}") for i in answer_ids]


class AssignmentMoveForm(forms.Form):
    theme = forms.ModelChoiceField(label="Move to", queryset=Theme.objects.none())

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = theme.question.themes.filter(
            is_deleted=False, merged_into__isnull=True
        ).exclude(pk=theme.pk)


class QuotesForm(forms.Form):
    quotes = forms.TypedMultipleChoiceField(
        label="Quote these in the findings (up to 5)",
        coerce=int,
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, answer_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quotes"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(i, f"A{i}") for i in answer_ids]


class DuplicateDecisionForm(forms.Form):
    state = forms.ChoiceField(
        label="Decision",
        choices=[
            (DuplicateState.CONFIRMED, DuplicateState.CONFIRMED.label),
            (DuplicateState.DISMISSED, DuplicateState.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note", max_length=500, required=False)


class StanceForm(forms.Form):
    stance = forms.ChoiceField(label="Stance", choices=Stance.choices)


class SafetyReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was done", choices=SafetyOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Why",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the decision and in the audit log.",
    )
