"""API: trusted partners submit items, and see what became of the items they submitted."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from endeavour.core.access import request_user
from endeavour.core.api_permissions import PartnerRateThrottle
from endeavour.detection import urls as urlnorm
from endeavour.online import permissions
from endeavour.online.forms.intake import ANALYST_MAX_FILES
from endeavour.online.models import Item, Source
from endeavour.online.services import imports
from endeavour.online.services.files import IncomingFile, classify, max_upload_bytes
from endeavour.online.services.intake import item_submit


class PartnerDailyQuota(SimpleRateThrottle):
    """Submissions per partner organisation: ONLINE_PARTNER_DAILY_QUOTA ("1000/day")."""

    scope = "partner_submit"

    def get_rate(self) -> str:
        return str(getattr(settings, "ONLINE_PARTNER_DAILY_QUOTA", "1000/day"))

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        organisation_id = getattr(request.user, "organisation_id", None)
        if request.method != "POST" or organisation_id is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": organisation_id}


class ItemSubmitSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.CharField(max_length=urlnorm.MAX_LENGTH, help_text="The item's web address.")
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=imports.MAX_LENGTHS["text"],
        help_text="The words of the post, as captured.",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=imports.MAX_LENGTHS["note"],
        help_text="For the reviewers: where it was found and why it matters.",
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=ANALYST_MAX_FILES,
        help_text="Multipart only: screenshots (PNG, JPEG, GIF, WebP), PDF or video (MP4, WebM).",
    )

    def validate_url(self, value: str) -> str:
        try:
            urlnorm.normalise(value)
        except urlnorm.InvalidUrl as error:
            raise serializers.ValidationError(str(error)) from error
        return value.strip()

    def validate_files(self, uploads: list[Any]) -> list[IncomingFile]:
        checked, errors = [], []
        limit = max_upload_bytes()
        for upload in uploads:
            name = str(upload.name or "file")[:255]
            if upload.size is not None and upload.size > limit:
                errors.append(f"{name}: the file is larger than {filesizeformat(limit)}.")
                continue
            incoming = IncomingFile(name=name, data=upload.read())
            try:
                classify(incoming)
            except DjangoValidationError as error:  # its messages name the file
                errors.extend(error.messages)
                continue
            checked.append(incoming)
        if errors:
            raise serializers.ValidationError(errors)
        return checked


class ItemSubmitResultSerializer(serializers.Serializer[dict[str, Any]]):
    item = serializers.CharField(help_text="The item's reference, e.g. ITM-2026-000123.")
    case = serializers.CharField(help_text="The case's reference, e.g. CASE-2026-000123.")
    status = serializers.CharField(help_text="The case's status (see the item detail).")
    new = serializers.BooleanField(help_text="False if the web address was already known.")


PARTNER_STATUSES = {
    "new": ("received", "Received"),
    "awaiting_second_review": ("under_review", "Under review"),
    "referred": ("referred", "Referred to the platform"),
    "closed_removed": ("removed", "Removed by the platform"),
    "closed_no_action": ("closed_no_action", "Closed: no action"),
}
PARTNER_CLOSED = ("closed", "Closed")


class ItemStatusSerializer(serializers.ModelSerializer[Item]):
    """Staff see the case status; partners a plainer one that never reveals police escalation."""

    item = serializers.CharField(source="reference", read_only=True)
    case = serializers.CharField(source="case.reference", read_only=True)
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()

    def _status(self, item: Item) -> tuple[str, str]:
        request = self.context.get("request")
        if request is not None and permissions.can_view_cases(request.user):
            return item.case.status, item.case.get_status_display()
        return PARTNER_STATUSES.get(item.case.status, PARTNER_CLOSED)

    def get_status(self, item: Item) -> str:
        return self._status(item)[0]

    def get_status_label(self, item: Item) -> str:
        return self._status(item)[1]

    url = serializers.CharField(source="normalised_url", read_only=True)

    class Meta:
        model = Item
        fields = ["item", "case", "status", "status_label", "url", "created_at"]


ERROR_RESPONSE = OpenApiResponse(
    description='The error shape: {"error": {"code", "message", "fields"}}.'
)


class ItemSubmitView(APIView):
    """Submit an item as a trusted partner. A known web address joins its existing case."""

    access_rule = staticmethod(permissions.can_submit_as_partner)
    throttle_classes = [PartnerRateThrottle, PartnerDailyQuota]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": ItemSubmitSerializer,
            "multipart/form-data": ItemSubmitSerializer,
        },
        responses={
            201: ItemSubmitResultSerializer,
            400: ERROR_RESPONSE,
            429: OpenApiResponse(description="Your organisation's daily quota is used up."),
        },
        examples=[
            OpenApiExample(
                "A post",
                value={"url": "https://videos.example/watch/123", "note": "Found in a group"},
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={
                    "item": "ITM-2026-000123",
                    "case": "CASE-2026-000123",
                    "status": "new",
                    "new": True,
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = ItemSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request_user(request)
        result = item_submit(
            url=data["url"],
            source=Source.PARTNER,
            submitted_text=data["text"].strip(),
            files=data["files"],
            submitted_by=user,
            partner=user.organisation,
            note=data["note"].strip(),
        )
        body = ItemSubmitResultSerializer(
            {
                "item": result.item.reference,
                "case": result.case.reference,
                "status": result.case.status,
                "new": result.item_created,
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class ItemStatusView(generics.RetrieveAPIView[Item]):
    """The status of an item your organisation submitted (404 for any other item)."""

    access_rule = staticmethod(permissions.can_submit_as_partner)
    serializer_class = ItemStatusSerializer
    lookup_field = "reference"

    def get_queryset(self) -> QuerySet[Item]:
        return permissions.scope_partner_items(
            self.request.user, Item.objects.filter(case__isnull=False).select_related("case")
        )


urlpatterns: list[URLPattern] = [
    path("items/", ItemSubmitView.as_view(), name="api-online-item-submit"),
    path("items/<str:reference>/", ItemStatusView.as_view(), name="api-online-item-detail"),
]
