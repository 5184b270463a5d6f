"""The typed boundary of consultation analysis: what goes in, what comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Stance = Literal["agree", "disagree", "unclear"]


@dataclass(frozen=True)
class Answer:
    """One free-text answer to one question."""

    id: int  # the response-answer's primary key
    text: str


@dataclass(frozen=True)
class KnownTheme:
    """A theme people already kept or edited: re-running the analysis keeps it."""

    id: int
    label: str
    member_ids: frozenset[int]  # answers a person confirmed in this theme
    rejected_ids: frozenset[int]  # answers a person removed from this theme


@dataclass(frozen=True)
class ProposedTheme:
    key: str  # "new-1", ... for new themes; f"known-{id}" for a KnownTheme
    label: str  # short, readable label (2-6 words)
    keywords: tuple[str, ...]
    representative_ids: tuple[int, ...]  # up to 5 answer ids, most typical first
    known_id: int | None = None
    size: int = 0  # answers assigned to it in this run


@dataclass(frozen=True)
class ThemeAssignment:
    answer_id: int
    theme_key: str
    confidence: float  # 0..1; 1.0 for answers a person confirmed


@dataclass(frozen=True)
class DuplicateGroup:
    answer_ids: tuple[int, ...]
    kind: Literal["exact", "near"]  # identical after normalisation vs lightly edited copies
    similarity: float


@dataclass
class AnalysisResult:
    themes: list[ProposedTheme]
    assignments: list[ThemeAssignment]  # zero or more per answer
    stances: dict[int, Stance]  # only when ask_stance
    duplicates: list[DuplicateGroup]  # suspected duplicate or coordinated submissions
    skipped: list[tuple[int, str]]  # (answer id, plain reason); never silently dropped
    model_version: str
    non_english: list[int] = field(default_factory=list)  # analysed, but a person should look
    truncated: list[int] = field(default_factory=list)  # only the start was embedded (kept whole)
