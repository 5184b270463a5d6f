from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from endeavour.core.models import Borough, Organisation
from endeavour.core.services import local_authorities_load

pytestmark = pytest.mark.django_db


def test_the_33_london_local_authorities_are_loaded_by_migration() -> None:
    codes = list(Borough.objects.order_by("gss_code").values_list("gss_code", flat=True))
    assert codes == [f"E090000{n:02d}" for n in range(1, 34)]
    assert Borough.objects.get(gss_code="E09000001").name == "City of London"
    assert Borough.objects.get(gss_code="E09000033").name == "Westminster"
    assert Organisation.objects.filter(type="local_authority").count() == 33


def test_loading_again_changes_nothing() -> None:
    result = local_authorities_load()
    assert (result.created, result.updated) == (0, 33)
    assert Borough.objects.count() == 33


def test_another_city_loads_its_own_file(tmp_path: Path) -> None:
    path = tmp_path / "gm.csv"
    path.write_text(
        "gss_code,name,council_name,region\n"
        "E08000003,Manchester,Manchester City Council,North West\n"
    )
    call_command("load_local_authorities", str(path))
    assert Organisation.objects.get(name="Manchester City Council").borough.region == "North West"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("gss_code,name\nE09000001,City\n", "missing columns: council_name, region"),
        (
            "gss_code,name,council_name,region\nE09000001,A,B,London\nNOTACODE,C,D,London\n",
            "line 3",
        ),
        (
            "gss_code,name,council_name,region\nE09000001,A,B,London\nE09000001,A,B,London\n",
            "appears twice",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_naming_the_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    before = list(Borough.objects.values_list("name", flat=True))
    with pytest.raises(ValidationError, match=message):
        local_authorities_load(path)
    assert list(Borough.objects.values_list("name", flat=True)) == before
