from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from endeavour.core.reference import LOCAL_AUTHORITIES_CSV
from endeavour.core.services import local_authorities_load


class Command(BaseCommand):
    help = "Create or update local authorities from a CSV (gss_code,name,council_name,region)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(LOCAL_AUTHORITIES_CSV))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = local_authorities_load(path)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{result.created} created, {result.updated} updated.")
