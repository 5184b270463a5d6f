from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core import permissions, selectors
from endeavour.core.access import request_user, signed_in
from endeavour.core.models import Borough, Organisation, OrganisationType
from endeavour.core.serializers import BoroughSerializer, MeSerializer, OrganisationSerializer


class MeView(APIView):
    """The person the token or session belongs to, with their organisation and roles."""

    access_rule = staticmethod(signed_in)

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request_user(request)).data)


class BoroughListView(generics.ListAPIView[Borough]):
    """The local authority areas, with their GSS codes."""

    access_rule = staticmethod(signed_in)
    serializer_class = BoroughSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Borough]:
        return selectors.borough_list()


class OrganisationListView(generics.ListAPIView[Organisation]):
    access_rule = staticmethod(permissions.can_view_organisations)
    serializer_class = OrganisationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("type", str, enum=OrganisationType.values),
            OpenApiParameter("q", str, description="Name contains"),
        ]
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Organisation]:
        kind = self.request.query_params.get("type", "")
        if kind and kind not in OrganisationType.values:
            from rest_framework.exceptions import ValidationError

            raise ValidationError(
                {"type": [f"Must be one of: {', '.join(OrganisationType.values)}."]}
            )
        return selectors.organisation_list(
            user=self.request.user, type=kind, q=self.request.query_params.get("q", "")[:100]
        )


class OrganisationDetailView(generics.RetrieveAPIView[Organisation]):
    access_rule = staticmethod(permissions.can_view_organisations)
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return permissions.scope_organisations(
            self.request.user, Organisation.objects.select_related("borough")
        )
