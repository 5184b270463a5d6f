"""A tile map of London's 33 local authorities, drawn on the server as inline SVG.

No map tiles, no JavaScript, no inline styles: each borough is one square placed roughly where it
is (``data/london_tiles.csv``, a "London squared" style grid that keeps neighbours next to each
other). Any module can map any measure with ``tile_map({gss_code: value or None}, ...)``:

- five classes of a sequential blue scale, equal intervals from 0 (or the lowest value, if it is
  below 0) to the highest value shown;
- "no data" (``None`` or a borough left out) is hatched and "suppressed" (a count from 1 up to
  ``suppress_below``) is dotted, and every tile carries its short label and its class number or
  mark as text, so colour is never the only signal;
- every tile has a ``<title>`` with the borough's name and value; the legend is drawn in the SVG;
  and ``TileMap.rows`` gives the same values for the table that always sits beside the map
  (``core/includes/borough_map.html`` renders both).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from endeavour.core.reference import LOCAL_AUTHORITIES_CSV, read_local_authorities

TILES_CSV = Path(__file__).resolve().parent / "data" / "london_tiles.csv"
CLASSES = 5
# ColorBrewer "Blues"; text is dark on the three lighter classes and white on the two darker
# (each pair at least 4.5:1).
PALETTE = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#084594")
DARK_TEXT, LIGHT_TEXT = "#0b0c0c", "#ffffff"
OUTLINE = "#505a5f"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Liberation Sans', sans-serif"
TILE, GAP, MARGIN = 58, 4, 8
LEGEND_ROW = 24

NO_DATA = "no_data"
SUPPRESSED = "suppressed"
VALUE = "value"

Number = int | float | Decimal


@dataclass(frozen=True)
class Tile:
    gss_code: str
    name: str
    label: str
    row: int
    col: int


@lru_cache(maxsize=1)
def london_tiles() -> tuple[Tile, ...]:
    """The 33 tiles, checked against the local authorities file: each code once, no overlaps."""
    names = {row.gss_code: row.name for row in read_local_authorities(LOCAL_AUTHORITIES_CSV)}
    tiles: list[Tile] = []
    seen_cells: set[tuple[int, int]] = set()
    with TILES_CSV.open(newline="", encoding="utf-8") as handle:
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            code = raw["gss_code"].strip()
            cell = (int(raw["row"]), int(raw["col"]))
            if code not in names:
                raise ValueError(f"{TILES_CSV.name} line {line}: unknown GSS code {code}")
            if cell in seen_cells:
                raise ValueError(f"{TILES_CSV.name} line {line}: two tiles at {cell}")
            seen_cells.add(cell)
            tiles.append(Tile(code, names[code], raw["label"].strip(), *cell))
    if sorted(t.gss_code for t in tiles) != sorted(names):
        raise ValueError(f"{TILES_CSV.name} must hold each local authority exactly once")
    return tuple(tiles)


def plain_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class LegendEntry:
    key: str  # "1" to "5", NO_DATA or SUPPRESSED
    text: str


@dataclass(frozen=True)
class MapEntry:
    gss_code: str
    name: str
    label: str
    row: int
    col: int
    value: float | None
    state: str  # VALUE, NO_DATA or SUPPRESSED
    band: int | None  # 1 to 5 for shown values
    text: str  # the value as written in the table and the tile's title

    @property
    def mark(self) -> str:
        """What the tile says besides its label: its class, or why there is no value."""
        if self.state == SUPPRESSED:
            return "<"
        if self.state == NO_DATA:
            return "-"
        return str(self.band)


@dataclass(frozen=True)
class TileMap:
    map_id: str
    title: str
    value_heading: str
    note: str
    entries: tuple[MapEntry, ...]
    legend: tuple[LegendEntry, ...]
    svg: SafeString

    @property
    def rows(self) -> list[MapEntry]:
        """The same values for the table, by borough name."""
        return sorted(self.entries, key=lambda e: e.name)

    def entry(self, gss_code: str) -> MapEntry:
        return next(e for e in self.entries if e.gss_code == gss_code)


def class_breaks(values: list[float], classes: int = CLASSES) -> tuple[float, list[float]]:
    """The lower bound and the upper bound of each class: equal intervals from 0 (or the lowest
    value, if below 0) to the highest value."""
    if not values:
        return 0.0, []
    low = min(0.0, min(values))
    high = max(values)
    if high == low:
        return low, [high] * classes
    step = (high - low) / classes
    return low, [low + step * k for k in range(1, classes)] + [high]


def class_of(value: float, breaks: list[float]) -> int:
    """1 for the lowest class up to ``len(breaks)``: the first class whose upper bound is not
    below the value."""
    for index, upper in enumerate(breaks, start=1):
        if value <= upper + 1e-9:
            return index
    return len(breaks)


def tile_map(
    values: Mapping[str, Number | None],
    *,
    title: str,
    map_id: str = "borough-map",
    formatter: Callable[[float], str] = plain_number,
    suppress_below: int | None = None,
    value_heading: str = "Value",
    note: str = "",
) -> TileMap:
    """The map of ``values`` (GSS code to a number, or None for no data).

    With ``suppress_below`` (for counts of people or cases), values from 1 up to one less than it
    are not shown: the tile, the legend and the table say "fewer than N" and those values play no
    part in the classes. Codes that are not London local authorities are refused.
    """
    tiles = london_tiles()
    known = {t.gss_code for t in tiles}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"Not London local authorities: {', '.join(unknown)}")
    suppressed_text = f"fewer than {suppress_below}" if suppress_below else ""

    def is_suppressed(number: float) -> bool:
        return suppress_below is not None and 0 < number < suppress_below

    shown = [float(v) for v in values.values() if v is not None and not is_suppressed(float(v))]
    low, breaks = class_breaks(shown)
    entries: list[MapEntry] = []
    for tile in tiles:
        raw = values.get(tile.gss_code)
        number = None if raw is None else float(raw)
        if number is None or math.isnan(number):
            entry = MapEntry(*_tile_fields(tile), None, NO_DATA, None, "No data")
        elif is_suppressed(number):
            entry = MapEntry(
                *_tile_fields(tile), None, SUPPRESSED, None, suppressed_text.capitalize()
            )
        else:
            entry = MapEntry(
                *_tile_fields(tile), number, VALUE, class_of(number, breaks), formatter(number)
            )
        entries.append(entry)
    legend = _legend(low, breaks, formatter, suppressed_text)
    svg = _svg(map_id, title, note, entries, legend)
    return TileMap(map_id, title, value_heading, note, tuple(entries), tuple(legend), svg)


def _tile_fields(tile: Tile) -> tuple[str, str, str, int, int]:
    return tile.gss_code, tile.name, tile.label, tile.row, tile.col


def _legend(
    low: float, breaks: list[float], formatter: Callable[[float], str], suppressed_text: str
) -> list[LegendEntry]:
    legend: list[LegendEntry] = []
    if breaks:
        if breaks[0] == breaks[-1]:
            legend.append(LegendEntry("1", f"1: {formatter(breaks[0])} (every borough shown)"))
        else:
            lower = low
            for index, upper in enumerate(breaks, start=1):
                words = "from" if index == 1 else "over"
                legend.append(
                    LegendEntry(
                        str(index), f"{index}: {words} {formatter(lower)} to {formatter(upper)}"
                    )
                )
                lower = upper
    legend.append(LegendEntry(NO_DATA, "-: no data"))
    if suppressed_text:
        legend.append(LegendEntry(SUPPRESSED, f"<: {suppressed_text} (not shown)"))
    return legend


def _fill(map_id: str, key: str) -> str:
    if key == NO_DATA:
        return f"url(#{map_id}-nodata)"
    if key == SUPPRESSED:
        return f"url(#{map_id}-suppressed)"
    return PALETTE[int(key) - 1]


def _ink(key: str) -> str:
    return LIGHT_TEXT if key in ("4", "5") else DARK_TEXT


def _svg(
    map_id: str, title: str, note: str, entries: list[MapEntry], legend: list[LegendEntry]
) -> SafeString:
    mid = escape(map_id)
    cols = max(e.col for e in entries) + 1
    rows = max(e.row for e in entries) + 1
    grid_w = cols * (TILE + GAP)
    grid_h = rows * (TILE + GAP)
    width = MARGIN * 2 + grid_w
    height = MARGIN * 2 + grid_h + 12 + LEGEND_ROW * len(legend)
    described = "; ".join(f"{e.name}: {e.text}" for e in sorted(entries, key=lambda e: e.name))
    description = (
        "Tile map of London's 33 local authorities, one square each, placed roughly where they "
        f"are. Darker blue means a higher value; each square shows its class number. {note} "
        f"{described}. The table that follows gives the same values."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart tile-map" role="img" '
        f'aria-labelledby="{mid}-title {mid}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{escape(FONT)}" font-size="13">',
        f'<title id="{mid}-title">{escape(title)}</title>',
        f'<desc id="{mid}-desc">{escape(" ".join(description.split()))}</desc>',
        "<defs>",
        f'<pattern id="{mid}-nodata" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="#c8cacb" stroke-width="2"/></pattern>',
        f'<pattern id="{mid}-suppressed" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="#f3f2f1"/>'
        f'<circle cx="4" cy="4" r="1.6" fill="{OUTLINE}"/></pattern>',
        "</defs>",
    ]
    for entry in entries:
        x = MARGIN + entry.col * (TILE + GAP)
        y = MARGIN + entry.row * (TILE + GAP)
        key = str(entry.band) if entry.state == VALUE else entry.state
        ink = _ink(key)
        parts.append(
            f'<g class="tile-map__tile" data-gss="{escape(entry.gss_code)}">'
            f"<title>{escape(entry.name)}: {escape(entry.text)}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" fill="{_fill(map_id, key)}" '
            f'stroke="{OUTLINE}" stroke-width="1"/>'
            f'<text x="{x + TILE / 2}" y="{y + 24}" text-anchor="middle" font-weight="700" '
            f'fill="{ink}">{escape(entry.label)}</text>'
            f'<text x="{x + TILE / 2}" y="{y + 44}" text-anchor="middle" font-size="12" '
            f'fill="{ink}">{escape(entry.mark)}</text></g>'
        )
    legend_y = MARGIN + grid_h + 12
    for index, item in enumerate(legend):
        y = legend_y + index * LEGEND_ROW
        parts.append(
            f'<rect x="{MARGIN}" y="{y}" width="18" height="18" fill="{_fill(map_id, item.key)}" '
            f'stroke="{OUTLINE}"/><text x="{MARGIN + 26}" y="{y + 14}" fill="{DARK_TEXT}">'
            f"{escape(item.text)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
