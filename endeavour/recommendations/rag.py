"""Red, amber or green against the target date: pure, so that pages, exports and reminders agree.

Always shown as words as well as colour ("Red: 12 days overdue"), never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Rag:
    code: str  # red, amber, green, no_target, complete, closed
    label: str  # "Red", "Amber", ...
    detail: str  # "12 days overdue"
    tone: str  # the tag colour

    @property
    def text(self) -> str:
        return f"{self.label}: {self.detail}" if self.detail else self.label

    @property
    def tag_class(self) -> str:
        return f"tag tag--{self.tone}"

    @property
    def is_overdue(self) -> bool:
        return self.code == "red"


RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "no_target": 3, "complete": 4, "closed": 5}
RAG_LABELS = {
    "red": "Red: overdue",
    "amber": "Amber: due soon",
    "green": "Green: on track for its target date",
    "no_target": "No target date",
    "complete": "Complete",
    "closed": "Closed without implementation",
}


def london_today() -> date:
    return timezone.localdate()


def amber_days() -> int:
    return int(getattr(settings, "RECOMMENDATIONS_AMBER_DAYS", 30))


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def rag_for(status: Any, target_date: date | None, today: date | None = None) -> Rag:
    """``status`` is a StatusDefinition (or None: nothing recorded, so open)."""
    today = today or london_today()
    if status is not None and not status.is_open:
        if status.counts_as_implemented:
            return Rag("complete", "Complete", "", "blue")
        return Rag("closed", "Closed", "not implemented", "grey")
    if target_date is None:
        return Rag("no_target", "No target date", "", "grey")
    remaining = (target_date - today).days
    if remaining < 0:
        return Rag("red", "Red", f"{_days(-remaining)} overdue", "red")
    if remaining == 0:
        return Rag("amber", "Amber", "due today", "amber")
    if remaining <= amber_days():
        return Rag("amber", "Amber", f"due in {_days(remaining)}", "amber")
    return Rag("green", "Green", f"due {target_date:%-d %B %Y}", "green")
