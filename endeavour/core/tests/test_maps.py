"""The London tile map: every local authority once, classes, suppression, no data, escaping."""

from __future__ import annotations

import csv
import re

import pytest
from django.template.loader import render_to_string

from endeavour.core.maps import (
    NO_DATA,
    SUPPRESSED,
    TILES_CSV,
    VALUE,
    class_breaks,
    class_of,
    london_tiles,
    tile_map,
)
from endeavour.core.reference import read_local_authorities

CAMDEN, NEWHAM, SOUTHWARK, CITY = "E09000007", "E09000025", "E09000028", "E09000001"


def test_every_london_authority_has_exactly_one_tile_and_no_two_share_a_cell() -> None:
    tiles = london_tiles()
    codes = [t.gss_code for t in tiles]
    assert len(codes) == 33 == len(set(codes))
    assert set(codes) == {row.gss_code for row in read_local_authorities()}
    assert len({(t.row, t.col) for t in tiles}) == 33
    with TILES_CSV.open(encoding="utf-8") as handle:
        labels = [row["label"] for row in csv.DictReader(handle)]
    assert len(set(labels)) == 33


def test_neighbours_stay_roughly_adjacent() -> None:
    cells = {t.name: (t.row, t.col) for t in london_tiles()}

    def near(a: str, b: str) -> bool:
        (r1, c1), (r2, c2) = cells[a], cells[b]
        return abs(r1 - r2) <= 1 and abs(c1 - c2) <= 1

    assert near("City of London", "Westminster")
    assert near("City of London", "Tower Hamlets")
    assert near("Camden", "Islington")
    assert near("Lambeth", "Southwark")
    assert near("Bexley", "Greenwich")
    assert cells["Havering"][1] > cells["Hillingdon"][1]  # east is right
    assert cells["Enfield"][0] < cells["Croydon"][0]  # north is up


def test_classes_are_equal_intervals_from_zero_to_the_highest_value() -> None:
    low, breaks = class_breaks([0, 10, 50, 100])
    assert low == 0 and breaks == [20, 40, 60, 80, 100]
    assert [class_of(v, breaks) for v in (0, 20, 20.5, 59, 61, 100)] == [1, 1, 2, 3, 4, 5]
    low, breaks = class_breaks([-10, 10])
    assert low == -10 and breaks[-1] == 10


def test_every_borough_appears_once_with_its_class_or_state() -> None:
    values = {CAMDEN: 100, NEWHAM: 50, SOUTHWARK: 0, CITY: None}
    result = tile_map(values, title="Test measure", map_id="m")
    assert len(result.entries) == 33
    svg = str(result.svg)
    assert svg.count('class="tile-map__tile"') == 33
    for tile in london_tiles():
        assert svg.count(f'data-gss="{tile.gss_code}"') == 1
    assert result.entry(CAMDEN).band == 5
    assert result.entry(NEWHAM).band == 3
    assert result.entry(SOUTHWARK).band == 1 and result.entry(SOUTHWARK).state == VALUE
    assert result.entry(CITY).state == NO_DATA and result.entry(CITY).mark == "-"
    assert result.entry("E09000002").state == NO_DATA  # left out means no data
    assert "<title>Camden: 100</title>" in svg
    assert 'role="img"' in svg and "<desc" in svg
    assert "style=" not in svg  # the content security policy forbids inline styles


def test_small_counts_are_suppressed_and_take_no_part_in_the_classes() -> None:
    result = tile_map({CAMDEN: 3, NEWHAM: 10, SOUTHWARK: 5}, title="Reach", suppress_below=5)
    camden = result.entry(CAMDEN)
    assert camden.state == SUPPRESSED and camden.value is None
    assert camden.text == "Fewer than 5" and camden.mark == "<"
    assert result.entry(SOUTHWARK).state == VALUE  # 5 is not under 5
    assert result.entry(NEWHAM).band == 5
    assert "Camden: Fewer than 5" in str(result.svg)
    assert "Camden: 3" not in str(result.svg)
    assert any(item.key == SUPPRESSED for item in result.legend)
    unsuppressed = tile_map({CAMDEN: 3}, title="Reach")
    assert unsuppressed.entry(CAMDEN).state == VALUE


def test_formatter_and_title_are_used_and_escaped() -> None:
    result = tile_map({CAMDEN: 1500}, title="Money <by> borough", formatter=lambda v: f"£{v:,.0f}")
    svg = str(result.svg)
    assert "Money &lt;by&gt; borough" in svg
    assert "Camden: £1,500" in svg
    assert result.legend[0].text.startswith("1: from £0 to £300")


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="E06000001"):
        tile_map({"E06000001": 1}, title="Not London")


def test_the_include_renders_the_map_and_the_same_values_as_a_table() -> None:
    result = tile_map({CAMDEN: 12, NEWHAM: 2}, title="Reach", suppress_below=5, map_id="inc")
    html = render_to_string("core/includes/borough_map.html", {"map": result})
    assert html.count("<tr>") == 34  # a header row and one per borough
    assert re.search(r"Camden</th><td class=\"num\">12</td><td>5 of 5", html)
    assert re.search(r"Newham</th><td class=\"num\">Fewer than 5</td>", html)
    assert 'id="inc-table"' in html
