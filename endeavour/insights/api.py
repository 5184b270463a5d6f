"""API: the programme overview for a period. Published measures with small counts withheld for
everyone; every measure, unsuppressed, for programme officers and auditors; a borough officer's
own borough for borough officers. The same figures as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.core.models import Borough
from endeavour.insights import permissions
from endeavour.insights.forms import PeriodForm
from endeavour.insights.selectors import overview

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "kind",
        OpenApiTypes.STR,
        enum=["financial_year", "calendar_year", "quarter", "custom"],
        description="The kind of period. Default: the current financial year.",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="The year (a financial year's start)."),
    OpenApiParameter("quarter", OpenApiTypes.INT, description="1 to 4, for a quarter."),
    OpenApiParameter("start", OpenApiTypes.STR, description="Custom: first month, YYYY-MM."),
    OpenApiParameter("end", OpenApiTypes.STR, description="Custom: last month, YYYY-MM."),
]


class OverviewView(APIView):
    """Every measure for the period, with its base, definition and trend."""

    access_rule = staticmethod(anyone)

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        form = PeriodForm.from_query(request.query_params)
        period = form.period()
        if period is None:
            raise ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        user = request.user
        public = not permissions.can_view_overview(user)
        gss = None if public else permissions.overview_borough(user)
        borough = Borough.objects.get(gss_code=gss) if gss else None
        found = overview(period, public=public, borough=borough)
        payload: dict[str, Any] = {
            "period": {
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "area": borough.gss_code if borough else "London",
            "public": public,
            "generated_at": found.generated_at.isoformat(),
            "aims": [
                {
                    "key": aim.key,
                    "label": aim.label,
                    "measures": [
                        {
                            "key": view.measure.key,
                            "label": view.measure.label,
                            "definition": view.measure.definition,
                            "figure": view.figure.as_dict(),
                            "trend": [
                                {"period": label, "figure": figure.as_dict()}
                                for label, figure in view.trend
                            ],
                        }
                        for view in aim.measures
                    ],
                }
                for aim in found.aims
            ],
        }
        return Response(payload)


urlpatterns: list[URLPattern] = [
    path("overview/", OverviewView.as_view(), name="api-insights-overview"),
]
