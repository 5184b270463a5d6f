"""Kinds of record a recommendation can link to as evidence, registered by the modules owning them.

A link is stored as (kind, reference) in ``EvidenceLink``. Each kind registers how to check a
reference when a link is added and how to describe its targets on a page, for the person looking:

    links.register(LinkKind(code="online_case", label="Online content case",
                            check=..., describe=...))

``online_case`` is registered below: online cases exist now. When the consultations module lands
it registers ``consultation_theme`` the same way (from its own ``registrations.py``); no change to
this app and no migration are needed, and the "Add a link" form offers the new kind at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class LinkTarget:
    """What a page shows for one link: a label, and a URL if this person may follow it."""

    reference: str
    label: str
    url: str = ""
    missing: bool = False


@dataclass(frozen=True)
class LinkKind:
    code: str
    label: str
    help_text: str
    # check(reference) -> the reference as stored (tidied); raises ValidationError if unknown.
    check: Callable[[str], str]
    # describe(references, user) -> {reference: LinkTarget}, in one query for the lot.
    describe: Callable[[Sequence[str], Any], dict[str, LinkTarget]]


_kinds: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> LinkKind:
    _kinds[kind.code] = kind
    return kind


def kinds() -> list[LinkKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.label)


def kind_for(code: str) -> LinkKind:
    try:
        return _kinds[code]
    except KeyError:
        raise ValidationError(
            {"kind": f"Links to {code!r} are not available. Choose one of the kinds listed."}
        ) from None


# --- Online content cases ------------------------------------------------------------------


def _check_case(reference: str) -> str:
    from endeavour.online.models import Case

    tidy = reference.strip().upper()
    if not tidy:
        raise ValidationError(
            {"reference": "Enter the case reference, for example CASE-2026-000123."}
        )
    if not Case.objects.filter(reference=tidy).exists():
        raise ValidationError(
            {"reference": f"There is no online content case {tidy}. Check the reference."}
        )
    return tidy


def _describe_cases(references: Sequence[str], user: Any) -> dict[str, LinkTarget]:
    from django.urls import reverse

    from endeavour.online import permissions as online_permissions
    from endeavour.online.models import Case

    found = {
        case.reference: case
        for case in Case.objects.filter(reference__in=list(references)).only(
            "id", "reference", "status"
        )
    }
    may_open = online_permissions.can_view_cases(user)
    targets: dict[str, LinkTarget] = {}
    for reference in references:
        case = found.get(reference)
        if case is None:
            targets[reference] = LinkTarget(reference, f"{reference} (no longer found)", "", True)
        elif may_open:
            targets[reference] = LinkTarget(
                reference,
                f"{reference}: {case.get_status_display()}",
                reverse("online:case-detail", args=[case.pk]),
            )
        else:  # the reference only: case details are for analysts and auditors
            targets[reference] = LinkTarget(reference, reference)
    return targets


ONLINE_CASE = register(
    LinkKind(
        code="online_case",
        label="Online content case",
        help_text="The case reference, for example CASE-2026-000123.",
        check=_check_case,
        describe=_describe_cases,
    )
)
