from endeavour.recommendations.models.activity import ImportRun, OverdueReminder
from endeavour.recommendations.models.history import (
    ChangeKind,
    EvidenceFile,
    EvidenceLink,
    HistoryIsAppendOnly,
    StatusChange,
)
from endeavour.recommendations.models.recommendations import (
    OwnerResponse,
    Priority,
    Recommendation,
)
from endeavour.recommendations.models.sources import Source, SourceKind, Theme
from endeavour.recommendations.models.statuses import (
    StatusDefinition,
    StatusTone,
    StatusVocabulary,
)

__all__ = [
    "ChangeKind",
    "EvidenceFile",
    "EvidenceLink",
    "HistoryIsAppendOnly",
    "ImportRun",
    "OverdueReminder",
    "OwnerResponse",
    "Priority",
    "Recommendation",
    "Source",
    "SourceKind",
    "StatusChange",
    "StatusDefinition",
    "StatusTone",
    "StatusVocabulary",
    "Theme",
]
