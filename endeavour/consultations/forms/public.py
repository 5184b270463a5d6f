"""The public response form, built from a consultation's questions. No account needed; works
without JavaScript; a hidden box and a minimum time to fill keep most automated posts out."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.http import QueryDict

from endeavour.consultations.models import Consultation, Question, QuestionKind
from endeavour.consultations.services.responses import (
    AnswerValue,
    DemographicAnswers,
    check_answer,
    max_answer_chars,
)
from endeavour.core.models import Borough

TIMESTAMP_SALT = "endeavour.consultations.response-form"
MAX_SECONDS = 12 * 60 * 60
OUTSIDE_LONDON = "outside"
PREFER_NOT = "prefer-not"
AGE_BANDS = [
    "Under 16",
    "16 to 17",
    "18 to 24",
    "25 to 34",
    "35 to 44",
    "45 to 54",
    "55 to 64",
    "65 or over",
]
GENDERS = ["Woman", "Man", "Non-binary", "In another way"]
DISABILITY = ["Yes", "No"]


def min_fill_seconds() -> int:
    return int(getattr(settings, "CONSULTATIONS_MIN_FILL_SECONDS", 3))


def timestamp_token() -> str:
    return signing.dumps({"t": time.time()}, salt=TIMESTAMP_SALT)


class HoneypotInput(forms.TextInput):
    """A text box people never see or reach (hidden by a CSS class, not an inline style)."""

    template_name = "online/public/honeypot_widget.html"

    @property
    def is_hidden(self) -> bool:
        return True


def _choices(options: list[str], *, blank: str | None = None) -> list[tuple[str, str]]:
    pairs = [(o, o) for o in options]
    return [("", blank), *pairs] if blank is not None else pairs


class ResponseForm(forms.Form):
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(label="Leave this empty", required=False, widget=HoneypotInput)

    def __init__(
        self, *args: Any, consultation: Consultation, sending: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.sending = sending
        self.questions: list[Question] = list(consultation.questions.all())
        if not self.is_bound:
            self.fields["started"].initial = timestamp_token()
        self.fields["respondent_type"] = forms.ModelChoiceField(
            label="Which of these best describes you?",
            queryset=consultation.respondent_types.all(),
            widget=forms.RadioSelect,
            empty_label=None,
            required=False,
        )
        boroughs = [(str(b.pk), b.name) for b in Borough.objects.filter(region="London")]
        self.fields["borough"] = forms.ChoiceField(
            label="Which London borough do you live or work in?",
            choices=[
                ("", "Choose a borough"),
                *boroughs,
                (OUTSIDE_LONDON, "Outside London"),
                (PREFER_NOT, "I prefer not to say"),
            ],
            required=False,
        )
        limit = max_answer_chars()
        for question in self.questions:
            name = f"q{question.pk}"
            label = f"{question.order}. {question.text}"
            hint = question.help_text
            if question.kind == QuestionKind.FREE_TEXT:
                field: forms.Field = forms.CharField(
                    label=label,
                    required=False,
                    strip=False,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    help_text=" ".join(filter(None, [hint, f"Up to {limit:,} characters."])),
                )
            elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                field = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=_choices(question.options),
                    widget=forms.CheckboxSelectMultiple,
                    help_text=" ".join(filter(None, [hint, "Choose all that apply."])),
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=_choices(question.options),
                    widget=forms.RadioSelect,
                    help_text=hint,
                )
            if question.is_required:
                field.label = f"{label} (needed)"
            self.fields[name] = field
        if consultation.asks_demographics:
            self.fields["consent"] = forms.BooleanField(
                label="I agree that you may keep my answers to the questions about me below",
                required=False,
                help_text="These questions are optional. We keep your answers to them only if "
                "you tick this box. They are used for counts only, never to identify you.",
            )
            self.fields["age_band"] = forms.ChoiceField(
                label="Your age",
                choices=_choices(AGE_BANDS, blank="Prefer not to say"),
                required=False,
            )
            self.fields["gender"] = forms.ChoiceField(
                label="How do you describe your gender?",
                choices=_choices(GENDERS, blank="Prefer not to say"),
                required=False,
            )
            self.fields["disability"] = forms.ChoiceField(
                label="Do you consider yourself to have a disability?",
                choices=_choices(DISABILITY, blank="Prefer not to say"),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise forms.ValidationError(
                "We could not accept this response. If you are a person, clear the box marked "
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
                "This page was open for more than 12 hours, so it has expired. Your answers are "
                "below: check them and send them again.",
                code="expired",
            ) from error
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise forms.ValidationError(
                "Something went wrong with this form. Your answers are below: check them and "
                "send them again.",
                code="bad_timestamp",
            ) from error
        if time.time() - started < min_fill_seconds():
            raise forms.ValidationError(
                "That was sent very quickly, so we could not tell it came from a person. "
                "Check your answers and send them again.",
                code="too_fast",
            )
        for question in self.questions:
            name = f"q{question.pk}"
            if name not in data:
                continue
            try:
                check_answer(question, data[name])
            except forms.ValidationError as error:
                self.add_error(name, error.messages)
                continue
            if self.sending and question.is_required and not data[name]:
                self.add_error(name, "Answer this question.")
        if (
            self.sending
            and self.consultation.respondent_types.exists()
            and not data.get("respondent_type")
        ):
            self.add_error("respondent_type", "Choose the description that fits you best.")
        if (
            self.sending
            and not any(data.get(f"q{q.pk}") for q in self.questions)
            and not self.errors
        ):
            raise forms.ValidationError(
                "Answer at least one question before you send your response.", code="empty"
            )
        return data

    def renew_timestamp(self) -> None:
        """Keep the time check working when the form is shown again with errors."""
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["started"] = timestamp_token()
            self.data = data

    def answers(self) -> dict[int, AnswerValue]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions}

    def borough(self) -> Borough | None:
        value = self.cleaned_data.get("borough") or ""
        if value.isdigit():
            return Borough.objects.filter(pk=int(value)).first()
        return None

    def demographics(self) -> DemographicAnswers | None:
        if not self.cleaned_data.get("consent"):
            return None
        return DemographicAnswers(
            age_band=self.cleaned_data.get("age_band") or "",
            gender=self.cleaned_data.get("gender") or "",
            disability=self.cleaned_data.get("disability") or "",
        )

    @staticmethod
    def initial_from(values: dict[int, AnswerValue], response: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {f"q{k}": v for k, v in values.items()}
        if response.respondent_type_id:
            initial["respondent_type"] = response.respondent_type_id
        if response.borough_id:
            initial["borough"] = str(response.borough_id)
        return initial
