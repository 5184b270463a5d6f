"""endeavour load_populations FILE --source ... --as-of YYYY-MM-DD [--official]"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from endeavour.audit.context import Actor, acting_as
from endeavour.insights.services import populations_load


class Command(BaseCommand):
    help = (
        "Load borough populations (CSV: gss_code, population; all 33 London local authorities) "
        "for the per-capita figures on the borough map. The newest set loaded is used."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="Who published them, which release.")
        parser.add_argument("--as-of", required=True, help="The date described, YYYY-MM-DD.")
        parser.add_argument(
            "--official", action="store_true", help="Published official statistics."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            as_of = date.fromisoformat(options["as_of"])
        except ValueError:
            raise CommandError("--as-of must be a date, YYYY-MM-DD.") from None
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        with acting_as(Actor(id=None, label="system: load_populations")):
            try:
                loaded = populations_load(
                    content=content,
                    source=options["source"],
                    as_of=as_of,
                    is_official=options["official"],
                    by=None,
                )
            except ValidationError as error:
                raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(f"Loaded {loaded.populations.count()} populations: {loaded}.")
