"""API shapes: public fields only, except for viewers of the tracker (officers and auditors)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from endeavour.recommendations.models import Recommendation, Source
from endeavour.recommendations.selectors.figures import GroupFigure, ProgressFigure, StatusCount


def status_dict(status: Any, version: int | None = None) -> dict[str, Any]:
    """A status (a StatusDefinition or the figures' StatusInfo) as the API shows it."""
    if version is None:
        version = status.version if hasattr(status, "version") else status.vocabulary.version
    return {
        "code": status.code,
        "label": status.label,
        "definition": status.definition,
        "version": version,
        "counts_as_implemented": status.counts_as_implemented,
    }


class StatusSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    definition = serializers.CharField()
    version = serializers.IntegerField()
    counts_as_implemented = serializers.BooleanField()


class StatusCountSerializer(serializers.Serializer[StatusCount]):
    status = StatusSerializer()
    count = serializers.IntegerField()
    in_force = serializers.BooleanField(
        help_text="Whether the status belongs to the definitions in force on the as-at date."
    )


class GroupSerializer(serializers.Serializer[GroupFigure]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    implemented = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class VocabularyRefSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    title = serializers.CharField()
    effective_from = serializers.DateField()


class FigureSerializer(serializers.Serializer[ProgressFigure]):
    as_at = serializers.DateField()
    recorded_on = serializers.DateField(
        allow_null=True, help_text="Records as they stood at the end of this day; null: all."
    )
    generated_at = serializers.DateTimeField()
    implemented = serializers.IntegerField(help_text="The numerator.")
    total = serializers.IntegerField(help_text="The denominator: recommendations counted.")
    percent = serializers.IntegerField(allow_null=True, help_text="Whole per cent, halves up.")
    sentence = serializers.CharField()
    definition_text = serializers.CharField()
    records_text = serializers.CharField()
    vocabulary = VocabularyRefSerializer(allow_null=True)
    counted_as_implemented = serializers.SerializerMethodField()
    by_status = StatusCountSerializer(many=True)

    def get_counted_as_implemented(self, figure: ProgressFigure) -> list[str]:
        return [row.status.code for row in figure.implemented_statuses]


class SourceSerializer(serializers.ModelSerializer[Source]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    public_url = serializers.SerializerMethodField()
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "date",
            "author",
            "summary",
            "url",
            "document_url",
            "is_published",
            "public_url",
        ]

    def get_public_url(self, source: Source) -> str | None:
        return source.get_public_url() if source.is_published else None

    def get_document_url(self, source: Source) -> str | None:
        from django.urls import reverse

        if not source.document_path:
            return None
        return reverse("recommendations:source-document", args=[source.pk])


class ProgressSerializer(serializers.Serializer[Any]):
    figure = FigureSerializer()
    by_theme = GroupSerializer(many=True)
    by_owner = GroupSerializer(many=True)
    not_listed = serializers.IntegerField(
        help_text="Recommendations counted in the figure but not listed publicly."
    )


class SourceDetailSerializer(serializers.Serializer[Any]):
    source = SourceSerializer()  # type: ignore[assignment]  # a field, not Field.source
    progress = ProgressSerializer()


class StatusAtSerializer(serializers.Serializer[Any]):
    as_at = serializers.DateField()
    status = StatusSerializer(allow_null=True)
    since = serializers.DateField(allow_null=True)
    progress = serializers.IntegerField(allow_null=True)


class RecommendationSerializer(serializers.ModelSerializer[Recommendation]):
    source = serializers.IntegerField(source="source_id", read_only=True)  # type: ignore[assignment]
    kind = serializers.SerializerMethodField()
    parent = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.parent
        source="parent.reference", read_only=True, allow_null=True, default=None
    )
    theme = serializers.CharField(
        source="theme.name", read_only=True, allow_null=True, default=None
    )
    owners = serializers.SerializerMethodField()
    status_as_at = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "source",
            "kind",
            "reference",
            "parent",
            "text",
            "theme",
            "owners",
            "response",
            "response_reason",
            "response_date",
            "priority",
            "target_date",
            "status_as_at",
            "public_url",
        ]

    def get_kind(self, item: Recommendation) -> str:
        return "action" if item.parent_id else "recommendation"

    def get_owners(self, item: Recommendation) -> list[str]:
        return sorted(o.name for o in item.owner_organisations.all())

    def get_public_url(self, item: Recommendation) -> str | None:
        public = item.source.is_published and item.is_public
        return item.get_public_url() if public else None

    @staticmethod
    def status_payload(history: Any, item_id: int, as_at: Any) -> dict[str, Any]:
        entry = history.entry_at(item_id, as_at)
        status = history.statuses[entry.status_id] if entry else None
        return {
            "as_at": as_at,
            "status": status_dict(status) if status else None,
            "since": entry.effective_date if entry else None,
            "progress": history.progress_at(item_id, as_at),
        }

    def get_status_as_at(self, item: Recommendation) -> dict[str, Any]:
        history = self.context["history"]
        return StatusAtSerializer(self.status_payload(history, item.pk, self.context["as_at"])).data


class InternalRecommendationSerializer(RecommendationSerializer):
    lead_officer = serializers.CharField(
        source="lead_officer.get_full_name", read_only=True, allow_null=True, default=None
    )

    class Meta(RecommendationSerializer.Meta):
        fields = [
            *RecommendationSerializer.Meta.fields,
            "lead_officer",
            "is_public",
            "withheld_reason",
        ]


class HistoryEntrySerializer(serializers.Serializer[Any]):
    effective_date = serializers.DateField()
    status = StatusSerializer()
    public_summary = serializers.CharField()
    kind = serializers.CharField()


class RecommendationDetailSerializer(InternalRecommendationSerializer):
    """For the schema: the detail adds the status history (internal fields only for viewers)."""

    history = HistoryEntrySerializer(many=True, read_only=True)

    class Meta(InternalRecommendationSerializer.Meta):
        fields = [*InternalRecommendationSerializer.Meta.fields, "history"]


class VocabularySerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    title = serializers.CharField()
    effective_from = serializers.DateField()
    notes = serializers.CharField()
    statuses = StatusSerializer(many=True)
