"""API for partners' sites: the public list of help-finder services, and the aggregate figures
(suppressed for everyone but programme officers, reports officers and auditors). Read only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.core.models import Borough
from endeavour.safeguarding import permissions
from endeavour.safeguarding.api.serializers import SupportServiceSerializer, figures_dict
from endeavour.safeguarding.forms.public import YearForm
from endeavour.safeguarding.models import SupportService, Worry
from endeavour.safeguarding.selectors.directory import public_services
from endeavour.safeguarding.selectors.figures import figures_for


class ServiceListView(generics.ListAPIView[SupportService]):
    """The help finder's services that are shown to the public, optionally for one borough (by
    GSS code: those serving it plus London-wide and national ones) and one kind of worry."""

    access_rule = staticmethod(anyone)
    serializer_class = SupportServiceSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("borough", OpenApiTypes.STR, description="GSS code, e.g. E09000007"),
            OpenApiParameter("worry", OpenApiTypes.STR, enum=Worry.values),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[SupportService]:
        params = self.request.query_params
        borough = None
        if params.get("borough"):
            borough = Borough.objects.filter(gss_code=params["borough"]).first()
            if borough is None:
                raise ValidationError({"borough": ["Unknown borough GSS code."]})
        services = public_services(borough)
        worry = params.get("worry")
        if worry:
            if worry not in Worry.values:
                raise ValidationError({"worry": [f"Choose one of {', '.join(Worry.values)}."]})
            ids = [s.pk for s in services if worry in s.worries]
            services = services.filter(pk__in=ids)
        return services


class FiguresView(APIView):
    """Aggregate figures for a year: concerns routed (and acknowledged) by borough and month,
    help-finder use by borough, kind of worry and month. Never individual records."""

    access_rule = staticmethod(anyone)

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        form = YearForm(
            request.query_params
            if "year" in request.query_params
            else {"year": timezone.localdate().year}
        )
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        public = not permissions.can_view_routing_records(request.user)
        return Response(figures_dict(figures_for(form.cleaned_data["year"], public=public)))


urlpatterns: list[URLPattern] = [
    path("services/", ServiceListView.as_view(), name="api-safeguarding-services"),
    path("figures/", FiguresView.as_view(), name="api-safeguarding-figures"),
]
