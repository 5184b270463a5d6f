"""Sample recommendation tracking for the demo: one sample review, clearly labelled, with about
twenty recommendations across five themes, two with actions, and a history of status changes.

Everything here is sample data written for the demo. It is modelled on the kinds of
recommendation a city preparedness review makes, but no text is quoted from any real report, and
the organisations marked "(sample)" are not real bodies.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from endeavour.audit.context import Actor, acting_as
from endeavour.core.models import Organisation, OrganisationType, User
from endeavour.recommendations.models import Recommendation, Source, SourceKind, StatusChange
from endeavour.recommendations.services.recommendations import recommendation_create
from endeavour.recommendations.services.sources import source_create
from endeavour.recommendations.services.status import status_change_record

TITLE = "Sample review of a city's preparedness for a major incident (sample data)"
SOURCE_DATE = date(2016, 10, 14)
CITY = "City Hall resilience team (sample)"
POLICE = "Metropolitan police command (sample)"
FIRE = "Fire and rescue service (sample)"
AMBULANCE = "Ambulance service (sample)"
TRANSPORT = "Transport operator (sample)"
GOVERNMENT = "Government department (sample)"
CAMDEN = "London Borough of Camden"
SAMPLE_OWNERS = [
    (CITY, OrganisationType.CVE_TEAM),
    (POLICE, OrganisationType.POLICE),
    (FIRE, OrganisationType.DELIVERY_PARTNER),
    (AMBULANCE, OrganisationType.DELIVERY_PARTNER),
    (TRANSPORT, OrganisationType.DELIVERY_PARTNER),
    (GOVERNMENT, OrganisationType.DELIVERY_PARTNER),
]

COMMAND = "Command and coordination"
PUBLIC = "Warning and informing the public"
TRANSPORT_THEME = "Transport and crowded places"
COMMUNITIES = "Communities and resilience"
RECOVERY = "Recovery and learning"

# reference, theme, owners, lead officer username, response, target date, text
RECOMMENDATIONS: list[tuple[str, str, list[str], str, str, date | None, str]] = [
    ("1", COMMAND, [POLICE, FIRE, AMBULANCE], "", "accepted", date(2017, 9, 30),
     "Hold a joint exercise every year in which all the emergency services and the city's own "
     "teams rehearse the first hour of a major attack together."),
    ("2", COMMAND, [POLICE, FIRE, AMBULANCE, CITY], "", "accepted", date(2017, 3, 31),
     "Keep one shared, tested list of duty officers so that each service can reach the others "
     "within five minutes, day or night."),
    ("3", COMMAND, [GOVERNMENT], "", "partly_accepted", date(2017, 12, 31),
     "Give the city's resilience lead a standing place in national crisis meetings that "
     "concern the city."),
    ("4", PUBLIC, [GOVERNMENT, CITY], "", "accepted", date(2018, 6, 30),
     "Trial a way to send emergency alerts to every mobile phone in a chosen area."),
    ("5", PUBLIC, [CITY], "", "accepted", date(2017, 6, 30),
     "Publish plain-English advice on what to do in an attack, in the languages most spoken "
     "in the city."),
    ("6", PUBLIC, [CITY, POLICE], "", "accepted", date(2017, 12, 31),
     "Agree with broadcasters how official messages will reach the public in the first hour "
     "of an incident."),
    ("7", TRANSPORT_THEME, [TRANSPORT, POLICE], "", "accepted", date(2018, 3, 31),
     "Let the emergency services see live pictures from cameras on trains and in stations "
     "during an incident."),
    ("8", TRANSPORT_THEME, [POLICE, TRANSPORT], "", "accepted", date(2017, 12, 31),
     "Review security on boats, piers and the river itself, and agree who leads on the water."),
    ("9", TRANSPORT_THEME, [CITY, TRANSPORT], "", "accepted", date(2027, 3, 31),
     "Put protective barriers at the busiest pedestrian places where a vehicle could be driven "
     "into a crowd."),
    ("10", TRANSPORT_THEME, [TRANSPORT], "", "accepted", date(2017, 9, 30),
     "Train front-line transport staff to notice and report suspicious behaviour."),
    ("11", COMMUNITIES, [CITY, CAMDEN], "borough", "accepted", date(2018, 3, 31),
     "Fund community groups to prepare local plans for looking after neighbours after an "
     "incident."),
    ("12", COMMUNITIES, [CITY, POLICE], "", "accepted", date(2017, 6, 30),
     "Work with faith and community leaders on how to respond together to hate incidents that "
     "follow an attack."),
    ("13", COMMUNITIES, [CAMDEN], "borough", "accepted", date(2027, 1, 31),
     "Name an officer in each borough who leads on preparedness and on reassuring local "
     "communities."),
    ("14", COMMUNITIES, [AMBULANCE], "", "accepted", date(2018, 9, 30),
     "Offer short first-aid training on stopping severe bleeding to volunteers and venue staff."),
    ("15", RECOVERY, [CITY, POLICE], "", "accepted", date(2017, 12, 31),
     "Set up one point of contact for the families of people caught up in an attack."),
    ("16", RECOVERY, [CITY], "", "accepted", date(2017, 6, 30),
     "Within six weeks of every exercise, write down what was learned and who will act on it."),
    ("17", RECOVERY, [CITY], "", "accepted", date(2017, 10, 31),
     "Report publicly once a year on progress against these recommendations."),
    ("18", RECOVERY, [GOVERNMENT, AMBULANCE], "", "not_accepted", None,
     "Fund a dedicated mental-health service for people affected, for a year after any major "
     "incident."),
    ("19", RECOVERY, [CITY], "", "accepted", date(2018, 12, 31),
     "Keep a reserve of trained staff who can open a survivors' reception centre at short "
     "notice."),
    ("20", COMMAND, [CITY, GOVERNMENT], "", "accepted", date(2017, 12, 31),
     "Share the lessons of each exercise with other UK cities."),
]  # fmt: skip
ACTIONS: list[tuple[str, str, str, date]] = [
    ("9.1", "9", "Survey the busiest pedestrian places and rank them by risk.", date(2017, 6, 30)),
    ("9.2", "9", "Install barriers at the ten highest-ranked places.", date(2026, 12, 31)),
    ("9.3", "9", "Agree who maintains each barrier and checks it every year.", date(2027, 3, 31)),
    ("16.1", "16", "Write a standard template for lessons from exercises.", date(2017, 3, 31)),
    (
        "16.2",
        "16",
        "Add every lesson to this tracker as an action with an owner.",
        date(2017, 6, 30),
    ),
]
# reference, status code, effective date, days until recorded, progress, note, public summary
HISTORY: list[tuple[str, str, date, int, int | None, str, str]] = [
    ("2", "implemented", date(2017, 2, 20), 3, None,
     "[Sample] The shared duty-officer list went live and was tested by a night-time call-out.",
     "A shared list of duty officers is in use and has been tested."),
    ("2", "implemented_verified", date(2017, 4, 12), 2, None,
     "[Sample] Programme team reviewed the call-out test log.", ""),
    ("1", "in_progress", date(2017, 3, 1), 5, 40,
     "[Sample] Exercise planned for the summer; scenario agreed.", "An exercise is being planned."),
    ("1", "implemented", date(2017, 7, 12), 4, None,
     "[Sample] Joint exercise held; report circulated to all services.",
     "The first joint exercise was held in July 2017."),
    ("5", "implemented", date(2017, 5, 30), 2, None,
     "[Sample] Advice published online in twelve languages.",
     "Advice on what to do in an attack is published in twelve languages."),
    ("5", "implemented_verified", date(2017, 6, 20), 1, None,
     "[Sample] Checked the published pages and translations.", ""),
    ("10", "implemented", date(2017, 9, 15), 6, None,
     "[Sample] Training module completed by front-line staff at all stations.",
     "Front-line transport staff have been trained."),
    ("12", "implemented", date(2017, 5, 10), 3, None,
     "[Sample] Joint protocol agreed with faith and community leaders.",
     "A joint protocol with faith and community leaders is agreed."),
    ("16", "in_progress", date(2017, 2, 1), 2, 30,
     "[Sample] Template drafted.", ""),
    ("16", "implemented", date(2017, 6, 28), 3, None,
     "[Sample] Template in use; lessons from the spring exercise are in the tracker.",
     "Lessons from exercises are now written up and tracked."),
    ("17", "implemented", date(2017, 10, 20), 1, None,
     "[Sample] First annual progress report published.", "The first annual report is published."),
    # A correction: the report above turned out to be a draft; recorded a month later.
    ("17", "in_progress", date(2017, 10, 20), 31, 80,
     "[Sample] Correction: the October document was a draft; publication moved to December.",
     "Correction: the first annual report was still in draft in October 2017."),
    ("17", "implemented", date(2017, 12, 5), 2, None,
     "[Sample] Annual progress report published.", "The first annual report is published."),
    ("15", "implemented", date(2017, 11, 30), 4, None,
     "[Sample] Family liaison single point of contact set up and staffed.",
     "Families have one point of contact."),
    ("6", "in_progress", date(2017, 8, 1), 3, 50,
     "[Sample] Draft agreement with two broadcasters.", ""),
    ("6", "implemented", date(2018, 2, 14), 2, None,
     "[Sample] Agreement signed with the main broadcasters.",
     "Broadcasters have agreed how official messages will be shared."),
    ("8", "implemented", date(2017, 11, 2), 5, None,
     "[Sample] River security review completed; lead agency agreed.",
     "River security has been reviewed."),
    ("7", "in_progress", date(2017, 6, 1), 3, 25,
     "[Sample] Technical trial on one line.", "A trial is under way on one line."),
    ("7", "in_progress", date(2018, 5, 1), 7, 60,
     "[Sample] Trial extended to three lines.", "The trial has been extended."),
    ("4", "in_progress", date(2017, 11, 15), 5, 20,
     "[Sample] Feasibility study commissioned.", ""),
    ("3", "superseded", date(2018, 1, 10), 3, None,
     "[Sample] Replaced by new national arrangements that include city representation.",
     "New national arrangements replaced this recommendation."),
    ("18", "not_accepted", date(2017, 1, 20), 2, None,
     "[Sample] Owners will fund existing services instead; reason recorded in the response.",
     "Not accepted: existing services will be funded instead."),
    ("11", "in_progress", date(2017, 9, 1), 3, 30,
     "[Sample] Grant scheme opened to community groups.", "A grant scheme is open."),
    ("13", "in_progress", date(2026, 10, 1), 2, 60,
     "[Sample] Officers named in most boroughs.", ""),
    ("14", "in_progress", date(2018, 4, 1), 3, 40,
     "[Sample] Courses running across the city.", "Courses are running."),
    ("20", "implemented", date(2017, 11, 20), 2, None,
     "[Sample] Lessons shared at a meeting of core cities.", "Lessons are being shared."),
    ("9", "in_progress", date(2017, 4, 3), 3, None,
     "[Sample] Site survey commissioned; see the actions for each step.",
     "Work has begun: see the actions."),
    ("9.1", "implemented", date(2017, 6, 20), 2, None, "[Sample] Site survey completed.", ""),
    ("9.2", "in_progress", date(2018, 9, 1), 4, 60,
     "[Sample] Barriers installed at six of the ten places.", "Six of ten sites have barriers."),
    ("16.1", "implemented", date(2017, 3, 20), 2, None, "[Sample] Template approved.", ""),
    ("16.2", "implemented", date(2017, 6, 25), 2, None, "[Sample] All lessons entered.", ""),
]  # fmt: skip


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def load_recommendations_demo() -> int:
    """Load the sample review once; returns the number of recommendations and actions added."""
    if Source.objects.filter(title=TITLE).exists():
        return 0
    officer = User.objects.get(username="programme")
    with acting_as(Actor(id=None, label="system: demo data")):
        organisations = {}
        for name, kind in SAMPLE_OWNERS:
            organisations[name], _ = Organisation.objects.get_or_create(
                name=name, defaults={"type": kind, "is_sample": True}
            )
        organisations[CAMDEN] = Organisation.objects.get(name=CAMDEN)
        source = source_create(
            kind=SourceKind.REVIEW,
            title=TITLE,
            date=SOURCE_DATE,
            author="Sample independent reviewer (sample data)",
            summary=(
                "Sample data for the demonstration: not a real review. The recommendations are "
                "written for the demo, in the style of a city preparedness review; none is "
                "quoted from a real report."
            ),
            url="https://review.example/sample-preparedness-review",
            is_published=True,
            is_sample=True,
            by=officer,
        )
        items: dict[str, Recommendation] = {}
        for position, (ref, theme, owners, lead, response, target, text) in enumerate(
            RECOMMENDATIONS, start=1
        ):
            items[ref] = recommendation_create(
                source=source,
                reference=ref,
                text=text,
                theme=theme,
                owners=[organisations[name] for name in owners],
                lead_officer=User.objects.filter(username=lead).first() if lead else None,
                response=response,
                response_reason=(
                    "[Sample] The owners will fund existing services instead."
                    if response == "not_accepted"
                    else "[Sample] Accepted for the city; national arrangements are for government."
                    if response == "partly_accepted"
                    else ""
                ),
                response_date=date(2017, 1, 16) if response != "awaiting" else None,
                target_date=target,
                position=position * 10,
                by=officer,
            )
        for ref, parent, text, target in ACTIONS:
            items[ref] = recommendation_create(
                source=source,
                parent=items[parent],
                reference=ref,
                text=text,
                target_date=target,
                position=items[parent].position + len(items),
                by=officer,
            )
        # Sample history: recorded a few days after each change took effect, as it would have
        # been, so that "as recorded on" a past date shows what was known then. (Written with
        # queryset updates: in real use the recording time is always the moment of recording.)
        Recommendation.objects.filter(source=source).update(
            created_at=_at(SOURCE_DATE + timedelta(days=1))
        )
        StatusChange.objects.filter(recommendation__source=source).update(
            recorded_at=_at(SOURCE_DATE + timedelta(days=1))
        )
        for ref, code, effective, delay, progress, note, summary in HISTORY:
            change = status_change_record(
                recommendation=items[ref],
                status_code=code,
                effective_date=effective,
                note=note,
                evidence_url=f"https://evidence.example/sample-review/{ref}/{effective:%Y%m%d}",
                public_summary=summary,
                progress=progress,
                by=officer,
            )
            recorded = min(effective + timedelta(days=delay), timezone.localdate())
            StatusChange.objects.filter(pk=change.pk).update(recorded_at=_at(recorded, 16))
    return len(items)
