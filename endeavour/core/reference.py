"""Reading reference data files. Another city replaces ``data/local_authorities.csv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

LOCAL_AUTHORITIES_CSV = Path(__file__).resolve().parent / "data" / "local_authorities.csv"
COLUMNS = ("gss_code", "name", "council_name", "region")


@dataclass(frozen=True)
class LocalAuthorityRow:
    gss_code: str
    name: str
    council_name: str
    region: str


def read_local_authorities(path: Path = LOCAL_AUTHORITIES_CSV) -> list[LocalAuthorityRow]:
    """Every row, validated; any bad row rejects the whole file, naming its line."""
    rows: list[LocalAuthorityRow] = []
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ValidationError(f"{path.name}: missing columns: {', '.join(sorted(missing))}")
        for line, raw in enumerate(reader, start=2):
            row = LocalAuthorityRow(*(str(raw[column] or "").strip() for column in COLUMNS))
            if (
                len(row.gss_code) != 9
                or not row.gss_code[0].isalpha()
                or not row.gss_code[1:].isdigit()
            ):
                raise ValidationError(
                    f"{path.name} line {line}: {row.gss_code!r} is not a GSS code like E09000001"
                )
            if not row.name or not row.council_name:
                raise ValidationError(
                    f"{path.name} line {line}: name and council_name are required"
                )
            if row.gss_code in seen:
                raise ValidationError(f"{path.name} line {line}: {row.gss_code} appears twice")
            seen.add(row.gss_code)
            rows.append(row)
    if not rows:
        raise ValidationError(f"{path.name}: no rows")
    return rows
