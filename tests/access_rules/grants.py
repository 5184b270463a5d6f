"""Access expectations for the community grant fund.

Programme officers run the fund; programme officers and auditors read everything; assessors and
applicants are partners, not staff. Applicant and assessor URLs are built, for each role, with
records of that person's own organisation (every test user has one) and, for an assessor, an
assignment of their own: the line then says which roles may act on their own records. What
others get for someone else's records (404, as for an unknown id) is tested in
``endeavour/grants/tests/test_permissions.py``.
"""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE

MANAGERS = {Role.PROGRAMME_OFFICER}
VIEWERS = {Role.PROGRAMME_OFFICER, Role.AUDITOR}
APPLICANTS = {Role.APPLICANT}
ASSESSORS = {Role.ASSESSOR}

EXPECTED: dict[str, set[str]] = {
    # Public pages and API.
    "grants:public-calls": EVERYONE,
    "grants:public-call": EVERYONE,
    "grants:register": EVERYONE,
    "grants:set-password": EVERYONE,  # a bad token answers 400 with a plain message
    "grants:funded": EVERYONE,
    "grants:funded-csv": EVERYONE,
    "api-grants-call-list": EVERYONE,
    "api-grants-funded": EVERYONE,
    # Applicants, with their own organisation's records. POST-only URLs answer 405 to a GET.
    "grants:my-applications": APPLICANTS,
    "grants:apply": APPLICANTS,
    "grants:application-detail": APPLICANTS,
    "grants:application-submit": APPLICANTS,
    "grants:my-grant": APPLICANTS,
    "grants:my-return": APPLICANTS,
    "grants:decision-letter": VIEWERS | APPLICANTS,
    "grants:attachment": VIEWERS | APPLICANTS | ASSESSORS,
    # Assessors, with their own assignments.
    "grants:my-assessments": ASSESSORS,
    "grants:declare": ASSESSORS,
    "grants:assess": ASSESSORS,
    # The fund's staff pages.
    "grants:fund-home": VIEWERS,
    "grants:call-detail": VIEWERS,
    "grants:call-ranking": VIEWERS,
    "grants:call-summary-pdf": VIEWERS,
    "grants:instruments": VIEWERS,
    "grants:registrations": VIEWERS,
    "grants:registration-detail": VIEWERS,
    "grants:staff-application": VIEWERS,
    "grants:staff-grant": VIEWERS,
    "grants:staff-return": VIEWERS,
    "grants:dashboard": VIEWERS,
    "grants:dashboard-csv": VIEWERS,
    "grants:dashboard-xlsx": VIEWERS,
    "grants:work": VIEWERS,
    "api-grants-application-list": VIEWERS,
    "api-grants-application-detail": VIEWERS,
    "api-grants-grant-list": VIEWERS,
    "grants:call-create": MANAGERS,
    "grants:call-edit": MANAGERS,
    "grants:call-publish": MANAGERS,
    "grants:call-import": MANAGERS,
    "grants:assign": MANAGERS,
    "grants:extension": MANAGERS,
    "grants:moderate": MANAGERS,
    "grants:decide": MANAGERS,
    "grants:instalments": MANAGERS,
    "grants:variation": MANAGERS,
    "grants:instalment-paid": MANAGERS,
}

CALL_ROUTES = {
    "grants:public-call",
    "grants:apply",
    "grants:call-detail",
    "grants:call-ranking",
    "grants:call-summary-pdf",
    "grants:call-edit",
    "grants:call-publish",
    "grants:call-import",
}
APPLICATION_ROUTES = {
    "grants:application-detail",
    "grants:application-submit",
    "grants:decision-letter",
    "grants:staff-application",
    "grants:assign",
    "grants:extension",
    "grants:moderate",
    "grants:decide",
    "api-grants-application-detail",
}
GRANT_ROUTES = {"grants:my-grant", "grants:staff-grant", "grants:instalments", "grants:variation"}
RETURN_ROUTES = {"grants:my-return", "grants:staff-return"}


def _world(user: Any, fixtures: dict[str, Any]) -> dict[str, Any]:
    """A published call; for this person's organisation, an awarded application with its grant
    (and, for an assessor, their own cleared assignment on it and a pending one elsewhere)."""
    key = f"grants_world_{getattr(user, 'pk', 'anonymous')}"
    if key in fixtures:
        return fixtures[key]  # type: ignore[no-any-return]
    from endeavour.core.models import Borough
    from endeavour.grants.models import Grant, RegistrationRequest
    from endeavour.grants.tests import factories as f

    if "grants_call" not in fixtures:
        fixtures["grants_call"] = f.call()
        fixtures["grants_registration"] = RegistrationRequest.objects.create(
            organisation_name="Matrix group",
            legal_form="charity",
            borough=Borough.objects.get(gss_code="E09000007"),
            contact_first_name="Mo",
            contact_last_name="Matrix",
            contact_email="mo@example.invalid",
        )
    call = fixtures["grants_call"]
    is_assessor = user is not None and user.has_role(Role.ASSESSOR)
    is_applicant = user is not None and user.has_role(Role.APPLICANT)
    organisation = user.organisation if is_applicant else f.organisation()
    application = f.application(call, organisation)
    own = f.assign(application, user) if is_assessor else None
    f.scored(application)
    f.award(application)
    pending_for = f.application(call, f.organisation())
    pending = f.assign(pending_for, user if is_assessor else None, declare=False)
    grant = Grant.objects.get(application=application)
    world = {
        "call": call,
        "application": application,
        "grant": grant,
        "return": grant.returns.order_by("period_start").first(),
        "attachment": application.attachments.first(),
        "cleared": own or application.assignments.first(),
        "pending": pending,
    }
    fixtures[key] = world
    return world


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if not (name.startswith("grants:") or name.startswith("api-grants")):
        return None
    if name == "grants:set-password":
        return {"uidb64": "MQ", "token": "not-a-token"}
    if name == "grants:registration-detail":
        _world(user, fixtures)
        return {"pk": fixtures["grants_registration"].pk}
    if name in CALL_ROUTES:
        return {"pk": _world(user, fixtures)["call"].pk}
    if name in APPLICATION_ROUTES:
        return {"pk": _world(user, fixtures)["application"].pk}
    if name in GRANT_ROUTES:
        return {"pk": _world(user, fixtures)["grant"].pk}
    if name in RETURN_ROUTES:
        return {"pk": _world(user, fixtures)["return"].pk}
    if name == "grants:instalment-paid":
        return {"pk": _world(user, fixtures)["grant"].instalments.first().pk}
    if name == "grants:attachment":
        return {"pk": _world(user, fixtures)["attachment"].pk}
    if name == "grants:declare":
        return {"pk": _world(user, fixtures)["pending"].pk}
    if name == "grants:assess":
        return {"pk": _world(user, fixtures)["cleared"].pk}
    return None
