"""API: sources with their progress "as at" any date, recommendations with their status as at that
date, and the status definitions. Read only. Everyone sees published sources and their listed
recommendations (public fields); programme officers and auditors see everything."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from endeavour.core.access import anyone
from endeavour.recommendations import permissions
from endeavour.recommendations.api.serializers import (
    HistoryEntrySerializer,
    InternalRecommendationSerializer,
    RecommendationDetailSerializer,
    RecommendationSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    VocabularySerializer,
    status_dict,
)
from endeavour.recommendations.forms.tracker import AsAtForm
from endeavour.recommendations.models import Recommendation, Source, StatusVocabulary
from endeavour.recommendations.selectors.figures import end_of_day, load_history
from endeavour.recommendations.selectors.reports import progress_report

AS_AT_PARAMETERS = [
    OpenApiParameter(
        "as_at",
        OpenApiTypes.DATE,
        description="The day the figures are for (YYYY-MM-DD), London time. Default: today.",
    ),
    OpenApiParameter(
        "recorded_on",
        OpenApiTypes.DATE,
        description="Use the records as they stood at the end of this day, to reproduce an "
        "earlier figure exactly. Default: every record up to now.",
    ),
]


def _as_at(request: Request) -> tuple[date, date | None]:
    form = AsAtForm.from_query(request.query_params, timezone.localdate())
    if not form.is_valid():
        raise ValidationError(
            {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        )
    return form.cleaned_data["as_at"], form.cleaned_data.get("recorded_on")


def _sources(request: Request) -> QuerySet[Source]:
    return permissions.scope_sources(request.user, Source.objects.all())


class SourceListView(generics.ListAPIView[Source]):
    """Sources: reviews, reports, inquiries and exercises. Published ones for everyone."""

    access_rule = staticmethod(anyone)
    serializer_class = SourceSerializer

    def get_queryset(self) -> QuerySet[Source]:
        return _sources(self.request).order_by("-date", "id")


class SourceDetailView(APIView):
    """A source and its progress as at a date: the figure with its numerator, denominator,
    percentage and the statuses counted as implemented, by status, theme and owner."""

    access_rule = staticmethod(anyone)

    @extend_schema(parameters=AS_AT_PARAMETERS, responses={200: SourceDetailSerializer})
    def get(self, request: Request, pk: int) -> Response:
        source = _sources(request).filter(pk=pk).first()
        if source is None:
            raise NotFound("No such source.")
        as_at, recorded_on = _as_at(request)
        public = not permissions.can_view_tracker(request.user)
        report = progress_report(
            source, as_at=as_at, recorded_on=recorded_on, public=public, with_series=False
        )
        payload = {
            "source": source,
            "progress": {
                "figure": report.figure,
                "by_theme": report.by_theme,
                "by_owner": report.by_owner,
                "not_listed": report.withheld if public else 0,
            },
        }
        return Response(SourceDetailSerializer(payload).data)


def _items(request: Request) -> QuerySet[Recommendation]:
    user = request.user
    if permissions.can_view_tracker(user):
        items = Recommendation.objects.all()
    else:
        public = permissions.scope_public_recommendations(Recommendation.objects.all())
        owned = permissions.scope_recommendations(user, Recommendation.objects.all())
        items = Recommendation.objects.filter(
            Q(pk__in=public.values("pk")) | Q(pk__in=owned.values("pk"))
        )
    return items.select_related("source", "parent", "theme", "lead_officer").prefetch_related(
        "owner_organisations"
    )


def _serializer_class_for(request: Request) -> type[RecommendationSerializer]:
    if permissions.can_view_tracker(request.user):
        return InternalRecommendationSerializer
    return RecommendationSerializer


class RecommendationListView(generics.ListAPIView[Recommendation]):
    """Recommendations and actions with their status as at a date (default today)."""

    access_rule = staticmethod(anyone)
    serializer_class = RecommendationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("source", int, description="Only this source's items."),
            *AS_AT_PARAMETERS,
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_serializer_class(self) -> type[RecommendationSerializer]:
        return _serializer_class_for(self.request)

    def get_queryset(self) -> QuerySet[Recommendation]:
        items = _items(self.request)
        source = self.request.query_params.get("source")
        if source:
            if not source.isdigit() or len(source) > 18:
                raise ValidationError({"source": ["Give a source id."]})
            items = items.filter(source_id=int(source))
        return items.order_by("source__date", "source_id", "position", "id")

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "swagger_fake_view", False):  # building the OpenAPI schema
            return self.get_serializer_class()(*args, **kwargs)
        as_at, recorded_on = _as_at(self.request)
        page = args[0] if args else []
        ids = [item.pk for item in page]
        family = Recommendation.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))
        kwargs["context"] = {
            **self.get_serializer_context(),
            "as_at": as_at,
            "history": load_history(family, recorded_on=recorded_on),
        }
        return self.get_serializer_class()(*args, **kwargs)


class RecommendationDetailView(APIView):
    """One recommendation or action, its status as at a date and its status history (dates,
    statuses, public summaries)."""

    access_rule = staticmethod(anyone)

    @extend_schema(parameters=AS_AT_PARAMETERS, responses={200: RecommendationDetailSerializer})
    def get(self, request: Request, pk: int) -> Response:
        item = _items(request).filter(pk=pk).first()
        if item is None:
            raise NotFound("No such recommendation.")
        as_at, recorded_on = _as_at(request)
        family = Recommendation.objects.filter(Q(pk=item.pk) | Q(parent_id=item.pk))
        history = load_history(family, recorded_on=recorded_on)
        data = dict(
            _serializer_class_for(request)(item, context={"as_at": as_at, "history": history}).data
        )
        changes = item.status_changes.select_related("status__vocabulary").filter(
            effective_date__lte=as_at
        )
        if recorded_on is not None:
            changes = changes.filter(recorded_at__lte=end_of_day(recorded_on))
        data["history"] = HistoryEntrySerializer(
            [
                {
                    "effective_date": change.effective_date,
                    "kind": change.kind,
                    "status": status_dict(change.status),
                    "public_summary": change.public_summary,
                }
                for change in changes.order_by("effective_date", "recorded_at", "id")
            ],
            many=True,
        ).data
        return Response(data)


class StatusVocabularyView(APIView):
    """Every version of the status definitions, newest first."""

    access_rule = staticmethod(anyone)

    @extend_schema(responses={200: VocabularySerializer(many=True)})
    def get(self, request: Request) -> Response:
        vocabularies = StatusVocabulary.objects.prefetch_related("statuses").order_by(
            "-effective_from"
        )
        payload = [
            {
                "version": v.version,
                "title": v.title,
                "effective_from": v.effective_from,
                "notes": v.notes,
                "statuses": [status_dict(s, v.version) for s in v.statuses.all()],
            }
            for v in vocabularies
        ]
        return Response(VocabularySerializer(payload, many=True).data)


urlpatterns: list[URLPattern] = [
    path("sources/", SourceListView.as_view(), name="api-recommendations-source-list"),
    path("sources/<int:pk>/", SourceDetailView.as_view(), name="api-recommendations-source-detail"),
    path("items/", RecommendationListView.as_view(), name="api-recommendations-list"),
    path("items/<int:pk>/", RecommendationDetailView.as_view(), name="api-recommendations-detail"),
    path("statuses/", StatusVocabularyView.as_view(), name="api-recommendations-statuses"),
]
