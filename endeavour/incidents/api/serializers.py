"""API shapes. Reports at borough level only: no exact location, no contact details, no files."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from endeavour.consultations.selectors.findings import Count
from endeavour.incidents.models import IncidentReport
from endeavour.incidents.selectors.trends import Row


def count_value(count: Count) -> int | None:
    return None if count.suppressed else count.n


def count_state(count: Count) -> str:
    if count.hidden:
        return "not_shown"
    return "fewer_than_5" if count.suppressed else "shown"


class CountSerializer(serializers.Serializer[Count]):
    value = serializers.SerializerMethodField(
        method_name="value_of", help_text="Null when withheld."
    )
    state = serializers.SerializerMethodField(
        method_name="state_of",
        help_text="shown; fewer_than_5 (withheld); not_shown (withheld so that a small number "
        "cannot be worked out from the total).",
    )

    def value_of(self, count: Count) -> int | None:
        return count_value(count)

    def state_of(self, count: Count) -> str:
        return count_state(count)


class RowSerializer(serializers.Serializer[Row]):
    group = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    reported = CountSerializer()
    verified = CountSerializer()


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="First day of the first month.")
    end = serializers.DateField(help_text="First day of the last month.")


class TrendsSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    suppressed = serializers.BooleanField(source="suppress")
    includes_sample = serializers.BooleanField()
    total = CountSerializer()
    verified_total = CountSerializer()
    by_month = RowSerializer(many=True)
    by_borough = RowSerializer(many=True)
    by_motivation = RowSerializer(many=True)


class ReportSerializer(serializers.ModelSerializer[IncidentReport]):
    borough = serializers.SerializerMethodField(help_text="Borough name, or why there is none.")
    motivations = serializers.SerializerMethodField()
    online_cases = serializers.SerializerMethodField()

    class Meta:
        model = IncidentReport
        fields = [
            "id",
            "reference",
            "received_at",
            "is_sample",
            "incident_type",
            "occurred_on",
            "setting",
            "borough",
            "motivations",
            "status",
            "verification",
            "severity",
            "online_cases",
        ]

    def get_borough(self, report: IncidentReport) -> str:
        return report.place

    def get_motivations(self, report: IncidentReport) -> list[str]:
        return [m.code for m in report.motivations.all()]

    def get_online_cases(self, report: IncidentReport) -> list[str]:
        return [link.online_case_reference for link in report.links.all()]
