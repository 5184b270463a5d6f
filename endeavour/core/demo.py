"""Demo organisations and one person per role, clearly marked as sample data. Idempotent."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.audit.context import Actor, acting_as
from endeavour.core import services
from endeavour.core.models import Borough, Organisation, OrganisationType, Role, User

CVE_TEAM = "City Hall CVE team (sample)"
SAMPLE_ORGANISATIONS: list[tuple[str, str, str | None]] = [
    (CVE_TEAM, OrganisationType.CVE_TEAM, None),
    ("Camden Youth Voices (sample)", OrganisationType.DELIVERY_PARTNER, "E09000007"),
    ("Newham Faith Forum (sample)", OrganisationType.DELIVERY_PARTNER, "E09000025"),
    ("Southwark Parents Network (sample)", OrganisationType.DELIVERY_PARTNER, "E09000028"),
    ("VideoShare Ltd (sample platform)", OrganisationType.PLATFORM, None),
    ("PastePost (sample platform)", OrganisationType.PLATFORM, None),
    ("Police online referral unit (sample)", OrganisationType.POLICE, None),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str
    totp_key: str = ""


DEMO_PEOPLE: list[tuple[str, str, str, str, str]] = [
    # username, first name, last name, role, organisation (None: the CVE team)
    ("admin", "Ada", "Administrator", Role.ADMINISTRATOR, CVE_TEAM),
    ("analyst", "Ali", "Analyst", Role.ANALYST, CVE_TEAM),
    ("senior", "Sam", "Senior", Role.SENIOR_ANALYST, CVE_TEAM),
    ("programme", "Priya", "Programme", Role.PROGRAMME_OFFICER, CVE_TEAM),
    ("borough", "Ben", "Borough", Role.BOROUGH_OFFICER, "London Borough of Camden"),
    ("auditor", "Aud", "Auditor", Role.AUDITOR, CVE_TEAM),
    ("reports", "Rhea", "Reports", Role.REPORTS_OFFICER, CVE_TEAM),
    ("assessor", "Asha", "Assessor", Role.ASSESSOR, CVE_TEAM),
    ("applicant", "Cal", "Applicant", Role.APPLICANT, "Camden Youth Voices (sample)"),
]


def demo_password(username: str) -> str:
    return f"Endeavour-demo-{username}-2026"


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    with acting_as(Actor(id=None, label="system: demo data")):
        for name, kind, gss in SAMPLE_ORGANISATIONS:
            borough = Borough.objects.get(gss_code=gss) if gss else None
            Organisation.objects.get_or_create(
                name=name, defaults={"type": kind, "borough": borough, "is_sample": True}
            )
        logins: list[DemoLogin] = []
        for username, first, last, role, org_name in DEMO_PEOPLE:
            organisation = Organisation.objects.get(name=org_name)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.person_create(
                    username=username,
                    email=f"{username}@example.invalid",
                    first_name=first,
                    last_name=last,
                    organisation=organisation,
                    roles=[role],
                    password=demo_password(username),
                    job_title=f"Sample {Role(role).label.lower()}",
                )
            key = ""
            if user.needs_two_factor:
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                if device is None:
                    device = TOTPDevice.objects.create(
                        user=user, name="Demo authenticator", confirmed=True
                    )
                key = base64.b32encode(device.bin_key).decode()
            logins.append(
                DemoLogin(username, demo_password(username), Role(role).label, org_name, key)
            )
        for module_loader in demo_loaders:
            module_loader()
    return logins


demo_loaders: list[Callable[[], object]] = []


def register_demo(loader: Callable[[], object]) -> Callable[[], object]:
    """Modules add their sample data here; each loader must be safe to run again."""
    demo_loaders.append(loader)
    return loader
