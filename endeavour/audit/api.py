from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from endeavour.audit import permissions, selectors
from endeavour.audit.forms import AuditFilterForm
from endeavour.audit.models import AuditAction, AuditEvent


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor_id",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "reason",
            "ip_address",
        ]


class AuditEventListView(generics.ListAPIView[AuditEvent]):
    """The audit log, newest first. Read-only: nothing can change or remove an event."""

    access_rule = staticmethod(permissions.can_view_audit_log)
    serializer_class = AuditEventSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("actor", str),
            OpenApiParameter("action", str, enum=AuditAction.values),
            OpenApiParameter("object_type", str),
            OpenApiParameter("object_id", str),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD, inclusive"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD, inclusive"),
        ]
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AuditEvent]:
        known = {"actor", "action", "object_type", "object_id", "date_from", "date_to"}
        form = AuditFilterForm({k: v for k, v in self.request.query_params.items() if k in known})
        if not form.is_valid():
            raise ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        return selectors.audit_event_list(user=self.request.user, filters=form.filters())
