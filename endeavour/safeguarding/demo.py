"""Sample safeguarding data for the demo, clearly labelled: services for a handful of boroughs
(example.invalid addresses and 020 7946 0xxx drama numbers), the London-wide and national
helplines we are sure of (the Anti-Terrorist Hotline, ACT Early), routing for Camden (secure
download) and Newham (email), and a few sample concerns. Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from endeavour.audit.context import Actor, acting_as
from endeavour.core.models import Borough, User
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
from endeavour.safeguarding.services.directory import borough_routing_save

ALL: list[str] = list(Worry.values)
EXTREMISM: list[str] = [Worry.DRAWN_IN, Worry.ONLINE, Worry.MYSELF]
CAMDEN, NEWHAM, SOUTHWARK, TOWER_HAMLETS = "E09000007", "E09000025", "E09000028", "E09000030"

# name, kind, coverage, boroughs, worries, phone, email, website, hours, languages, description,
# Polish description, sample?
ServiceRow = tuple[str, str, str, list[str], list[str], str, str, str, str, str, str, str, bool]
SERVICES: list[ServiceRow] = [
    (
        "Anti-Terrorist Hotline",
        ServiceKind.HELPLINE,
        Coverage.NATIONAL,
        [],
        [Worry.DRAWN_IN.value, Worry.ONLINE.value],
        "0800 789 321",
        "",
        "",
        "24 hours a day",
        "English",
        "The police's confidential line for reporting suspected terrorist activity. Call 999 "
        "if there is immediate danger.",
        "Poufna linia policji do zgłaszania podejrzanej działalności terrorystycznej. W razie "
        "bezpośredniego zagrożenia dzwoń pod 999.",
        False,
    ),
    (
        "ACT Early",
        ServiceKind.HELPLINE,
        Coverage.NATIONAL,
        [],
        EXTREMISM,
        "",
        "",
        "https://www.actearly.uk",
        "Website any time",
        "English",
        "Advice for families and friends worried that someone is being drawn into extremism, "
        "and how to share a concern.",
        "Porady dla rodzin i przyjaciół, którzy martwią się, że ktoś ulega ekstremizmowi, oraz "
        "jak zgłosić obawy.",
        False,
    ),
    (
        "London families advice line (sample)",
        ServiceKind.HELPLINE,
        Coverage.LONDON,
        [],
        ALL,
        "020 7946 0100",
        "advice@families-line.example.invalid",
        "",
        "Monday to Friday, 9am to 5pm",
        "English, Polish, Urdu",
        "A sample London-wide line where parents and carers can talk a worry through in "
        "confidence, without giving names.",
        "Przykładowa linia dla całego Londynu, gdzie rodzice i opiekunowie mogą poufnie "
        "porozmawiać o swoich obawach, bez podawania nazwisk.",
        True,
    ),
    (
        "London hate crime support (sample)",
        ServiceKind.HELPLINE,
        Coverage.LONDON,
        [],
        [Worry.HATE_VICTIM.value],
        "020 7946 0110",
        "support@hate-support.example.invalid",
        "",
        "Monday to Saturday, 10am to 6pm",
        "English, Polish",
        "A sample service that listens to people affected by hate and helps them report it "
        "if they want to.",
        "Przykładowa usługa, która wysłuchuje osoby dotknięte nienawiścią i pomaga im to "
        "zgłosić, jeśli chcą.",
        True,
    ),
]
for code, name in [
    (CAMDEN, "Camden"),
    (NEWHAM, "Newham"),
    (SOUTHWARK, "Southwark"),
    (TOWER_HAMLETS, "Tower Hamlets"),
]:
    n = {CAMDEN: 1, NEWHAM: 2, SOUTHWARK: 3, TOWER_HAMLETS: 4}[code]
    SERVICES.append(
        (
            f"{name} safeguarding and Prevent team (sample)",
            ServiceKind.BOROUGH_CONTACT,
            Coverage.BOROUGHS,
            [code],
            EXTREMISM,
            f"020 7946 0{n}01",
            f"prevent@{name.lower().replace(' ', '-')}.example.invalid",
            "",
            "Monday to Friday, 9am to 5pm",
            "English",
            f"The council's team for worries that someone in {name} is being drawn into "
            "extremism. They listen, give advice and, with the person's agreement, arrange "
            "support. Sample contact details.",
            f"Zespół rady dzielnicy zajmujący się obawami, że ktoś w {name} ulega ekstremizmowi. "
            "Słuchają, doradzają i za zgodą tej osoby organizują wsparcie. Przykładowe dane "
            "kontaktowe.",
            True,
        )
    )
    SERVICES.append(
        (
            f"{name} Youth and Families Project (sample)",
            ServiceKind.COMMUNITY,
            Coverage.BOROUGHS,
            [code],
            ALL,
            f"020 7946 0{n}02",
            f"hello@{name.lower().replace(' ', '-')}-youth.example.invalid",
            "",
            "Tuesday to Saturday, 11am to 7pm",
            "English, Polish, Bengali",
            f"A sample funded community organisation in {name}: mentoring for young people, and "
            "a listening ear for families.",
            f"Przykładowa finansowana organizacja społeczna w {name}: mentoring dla młodzieży i "
            "wsparcie dla rodzin.",
            True,
        )
    )

SAMPLE_CONCERNS = [
    (CAMDEN, Worry.DRAWN_IN, 3),
    (CAMDEN, Worry.ONLINE, 12),
    (NEWHAM, Worry.MYSELF, 20),
]


@transaction.atomic
def load_safeguarding_demo() -> int:
    with acting_as(Actor(id=None, label="system: demo data")):
        officer = User.objects.filter(username="reports").first()
        today = timezone.localdate()
        for (
            name,
            kind,
            coverage,
            codes,
            worries,
            phone,
            email,
            website,
            hours,
            languages,
            description,
            description_pl,
            sample,
        ) in SERVICES:
            if SupportService.objects.filter(name=name).exists():
                continue
            service = SupportService.objects.create(
                name=name,
                kind=kind,
                coverage=coverage,
                worries=[str(w) for w in worries],
                phone=phone,
                email=email,
                website=website,
                opening_hours=hours,
                languages=languages,
                description=description,
                description_pl=description_pl,
                # One sample service is overdue for a check, to show the flag.
                last_checked_on=today - timedelta(days=200 if "Southwark Youth" in name else 20),
                last_checked_by=officer,
                is_sample=sample,
            )
            service.boroughs.set(Borough.objects.filter(gss_code__in=codes))
        if officer is not None:
            for code, channel, email in [
                (CAMDEN, Channel.SECURE_DOWNLOAD, ""),
                (NEWHAM, Channel.EMAIL_NOTICE, "prevent@newham.example.invalid"),
            ]:
                borough = Borough.objects.get(gss_code=code)
                if not BoroughRouting.objects.filter(borough=borough).exists():
                    routing = borough_routing_save(
                        borough,
                        team_name=f"{borough.name} Prevent team (sample)",
                        channel=channel,
                        team_email=email,
                        is_active=True,
                        by=officer,
                    )
                    BoroughRouting.objects.filter(pk=routing.pk).update(is_sample=True)
        if not Concern.objects.filter(is_sample=True).exists():
            for code, worry, days_ago in SAMPLE_CONCERNS:
                borough = Borough.objects.get(gss_code=code)
                if not BoroughRouting.objects.filter(borough=borough, is_active=True).exists():
                    continue
                concern = concern_submit(
                    ConcernInput(
                        borough=borough,
                        worry=worry,
                        sender_name="Sample Sender",
                        contact_email="sender@example.invalid",
                        contact_phone="020 7946 0999",
                        relationship="Sample: a relative",
                        description="Sample data: a made-up concern for the demo, about no one.",
                        consent=True,
                    ),
                    is_sample=True,
                )
                sent = timezone.now() - timedelta(days=days_ago)
                Concern.objects.filter(pk=concern.pk).update(
                    submitted_at=sent, consent_given_at=sent
                )
    return SupportService.objects.count()
