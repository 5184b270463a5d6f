"""Sample grant fund for the demo, labelled as sample data throughout: the call "Community Fund
2026 (sample)", six applications across boroughs and themes, scores from the demo assessor
(``assessor``) and a second sample assessor, one moderation, awards and declines, a grant with
instalments and two monitoring returns. The demo applicant (``applicant``, of "Camden Youth Voices
(sample)") has a funded grant with a return due. Every organisation and figure is invented."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from endeavour.audit.context import Actor, acting_as
from endeavour.core import services as core_services
from endeavour.core.demo import demo_password
from endeavour.core.models import Borough, Organisation, OrganisationType, Role, User
from endeavour.grants.models import (
    Application,
    Call,
    FundTheme,
    Grant,
    Instrument,
    LegalForm,
    ReturnStatus,
)
from endeavour.grants.services.applications import (
    application_save,
    application_start,
    application_submit,
)
from endeavour.grants.services.assessment import (
    assignment_create,
    decision_record,
    declaration_record,
    moderation_record,
    scores_submit,
)
from endeavour.grants.services.calls import call_create, call_publish, criterion_add
from endeavour.grants.services.grants import grant_issue
from endeavour.grants.services.monitoring import OutcomeRow, return_submit
from endeavour.recommendations.services.files import IncomingFile

TITLE = "Community Fund 2026 (sample)"
SAMPLE_PDF = b"%PDF-1.4\n% Sample document for the demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INSTRUMENTS = [
    ("Sense of belonging to the local area (sample instrument)", "1", "5", True),
    ("Confidence to challenge hate when it happens (sample instrument)", "1", "5", True),
    ("Acceptance of violence for a cause (sample instrument)", "1", "7", False),
]
# organisation, borough GSS codes, theme, amount requested, assessor scores (need, delivery,
# reach) for assessor and second assessor, outcome
APPLICANTS: list[tuple[str, list[str], str, int, tuple[int, ...], tuple[int, ...], str]] = [
    (
        "Camden Youth Voices (sample)",
        ["E09000007", "E09000019"],
        FundTheme.STRENGTHEN,
        30_000,
        (4, 3, 3),
        (3, 3, 3),
        "award",
    ),
    (
        "Newham Faith Forum (sample)",
        ["E09000025", "E09000030"],
        FundTheme.STAND_UP,
        25_000,
        (3, 3, 2),
        (3, 2, 2),
        "award",
    ),
    (
        "Southwark Parents Network (sample)",
        ["E09000028"],
        FundTheme.SAFEGUARD,
        20_000,
        (4, 2, 3),
        (1, 2, 3),
        "moderate",
    ),
    (
        "Croydon Digital Literacy Trust (sample)",
        ["E09000008", "E09000029"],
        FundTheme.STOP_SPREAD,
        40_000,
        (2, 2, 2),
        (2, 1, 2),
        "decline",
    ),
    (
        "Ealing Sports for Unity (sample)",
        ["E09000009"],
        FundTheme.STRENGTHEN,
        15_000,
        (2, 3, 1),
        (2, 2, 1),
        "decline",
    ),
    (
        "Haringey Neighbours Together (sample)",
        ["E09000014"],
        FundTheme.STAND_UP,
        18_000,
        (3, 2, 2),
        (2, 2, 2),
        "pending",
    ),
]


def _person(username: str, first: str, last: str, role: str, organisation: Organisation) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    return core_services.person_create(
        username=username,
        email=f"{username}@example.invalid",
        first_name=first,
        last_name=last,
        organisation=organisation,
        roles=[role],
        password=demo_password(username),
        job_title="Sample grant assessor",
    )


@transaction.atomic
def load_grants_demo() -> int:
    """Safe to run again: does nothing once the sample call exists."""
    if Call.objects.filter(title=TITLE).exists():
        return 0
    with acting_as(Actor(id=None, label="system: demo data")):
        return _load()


def _load() -> int:
    officer = User.objects.get(username="programme")
    first_assessor = User.objects.get(username="assessor")
    cve_team = Organisation.objects.get(name="City Hall CVE team (sample)")
    second_assessor = _person("assessor2", "Ade", "Second-Assessor", Role.ASSESSOR, cve_team)
    for name, low, high, better in INSTRUMENTS:
        Instrument.objects.get_or_create(
            name=name,
            defaults={
                "scale_min": Decimal(low),
                "scale_max": Decimal(high),
                "higher_is_better": better,
                "description": "Sample data: stands in for a validated attitudinal measure.",
            },
        )
    now = timezone.now()
    call = call_create(
        by=officer,
        title=TITLE,
        summary="SAMPLE DATA. Grants for community projects that bring Londoners together "
        "against hate and extremism.",
        priorities="Projects led by and for the communities they serve; work with young people.",
        themes=list(FundTheme.values),
        budget=100_000,
        max_grant=40_000,
        opens_at=now - timedelta(days=60),
        closes_at=now + timedelta(days=1),
        decision_date=(now + timedelta(days=20)).date(),
        eligible_legal_forms=[
            LegalForm.CHARITY,
            LegalForm.CIO,
            LegalForm.CIC,
            LegalForm.CONSTITUTED_GROUP,
        ],
        income_cap=1_000_000,
        is_sample=True,
    )
    scale = ["Not shown", "Weak", "Adequate", "Good", "Excellent"]
    criterion_add(call=call, name="Need and evidence", weight=3, descriptors=scale)
    criterion_add(call=call, name="Plan and safeguarding", weight=2, descriptors=scale)
    criterion_add(call=call, name="Reach in under-served boroughs", weight=1, descriptors=scale)
    call_publish(call=call, by=officer)
    criteria = list(call.criteria.all())
    files = {
        k: IncomingFile(f"{k}-sample.pdf", SAMPLE_PDF)
        for k in ("constitution", "safeguarding", "accounts")
    }
    count = 0
    for name, codes, theme, amount, first, second, outcome in APPLICANTS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "type": OrganisationType.DELIVERY_PARTNER,
                "borough": Borough.objects.get(gss_code=codes[0]),
                "is_sample": True,
            },
        )
        application = application_start(
            call=call, organisation=organisation, by=officer, is_sample=True
        )
        application_save(
            application=application,
            by=officer,
            boroughs=list(Borough.objects.filter(gss_code__in=codes)),
            files=files,
            project_title=f"{name.replace(' (sample)', '')} project (sample)",
            summary="SAMPLE DATA. Workshops, mentoring and shared activities.",
            theme=theme,
            amount_requested=amount,
            participants_planned=300,
            legal_form=LegalForm.CHARITY,
            annual_income=250_000,
            operates_in_london=True,
        )
        result = application_submit(application=application, by=officer)
        if not result.submitted:
            raise RuntimeError(f"Sample application not eligible: {result.failures}")
        count += 1
        for who, values in ((first_assessor, first), (second_assessor, second)):
            assignment = declaration_record(
                assignment=assignment_create(application=application, assessor=who, by=officer),
                conflict=False,
            )
            scores_submit(
                assignment=assignment,
                scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
                comments={c.pk: "Sample comment." for c in criteria},
            )
        application.refresh_from_db()
        if outcome == "moderate":
            moderation_record(
                application=application,
                scores={c.pk: v for c, v in zip(criteria, (3, 2, 3), strict=True)},
                reason="Sample moderation: the assessors agreed the need is well evidenced.",
                by=officer,
            )
            outcome = "award"
        if outcome == "award":
            decision_record(
                application=application,
                outcome="award",
                amount=amount,
                reasons="Sample decision: a strong, well-evidenced plan.",
                by=officer,
            )
        elif outcome == "decline":
            decision_record(
                application=application,
                outcome="decline",
                reasons="Sample decision: other applications met the criteria better.",
                by=officer,
            )
    _returns(officer)
    return count


def _returns(officer: User) -> None:
    """Backdate the Newham grant so that two returns are in, and Camden's so that one is due."""
    instruments = list(Instrument.objects.filter(name__endswith="(sample instrument)"))
    today = timezone.localdate()
    newham = Grant.objects.get(application__organisation__name="Newham Faith Forum (sample)")
    newham = _restart(newham, today - timedelta(days=200), officer)
    for index, item in enumerate(newham.returns.order_by("period_start")[:2]):
        return_submit(
            monitoring_return=item,
            by=officer,
            activities_delivered=6 + index,
            activities_summary="SAMPLE DATA. Interfaith youth sessions.",
            participants=120 + 40 * index,
            demographics={
                "age": {"under_16": 60, "16_24": 40 + 40 * index, "25_44": 20},
                "gender": {"woman": 64 + 20 * index, "man": 56 + 20 * index},
                "ethnicity": {"asian": 50, "black": 30, "white": 20 + 40 * index, "not_known": 20},
            },
            boroughs={
                Borough.objects.get(gss_code="E09000025"): 80 + 20 * index,
                Borough.objects.get(gss_code="E09000030"): 40 + 20 * index,
            },
            outcomes=[
                OutcomeRow(instruments[0], 90, Decimal("3.10"), Decimal("3.60")),
                OutcomeRow(instruments[1], 85, Decimal("2.80"), Decimal("3.40")),
            ],
            incidents={"safeguarding_concern": 1},
            risks={"delivery": 1},
            risks_summary="SAMPLE DATA. One session moved because the hall was unavailable.",
        )
    camden = Grant.objects.get(application__organisation__name="Camden Youth Voices (sample)")
    _restart(camden, today - timedelta(days=100), officer)


def _restart(grant: Grant, start: date, officer: User) -> Grant:
    application: Application = grant.application
    grant.instalments.all().delete()
    grant.returns.filter(status=ReturnStatus.DUE).delete()
    amount = grant.amount
    grant.delete()
    return grant_issue(application=application, amount=amount, by=officer, start_date=start)
