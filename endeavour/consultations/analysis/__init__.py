"""Offline analysis of free-text consultation answers: themes, assignments, stance, duplicates.

Plain Python over dataclasses (no Django): the consultations app turns its rows into ``Answer``
and ``KnownTheme`` values, calls ``analyse_question`` and stores the ``AnalysisResult``. Sentence
embeddings come from the int8 ONNX all-MiniLM-L6-v2 shipped in ``model/`` (ONNX Runtime and
``tokenizers`` only; nothing is downloaded).
"""

from .encoder import embed
from .pipeline import analyse_question
from .text import passages
from .types import (
    AnalysisResult,
    Answer,
    DuplicateGroup,
    KnownTheme,
    ProposedTheme,
    Stance,
    ThemeAssignment,
)

__all__ = [
    "AnalysisResult",
    "Answer",
    "DuplicateGroup",
    "KnownTheme",
    "ProposedTheme",
    "Stance",
    "ThemeAssignment",
    "analyse_question",
    "embed",
    "passages",
]
