"""Reference data: London's borough populations from Census 2021, loaded as an official set."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from django.db import migrations

CENSUS_FILE = Path(__file__).resolve().parent.parent / "data" / "census_2021_borough_populations.csv"
CENSUS_SOURCE = (
    "ONS, Census 2021: usual residents on Census Day, rounded to the nearest 100 "
    "(first results, 28 June 2022)"
)


def load(apps: Any, schema_editor: Any) -> None:
    population_set_model = apps.get_model("insights", "PopulationSet")
    population_model = apps.get_model("insights", "BoroughPopulation")
    borough_model = apps.get_model("core", "Borough")
    boroughs = dict(borough_model.objects.values_list("gss_code", "pk"))
    with CENSUS_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    population_set = population_set_model.objects.create(
        source=CENSUS_SOURCE, as_of=date(2021, 3, 21), is_official=True
    )
    population_model.objects.bulk_create(
        population_model(
            population_set=population_set,
            borough_id=boroughs[row["gss_code"]],
            population=int(row["population"]),
        )
        for row in rows
    )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("insights", "PopulationSet").objects.filter(source=CENSUS_SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
