"""Findings: per question, theme counts with their base; by respondent type and borough with
counts under 5 suppressed; option tallies; stance; selected quotes. One structure for the page,
the PDF, the CSV and the API.

Secondary suppression: a theme's overall count and each group's base are shown, so a single
small cell in a breakdown row (or column) could be worked out by subtraction. ``protect`` hides
further cells ("not shown") until no row or column has exactly one withheld cell.

Counted: sent responses' answers (and document passages), except the extra copies in a group a
person confirmed as duplicates. An answer counts under every live theme it has a machine
proposal or a person's confirmation for (an answer can have several themes, so theme counts
can add up to more than the base).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from endeavour.consultations.models import (
    Answer,
    AssignmentState,
    Consultation,
    Question,
    QuestionKind,
    ResponseChannel,
    ResponseStatus,
    SafetyStatus,
    Stance,
    Theme,
    ThemeAssignment,
)
from endeavour.core.models import Borough

SUPPRESS_BELOW = 5
NOT_GIVEN = "Not given"
NOT_SHOWN = "not shown"
NOT_SHOWN_NOTE = "hidden so that a small number cannot be worked out from the total"


def percent(n: int, base: int) -> int | None:
    if not base:
        return None
    return int((Decimal(100 * n) / Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Count:
    n: int
    base: int
    unit: str = "answers"
    suppress: bool = False  # apply the rule for small counts
    hidden: bool = False  # secondary suppression: withheld so a small cell cannot be derived
    base_hidden: bool = False  # the group's base is withheld, so no share (it would reveal it)

    @property
    def small(self) -> bool:
        """Primary suppression: the count or its base is under 5."""
        return self.suppress and (0 < self.n < SUPPRESS_BELOW or 0 < self.base < SUPPRESS_BELOW)

    @property
    def suppressed(self) -> bool:
        """Withheld for either reason; the number must not be shown anywhere."""
        return self.hidden or self.small

    @property
    def percent(self) -> int | None:
        return None if self.suppressed or self.base_hidden else percent(self.n, self.base)

    @property
    def text(self) -> str:
        if self.hidden:
            return NOT_SHOWN
        if self.suppress and 0 < self.base < SUPPRESS_BELOW:
            return "fewer than 5 answers in this group"
        if self.suppressed:
            return f"fewer than 5 of {self.base}"
        if not self.base:
            return f"0 {self.unit}"
        return f"{self.n} of {self.base} {self.unit} ({self.percent}%)"

    @property
    def cell(self) -> str:
        """Short form for tables."""
        if self.hidden:
            return NOT_SHOWN
        if self.suppressed:
            return "fewer than 5"
        if not self.base:
            return "0"
        if self.base_hidden:
            return str(self.n)
        return f"{self.n} ({self.percent}%)"

    @property
    def csv_base(self) -> str:
        """The base for a CSV row: withheld like the count when it is small or hidden."""
        if self.base_hidden:
            return NOT_SHOWN
        return "<5" if self.suppress and 0 < self.base < SUPPRESS_BELOW else str(self.base)

    @property
    def n_cell(self) -> str:
        """The bare count for a table of bases."""
        if self.hidden:
            return NOT_SHOWN
        return "fewer than 5" if self.suppressed else str(self.n)

    @property
    def csv_n(self) -> str:
        if self.hidden:
            return NOT_SHOWN
        return "<5" if self.suppressed else str(self.n)


def protect(rows: Sequence[Sequence[Count]], *, bases_first: bool = False) -> list[list[Count]]:
    """Secondary suppression for a table of counts whose row and column totals are published.

    Wherever a row or column has exactly one withheld cell, the smallest other non-zero cell in
    it is hidden too (a zero cell if there is no non-zero one), until no row or column has
    exactly one withheld cell. Deterministic: ties go to the leftmost (or topmost) cell.

    With ``bases_first``, ``rows[0]`` holds the groups' bases: it is checked as a row (its total
    is published), and each column below it is checked only while its base is shown, since the
    base is that column's total.
    """
    table = [list(row) for row in rows]
    width = max((len(row) for row in table), default=0)
    top = 1 if bases_first and table else 0

    def complement(cells: list[tuple[int, int]]) -> bool:
        withheld = [rc for rc in cells if table[rc[0]][rc[1]].suppressed]
        candidates = [rc for rc in cells if not table[rc[0]][rc[1]].suppressed]
        if len(withheld) != 1 or not candidates:
            return False
        r, c = min(candidates, key=lambda rc: (table[rc[0]][rc[1]].n == 0, table[rc[0]][rc[1]].n))
        table[r][c] = replace(table[r][c], hidden=True)
        return True

    changed = True
    while changed:
        changed = False
        for r, row in enumerate(table):
            changed |= complement([(r, c) for c in range(len(row))])
        for c in range(width):
            if top and (c >= len(table[0]) or table[0][c].suppressed):
                continue  # the column's total is not shown
            changed |= complement([(r, c) for r in range(top, len(table)) if c < len(table[r])])
    return table


@dataclass
class Quote:
    answer_id: int
    text: str
    source: str  # "Online form", "Focus-group notes: title", ...


@dataclass
class ThemeRow:
    theme: Theme
    count: Count
    by_type: list[Count] = field(default_factory=list)
    by_borough: list[Count] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    confirmed: int = 0
    proposed: int = 0


@dataclass
class OptionRow:
    label: str
    count: Count


@dataclass
class QuestionFindings:
    question: Question
    base: int
    themes: list[ThemeRow] = field(default_factory=list)
    unthemed: Count | None = None
    options: list[OptionRow] = field(default_factory=list)
    stances: list[OptionRow] = field(default_factory=list)
    type_labels: list[str] = field(default_factory=list)
    type_bases: list[Count] = field(default_factory=list)
    borough_labels: list[str] = field(default_factory=list)
    borough_bases: list[Count] = field(default_factory=list)
    passages: int = 0
    flagged: int = 0
    non_english: int = 0
    duplicates_pending: int = 0
    chart: Any = None

    @property
    def types_hidden(self) -> bool:
        return any(c.hidden for c in self.type_bases) or any(
            c.hidden for row in self.themes for c in row.by_type
        )

    @property
    def boroughs_hidden(self) -> bool:
        return any(c.hidden for c in self.borough_bases) or any(
            c.hidden for row in self.themes for c in row.by_borough
        )


@dataclass
class Findings:
    consultation: Consultation
    questions: list[QuestionFindings]
    responses: int
    by_channel: dict[str, int]
    generated_at: datetime
    public: bool


def _source(answer: Answer) -> str:
    response = answer.response
    if response.channel == ResponseChannel.DOCUMENT and response.document is not None:
        return f"{response.document.get_kind_display()}: {response.document.title}"
    return response.get_channel_display()


def findings_for(consultation: Consultation, *, public: bool) -> Findings:
    questions = list(consultation.questions.all())
    responses = consultation.responses.filter(status=ResponseStatus.SUBMITTED)
    by_channel = dict(Counter(responses.values_list("channel", flat=True)))
    types = list(consultation.respondent_types.all())
    borough_names = dict(Borough.objects.values_list("pk", "name"))
    return Findings(
        consultation=consultation,
        questions=[_question(q, types, borough_names, public=public) for q in questions],
        responses=sum(by_channel.values()),
        by_channel={ResponseChannel(k).label: v for k, v in sorted(by_channel.items())},
        generated_at=timezone.now(),
        public=public,
    )


def _question(
    question: Question, types: list[Any], borough_names: dict[int, str], *, public: bool
) -> QuestionFindings:
    answers = list(
        Answer.objects.filter(
            question=question,
            response__status=ResponseStatus.SUBMITTED,
            is_excluded_duplicate=False,
        )
        .select_related("response")
        .only(
            "pk",
            "text",
            "selected",
            "stance",
            "safety_status",
            "is_non_english",
            "response__respondent_type_id",
            "response__borough_id",
            "response__channel",
        )
    )
    answers = [a for a in answers if (a.text if question.is_free_text else a.selected)]
    base = len(answers)
    found = QuestionFindings(question=question, base=base)
    type_of = {a.pk: a.response.respondent_type_id for a in answers}
    borough_of = {a.pk: a.response.borough_id for a in answers}
    type_keys: list[int | None] = [t.pk for t in types] + [None]
    type_names = {t.pk: t.label for t in types}
    type_base = Counter(type_of.values())
    borough_base = Counter(borough_of.values())
    borough_keys: list[int | None] = sorted(
        (b for b in borough_base if b is not None), key=lambda b: borough_names.get(b, "")
    ) + ([None] if None in borough_base else [])
    found.type_labels = [type_names.get(k, NOT_GIVEN) if k else NOT_GIVEN for k in type_keys]
    found.type_bases = [Count(type_base[k], base, suppress=True) for k in type_keys]
    found.borough_labels = [
        borough_names.get(k, NOT_GIVEN) if k else NOT_GIVEN for k in borough_keys
    ]
    found.borough_bases = [Count(borough_base[k], base, suppress=True) for k in borough_keys]

    def split(ids: set[int]) -> tuple[list[Count], list[Count]]:
        t = Counter(type_of[i] for i in ids)
        b = Counter(borough_of[i] for i in ids)
        return (
            [Count(t[k], type_base[k], suppress=True) for k in type_keys],
            [Count(b[k], borough_base[k], suppress=True) for k in borough_keys],
        )

    if question.is_free_text:
        found.passages = sum(1 for a in answers if a.response.channel == ResponseChannel.DOCUMENT)
        found.flagged = sum(1 for a in answers if a.safety_status == SafetyStatus.FLAGGED)
        found.non_english = sum(1 for a in answers if a.is_non_english)
        found.duplicates_pending = question.duplicates.filter(state="pending").count()
        counted = {a.pk for a in answers}
        members: dict[int, set[int]] = defaultdict(set)
        states: dict[int, Counter[str]] = defaultdict(Counter)
        for theme_id, answer_id, state in (
            ThemeAssignment.objects.filter(
                theme__question=question,
                theme__is_deleted=False,
                theme__merged_into__isnull=True,
            )
            .exclude(state=AssignmentState.REJECTED)
            .values_list("theme_id", "answer_id", "state")
        ):
            if answer_id in counted:
                members[theme_id].add(answer_id)
                states[theme_id][state] += 1
        themes = list(question.themes.filter(is_deleted=False, merged_into__isnull=True))
        by_text = {a.pk: a for a in answers}
        quote_ids = {i for t in themes for i in (t.quote_ids or t.representative_ids)}
        quote_answers = {
            a.pk: a
            for a in Answer.objects.filter(pk__in=quote_ids).select_related(
                "response", "response__document"
            )
        }
        for theme in themes:
            ids = members.get(theme.pk, set())
            by_type, by_borough = split(ids)
            quotes = []
            for answer_id in (theme.quote_ids or theme.representative_ids)[:3]:
                answer = quote_answers.get(answer_id)
                if answer is None or answer_id not in by_text:
                    continue
                if public and answer.safety_status == SafetyStatus.FLAGGED:
                    continue  # flagged material is never quoted in public
                quotes.append(Quote(answer_id, answer.text, _source(answer)))
            found.themes.append(
                ThemeRow(
                    theme=theme,
                    count=Count(len(ids), base),
                    by_type=by_type,
                    by_borough=by_borough,
                    quotes=quotes,
                    confirmed=states[theme.pk][AssignmentState.CONFIRMED],
                    proposed=states[theme.pk][AssignmentState.PROPOSED],
                )
            )
        found.themes.sort(key=lambda row: (-row.count.n, row.theme.label.casefold()))
        _protect_breakdowns(found)
        themed = set().union(*members.values()) if members else set()
        found.unthemed = Count(len(counted - themed), base)
        if question.asks_stance:
            stance_counts = Counter(a.stance or "" for a in answers)
            found.stances = [
                OptionRow(label, Count(stance_counts[value], base))
                for value, label in Stance.choices
            ] + [OptionRow("Not yet known", Count(stance_counts[""], base))]
    else:
        tally: Counter[str] = Counter()
        for answer in answers:
            tally.update(set(answer.selected))
        unit = "respondents" if question.kind == QuestionKind.MULTIPLE_CHOICE else "answers"
        found.options = [
            OptionRow(option, Count(tally[option], base, unit=unit)) for option in question.options
        ]
    return found


def _protect_breakdowns(found: QuestionFindings) -> None:
    """Secondary suppression in the respondent-type and borough tables: the bases row (its
    total is the question's base), each theme row (its total is the theme's overall count) and
    each group's column (its total is the group's base, where shown)."""
    for bases_attr, cells_attr in (("type_bases", "by_type"), ("borough_bases", "by_borough")):
        bases: list[Count] = getattr(found, bases_attr)
        if not bases:
            continue
        rows = [getattr(row, cells_attr) for row in found.themes]
        protected = protect([bases, *rows], bases_first=True)
        bases = protected[0]
        setattr(found, bases_attr, bases)
        for row, cells in zip(found.themes, protected[1:], strict=True):
            setattr(
                row,
                cells_attr,
                [replace(c, base_hidden=b.hidden) for c, b in zip(cells, bases, strict=True)],
            )
