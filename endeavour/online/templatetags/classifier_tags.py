"""Template filters for showing classifier scores: as percentages, never as bare decimals."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    """0.875 -> "87.5%", 0.6 -> "60%"; anything that is not a number -> ""."""
    try:
        number = float(value) * 100
    except (TypeError, ValueError):
        return ""
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


@register.filter
def points(value: Any) -> str:
    """A fall in probability as percentage points: 0.31 -> "31 points"."""
    try:
        number = float(value) * 100
    except (TypeError, ValueError):
        return ""
    shown = f"{number:.0f}" if number >= 1 else "under 1"
    return f"{shown} point{'' if shown == '1' else 's'}"


@register.filter
def at_or_above(score: Any, threshold: Any) -> bool:
    try:
        return float(score) >= float(threshold)
    except (TypeError, ValueError):
        return False


@register.filter
def get(mapping: Any, key: str) -> Any:
    """mapping[key] in a template, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def of_kind(signals: Any, kinds: str) -> list[Any]:
    """The signals whose kind is one of the comma-separated ``kinds``."""
    wanted = {k.strip() for k in kinds.split(",")}
    return [s for s in signals if getattr(s, "kind", None) in wanted]


@register.filter
def category_label(category: Any) -> str:
    """The readable name of a classifier category ("threat" -> "Threat of violence")."""
    from endeavour.detection.models import ClassifierCategory

    labels = dict(ClassifierCategory.choices)
    return str(labels.get(str(category), str(category).replace("_", " ")))
