"""API: case status, for analysts, auditors and integrations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from endeavour.online import permissions
from endeavour.online.models import Case, CaseStatus, Signal, Tier


class SignalSerializer(serializers.ModelSerializer[Signal]):
    class Meta:
        model = Signal
        fields = ["kind", "confidence", "summary", "provenance", "created_at"]


class CaseSerializer(serializers.ModelSerializer[Case]):
    item = serializers.CharField(source="item.reference", read_only=True)
    url = serializers.CharField(source="item.normalised_url", read_only=True)
    platform = serializers.CharField(
        source="item.platform.name", read_only=True, allow_null=True, default=None
    )
    reupload_of = serializers.CharField(
        source="reupload_of.reference", read_only=True, allow_null=True, default=None
    )
    referrals: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="reference"
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "item",
            "url",
            "platform",
            "status",
            "tier",
            "threat_level",
            "ideology",
            "priority",
            "priority_tier_part",
            "priority_confidence_part",
            "confidence",
            "reupload_of",
            "referrals",
            "created_at",
            "closed_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    signals = SignalSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "signals"]


class CaseListView(generics.ListAPIView[Case]):
    """Cases, highest priority first. Filter by status and tier."""

    access_rule = staticmethod(permissions.can_view_cases)
    serializer_class = CaseSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=CaseStatus.values),
            OpenApiParameter("tier", str, enum=Tier.values),
        ]
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Case]:
        params = self.request.query_params
        cases = permissions.scope_cases(self.request.user, Case.objects.all())
        errors = {}
        if params.get("status"):
            if params["status"] not in CaseStatus.values:
                errors["status"] = [f"Must be one of: {', '.join(CaseStatus.values)}."]
            cases = cases.filter(status=params["status"])
        if params.get("tier"):
            if params["tier"] not in Tier.values:
                errors["tier"] = [f"Must be one of: {', '.join(Tier.values)}."]
            cases = cases.filter(tier=params["tier"])
        if errors:
            raise ValidationError(errors)
        return (
            cases.select_related("item__platform", "reupload_of")
            .prefetch_related("referrals")
            .order_by("-priority", "id")
        )


class CaseDetailView(generics.RetrieveAPIView[Case]):
    access_rule = staticmethod(permissions.can_view_cases)
    serializer_class = CaseDetailSerializer
    lookup_field = "reference"

    def get_queryset(self) -> QuerySet[Case]:
        return permissions.scope_cases(
            self.request.user,
            Case.objects.select_related("item__platform", "reupload_of").prefetch_related(
                "signals", "referrals"
            ),
        )


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="api-online-case-list"),
    path("cases/<str:reference>/", CaseDetailView.as_view(), name="api-online-case-detail"),
]
