from __future__ import annotations

from typing import Any

from django import forms

from endeavour.online.models import (
    CaseStatus,
    Channel,
    DecisionKind,
    DisputeStatus,
    Ideology,
    LegalBasis,
    Platform,
    PolicyClause,
    PolicyVersion,
    ProscribedOrganisation,
    ProscriptionList,
    ReviewerPreferences,
    SignalKind,
    SizeBand,
    ThreatLevel,
    Tier,
)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Open (new or awaiting second review)"), *CaseStatus.choices],
    )
    tier = forms.ChoiceField(
        required=False, label="Tier", choices=[("", "Any tier"), *Tier.choices]
    )
    ideology = forms.ChoiceField(
        required=False,
        label="Ideology",
        choices=[("", "Any"), *[c for c in Ideology.choices if c[0]]],
    )
    platform = forms.ModelChoiceField(
        required=False,
        label="Platform",
        queryset=Platform.objects.all(),
        empty_label="Any platform",
    )
    source = forms.ChoiceField(
        required=False, label="Signal", choices=[("", "Any signal"), *SignalKind.choices]
    )
    max_age_days = forms.IntegerField(
        required=False, label="Reported within (days)", min_value=1, max_value=3650
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Decision", choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    tier = forms.ChoiceField(
        label="Tier", choices=[c for c in Tier.choices if c[0] != Tier.UNTRIAGED]
    )
    threat_level = forms.ChoiceField(
        label="Threat level (Tier 1 only)", required=False, choices=ThreatLevel.choices
    )
    ideology = forms.ChoiceField(
        label="Ideology category", required=False, choices=Ideology.choices
    )
    policy_clause = forms.ModelChoiceField(
        label="Policy clause (for a referral)",
        required=False,
        queryset=PolicyClause.objects.none(),
        empty_label="Choose a clause",
    )
    proscribed_organisation = forms.ModelChoiceField(
        label="Proscribed organisation (Tier 3)",
        required=False,
        queryset=ProscribedOrganisation.objects.none(),
        empty_label="Choose the organisation",
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis (for a referral)",
        required=False,
        choices=[("", "Choose a legal basis"), *LegalBasis.choices],
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="Kept with the decision and shown to a second reviewer and in any dispute.",
    )

    def __init__(self, *args: Any, policy: PolicyVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clause = self.fields["policy_clause"]
        assert isinstance(clause, forms.ModelChoiceField)
        clause.queryset = policy.clauses.all()
        organisation = self.fields["proscribed_organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        latest = ProscriptionList.objects.order_by("-as_at").first()
        organisation.queryset = (
            latest.organisations.all() if latest else ProscribedOrganisation.objects.none()
        )
        if latest:
            organisation.help_text = f"From the UK proscription list as at {latest.as_at:%d %B %Y}."

    def clean(self) -> dict[str, Any]:
        """Name every missing part at once; the service checks the same rules again."""
        data = super().clean() or {}
        if data.get("kind") == DecisionKind.REFER:
            if not data.get("policy_clause"):
                self.add_error("policy_clause", "Choose the clause of the policy it breaks.")
            if not data.get("legal_basis"):
                self.add_error("legal_basis", "Choose the legal basis for the referral.")
            if data.get("tier") == Tier.TIER_3 and not data.get("proscribed_organisation"):
                self.add_error("proscribed_organisation", "Choose the proscribed organisation.")
        if data.get("tier") == Tier.TIER_1 and not data.get("threat_level"):
            self.add_error("threat_level", "A Tier 1 case needs its threat level.")
        return data


class ReferralSendForm(forms.Form):
    channel = forms.ChoiceField(label="Sent by", choices=Channel.choices)


class ReferralResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="The platform's response",
        choices=[("accepted", "Accepted"), ("refused", "Refused")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Their reason (if refused)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisputeForm(forms.Form):
    referral_reference = forms.CharField(
        label="Referral reference",
        max_length=24,
        help_text="It starts REF-, for example REF-2026-000123.",
    )
    raised_by_platform = forms.TypedChoiceField(
        label="Who are you?",
        coerce=lambda v: v == "platform",
        choices=[
            ("platform", "The platform that received the referral"),
            ("uploader", "The person who posted the content"),
        ],
        widget=forms.RadioSelect,
    )
    grounds = forms.CharField(
        label="Why is the referral wrong?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For example: it is news reporting, research, or speech against extremism.",
    )
    contact_email = forms.EmailField(
        label="Email address for our reply",
        required=False,
        help_text="Optional. We use it only to reply to this dispute.",
    )
    website = forms.CharField(required=False, label="Leave this empty")


class DisputeDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        choices=[
            (DisputeStatus.UPHELD, "Uphold the referral"),
            (DisputeStatus.OVERTURNED, "Overturn the referral"),
        ],
    )
    reason = forms.CharField(
        label="Reason", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PlatformForm(forms.ModelForm[Platform]):
    terms_url = forms.URLField(label="Terms of service", required=False, assume_scheme="https")
    domains = forms.CharField(
        label="Domains",
        max_length=2000,
        help_text="One or more, separated by spaces or commas, e.g. example.com m.example.com",
    )

    class Meta:
        model = Platform
        fields = ["name", "size_band", "abuse_contact", "trusted_flagger_contact", "terms_url"]

    def clean_domains(self) -> list[str]:
        raw = self.cleaned_data["domains"].replace(",", " ").split()
        domains = sorted(
            {d.strip().lower().removeprefix("www.").rstrip(".") for d in raw if d.strip()}
        )
        bad = [d for d in domains if "." not in d or "/" in d or ":" in d or " " in d]
        if bad or not domains:
            raise forms.ValidationError(f"Not a domain: {', '.join(bad) or 'none given'}.")
        return domains


class PreferencesForm(forms.ModelForm[ReviewerPreferences]):
    class Meta:
        model = ReviewerPreferences
        fields = ["blur_images", "greyscale_images", "mute_audio", "break_after_reviews"]
        labels = {
            "blur_images": "Blur images until I reveal them",
            "greyscale_images": "Show images in greyscale",
            "mute_audio": "Mute audio and video",
        }


__all__ = ["SizeBand"]
