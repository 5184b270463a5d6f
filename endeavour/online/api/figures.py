"""API: the public transparency figures (always with small counts suppressed)."""

from __future__ import annotations

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.online.selectors.figures import transparency_figures
from endeavour.online.views.figures import PeriodForm


class FiguresView(APIView):
    """Transparency figures for a period, in the sections of EU Regulation 2021/784 Art. 7(3).

    Public: counts from 1 to 4 are withheld (``value`` null, ``suppressed`` true), as is any
    percentage or time built on them. Every percentage comes with its numerator and denominator.
    """

    access_rule = staticmethod(anyone)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start",
                OpenApiTypes.DATE,
                description="First day, inclusive, London time (YYYY-MM-DD). "
                "Default: 1 January this year.",
            ),
            OpenApiParameter(
                "end",
                OpenApiTypes.DATE,
                description="Last day, inclusive (YYYY-MM-DD); not in the future and at most "
                "five years after start. Default: today.",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        form = PeriodForm.from_query(request.query_params)
        period = form.period()
        if period is None:
            raise ValidationError(
                {field: [str(error) for error in errors] for field, errors in form.errors.items()}
            )
        return Response(transparency_figures(*period, suppress=True).as_dict())


urlpatterns: list[URLPattern] = [
    path("figures/", FiguresView.as_view(), name="api-online-figures"),
]
