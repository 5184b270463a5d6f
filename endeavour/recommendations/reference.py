"""Reference data: the status definitions, version 1, and the reader for new versions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

V1_VERSION = 1
V1_TITLE = "Recommendation status definitions, version 1"
# Version 1 applies to every date from 2000 on, so that reviews older than the tracker (the 2016
# preparedness review, say) can have their history recorded under it.
V1_EFFECTIVE_FROM = date(2000, 1, 1)
V1_NOTES = "The first version."
V1_FILE = DATA / "statuses_v1.csv"
EARLIEST_DATE = V1_EFFECTIVE_FROM

COLUMNS = (
    "code",
    "label",
    "definition",
    "counts_as_implemented",
    "is_open",
    "progress_percent",
    "reports_progress",
    "owners_may_set",
    "is_initial",
    "tone",
    "replaces",
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
TONES = {"grey", "blue", "green", "amber", "red"}


class VocabularyFileError(ValueError):
    """The status definitions file is not usable; the message says where and why."""


@dataclass(frozen=True)
class StatusRow:
    code: str
    label: str
    definition: str
    counts_as_implemented: bool
    is_open: bool
    progress_percent: int | None
    reports_progress: bool
    owners_may_set: bool
    is_initial: bool
    tone: str
    replaces: str
    order: int


def _flag(value: str, row: int, column: str) -> bool:
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise VocabularyFileError(f"Row {row}: {column} must be yes or no, not {value!r}.")


def read_vocabulary(text: str) -> list[StatusRow]:
    """The statuses in a definitions CSV, checked. Raises VocabularyFileError."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    missing = set(COLUMNS) - {(name or "").strip() for name in reader.fieldnames or []}
    if missing:
        raise VocabularyFileError(f"Missing columns: {', '.join(sorted(missing))}.")
    rows: list[StatusRow] = []
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=2):
        cells = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        code = cells["code"]
        if not code or not code.replace("_", "").isalnum() or code != code.lower():
            raise VocabularyFileError(f"Row {number}: code must be lower-case letters and _.")
        if code in seen:
            raise VocabularyFileError(f"Row {number}: code {code!r} appears twice.")
        seen.add(code)
        if not cells["label"] or not cells["definition"]:
            raise VocabularyFileError(f"Row {number}: every status needs a label and definition.")
        progress_text = cells["progress_percent"]
        progress: int | None = None
        if progress_text:
            if not progress_text.isdigit() or int(progress_text) > 100:
                raise VocabularyFileError(f"Row {number}: progress_percent must be 0 to 100.")
            progress = int(progress_text)
        tone = cells["tone"].lower() or "grey"
        if tone not in TONES:
            raise VocabularyFileError(f"Row {number}: tone must be one of {sorted(TONES)}.")
        rows.append(
            StatusRow(
                code=code,
                label=cells["label"][:100],
                definition=cells["definition"],
                counts_as_implemented=_flag(cells["counts_as_implemented"], number, "counts"),
                is_open=_flag(cells["is_open"], number, "is_open"),
                progress_percent=progress,
                reports_progress=_flag(cells["reports_progress"], number, "reports_progress"),
                owners_may_set=_flag(cells["owners_may_set"], number, "owners_may_set"),
                is_initial=_flag(cells["is_initial"], number, "is_initial"),
                tone=tone,
                replaces=cells["replaces"],
                order=len(rows) + 1,
            )
        )
    if not rows:
        raise VocabularyFileError("The file has no statuses.")
    if sum(row.is_initial for row in rows) != 1:
        raise VocabularyFileError("Exactly one status must be marked is_initial.")
    if not any(row.counts_as_implemented for row in rows):
        raise VocabularyFileError("At least one status must count as implemented.")
    return rows


def vocabulary_v1_rows() -> list[StatusRow]:
    return read_vocabulary(V1_FILE.read_text(encoding="utf-8"))
