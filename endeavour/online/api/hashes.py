"""API: look hashes, files, URLs and text up in the hash banks; list the banks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.detection import content
from endeavour.detection.matching import Query, lookup
from endeavour.detection.models import HashBank, SignalType
from endeavour.detection.urls import InvalidUrl, normalise
from endeavour.detection.values import InvalidValue, normalise_value
from endeavour.online import permissions
from endeavour.online.services.files import max_upload_bytes

MAX_QUERIES = 1000


class HashValueSerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=SignalType.choices)
    value = serializers.CharField(max_length=2000, trim_whitespace=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["value"] = normalise_value(attrs["type"], attrs["value"])
        except InvalidValue as error:
            raise serializers.ValidationError({"value": [str(error)]}) from error
        return attrs


class LookupRequestSerializer(serializers.Serializer[Any]):
    hashes = HashValueSerializer(many=True, required=False)
    urls = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=MAX_QUERIES
    )
    texts = serializers.ListField(
        child=serializers.CharField(max_length=20_000), required=False, max_length=100
    )
    file = serializers.FileField(required=False)

    def validate_hashes(self, value: list[dict[str, str]]) -> list[dict[str, str]]:
        if len(value) > MAX_QUERIES:
            raise serializers.ValidationError(f"At most {MAX_QUERIES} hashes per request.")
        return value

    def validate_urls(self, value: list[str]) -> list[str]:
        normalised = []
        for position, raw in enumerate(value):
            try:
                normalised.append(normalise(raw).normalised)
            except InvalidUrl as error:
                raise serializers.ValidationError(f"URL {position + 1}: {error}") from error
        return normalised

    def validate_file(self, value: Any) -> bytes:
        if value.size > max_upload_bytes():
            limit = max_upload_bytes() // (1024 * 1024)
            raise serializers.ValidationError(f"The file is larger than {limit} MB.")
        data: bytes = value.read()
        if not data:
            raise serializers.ValidationError("The file is empty.")
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(key) for key in ("hashes", "urls", "texts", "file")):
            raise serializers.ValidationError("Send at least one of: hashes, urls, texts, file.")
        return attrs


class MatchSerializer(serializers.Serializer[Any]):
    query_type = serializers.CharField(source="query.signal_type")
    query_value = serializers.CharField(source="query.value")
    about = serializers.CharField(source="query.about")
    bank = serializers.CharField(source="bank_name")
    entry = serializers.IntegerField(source="entry_id")
    external_id = serializers.CharField()
    signal_type = serializers.CharField()
    distance = serializers.IntegerField()
    similarity = serializers.FloatField(allow_null=True)
    labels = serializers.DictField()
    source_reference = serializers.CharField()
    explanation = serializers.CharField()


class LookupResponseSerializer(serializers.Serializer[Any]):
    matches = MatchSerializer(many=True)
    suppressed = MatchSerializer(many=True)
    queries = serializers.IntegerField()


def queries_from(data: dict[str, Any]) -> list[Query]:
    queries = [Query(h["type"], h["value"], "hash") for h in data.get("hashes", [])]
    for url in data.get("urls", []):
        queries += content.url_queries(url)
    for text in data.get("texts", []):
        queries += content.text_queries(text)
    if data.get("file"):
        queries += content.content_queries(content.hash_bytes(data["file"]), "file")
    return queries


class HashLookupView(APIView):
    """Look up to 1,000 hashes, URLs (with their variants), texts or one file in the banks.

    Matches rank and explain; they never decide. Allow-listed hits come back as suppressed.
    """

    access_rule = staticmethod(permissions.can_review)
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request=LookupRequestSerializer, responses=LookupResponseSerializer)
    def post(self, request: Request) -> Response:
        incoming = LookupRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        queries = queries_from(incoming.validated_data)
        result = lookup(queries)
        return Response(
            {
                "matches": MatchSerializer(result.matches, many=True).data,
                "suppressed": MatchSerializer(result.suppressed, many=True).data,
                "queries": len(queries),
            }
        )


class BankSerializer(serializers.ModelSerializer[HashBank]):
    entries_enabled = serializers.IntegerField(read_only=True)
    entries_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = HashBank
        fields = [
            "id",
            "name",
            "description",
            "purpose",
            "is_city_bank",
            "labels",
            "enabled",
            "pdq_max_distance",
            "entries_enabled",
            "entries_total",
        ]


class BankListView(generics.ListAPIView[HashBank]):
    """The hash banks and allow-lists, with how many of their entries are enabled."""

    access_rule = staticmethod(permissions.can_view_cases)
    serializer_class = BankSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[HashBank]:
        return HashBank.objects.annotate(
            entries_total=Count("entries"),
            entries_enabled=Count("entries", filter=Q(entries__enabled=True)),
        ).order_by("name")


urlpatterns = [
    path("hash-lookup/", HashLookupView.as_view(), name="api-online-hash-lookup"),
    path("hash-banks/", BankListView.as_view(), name="api-online-hash-banks"),
]
