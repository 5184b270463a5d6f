"""Hate incident reports for tests, built through the real services."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from conftest import make_staff
from endeavour.core.models import Borough, Role, User
from endeavour.incidents.forms.public import timestamp_token
from endeavour.incidents.models import IncidentReport
from endeavour.incidents.services.reports import ContactDetails, incident_report_submit
from endeavour.online.services.files import IncomingFile
from endeavour.online.tests.factories import png_bytes

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def officer(username: str = "factory-reports-officer") -> User:
    """A reports officer (made once per test database, then reused)."""
    existing = User.objects.filter(username=username).first()
    return existing or make_staff(Role.REPORTS_OFFICER, username=username)


def report(
    *,
    borough: str | None = "E09000007",
    motivations: list[str] | None = None,
    occurred_on: date | None = None,
    setting: str = "offline",
    links: list[str] | None = None,
    files: list[IncomingFile] | None = None,
    contact: ContactDetails | None = None,
    **kwargs: Any,
) -> IncidentReport:
    return incident_report_submit(
        incident_type=kwargs.pop("incident_type", "verbal_abuse"),
        occurred_on=occurred_on or timezone.localdate() - timedelta(days=1),
        setting=setting,
        borough=Borough.objects.get(gss_code=borough) if borough else None,
        borough_unknown=borough is None and setting != "online",
        description=kwargs.pop("description", "Someone shouted abuse at me at the bus stop."),
        motivations=motivations or ["anti_muslim"],
        links=links or [],
        files=files or [],
        contact=contact,
        **kwargs,
    )


def picture(name: str = "photo.png", seed: int = 1) -> IncomingFile:
    return IncomingFile(name, png_bytes(seed, size=64))


def form_data(**overrides: Any) -> dict[str, Any]:
    """A valid public form submission, as the browser would send it (started a minute ago)."""
    data: dict[str, Any] = {
        "incident_type": "verbal_abuse",
        "motivations": ["anti_muslim"],
        "occurred_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "setting": "offline",
        "borough": str(Borough.objects.get(gss_code="E09000007").pk),
        "description": "A man shouted abuse at my sister at the bus stop.",
        "started": timestamp_token(time.time() - 60),
    }
    data.update(overrides)
    return data
