"""API shapes: consultations with their questions, and findings."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from endeavour.consultations.models import Consultation, Question
from endeavour.consultations.selectors.findings import Count, Findings


class QuestionSerializer(serializers.ModelSerializer[Question]):
    class Meta:
        model = Question
        fields = [
            "id",
            "order",
            "text",
            "help_text",
            "kind",
            "choices",
            "asks_stance",
            "is_required",
        ]


class ConsultationSerializer(serializers.ModelSerializer[Consultation]):
    questions = QuestionSerializer(many=True, read_only=True)
    respondent_types: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="label"
    )
    is_sample = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "description",
            "privacy_notice",
            "opens_on",
            "closes_on",
            "findings_published",
            "is_sample",
            "respondent_types",
            "questions",
        ]


def count_dict(count: Count) -> dict[str, Any]:
    return {
        "count": None if count.suppressed else count.n,
        "suppressed": count.suppressed,
        "base": count.base,
        "percent": count.percent,
        "text": count.text,
    }


def findings_dict(findings: Findings) -> dict[str, Any]:
    return {
        "consultation": findings.consultation.pk,
        "title": findings.consultation.title,
        "responses": findings.responses,
        "generated_at": findings.generated_at.isoformat(),
        "questions": [
            {
                "id": q.question.pk,
                "order": q.question.order,
                "text": q.question.text,
                "kind": q.question.kind,
                "base": q.base,
                "themes": [
                    {
                        "id": row.theme.pk,
                        "reference": row.theme.reference,
                        "label": row.theme.label,
                        **count_dict(row.count),
                        "by_respondent_type": {
                            label: count_dict(c)
                            for label, c in zip(q.type_labels, row.by_type, strict=True)
                        },
                        "by_borough": {
                            label: count_dict(c)
                            for label, c in zip(q.borough_labels, row.by_borough, strict=True)
                        },
                        "quotes": [quote.text for quote in row.quotes],
                    }
                    for row in q.themes
                ],
                "no_theme": count_dict(q.unthemed) if q.unthemed else None,
                "options": [{"label": o.label, **count_dict(o.count)} for o in q.options],
                "stances": [{"label": o.label, **count_dict(o.count)} for o in q.stances],
            }
            for q in findings.questions
        ],
    }
