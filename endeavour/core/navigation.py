"""The site navigation, grouped by the programme's aims. Modules register what they offer;
a group with nothing the user may open is not shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from endeavour.core.access import AccessRule

AIMS = (
    "Stop the spread",
    "Safeguard",
    "Strengthen communities",
    "Review and improve",
    "Insights",
    "Administration",
)


@dataclass(frozen=True)
class NavItem:
    group: str
    label: str
    url_name: str
    rule: AccessRule


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: list[NavLink]


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item.group not in AIMS:
        raise ValueError(f"Unknown navigation group {item.group!r}; use one of {AIMS}")
    if item not in _items:
        _items.append(item)


def groups_for(user: Any, current_path: str) -> list[NavGroup]:
    groups: list[NavGroup] = []
    for aim in AIMS:
        links = []
        for item in _items:
            if item.group == aim and item.rule(user):
                url = reverse(item.url_name)
                links.append(NavLink(item.label, url, current_path.startswith(url)))
        if links:
            groups.append(NavGroup(aim, links))
    return groups
