"""API: score texts with the text classifier, as ``endeavour score`` does.

Each result has the fields of the command line's output line (``id``, ``flag``, ``category``,
``score``, ``scores``), in the order sent, with the thresholds in force. Nothing is stored and
nothing is decided: scores rank and explain, a person decides.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.detection.classifier import preprocess
from endeavour.detection.classifier.model import ClassifierUnavailable
from endeavour.detection.classifier.scoring import score_texts
from endeavour.online import permissions

MAX_TEXT_CHARS = 100_000

logger = logging.getLogger(__name__)


def max_texts() -> int:
    return int(getattr(settings, "CLASSIFIER_API_MAX_TEXTS", 100))


class ClassifierUnavailableError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "classifier_unavailable"
    default_detail = (
        "The text classifier is not available on this server: its files are missing or "
        "unusable. Try again later; an administrator has the details."
    )


class TextField(serializers.CharField):
    """A string, exactly as sent: numbers, booleans and objects are refused, not converted."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError(
                f"Must be a string, not {type(data).__name__ if data is not None else 'null'}."
            )
        value: str = super().to_internal_value(data)
        return value


@extend_schema_field({"oneOf": [{"type": "string", "maxLength": 200}, {"type": "integer"}]})
class IdField(serializers.Field):  # type: ignore[type-arg]
    """A string or a whole number, returned as sent."""

    def to_internal_value(self, data: Any) -> str | int:
        if isinstance(data, bool) or not isinstance(data, str | int):
            raise serializers.ValidationError("Must be a string or a whole number.")
        if isinstance(data, str) and len(data) > 200:
            raise serializers.ValidationError("At most 200 characters.")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class TextInSerializer(serializers.Serializer[dict[str, Any]]):
    id = IdField(required=False, help_text="Yours, returned with the result; default: position.")
    text = TextField(
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_TEXT_CHARS,
        help_text=(
            "The text to score. Empty text is scored as not flagged; text over "
            f"{preprocess.MAX_CHARS:,} characters once normalised is truncated, with a warning."
        ),
    )


class ClassifyRequestSerializer(serializers.Serializer[dict[str, Any]]):
    texts = TextInSerializer(many=True, help_text="One to CLASSIFIER_API_MAX_TEXTS texts.")
    explain = serializers.BooleanField(
        default=False,
        help_text="Add the phrases behind each flag and the lexicon hits, with their context.",
    )

    def validate_texts(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError("Send at least one text.")
        if len(value) > max_texts():
            raise serializers.ValidationError(
                f"At most {max_texts()} texts per request; this one has {len(value)}."
            )
        return value

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": ['Send a JSON object: {"texts": [{"id": ..., "text": ...}]}.']}
            )
        texts = data.get("texts")
        if texts is not None and not isinstance(texts, list):
            raise serializers.ValidationError({"texts": ["Must be a list of {id, text} objects."]})
        result: dict[str, Any] = super().to_internal_value(data)
        return result


class ResultSerializer(serializers.Serializer[dict[str, Any]]):
    id = IdField()
    flag = serializers.BooleanField(help_text="Whether any category reached its threshold.")
    category = serializers.CharField(help_text='The most probable flagged category, or "none".')
    score = serializers.FloatField(help_text="That category's probability (else the highest).")
    scores = serializers.DictField(
        child=serializers.FloatField(), help_text="Every category's probability, and none."
    )
    phrases = serializers.ListField(child=serializers.DictField(), required=False)
    lexicon = serializers.ListField(child=serializers.DictField(), required=False)


class ClassifyResponseSerializer(serializers.Serializer[dict[str, Any]]):
    results = ResultSerializer(many=True)
    model_version = serializers.CharField()
    thresholds = serializers.DictField(child=serializers.FloatField())
    warnings = serializers.ListField(child=serializers.CharField())


def classify_response(texts: list[dict[str, Any]], explain: bool) -> dict[str, Any]:
    """Score ``texts`` ({id?, text}) in order; the response body. Raises ClassifierUnavailable."""
    scored = score_texts([t["text"] for t in texts], explain=explain)
    results: list[dict[str, Any]] = []
    warnings: list[str] = []
    for position, (sent, result) in enumerate(zip(texts, scored, strict=True)):
        identifier = sent.get("id", position)
        row: dict[str, Any] = {"id": identifier, **result.as_output()}
        if explain:
            row["phrases"] = [p.as_dict() for p in result.phrases]
            row["lexicon"] = [h.as_dict() for h in result.lexicon]
        results.append(row)
        if result.too_long:
            warnings.append(
                f"Text {identifier!r} is over {preprocess.MAX_CHARS:,} characters once "
                "normalised: truncated, and its beginning scored."
            )
    first = scored[0]
    return {
        "results": results,
        "model_version": first.model_version,
        "thresholds": dict(first.thresholds),
        "warnings": warnings,
    }


class ClassifyView(APIView):
    """Score up to CLASSIFIER_API_MAX_TEXTS texts (100 by default) with the text classifier.

    The same output as `endeavour score`: per text, whether it is flagged, the category, its
    score and every category's calibrated probability, with the thresholds in force. Scores
    rank and explain; they never decide. Nothing sent is stored.
    """

    access_rule = staticmethod(permissions.can_classify_text)
    parser_classes = [JSONParser]

    @extend_schema(
        request=ClassifyRequestSerializer,
        responses={200: ClassifyResponseSerializer},
        examples=[
            OpenApiExample(
                "Two texts",
                request_only=True,
                value={"texts": [{"id": "a", "text": "See you at the market."}, {"text": ""}]},
            )
        ],
    )
    def post(self, request: Request) -> Response:
        incoming = ClassifyRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            body = classify_response(list(data["texts"]), bool(data["explain"]))
        except ClassifierUnavailable as error:
            logger.error("Text scoring through the API is unavailable: %s", error)
            raise ClassifierUnavailableError() from error
        return Response(body)


urlpatterns: list[URLPattern] = [
    path("classify/", ClassifyView.as_view(), name="api-online-classify"),
]
