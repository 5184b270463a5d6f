"""API shapes. Public shapes carry public fields and aggregate figures (counts under 5 as null
with a text saying "fewer than 5"); staff shapes carry the application's internal fields."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from endeavour.grants.models import Application, Call, Grant
from endeavour.grants.selectors.figures import SUPPRESS_BELOW


def public_count(value: int, public: bool) -> int | None:
    return None if public and 0 < value < SUPPRESS_BELOW else value


class CallSerializer(serializers.ModelSerializer[Call]):
    theme_labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    public_url = serializers.CharField(source="get_public_url", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "summary",
            "priorities",
            "themes",
            "theme_labels",
            "budget",
            "max_grant",
            "opens_at",
            "closes_at",
            "decision_date",
            "is_open",
            "is_sample",
            "public_url",
        ]


class FundedGrantSerializer(serializers.Serializer[Grant]):
    reference = serializers.CharField()
    call = serializers.CharField(source="application.call.title")
    organisation = serializers.CharField(source="application.organisation.name")
    project_title = serializers.CharField(source="application.project_title")
    theme = serializers.CharField(source="application.get_theme_display")
    amount = serializers.IntegerField(help_text="Pounds awarded, after any variations.")
    boroughs = serializers.SerializerMethodField()

    def get_boroughs(self, grant: Grant) -> list[str]:
        return [b.gss_code for b in grant.application.boroughs.all()]


class FundGroupSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    projects = serializers.IntegerField(allow_null=True, help_text="Null: fewer than 5 (public).")
    amount = serializers.IntegerField(help_text="Pounds.")
    participants = serializers.IntegerField(
        allow_null=True, help_text="Null: fewer than 5 (public)."
    )


class FundOutcomeSerializer(serializers.Serializer[Any]):
    instrument = serializers.CharField()
    scale = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    respondents = serializers.IntegerField(
        allow_null=True, help_text="n. Null: fewer than 5 (public)."
    )
    mean_before = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    mean_after = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class FundFiguresSerializer(serializers.Serializer[Any]):
    public = serializers.BooleanField()
    scope = serializers.CharField()
    design = serializers.CharField()
    projects = serializers.IntegerField()
    amount = serializers.IntegerField()
    participants = serializers.IntegerField(allow_null=True)
    returns = serializers.IntegerField()
    by_borough = FundGroupSerializer(many=True)
    by_theme = FundGroupSerializer(many=True)
    by_call = FundGroupSerializer(many=True)
    outcomes = FundOutcomeSerializer(many=True)


class FundedSerializer(serializers.Serializer[Any]):
    figures = FundFiguresSerializer()
    grants = FundedGrantSerializer(many=True)


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    call = serializers.CharField(source="call.title")
    organisation = serializers.CharField(source="organisation.name")
    boroughs = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "call",
            "organisation",
            "status",
            "project_title",
            "theme",
            "amount_requested",
            "participants_planned",
            "boroughs",
            "legal_form",
            "annual_income",
            "eligibility",
            "submitted_at",
            "needs_moderation",
            "is_imported",
            "is_sample",
            "decision",
        ]

    def get_boroughs(self, application: Application) -> list[str]:
        return [b.gss_code for b in application.boroughs.all()]

    def get_decision(self, application: Application) -> dict[str, Any] | None:
        decision = getattr(application, "decision", None)
        if decision is None:
            return None
        return {
            "outcome": decision.outcome,
            "amount": decision.amount,
            "reasons": decision.reasons,
            "decided_at": decision.decided_at.isoformat(),
        }


class GrantSerializer(serializers.ModelSerializer[Grant]):
    application = serializers.CharField(source="application.reference")
    organisation = serializers.CharField(source="application.organisation.name")

    class Meta:
        model = Grant
        fields = [
            "id",
            "reference",
            "application",
            "organisation",
            "amount",
            "start_date",
            "end_date",
            "accepted_at",
        ]
