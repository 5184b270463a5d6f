"""API: the public aggregate figures (counts under 5 withheld, as on the public page) and, for
staff who may read reports, the reports at borough level. Read only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.incidents import permissions
from endeavour.incidents.api.serializers import ReportSerializer, TrendsSerializer
from endeavour.incidents.forms.staff import PeriodForm
from endeavour.incidents.models import IncidentReport, Status
from endeavour.incidents.selectors import reports as selectors
from endeavour.incidents.selectors.trends import calendar_year, incident_trends, last_twelve_months


class TrendsView(APIView):
    """Hate incident reports by month, borough and motivation, reported and verified. Counts
    under 5 are withheld, with further cells where a total would reveal them."""

    access_rule = staticmethod(anyone)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", int, description="A calendar year; default the last 12 months."
            )
        ],
        responses={200: TrendsSerializer},
    )
    def get(self, request: Request) -> Response:
        form = PeriodForm(request.query_params or None)
        year = None
        if request.query_params:
            if not form.is_valid():
                raise ValidationError(
                    {name: [str(e) for e in errors] for name, errors in form.errors.items()}
                )
            year = form.cleaned_data["year"]
        period = calendar_year(year) if year else last_twelve_months(timezone.localdate())
        trends = incident_trends(period, suppress=True)
        return Response(TrendsSerializer(trends).data)


class ReportListView(generics.ListAPIView[IncidentReport]):
    """Reports, newest first, at borough level (no exact location, contact details or files)."""

    access_rule = staticmethod(permissions.can_view_reports)
    serializer_class = ReportSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, description="Only this status.")])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[IncidentReport]:
        status = self.request.query_params.get("status", "")
        if status and status not in Status.values:
            raise ValidationError({"status": [f"Give one of {', '.join(Status.values)}."]})
        return selectors.reports_for(self.request.user, status=status)


class ReportDetailView(APIView):
    access_rule = staticmethod(permissions.can_view_reports)

    @extend_schema(responses={200: ReportSerializer})
    def get(self, request: Request, pk: int) -> Response:
        report = (
            permissions.scope_reports(request.user, IncidentReport.objects.all())
            .select_related("borough")
            .prefetch_related("motivations", "links")
            .filter(pk=pk)
            .first()
        )
        if report is None:
            raise NotFound("No such report.")
        return Response(ReportSerializer(report).data)


urlpatterns: list[URLPattern] = [
    path("figures/", TrendsView.as_view(), name="api-incidents-figures"),
    path("reports/", ReportListView.as_view(), name="api-incidents-report-list"),
    path("reports/<int:pk>/", ReportDetailView.as_view(), name="api-incidents-report-detail"),
]
