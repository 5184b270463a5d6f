"""Reads: publications and their versions, and London against England and Wales for a year.

The figures for a year come from the current (newest) version of that year's publication and
only from its cells for that year, with that year's own categories, exactly as published. A
count is compared with its base: the published total row where there is one, otherwise the sum
of the categories that have a number (and the page says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Max, OuterRef, QuerySet, Subquery

from endeavour.consultations.selectors.findings import Count, percent, protect
from endeavour.official_stats.models import Area, Dimension, Figure, Publication

AGGREGATE_ONLY = (
    "These are aggregate figures published by the Home Office. Endeavour holds no record of any "
    "individual referred to Prevent or supported through Channel."
)
SUPPRESSION_NOTE = (
    "Counts from 1 to 4 are shown as 'fewer than 5' on public pages, and where needed another "
    "count is hidden so that a small one cannot be worked out from the total."
)


def current_publications() -> QuerySet[Publication]:
    """The newest version of each year's publication, newest year first."""
    newest = Publication.objects.filter(year=OuterRef("year")).order_by("-version").values("pk")[:1]
    return Publication.objects.filter(pk=Subquery(newest)).order_by("-year")


def current_publication(year: int) -> Publication | None:
    return Publication.objects.filter(year=year).order_by("-version").first()


def publication_versions() -> list[tuple[int, list[Publication]]]:
    """Every publication, grouped by year (newest first), each group newest version first."""
    groups: dict[int, list[Publication]] = {}
    for publication in Publication.objects.select_related("imported_by").order_by(
        "-year", "-version"
    ):
        groups.setdefault(publication.year, []).append(publication)
    return list(groups.items())


def latest_versions() -> dict[int, int]:
    return dict(Publication.objects.values_list("year").annotate(latest=Max("version")).order_by())


@dataclass(frozen=True)
class Cell:
    """One compared count: the published number or marker, and whether it is withheld here."""

    value: int | None
    marker: str = ""
    withheld: bool = False  # fewer than 5, or hidden so that a small count cannot be derived
    small: bool = False

    @property
    def text(self) -> str:
        if self.value is None:
            return self.marker or "not published"
        if self.small:
            return "fewer than 5"
        if self.withheld:
            return "not shown"
        return f"{self.value:,}" + (f" {self.marker}" if self.marker else "")

    @property
    def number(self) -> int | None:
        """The count, when it may be shown and used."""
        return None if self.value is None or self.withheld else self.value


@dataclass(frozen=True)
class Base:
    """What a share is out of, and where that number comes from."""

    area: str  # the region label as published
    cell: Cell
    source: str  # "published total 'Total'" or "sum of the categories with a number"

    @property
    def text(self) -> str:
        return f"{self.cell.text} referrals in {self.area} ({self.source})"


@dataclass(frozen=True)
class Share:
    n: int | None
    base: int | None
    percent: int | None

    @property
    def text(self) -> str:
        if self.percent is None or self.n is None or self.base is None:
            return "no share (a count is not available)"
        return f"{self.n:,} of {self.base:,} ({self.percent}%)"


def _share(cell: Cell, base: Cell) -> Share:
    n, b = cell.number, base.number
    if n is None or b is None or not b:
        return Share(n, b, None)
    return Share(n, b, percent(n, b))


@dataclass(frozen=True)
class ComparisonRow:
    category: str  # exactly as published
    is_total: bool
    london: Cell
    england_and_wales: Cell
    london_share: Share  # of London's referrals
    england_and_wales_share: Share  # of England and Wales's referrals
    london_of_england_and_wales: Share  # London's part of England and Wales's count


@dataclass(frozen=True)
class DimensionComparison:
    dimension: str
    label: str
    year: int
    year_label: str
    london_label: str  # as published, "" when the table has no London figures
    england_and_wales_label: str
    rows: list[ComparisonRow]
    london_base: Base | None
    england_and_wales_base: Base | None
    london_of_all: Share | None  # London's share of all referrals in England and Wales
    table_titles: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[ComparisonRow]:
        return [row for row in self.rows if not row.is_total]

    @property
    def slug(self) -> str:
        return self.dimension


@dataclass(frozen=True)
class Comparison:
    """London against England and Wales for one year, per dimension published that year."""

    year: int
    publication: Publication
    dimensions: list[DimensionComparison]
    public: bool

    @property
    def period(self) -> str:
        return f"year ending 31 March {self.year}"

    @property
    def london_of_all(self) -> Share | None:
        """London's share of all referrals: from the region table if there is one, else the
        first dimension with both totals."""
        ordered = sorted(self.dimensions, key=lambda d: d.dimension != Dimension.REGION)
        for dimension in ordered:
            if dimension.london_of_all and dimension.london_of_all.percent is not None:
                return dimension.london_of_all
        return None

    def get(self, dimension: str) -> DimensionComparison | None:
        return next((d for d in self.dimensions if d.dimension == dimension), None)


def _cell(figure: Figure | None) -> Cell:
    if figure is None:
        return Cell(None, "not published")
    return Cell(figure.value, figure.marker)


def _base(area_label: str, cells: dict[str, Cell], totals: list[str]) -> Base | None:
    if not area_label:
        return None
    for label in totals:
        if label in cells and cells[label].value is not None:
            return Base(area_label, cells[label], f"the published '{label}' figure")
    numbers = [c.value for label, c in cells.items() if label not in totals and c.value is not None]
    if not numbers:
        return None
    return Base(area_label, Cell(sum(numbers)), "the sum of the categories with a number")


def _base_value(base: Base | None) -> int:
    return (base.cell.value or 0) if base is not None else 0


def _suppress(
    categories: list[str], columns: list[dict[str, Cell]], bases: list[Base | None]
) -> None:
    """Counts 1 to 4 withheld, then secondary suppression so none can be worked out."""
    table: list[list[Count]] = [
        [
            Count(n=base.cell.value or 0, base=base.cell.value or 0, suppress=True)
            if base is not None
            else Count(n=0, base=0, hidden=True)
            for base in bases
        ]
    ]
    for category in categories:
        table.append(
            [
                Count(
                    n=column[category].value or 0,
                    base=_base_value(bases[i]),
                    suppress=column[category].value is not None,
                )
                for i, column in enumerate(columns)
            ]
        )
    protected = protect(table, bases_first=True)
    for i, column in enumerate(columns):
        for r, category in enumerate(categories, start=1):
            count, cell = protected[r][i], column[category]
            if cell.value is not None and count.suppressed:
                small = 0 < cell.value < 5
                column[category] = replace(cell, withheld=True, small=small)


def _small_base(base: Base | None) -> Base | None:
    value = base.cell.value if base is not None else None
    if base is not None and value is not None and 0 < value < 5:
        return replace(base, cell=replace(base.cell, withheld=True, small=True))
    return base


def _dimension(
    dimension: str, year: int, figures: list[Figure], *, public: bool
) -> DimensionComparison:
    london = [f for f in figures if f.area == Area.LONDON]
    england = [f for f in figures if f.area == Area.ENGLAND_AND_WALES]
    order: dict[str, tuple[int, int]] = {}
    for figure in london + england:
        order.setdefault(figure.category, (figure.table.position, figure.category_order))
    categories = sorted(order, key=lambda c: order[c])
    totals = [c for c in categories if any(f.is_total for f in figures if f.category == c)]
    london_base: Base | None
    england_base: Base | None
    by_london = {f.category: _cell(f) for f in london}
    by_england = {f.category: _cell(f) for f in england}
    london_label = london[0].region if london else ""
    england_label = england[0].region if england else ""
    if dimension == Dimension.REGION:
        # The categories are the regions themselves: one row, London against the total.
        london_cell = by_london.get(london_label) or Cell(None, "not published")
        england_cell = by_england.get(england_label) or Cell(None, "not published")
        if public and london_cell.value is not None and 0 < london_cell.value < 5:
            london_cell = replace(london_cell, withheld=True, small=True)
        categories, totals = ["All referrals"], []
        by_london, by_england = {"All referrals": london_cell}, {"All referrals": england_cell}
        london_base = Base(london_label, london_cell, "the published London figure")
        england_base = Base(england_label, england_cell, f"the published '{england_label}' figure")
        if not london_label:
            london_base = None
        if not england_label:
            england_base = None
    else:
        for category in categories:
            by_london.setdefault(category, Cell(None, "not published"))
            by_england.setdefault(category, Cell(None, "not published"))
        london_base = _base(london_label, by_london, totals)
        england_base = _base(england_label, by_england, totals)
        if public:
            non_total = [c for c in categories if c not in totals]
            _suppress(non_total, [by_london, by_england], [london_base, england_base])
            london_base, england_base = _small_base(london_base), _small_base(england_base)
    rows = []
    for category in categories:
        london_cell, england_cell = by_london[category], by_england[category]
        rows.append(
            ComparisonRow(
                category=category,
                is_total=category in totals,
                london=london_cell,
                england_and_wales=england_cell,
                london_share=_share(london_cell, london_base.cell)
                if london_base
                else Share(None, None, None),
                england_and_wales_share=_share(england_cell, england_base.cell)
                if england_base
                else Share(None, None, None),
                london_of_england_and_wales=_share(london_cell, england_cell),
            )
        )
    london_of_all = (
        _share(london_base.cell, england_base.cell) if london_base and england_base else None
    )
    titles = list(dict.fromkeys(f.table.title or f.table.sheet for f in figures))
    year_label = (england or london or figures)[0].year_label if figures else str(year)
    return DimensionComparison(
        dimension=dimension,
        label=Dimension(dimension).label,
        year=year,
        year_label=year_label,
        london_label=london_label,
        england_and_wales_label=england_label,
        rows=rows,
        london_base=london_base,
        england_and_wales_base=england_base,
        london_of_all=london_of_all,
        table_titles=titles,
    )


def comparison_for(publication: Publication, *, public: bool = True) -> Comparison:
    """London against England and Wales in one publication, for the publication's own year."""
    figures = list(
        Figure.objects.filter(
            publication=publication,
            year=publication.year,
            area__in=[Area.LONDON, Area.ENGLAND_AND_WALES],
        )
        .select_related("table")
        .order_by("table__position", "category_order", "id")
    )
    dimensions = []
    for dimension in Dimension.values:
        chosen = [f for f in figures if f.dimension == dimension]
        if chosen:
            dimensions.append(_dimension(dimension, publication.year, chosen, public=public))
    return Comparison(
        year=publication.year, publication=publication, dimensions=dimensions, public=public
    )


def london_vs_england_and_wales(year: int, *, public: bool = True) -> Comparison | None:
    """London's Prevent referrals against England and Wales's for the year ending 31 March
    ``year``, by category for each dimension published (type of concern, sector, outcome,
    region), each count with its base and share, from the current version of that year's Home
    Office publication. Categories are that year's own, exactly as published. With ``public``
    (the default) counts under 5 are withheld as on the public pages. None when no publication
    for that year has been imported."""
    publication = current_publication(year)
    if publication is None:
        return None
    return comparison_for(publication, public=public)


@dataclass(frozen=True)
class YearShare:
    year: int
    publication: Publication
    share: Share | None


def london_share_by_year(publications: Iterable[Publication] | None = None) -> list[YearShare]:
    """London's share of all referrals in each year's current publication, oldest first."""
    chosen = list(publications if publications is not None else current_publications())
    return [
        YearShare(p.year, p, comparison_for(p, public=True).london_of_all)
        for p in sorted(chosen, key=lambda p: p.year)
    ]
