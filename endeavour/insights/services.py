"""Writes for Insights: the annual report (generate, edit the narrative, publish) and borough
populations. Each is one named, atomic function used by the pages, the command line and the demo.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.core.models import Borough, User
from endeavour.insights.measures import AIMS
from endeavour.insights.models import (
    AnnualReport,
    BoroughPopulation,
    PopulationSet,
    ReportStatus,
)
from endeavour.insights.periods import FIRST_YEAR, financial_year
from endeavour.insights.selectors import report_snapshot

NARRATIVE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("introduction", "Introduction"),
    *((key, label) for key, label in AIMS),
)
MAX_NARRATIVE = 20_000


@transaction.atomic
def annual_report_generate(*, year: int, by: User) -> AnnualReport:
    """Create the draft report for the financial year starting in April ``year``, or refresh the
    figures of the existing draft (its narrative is kept). A published report is refused."""
    today = timezone.localdate()
    if year < FIRST_YEAR or year > today.year:
        raise ValidationError(
            {"year": f"Choose a financial year from {FIRST_YEAR} to {today.year}."}
        )
    period = financial_year(year)
    report = AnnualReport.objects.select_for_update().filter(year=year).first()
    if report is not None and report.is_published:
        raise ValidationError(
            "This report is published: its figures are frozen and cannot be regenerated."
        )
    figures = report_snapshot(period)
    now = timezone.now()
    if report is None:
        report = AnnualReport.objects.create(
            year=year,
            title=f"Programme annual report {period.start.year}-{str(period.start.year + 1)[2:]}",
            figures=figures,
            figures_as_at=now,
            created_by=by,
            narrative={key: "" for key, _label in NARRATIVE_SECTIONS},
        )
    else:
        report.figures = figures
        report.figures_as_at = now
        report.save(update_fields=["figures", "figures_as_at", "updated_at"])
    return report


@transaction.atomic
def annual_report_narrative_update(
    *, report: AnnualReport, title: str, narrative: dict[str, str], by: User
) -> AnnualReport:
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        raise ValidationError("This report is published: its words can no longer be changed.")
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter a title for the report."})
    unknown = set(narrative) - {key for key, _label in NARRATIVE_SECTIONS}
    if unknown:
        raise ValidationError(f"Unknown sections: {', '.join(sorted(unknown))}.")
    for key, text in narrative.items():
        if len(text) > MAX_NARRATIVE:
            raise ValidationError({key: f"Keep each section under {MAX_NARRATIVE:,} characters."})
    locked.title = title
    locked.narrative = {key: narrative.get(key, "").strip() for key, _l in NARRATIVE_SECTIONS}
    locked.save(update_fields=["title", "narrative", "updated_at"])
    return locked


@transaction.atomic
def annual_report_publish(*, report: AnnualReport, by: User) -> AnnualReport:
    """Publish the draft as it stands: its figures are frozen from now on."""
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        raise ValidationError("This report is already published.")
    locked.status = ReportStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = by
    locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return locked


# ---------------------------------------------------------------------------------------------
# Populations


@dataclass(frozen=True)
class PopulationProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


class PopulationFileError(ValidationError):
    def __init__(self, problems: list[PopulationProblem]) -> None:
        super().__init__([str(p) for p in problems])
        self.problems = problems


def read_population_csv(content: bytes) -> dict[str, int]:
    """``gss_code,population`` (a ``name`` column may be there too), one row per London borough.
    Every problem is reported with its row number; nothing is half read."""
    problems: list[PopulationProblem] = []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PopulationFileError([PopulationProblem(0, "The file is not UTF-8 text.")]) from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower() for c in (reader.fieldnames or [])}
    if not {"gss_code", "population"} <= columns:
        raise PopulationFileError(
            [PopulationProblem(0, "The file needs the columns gss_code and population.")]
        )
    london = set(Borough.objects.filter(region="London").values_list("gss_code", flat=True))
    found: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        gss, value = row.get("gss_code", ""), row.get("population", "").replace(",", "")
        if gss not in london:
            problems.append(PopulationProblem(number, f"'{gss}' is not a London borough code."))
            continue
        if gss in found:
            problems.append(PopulationProblem(number, f"{gss} appears more than once."))
            continue
        if not value.isdigit() or int(value) == 0:
            problems.append(
                PopulationProblem(
                    number, f"The population '{value}' is not a whole number above 0."
                )
            )
            continue
        found[gss] = int(value)
    missing = sorted(london - set(found))
    if missing and not problems:
        problems.append(PopulationProblem(0, f"No population for {', '.join(missing)}."))
    if problems:
        raise PopulationFileError(problems)
    return found


@transaction.atomic
def populations_load(
    *, content: bytes, source: str, as_of: date, is_official: bool, by: User | None
) -> PopulationSet:
    """Load a new set of borough populations; the newest set is the one the map uses."""
    source = source.strip()
    if not source:
        raise ValidationError({"source": "Name the source of the populations."})
    values = read_population_csv(content)
    boroughs = dict(Borough.objects.filter(gss_code__in=values).values_list("gss_code", "pk"))
    population_set = PopulationSet.objects.create(
        source=source, as_of=as_of, is_official=is_official, loaded_by=by
    )
    BoroughPopulation.objects.bulk_create(
        BoroughPopulation(population_set=population_set, borough_id=boroughs[gss], population=n)
        for gss, n in values.items()
    )
    return population_set
