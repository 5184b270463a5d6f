"""A small, known programme across every module, made through the modules' own factories and
services (timestamps then moved into the test period with the ORM)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F

from endeavour.core.models import Borough, Role, User
from endeavour.insights import periods

LONDON = ZoneInfo("Europe/London")
CAMDEN, NEWHAM = "E09000007", "E09000025"
YEAR = 2025
CALENDAR = periods.calendar_year(YEAR)  # every record below falls in June or July 2025,
FINANCIAL = periods.financial_year(YEAR)  # so in both of these


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def online_data(analyst: User) -> None:
    """Seven referrals sent in June 2025: five removed (2 to 10 hours), two still checking; six
    disputes decided, one overturned; and one referral in 2024."""
    from endeavour.online.models import DisputeStatus
    from endeavour.online.tests.test_figures import dispute, refer

    sent = at(date(YEAR, 6, 10))
    made = [
        refer(analyst, sent=sent, removed_after=timedelta(hours=2 * k)) for k in (1, 2, 3, 4, 5)
    ]
    made += [refer(analyst, sent=sent), refer(analyst, sent=sent)]
    refer(analyst, sent=at(date(YEAR - 1, 6, 10)), removed_after=timedelta(hours=1))
    for index, referral in enumerate(made[:6]):
        status = DisputeStatus.OVERTURNED if index == 0 else DisputeStatus.UPHELD
        dispute(referral, status, at(date(YEAR, 6, 12)))


def safeguarding_data() -> None:
    """Six concerns for Camden (four acknowledged) and two for Newham, in June 2025; help-finder
    use of 12 (Camden) and 3 (Newham) that month."""
    from endeavour.safeguarding.models import Concern, HelpFinderUse, Worry
    from endeavour.safeguarding.tests import factories

    made = [factories.concern(CAMDEN) for _ in range(6)] + [
        factories.concern(NEWHAM) for _ in range(2)
    ]
    Concern.objects.filter(pk__in=[c.pk for c in made]).update(submitted_at=at(date(YEAR, 6, 15)))
    Concern.objects.filter(pk__in=[c.pk for c in made[:4]]).update(
        acknowledged_at=at(date(YEAR, 6, 16))
    )
    for gss, n in ((CAMDEN, 12), (NEWHAM, 3)):
        use, _ = HelpFinderUse.objects.get_or_create(
            month=date(YEAR, 6, 1),
            borough=Borough.objects.get(gss_code=gss),
            worry=Worry.DRAWN_IN,
        )
        HelpFinderUse.objects.filter(pk=use.pk).update(count=F("count") + n)


def grants_data() -> None:
    """Two awarded grants starting in July 2025, each with a submitted return (40 and 30
    participants, Camden)."""
    from endeavour.grants.models import Grant
    from endeavour.grants.tests import factories

    call = factories.call(published=True)
    grants = [factories.awarded_grant(of=call), factories.awarded_grant(of=call)]
    Grant.objects.filter(pk__in=[g.pk for g in grants]).update(
        start_date=date(YEAR, 7, 1), end_date=date(YEAR + 1, 6, 30)
    )
    for grant, participants in zip(grants, (40, 30), strict=True):
        factories.submit_return(
            grant.returns.order_by("due_date").first(), participants=participants
        )


def incidents_data() -> None:
    """Six reports in Camden (three verified), one in Newham and one online, in June 2025."""
    from endeavour.incidents.models import IncidentReport
    from endeavour.incidents.tests import factories

    day = date(YEAR, 6, 20)
    camden = [factories.report(borough=CAMDEN, occurred_on=day) for _ in range(6)]
    factories.report(borough=NEWHAM, occurred_on=day)
    factories.report(borough=None, setting="online", occurred_on=day)
    IncidentReport.objects.filter(pk__in=[r.pk for r in camden[:3]]).update(verification="verified")


def recommendations_data() -> None:
    """Three recommendations of a published review; two implemented on 1 May 2025."""
    from endeavour.recommendations.tests import factories

    source = factories.source(published=True)
    items = [factories.recommendation(source) for _ in range(3)]
    for item in items[:2]:
        factories.record(item, "implemented", date(YEAR, 5, 1))


def programme(analyst: User) -> None:
    online_data(analyst)
    safeguarding_data()
    grants_data()
    incidents_data()
    recommendations_data()


def analyst_user() -> User:
    from conftest import make_staff

    return make_staff(Role.ANALYST, username="insights-analyst")
