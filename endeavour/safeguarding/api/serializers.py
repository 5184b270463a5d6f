"""API shapes: the public list of services, and the aggregate figures."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from endeavour.consultations.selectors.findings import Count
from endeavour.safeguarding.models import SupportService
from endeavour.safeguarding.selectors.figures import CrossTable, Figures


class SupportServiceSerializer(serializers.ModelSerializer[SupportService]):
    boroughs: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="gss_code"
    )

    class Meta:
        model = SupportService
        fields = [
            "id",
            "name",
            "kind",
            "coverage",
            "boroughs",
            "worries",
            "phone",
            "email",
            "website",
            "opening_hours",
            "languages",
            "description",
            "description_pl",
            "last_checked_on",
            "is_sample",
        ]


def count_dict(count: Count) -> dict[str, Any]:
    return {"count": None if count.suppressed else count.n, "text": count.n_cell}


def table_dict(table: CrossTable) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "columns": table.columns,
        "rows": [
            {
                "label": label,
                "cells": [count_dict(c) for c in cells],
                "total": count_dict(total) if total is not None else None,
            }
            for label, cells, total in table.lines
        ],
        "column_totals": [count_dict(c) for c in table.column_totals],
        "total": count_dict(table.total),
    }


def figures_dict(figures: Figures) -> dict[str, Any]:
    return {
        "year": figures.year,
        "suppressed": figures.public,
        "suppression": "Counts under 5 are withheld (count null, text 'fewer than 5'); 'not "
        "shown' hides a number that would let a small one be worked out from the totals."
        if figures.public
        else "none",
        "tables": [table_dict(t) for t in figures.tables],
    }
