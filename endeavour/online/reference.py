"""Reference data for the online casework: the content policy and the platform registry."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

POLICY_V1 = {
    "version": "1.0",
    "title": "Endeavour online content policy",
    "published_on": date(2026, 11, 1),
    "clauses": [
        (
            "T1",
            "Threat to life",
            "Content that threatens, plans or calls for violence against identifiable people, "
            "groups or places, whatever the ideology. Reported to police at once.",
        ),
        (
            "T2",
            "Crisis material",
            "Material produced by the perpetrators of an attack, such as manifestos and "
            "livestreams, including translations, edits and re-uploads.",
        ),
        (
            "T3",
            "Proscribed-organisation propaganda",
            "Official material of an organisation proscribed in the UK, as listed on the date of "
            "the decision.",
        ),
        (
            "T4",
            "Promotional material",
            "Unofficial material that promotes, glorifies or gives instruction in terrorism in "
            "support of a proscribed organisation or an attack.",
        ),
        (
            "X1",
            "Protected speech: never referred",
            "Counter-speech that quotes or condemns extremism, news reporting, research and "
            "ordinary religious or identity speech about any group.",
        ),
        (
            "X2",
            "Out of scope",
            "Content that is offensive or hateful but not terrorist or violent extremist material "
            "under this policy. It may be passed to another route, such as hate-crime reporting.",
        ),
    ],
}


def platform_rows(path: Path = DATA / "platforms.csv") -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = []
        for line, row in enumerate(csv.DictReader(handle), start=2):
            domains = [d.strip().lower() for d in row["domains"].split(";") if d.strip()]
            if not row["name"].strip() or not domains:
                raise ValueError(f"{path.name} line {line}: a platform needs a name and a domain")
            rows.append({**row, "domains": domains})
        return rows


PROSCRIPTION_LIST = {
    "as_at": date(2025, 7, 5),
    "source_url": "https://www.gov.uk/government/publications/proscribed-terror-groups-or-organisations--2",
    "path": DATA / "proscribed_2025-07-05.csv",
}


def proscribed_rows(path: Path) -> list[tuple[str, list[str]]]:
    """(name, aliases) as published. Check a new version against the Home Office list."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = []
        for line, row in enumerate(csv.DictReader(handle), start=2):
            name = (row.get("name") or "").strip()
            if not name:
                raise ValueError(f"{path.name} line {line}: a name is required")
            aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            rows.append((name, aliases))
        return rows
