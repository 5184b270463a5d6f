"""Services, routing settings and concerns for tests, built through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from conftest import make_staff
from endeavour.core.models import Borough, Organisation, Role, User
from endeavour.safeguarding.models import (
    BoroughRouting,
    Channel,
    Concern,
    Coverage,
    ServiceKind,
    SupportService,
    Worry,
)
from endeavour.safeguarding.services.concerns import ConcernInput, concern_submit
from endeavour.safeguarding.services.directory import (
    borough_routing_save,
    support_service_create,
)

CAMDEN = "E09000007"
NEWHAM = "E09000025"
_n = itertools.count(1)


def borough(gss_code: str = CAMDEN) -> Borough:
    return Borough.objects.get(gss_code=gss_code)


def manager() -> User:
    existing = User.objects.filter(username="factory-reports-officer").first()
    return existing or make_staff(Role.REPORTS_OFFICER, username="factory-reports-officer")


def borough_officer(gss_code: str = CAMDEN, **kwargs: Any) -> User:
    council = Organisation.objects.get(borough__gss_code=gss_code, type="local_authority")
    return make_staff(Role.BOROUGH_OFFICER, organisation=council, **kwargs)


def service(
    *,
    boroughs: list[str] | None = None,
    kind: str = ServiceKind.COMMUNITY,
    coverage: str = Coverage.BOROUGHS,
    worries: list[str] | None = None,
    **values: Any,
) -> SupportService:
    values = {
        "name": f"Test service {next(_n)}",
        "kind": kind,
        "coverage": coverage,
        "worries": worries or list(Worry.values),
        "phone": "020 7946 0000",
        "description": "Helps people in plain English.",
        **values,
    }
    chosen = [borough(code) for code in (boroughs if boroughs is not None else [CAMDEN])]
    return support_service_create(
        values=values, boroughs=chosen if coverage == Coverage.BOROUGHS else [], by=manager()
    )


def routing(
    gss_code: str = CAMDEN, channel: str = Channel.SECURE_DOWNLOAD, email: str = ""
) -> BoroughRouting:
    existing = BoroughRouting.objects.filter(borough__gss_code=gss_code).first()
    if existing is not None:
        return existing
    b = borough(gss_code)
    return borough_routing_save(
        b,
        team_name=f"{b.name} Prevent team",
        channel=channel,
        team_email=email
        or (f"team-{gss_code}@example.invalid" if channel != "secure_download" else ""),
        is_active=True,
        by=manager(),
    )


def concern(gss_code: str = CAMDEN, **kwargs: Any) -> Concern:
    routing(gss_code)
    data = {
        "worry": Worry.DRAWN_IN,
        "sender_name": "Sam Sender",
        "contact_email": "sam@example.invalid",
        "contact_phone": "",
        "relationship": "Aunt",
        "description": "My nephew has started sharing videos from an extremist channel.",
        "consent": True,
        **kwargs,
    }
    return concern_submit(ConcernInput(borough=borough(gss_code), **data))
