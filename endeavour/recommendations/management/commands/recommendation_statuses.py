"""Load a new version of the recommendation status definitions, or carry statuses over to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from endeavour.audit.context import Actor, acting_as
from endeavour.recommendations.models import StatusVocabulary
from endeavour.recommendations.services.vocabulary import status_carry_over, status_vocabulary_load


class Command(BaseCommand):
    help = (
        "Status definitions for recommendations. 'list' shows the versions; 'load CSV --version N "
        "--effective-from DATE --title TITLE' adds a version (the columns of "
        "endeavour/recommendations/data/statuses_v1.csv; 'replaces' names the old status each "
        "new one carries over); 'carry-over N' records, once version N is in force, the "
        "replacement status for every item whose status is from an older version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list")
        load = sub.add_parser("load")
        load.add_argument("path")
        load.add_argument("--version", type=int, required=True)
        load.add_argument("--effective-from", required=True, help="YYYY-MM-DD, not in the past.")
        load.add_argument("--title", required=True)
        load.add_argument("--notes", default="", help="What changed from the previous version.")
        carry = sub.add_parser("carry-over")
        carry.add_argument("version", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(Actor(id=None, label="system: recommendation_statuses command")):
            try:
                getattr(self, "_" + options["action"].replace("-", "_"))(options)
            except (ValidationError, ValueError, OSError) as error:
                message = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                raise CommandError(message) from error

    def _list(self, options: dict[str, Any]) -> None:
        for vocabulary in StatusVocabulary.objects.order_by("effective_from"):
            statuses = ", ".join(s.label for s in vocabulary.statuses.all())
            self.stdout.write(
                f"Version {vocabulary.version} from {vocabulary.effective_from}: {statuses}"
            )

    def _load(self, options: dict[str, Any]) -> None:
        vocabulary = status_vocabulary_load(
            text=Path(options["path"]).read_text(encoding="utf-8"),
            version=options["version"],
            title=options["title"],
            effective_from=date.fromisoformat(options["effective_from"]),
            notes=options["notes"],
        )
        self.stdout.write(
            f"Loaded {vocabulary} ({vocabulary.statuses.count()} statuses), in force from "
            f"{vocabulary.effective_from}."
        )

    def _carry_over(self, options: dict[str, Any]) -> None:
        vocabulary = StatusVocabulary.objects.filter(version=options["version"]).first()
        if vocabulary is None:
            raise CommandError(f"There is no version {options['version']}.")
        carried = status_carry_over(vocabulary=vocabulary, by=None)
        self.stdout.write(f"Carried {carried} items over to {vocabulary}.")
