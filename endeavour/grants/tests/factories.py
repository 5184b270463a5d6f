"""Calls, applications, assessments, grants and returns for tests, built through the services."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import make_staff
from endeavour.core.models import Borough, Organisation, OrganisationType, Role, User
from endeavour.core.tests.factories import OrganisationFactory
from endeavour.grants.models import (
    Application,
    Assignment,
    Call,
    Decision,
    FundTheme,
    Grant,
    Instrument,
    LegalForm,
    MonitoringReturn,
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
    scores_submit,
)
from endeavour.grants.services.calls import call_create, call_publish, criterion_add
from endeavour.grants.services.monitoring import OutcomeRow, return_submit
from endeavour.recommendations.services.files import IncomingFile

_n = itertools.count(1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DESCRIPTORS = ["Not shown", "Weak", "Adequate", "Good", "Excellent"]


def officer() -> User:
    existing = User.objects.filter(username="factory-fund-officer").first()
    return existing or make_staff(Role.PROGRAMME_OFFICER, username="factory-fund-officer")


def assessor(**kwargs: Any) -> User:
    return make_staff(Role.ASSESSOR, **kwargs)


def organisation(gss: str = "E09000007", **kwargs: Any) -> Organisation:
    kwargs.setdefault("type", OrganisationType.DELIVERY_PARTNER)
    return OrganisationFactory(
        name=kwargs.pop("name", f"Community group {next(_n)}"),
        borough=Borough.objects.get(gss_code=gss),
        **kwargs,
    )


def applicant(org: Organisation | None = None, **kwargs: Any) -> User:
    return make_staff(Role.APPLICANT, organisation=org or organisation(), **kwargs)


def call(*, published: bool = True, **overrides: Any) -> Call:
    now = timezone.now()
    values: dict[str, Any] = {
        "title": f"Test call {next(_n)}",
        "summary": "Community projects against hate.",
        "themes": [FundTheme.STRENGTHEN, FundTheme.STAND_UP],
        "budget": 100_000,
        "max_grant": 40_000,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "decision_date": (now + timedelta(days=60)).date(),
        "eligible_legal_forms": [LegalForm.CHARITY, LegalForm.CIO, LegalForm.CONSTITUTED_GROUP],
        "income_cap": 500_000,
        "divergence_threshold": Decimal("15"),
    }
    values.update(overrides)
    made = call_create(by=officer(), **values)
    criterion_add(call=made, name="Need", weight=2, descriptors=DESCRIPTORS)
    criterion_add(call=made, name="Delivery", weight=1, descriptors=DESCRIPTORS)
    if published:
        call_publish(call=made, by=officer())
    return made


def files() -> dict[str, IncomingFile]:
    return {
        kind: IncomingFile(f"{kind}.pdf", PDF_BYTES)
        for kind in ("constitution", "safeguarding", "accounts")
    }


def application(
    of: Call | None = None,
    org: Organisation | None = None,
    *,
    submit: bool = True,
    amount: int = 20_000,
    boroughs: list[str] | None = None,
    **changes: Any,
) -> Application:
    of = of or call()
    org = org or organisation()
    by = applicant(org)
    started = application_start(call=of, organisation=org, by=by)
    values: dict[str, Any] = {
        "project_title": "Youth voices against hate",
        "summary": "Workshops in schools.",
        "theme": FundTheme.STRENGTHEN,
        "amount_requested": amount,
        "participants_planned": 200,
        "legal_form": LegalForm.CHARITY,
        "annual_income": 100_000,
        "operates_in_london": True,
    }
    values.update(changes)
    application_save(
        application=started,
        by=by,
        boroughs=list(Borough.objects.filter(gss_code__in=boroughs or ["E09000007"])),
        files=files(),
        **values,
    )
    if submit:
        result = application_submit(application=started, by=by)
        assert result.submitted, result.failures
    started.refresh_from_db()
    return started


def assign(app: Application, who: User | None = None, *, declare: bool = True) -> Assignment:
    made = assignment_create(application=app, assessor=who or assessor(), by=officer())
    if declare:
        made = declaration_record(assignment=made, conflict=False)
    return made


def score(app: Application, values: tuple[int, int], who: User | None = None) -> Assignment:
    made = assign(app, who)
    criteria = list(app.call.criteria.all())
    return scores_submit(
        assignment=made,
        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        comments={},
    )


def scored(app: Application, *scores: tuple[int, int]) -> Application:
    for values in scores or ((3, 3), (3, 2)):
        score(app, values)
    app.refresh_from_db()
    return app


def award(app: Application, amount: int | None = None) -> Decision:
    return decision_record(
        application=app,
        outcome="award",
        amount=amount or app.amount_requested or 0,
        reasons="Strong plan.",
        by=officer(),
    )


def awarded_grant(org: Organisation | None = None, of: Call | None = None) -> Grant:
    app = scored(application(of, org))
    award(app)
    return Grant.objects.get(application=app)


def instrument(name: str | None = None) -> Instrument:
    return Instrument.objects.create(name=name or f"Instrument {next(_n)}")


def submit_return(
    item: MonitoringReturn,
    *,
    participants: int = 40,
    boroughs: dict[str, int] | None = None,
    outcomes: list[OutcomeRow] | None = None,
    by: User | None = None,
) -> MonitoringReturn:
    half = participants // 2
    return return_submit(
        monitoring_return=item,
        by=by,
        activities_delivered=4,
        participants=participants,
        demographics={
            "age": {"16_24": participants},
            "gender": {"woman": half, "man": participants - half},
            "ethnicity": {"not_known": participants},
        },
        boroughs={
            Borough.objects.get(gss_code=code): count
            for code, count in (boroughs or {"E09000007": participants}).items()
        },
        outcomes=outcomes or [],
        incidents={"safeguarding_concern": 1},
        risks={},
    )
