"""Findings: per question, theme counts with their base; by respondent type and borough with
counts under 5 suppressed; option tallies; stance; selected quotes. One structure for the page,
the PDF, the CSV and the API.

Counted: sent responses' answers (and document passages), except the extra copies in a group a
person confirmed as duplicates. An answer counts under every live theme it has a machine
proposal or a person's confirmation for (an answer can have several themes, so theme counts
can add up to more than the base).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
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

    @property
    def suppressed(self) -> bool:
        return self.suppress and (0 < self.n < SUPPRESS_BELOW or 0 < self.base < SUPPRESS_BELOW)

    @property
    def percent(self) -> int | None:
        return None if self.suppressed else percent(self.n, self.base)

    @property
    def text(self) -> str:
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
        if self.suppressed:
            return "fewer than 5"
        if not self.base:
            return "0"
        return f"{self.n} ({self.percent}%)"

    @property
    def csv_n(self) -> str:
        return "<5" if self.suppressed else str(self.n)


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
