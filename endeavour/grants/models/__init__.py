from endeavour.grants.models.activity import ImportRun
from endeavour.grants.models.applications import (
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    RegistrationRequest,
    RegistrationStatus,
)
from endeavour.grants.models.assessment import (
    Assignment,
    Decision,
    Declaration,
    Moderation,
    Outcome,
    Score,
)
from endeavour.grants.models.calls import (
    DEFAULT_ELIGIBLE_FORMS,
    Call,
    Criterion,
    FundTheme,
    Instrument,
    LegalForm,
)
from endeavour.grants.models.grants import Grant, Instalment, Variation
from endeavour.grants.models.monitoring import (
    DEMOGRAPHIC_BANDS,
    INCIDENT_CATEGORIES,
    RISK_CATEGORIES,
    MonitoringReturn,
    OutcomeMeasure,
    ReturnBorough,
    ReturnStatus,
)

__all__ = [
    "DEFAULT_ELIGIBLE_FORMS",
    "DEMOGRAPHIC_BANDS",
    "INCIDENT_CATEGORIES",
    "RISK_CATEGORIES",
    "Application",
    "ApplicationStatus",
    "Assignment",
    "Attachment",
    "AttachmentKind",
    "Call",
    "Criterion",
    "Decision",
    "Declaration",
    "FundTheme",
    "Grant",
    "ImportRun",
    "Instalment",
    "Instrument",
    "LegalForm",
    "Moderation",
    "MonitoringReturn",
    "Outcome",
    "OutcomeMeasure",
    "RegistrationRequest",
    "RegistrationStatus",
    "ReturnBorough",
    "ReturnStatus",
    "Score",
    "Variation",
]
