"""API: published consultations with their questions, and published findings (staff who may
view consultations see every one). Read only; responses are sent through the public form."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.consultations import permissions
from endeavour.consultations.api.serializers import ConsultationSerializer, findings_dict
from endeavour.consultations.models import Consultation
from endeavour.consultations.selectors.findings import findings_for
from endeavour.core.access import anyone


def _consultations(request: Request) -> QuerySet[Consultation]:
    if permissions.can_view_consultations(request.user):
        return Consultation.objects.all()
    return permissions.scope_public_consultations(Consultation.objects.all())


class ConsultationListView(generics.ListAPIView[Consultation]):
    """Consultations with their questions: published ones for everyone."""

    access_rule = staticmethod(anyone)
    serializer_class = ConsultationSerializer

    def get_queryset(self) -> QuerySet[Consultation]:
        return _consultations(self.request).prefetch_related("questions", "respondent_types")


class FindingsView(APIView):
    """A consultation's findings: per question, theme or option counts with their base;
    breakdowns by respondent type and borough with counts under 5 suppressed."""

    access_rule = staticmethod(anyone)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        queryset: QuerySet[Consultation] = Consultation.objects.filter(pk=pk)
        staff = permissions.can_view_consultations(request.user)
        if not staff:
            queryset = permissions.scope_public_findings(queryset)
        consultation = queryset.first()
        if consultation is None:
            raise NotFound("No published findings for this consultation.")
        data: dict[str, Any] = findings_dict(findings_for(consultation, public=not staff))
        return Response(data)


urlpatterns: list[URLPattern] = [
    path("", ConsultationListView.as_view(), name="api-consultations-list"),
    path("<int:pk>/findings/", FindingsView.as_view(), name="api-consultations-findings"),
]
