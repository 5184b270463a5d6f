"""API: referrals and their outcome checks."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import path
from rest_framework import generics, serializers

from endeavour.online import permissions
from endeavour.online.models import OutcomeCheck, Referral


class OutcomeCheckSerializer(serializers.ModelSerializer[OutcomeCheck]):
    class Meta:
        model = OutcomeCheck
        fields = ["checked_at", "http_status", "cause", "detail"]


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    case = serializers.CharField(source="case.reference", read_only=True)
    platform = serializers.CharField(source="platform.name", read_only=True)
    policy_clause = serializers.CharField(source="policy_clause.code", read_only=True)
    time_to_removal_hours = serializers.FloatField(read_only=True, allow_null=True)
    checks = OutcomeCheckSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "reference",
            "case",
            "platform",
            "status",
            "legal_basis",
            "policy_clause",
            "channel",
            "sent_at",
            "response",
            "response_reason",
            "removed_at",
            "time_to_removal_hours",
            "next_check_at",
            "checks",
            "notice_json",
        ]


class ReferralListView(generics.ListAPIView[Referral]):
    """Referrals, newest first, with their checks."""

    access_rule = staticmethod(permissions.can_view_cases)
    serializer_class = ReferralSerializer

    def get_queryset(self) -> QuerySet[Referral]:
        return Referral.objects.select_related(
            "case", "platform", "policy_clause"
        ).prefetch_related("checks")


class ReferralDetailView(generics.RetrieveAPIView[Referral]):
    access_rule = staticmethod(permissions.can_view_cases)
    serializer_class = ReferralSerializer
    lookup_field = "reference"

    def get_queryset(self) -> QuerySet[Referral]:
        return Referral.objects.select_related(
            "case", "platform", "policy_clause"
        ).prefetch_related("checks")


urlpatterns = [
    path("referrals/", ReferralListView.as_view(), name="api-online-referral-list"),
    path(
        "referrals/<str:reference>/",
        ReferralDetailView.as_view(),
        name="api-online-referral-detail",
    ),
]
