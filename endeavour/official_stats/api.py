"""API: the publications, and London against England and Wales for a year. Read only. Everyone
sees the current version of each year, with counts under 5 suppressed; programme officers and
auditors see every version, and the comparison as published."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.official_stats import permissions, selectors
from endeavour.official_stats.models import Publication


class PublicationSerializer(serializers.ModelSerializer[Publication]):
    class Meta:
        model = Publication
        fields = [
            "id",
            "title",
            "year",
            "version",
            "publisher",
            "url",
            "file_name",
            "file_hash",
            "is_sample",
            "imported_at",
        ]


class CellSerializer(serializers.Serializer[Any]):
    value = serializers.IntegerField(allow_null=True, source="number")
    marker = serializers.CharField()
    text = serializers.CharField()
    withheld = serializers.BooleanField()


class ShareSerializer(serializers.Serializer[Any]):
    n = serializers.IntegerField(allow_null=True)
    base = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()


class BaseSerializer(serializers.Serializer[Any]):
    area = serializers.CharField()
    cell = CellSerializer()
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source


class ComparisonRowSerializer(serializers.Serializer[Any]):
    category = serializers.CharField(help_text="Exactly as published.")
    is_total = serializers.BooleanField()
    london = CellSerializer()
    england_and_wales = CellSerializer()
    london_share = ShareSerializer()
    england_and_wales_share = ShareSerializer()
    london_of_england_and_wales = ShareSerializer()


class DimensionSerializer(serializers.Serializer[Any]):
    dimension = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    year_label = serializers.CharField()
    london_label = serializers.CharField()
    england_and_wales_label = serializers.CharField()
    london_base = BaseSerializer(allow_null=True)
    england_and_wales_base = BaseSerializer(allow_null=True)
    london_of_all = ShareSerializer(allow_null=True)
    rows = ComparisonRowSerializer(many=True)


class ComparisonSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    period = serializers.CharField()
    publication = PublicationSerializer()
    public = serializers.BooleanField(help_text="Whether counts under 5 are withheld.")
    london_of_all = ShareSerializer(allow_null=True)
    dimensions = DimensionSerializer(many=True)
    aggregate_only = serializers.CharField()


class PublicationListView(APIView):
    """Publications of official statistics: the current version of each year for everyone,
    every version for programme officers and auditors."""

    access_rule = staticmethod(anyone)

    @extend_schema(responses={200: PublicationSerializer(many=True)})
    def get(self, request: Request) -> Response:
        if permissions.can_view_publications(request.user):
            publications = Publication.objects.order_by("-year", "-version")
        else:
            publications = selectors.current_publications()
        return Response(PublicationSerializer(publications, many=True).data)


class ComparisonView(APIView):
    """London's Prevent referrals against England and Wales's for the year ending March
    ``year``, by category as published, with bases and shares."""

    access_rule = staticmethod(anyone)

    @extend_schema(responses={200: ComparisonSerializer})
    def get(self, request: Request, year: int) -> Response:
        public = not permissions.can_view_publications(request.user)
        comparison = selectors.london_vs_england_and_wales(year, public=public)
        if comparison is None:
            raise NotFound("No statistics for that year.")
        payload = {
            "year": comparison.year,
            "period": comparison.period,
            "publication": comparison.publication,
            "public": comparison.public,
            "london_of_all": comparison.london_of_all,
            "dimensions": comparison.dimensions,
            "aggregate_only": selectors.AGGREGATE_ONLY,
        }
        return Response(ComparisonSerializer(payload).data)


urlpatterns: list[URLPattern] = [
    path("publications/", PublicationListView.as_view(), name="api-official-stats-publications"),
    path("comparison/<int:year>/", ComparisonView.as_view(), name="api-official-stats-comparison"),
]
