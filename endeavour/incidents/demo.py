"""Sample hate incident reports for the demo: a dozen invented reports across boroughs, months and
motivations, each marked as sample data, some triaged by the demo reports officer. No text here
describes a real incident; the web address is a placeholder."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from endeavour.audit.context import Actor, acting_as
from endeavour.core.models import Borough, User
from endeavour.incidents.models import IncidentReport, ReporterConsent, Status, Verification
from endeavour.incidents.services.reports import ContactDetails, incident_report_submit
from endeavour.incidents.services.triage import report_route, report_triage

# months ago, borough GSS code (None: online or not known), setting, type, motivations, text,
# verification, severity, routed to
SAMPLES: list[tuple[int, str | None, str, str, list[str], str, str, int | None, str]] = [
    (
        0,
        "E09000007",
        "offline",
        "verbal_abuse",
        ["anti_muslim"],
        "Sample data: a woman was shouted at on a bus because of her headscarf.",
        "verified",
        2,
        "victim_support",
    ),
    (
        1,
        "E09000025",
        "offline",
        "graffiti",
        ["antisemitic"],
        "Sample data: hostile graffiti was painted on a wall near a community centre.",
        "verified",
        1,
        "",
    ),
    (
        1,
        None,
        "online",
        "online_abuse",
        ["anti_black", "anti_migrant"],
        "Sample data: abusive replies were posted under a local charity's post.",
        "reported",
        None,
        "",
    ),
    (
        2,
        "E09000028",
        "offline",
        "harassment",
        ["homophobic"],
        "Sample data: two men were followed and insulted after leaving a bar.",
        "verified",
        2,
        "police",
    ),
    (
        3,
        "E09000007",
        "offline",
        "property_damage",
        ["anti_sikh"],
        "Sample data: a gurdwara's noticeboard was damaged overnight.",
        "verified",
        3,
        "police",
    ),
    (
        4,
        "E09000030",
        "offline",
        "threats",
        ["transphobic"],
        "Sample data: a person was threatened in a park.",
        "not_verified",
        3,
        "",
    ),
    (
        5,
        "E09000025",
        "offline",
        "verbal_abuse",
        ["disability"],
        "Sample data: a wheelchair user was mocked at a bus stop.",
        "verified",
        2,
        "",
    ),
    (
        6,
        "E09000012",
        "offline",
        "physical_assault",
        ["anti_grt"],
        "Sample data: a man was pushed and insulted outside a shop.",
        "verified",
        4,
        "police",
    ),
    (
        7,
        None,
        "offline",
        "verbal_abuse",
        ["anti_eastern_european"],
        "Sample data: a shop worker was told to go home because of her accent.",
        "reported",
        None,
        "",
    ),
    (
        8,
        "E09000028",
        "both",
        "harassment",
        ["anti_hindu", "religion"],
        "Sample data: a temple received hostile messages and a leaflet.",
        "verified",
        2,
        "",
    ),
    (
        9,
        "E09000007",
        "offline",
        "graffiti",
        ["anti_muslim"],
        "Sample data: stickers with hostile slogans were put up near a mosque.",
        "verified",
        1,
        "",
    ),
    (
        10,
        "E09000033",
        "offline",
        "other",
        ["alternative_subculture"],
        "Sample data: a group of teenagers was chased because of how they dressed.",
        "reported",
        None,
        "",
    ),
]
SAMPLE_LINK = "https://example.org/sample-hate-incident-post"


def _months_ago(today: date, months: int) -> date:
    year, month = today.year, today.month - months
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, min(today.day, 15))


@transaction.atomic
def load_incidents_demo() -> int:
    if IncidentReport.objects.filter(is_sample=True).exists():
        return 0
    officer = User.objects.filter(username="reports").first()
    today = timezone.localdate()
    made = 0
    with acting_as(Actor(id=None, label="system: demo data")):
        for (
            months,
            gss,
            setting,
            kind,
            motivations,
            text,
            verification,
            severity,
            routed,
        ) in SAMPLES:
            day = _months_ago(today, months)
            report = incident_report_submit(
                incident_type=kind,
                occurred_on=day,
                occurred_time=time(18, 30) if months % 2 else None,
                setting=setting,
                borough=Borough.objects.get(gss_code=gss) if gss else None,
                borough_unknown=gss is None and setting != "online",
                description=text,
                motivations=motivations,
                reporter_role="witness",
                links=[SAMPLE_LINK] if setting == "online" else [],
                contact=ContactDetails(name="Sample Reporter", email="sample@example.invalid")
                if routed
                else None,
                is_sample=True,
                received_at=min(
                    timezone.now(),
                    timezone.make_aware(datetime.combine(day + timedelta(days=1), time(9, 0))),
                ),
            )
            made += 1
            if officer is None or verification == Verification.REPORTED:
                continue
            report_triage(
                report,
                by=officer,
                verification=verification,
                severity=severity,
                note="Sample data: checked with the reporter and a photograph.",
            )
            if routed:
                report_route(
                    report,
                    by=officer,
                    destination=routed,
                    routed_on=min(today, timezone.localtime(report.received_at).date()),
                    reporter_consent=ReporterConsent.YES,
                    note="Sample data.",
                )
            if months >= 6:
                report_triage(report, by=officer, status=Status.CLOSED, note="Sample data.")
    return made
