from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from endeavour.online.models import ProscribedOrganisation, ProscriptionList
from endeavour.online.reference import proscribed_rows


class Command(BaseCommand):
    help = (
        "Add a dated version of the UK proscription list from a CSV (name,aliases with aliases "
        "separated by ';'). Earlier versions are kept: decisions point at the version in force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--as-at", required=True, help="The list's date, YYYY-MM-DD.")
        parser.add_argument("--source", default="", help="Where it was published.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            as_at = date.fromisoformat(options["as_at"])
            rows = proscribed_rows(path)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        if ProscriptionList.objects.filter(as_at=as_at).exists():
            raise CommandError(f"A list as at {as_at} is already loaded.")
        with transaction.atomic():
            version = ProscriptionList.objects.create(as_at=as_at, source_url=options["source"])
            ProscribedOrganisation.objects.bulk_create(
                ProscribedOrganisation(proscription_list=version, name=name, aliases=aliases)
                for name, aliases in rows
            )
        self.stdout.write(f"Loaded {len(rows)} organisations as at {as_at}.")
