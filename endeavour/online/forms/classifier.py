"""The form an administrator uses to change a classifier category's threshold."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from endeavour.detection.models import ClassifierCategory


class ThresholdForm(forms.Form):
    category = forms.ChoiceField(label="Category", choices=ClassifierCategory.choices)
    threshold = forms.DecimalField(
        label="New threshold, as a percentage",
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=1,
        help_text=(
            "A text is flagged for this category when the classifier gives it this probability "
            "or more: 1 to 100. Higher flags fewer texts and misses more; lower flags more."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    reason = forms.CharField(
        label="Why it is changing",
        max_length=2000,
        help_text="Kept with the change for everyone to see, e.g. the evaluation it rests on.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the threshold is changing.")
        return reason
