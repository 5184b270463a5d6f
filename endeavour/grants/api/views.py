"""API: public calls and funded grants with aggregate figures; staff reads of applications and
grants. Read only; writes go through the pages (and the same services)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.grants import permissions
from endeavour.grants.api.serializers import (
    ApplicationSerializer,
    CallSerializer,
    FundedSerializer,
    GrantSerializer,
    public_count,
)
from endeavour.grants.models import Application, Call, Grant
from endeavour.grants.selectors.figures import DESIGN_NOTE, FundFigures, fund_figures


class CallListView(generics.ListAPIView[Call]):
    """Published calls, newest first."""

    access_rule = staticmethod(anyone)
    serializer_class = CallSerializer

    def get_queryset(self) -> QuerySet[Call]:
        return permissions.scope_public_calls(Call.objects.filter(is_historical=False))


def _figures_payload(figures: FundFigures) -> dict[str, Any]:
    public = figures.public

    def group(rows: Any) -> list[dict[str, Any]]:
        return [
            {
                "key": r.key,
                "label": r.label,
                "projects": public_count(r.projects, public),
                "amount": round(r.amount),
                "participants": public_count(r.participants, public),
            }
            for r in rows
        ]

    return {
        "public": public,
        "scope": figures.scope_text,
        "design": DESIGN_NOTE,
        "projects": figures.projects,
        "amount": figures.amount,
        "participants": public_count(figures.participants, public),
        "returns": figures.returns,
        "by_borough": group(figures.by_borough),
        "by_theme": group(figures.by_theme),
        "by_call": group(figures.by_call),
        "outcomes": [
            {
                "instrument": o.instrument,
                "scale": o.scale,
                "higher_is_better": o.higher_is_better,
                "respondents": public_count(o.respondents, public),
                "mean_before": o.mean_before,
                "mean_after": o.mean_after,
                "change": o.change,
            }
            for o in figures.outcomes
        ],
    }


class FundedView(APIView):
    """What the fund paid for: awarded grants of published calls and aggregate figures by
    borough, theme and call, with outcome change per instrument (retrospective pre/post)."""

    access_rule = staticmethod(anyone)

    @extend_schema(
        parameters=[OpenApiParameter("call", int, description="Only this published call.")],
        responses={200: FundedSerializer},
    )
    def get(self, request: Request) -> Response:
        call = None
        raw = request.query_params.get("call")
        if raw:
            if not raw.isdigit() or len(raw) > 18:
                raise ValidationError({"call": ["Give a call id."]})
            call = permissions.scope_public_calls(Call.objects.all()).filter(pk=int(raw)).first()
            if call is None:
                raise NotFound("No such published call.")
        figures = fund_figures(public=True, call=call)
        grants = (
            permissions.scope_public_grants(Grant.objects.all())
            .select_related("application__call", "application__organisation")
            .prefetch_related("application__boroughs")
            .order_by("reference")
        )
        if call is not None:
            grants = grants.filter(application__call=call)
        return Response(
            FundedSerializer({"figures": _figures_payload(figures), "grants": list(grants)}).data
        )


def _applications(request: Request) -> QuerySet[Application]:
    return (
        permissions.scope_applications(request.user, Application.objects.all())
        .select_related("call", "organisation", "decision")
        .prefetch_related("boroughs")
        .order_by("call_id", "reference")
    )


class ApplicationListView(generics.ListAPIView[Application]):
    """Every application, for programme officers and auditors."""

    access_rule = staticmethod(permissions.can_view_fund)
    serializer_class = ApplicationSerializer

    def get_queryset(self) -> QuerySet[Application]:
        return _applications(self.request)


class ApplicationDetailView(APIView):
    access_rule = staticmethod(permissions.can_view_fund)

    @extend_schema(responses={200: ApplicationSerializer})
    def get(self, request: Request, pk: int) -> Response:
        application = _applications(request).filter(pk=pk).first()
        if application is None:
            raise NotFound("No such application.")
        return Response(ApplicationSerializer(application).data)


class GrantListView(generics.ListAPIView[Grant]):
    """Every grant, for programme officers and auditors."""

    access_rule = staticmethod(permissions.can_view_fund)
    serializer_class = GrantSerializer

    def get_queryset(self) -> QuerySet[Grant]:
        return (
            permissions.scope_grants(self.request.user, Grant.objects.all())
            .select_related("application__organisation")
            .order_by("reference")
        )


urlpatterns: list[URLPattern] = [
    path("calls/", CallListView.as_view(), name="api-grants-call-list"),
    path("funded/", FundedView.as_view(), name="api-grants-funded"),
    path("applications/", ApplicationListView.as_view(), name="api-grants-application-list"),
    path(
        "applications/<int:pk>/",
        ApplicationDetailView.as_view(),
        name="api-grants-application-detail",
    ),
    path("grants/", GrantListView.as_view(), name="api-grants-grant-list"),
]
