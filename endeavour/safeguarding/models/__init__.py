from endeavour.safeguarding.models.directory import Coverage, ServiceKind, SupportService, Worry
from endeavour.safeguarding.models.figures import HelpFinderUse
from endeavour.safeguarding.models.routing import (
    BoroughRouting,
    Channel,
    Concern,
    ConcernDetails,
    DeliveryStatus,
)

__all__ = [
    "BoroughRouting",
    "Channel",
    "Concern",
    "ConcernDetails",
    "Coverage",
    "DeliveryStatus",
    "HelpFinderUse",
    "ServiceKind",
    "SupportService",
    "Worry",
]
