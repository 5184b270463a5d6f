"""What consultations add to navigation, the staff home page, retention, the demo, and the
recommendation tracker's links ("consultation_theme")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from endeavour.consultations import permissions
from endeavour.core import navigation, retention, work_queues
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo

AIM = "Review and improve"
for label, url_name, rule in [
    ("Consultations", "consultations:list", permissions.can_view_consultations),
    (
        "Consultation answers flagged for safety",
        "consultations:safety",
        permissions.can_view_safety_queue,
    ),
    ("Have your say: consultations", "consultations:public-index", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))


@work_queues.register
def consultation_queues(user: Any) -> list[work_queues.QueueCount]:
    from endeavour.consultations.models import DuplicateGroup, DuplicateState
    from endeavour.consultations.selectors.consultations import flagged_waiting_count

    counts: list[work_queues.QueueCount] = []
    if permissions.can_review_safety(user):
        counts.append(
            work_queues.QueueCount(
                "Consultation answers flagged for safety review",
                flagged_waiting_count(),
                reverse("consultations:safety"),
                "Possible threats or extremist material in consultation responses. They stay "
                "in the analysis; record what was done.",
            )
        )
    if permissions.can_code_responses(user):
        counts.append(
            work_queues.QueueCount(
                "Suspected duplicate consultation responses",
                DuplicateGroup.objects.filter(state=DuplicateState.PENDING).count(),
                reverse("consultations:list"),
                "Counted until a person decides whether they are copies.",
            )
        )
    return counts


@retention.register(
    "consultations.DraftResponse", "unsent consultation drafts past their resume period"
)
def purge_drafts(cutoff: datetime) -> int:
    from endeavour.consultations.services.responses import drafts_purge

    return drafts_purge(cutoff)


@retention.register(
    "consultations.Demographics",
    "respondents' demographics and survey-tool ids of closed consultations",
)
def purge_respondent_details(cutoff: datetime) -> int:
    """Demographics deleted and respondent ids cleared once the consultation has been closed
    for the period; the answers stay for the findings."""
    from endeavour.consultations.services.responses import respondent_details_purge

    return respondent_details_purge(cutoff)


@register_demo
def consultations_demo() -> int:
    from endeavour.consultations.demo import load_consultations_demo

    return load_consultations_demo()


# --- Links from recommendations -------------------------------------------------------------


def _theme_id(reference: str) -> int | None:
    tidy = reference.strip().upper().removeprefix("THEME-")
    return int(tidy) if tidy.isdigit() else None


def _check_theme(reference: str) -> str:
    from endeavour.consultations.models import Theme

    theme_id = _theme_id(reference)
    if theme_id is None:
        raise ValidationError(
            {"reference": "Enter the theme reference, for example THEME-12 (on the theme's page)."}
        )
    theme = Theme.objects.filter(pk=theme_id).first()
    if theme is None or theme.is_deleted:
        raise ValidationError({"reference": f"There is no consultation theme THEME-{theme_id}."})
    return f"THEME-{theme_id}"


def _describe_themes(references: Sequence[str], user: Any) -> dict[str, Any]:
    from endeavour.consultations.models import Theme
    from endeavour.recommendations.links import LinkTarget

    ids = {r: _theme_id(r) for r in references}
    found = {
        t.pk: t
        for t in Theme.objects.filter(pk__in=[i for i in ids.values() if i]).select_related(
            "question__consultation"
        )
    }
    may_open = permissions.can_view_consultations(user)
    targets: dict[str, Any] = {}
    for reference, theme_id in ids.items():
        theme = found.get(theme_id) if theme_id else None
        if theme is None:
            targets[reference] = LinkTarget(reference, f"{reference} (no longer found)", "", True)
            continue
        consultation = theme.question.consultation
        label = (
            f"{reference}: {theme.label} ({consultation.title}, question {theme.question.order})"
        )
        if may_open:
            url = reverse("consultations:theme", args=[theme.pk])
        elif consultation.is_published and consultation.findings_published:
            url = reverse("consultations:public-findings", args=[consultation.pk])
        else:
            url = ""
        targets[reference] = LinkTarget(reference, label, url)
    return targets


def _register_link_kind() -> None:
    try:
        from endeavour.recommendations import links
    except ImportError:  # pragma: no cover
        return
    links.register(
        links.LinkKind(
            code="consultation_theme",
            label="Consultation theme",
            help_text="The theme reference, for example THEME-12 (shown on the theme's page).",
            check=_check_theme,
            describe=_describe_themes,
        )
    )


_register_link_kind()
