"""Transparency figures: definitions, suppression, period boundaries, page, CSV, PDF and API."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from endeavour.audit.models import AuditEvent
from endeavour.core.models import Role, User
from endeavour.online.models import (
    Case,
    Decision,
    DecisionKind,
    DecisionState,
    Dispute,
    DisputeStatus,
    Ideology,
    Item,
    Platform,
    PolicyClause,
    PolicyVersion,
    Referral,
    ReferralStatus,
    Signal,
    SignalKind,
    SizeBand,
    Source,
    Submission,
    Tier,
)
from endeavour.online.selectors.figures import (
    COMPLEMENTARY,
    SMALL,
    Count,
    Share,
    nearest_rank,
    percent_text,
    protect,
    transparency_figures,
)
from endeavour.online.views.figures import CSV_COLUMNS

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
START, END = date(2024, 6, 1), date(2024, 6, 30)  # British Summer Time: UTC+1
PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
_n = itertools.count(1)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


IN_PERIOD = at(date(2024, 6, 10))


# ---------------------------------------------------------------------------------------------
# Data, built directly with the ORM


@pytest.fixture
def analyst(staff_user: Callable[..., User]) -> User:
    return staff_user(Role.ANALYST)


def platform(name: str = "VideoShare", size: str = SizeBand.VERY_LARGE) -> Platform:
    found = Platform.objects.filter(name=name).first()
    return found or Platform.objects.create(name=name, size_band=size, is_sample=True)


def make_case(
    *,
    created: datetime = IN_PERIOD,
    tier: str = Tier.TIER_3,
    ideology: str = Ideology.ISLAMIST,
    source: str = Source.ANALYST,
) -> Case:
    n = next(_n)
    item = Item.objects.create(
        reference=f"ITM-T{n}",
        url=f"https://videoshare.example/watch/{n}",
        normalised_url=f"videoshare.example/watch/{n}",
        url_key=f"{n:064d}",
        first_source=source,
    )
    Item.objects.filter(pk=item.pk).update(created_at=created)
    case = Case.objects.create(reference=f"CASE-T{n}", item=item, tier=tier, ideology=ideology)
    Case.objects.filter(pk=case.pk).update(created_at=created)
    return Case.objects.get(pk=case.pk)


def decide(
    case: Case,
    by: User,
    *,
    kind: str = DecisionKind.REFER,
    when: datetime = IN_PERIOD,
    state: str = DecisionState.APPLIED,
    second: bool = False,
) -> Decision:
    return Decision.objects.create(
        case=case,
        kind=kind,
        decided_by=by,
        is_second_review=second,
        reason="Test decision.",
        tier=case.tier,
        ideology=case.ideology,
        policy_version=PolicyVersion.objects.get(is_current=True),
        state=state,
        decided_at=when,
        effective_at=when,
    )


def refer(
    by: User,
    *,
    sent: datetime | None = IN_PERIOD,
    removed_after: timedelta | None = None,
    status: str | None = None,
    to: Platform | None = None,
    case: Case | None = None,
    ideology: str = Ideology.ISLAMIST,
    **fields: Any,
) -> Referral:
    case = case or make_case(ideology=ideology)
    decision = decide(case, by)
    removed_at = sent + removed_after if sent and removed_after is not None else None
    return Referral.objects.create(
        reference=f"REF-T{next(_n)}",
        case=case,
        decision=decision,
        platform=to or platform(),
        legal_basis="tact2006_s2",
        policy_clause=PolicyClause.objects.filter(policy__is_current=True).first(),
        notice_text="Notice.",
        notice_json={},
        status=status or (ReferralStatus.REMOVED if removed_at else ReferralStatus.SENT),
        sent_at=sent,
        removed_at=removed_at,
        **fields,
    )


def dispute(referral: Referral, status: str, when: datetime = IN_PERIOD) -> Dispute:
    made = Dispute.objects.create(
        reference=f"DSP-T{next(_n)}", referral=referral, grounds="Wrong.", status=status
    )
    Dispute.objects.filter(pk=made.pk).update(submitted_at=when)
    return made


def submission(case: Case, source: str, when: datetime = IN_PERIOD) -> Submission:
    made = Submission.objects.create(item=case.item, source=source)
    Submission.objects.filter(pk=made.pk).update(submitted_at=when)
    return made


def staff_client(staff_user: Callable[..., User], role: str = Role.AUDITOR) -> Client:
    return sign_in(Client(), staff_user(role))


def page(client: Client, **query: str) -> Any:
    return client.get(reverse("online:figures"), {**PERIOD, **query})


# ---------------------------------------------------------------------------------------------
# Definitions


def test_one_referral_removed_after_five_hours(
    analyst: User, staff_user: Callable[..., User]
) -> None:
    refer(analyst, removed_after=timedelta(hours=5))
    report = transparency_figures(START, END, suppress=False)
    assert report.measure("share_removed").value.display == "1 of 1 (100%)"
    median = report.measure("median_hours_to_removal").value
    assert median.value == 5.0 and median.display == "5.0 hours"
    assert report.measure("p90_hours_to_removal").value.value == 5.0
    buckets = {row.key: row.values[0] for row in report.table("time_to_removal").rows}
    assert buckets["1_6h"] == Count(1) and buckets["under_1h"] == Count(0)

    response = page(staff_client(staff_user))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Internal: unsuppressed" in body
    assert "1 of 1 (100%)" in body
    assert "5.0 hours" in body
    assert "no-store" in response["Cache-Control"]


def test_median_and_90th_percentile_use_nearest_rank(analyst: User) -> None:
    for hours in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):
        refer(analyst, removed_after=timedelta(hours=hours))
    report = transparency_figures(START, END, suppress=True)
    assert report.measure("median_hours_to_removal").value.value == 5.0
    assert report.measure("p90_hours_to_removal").value.value == 9.0
    assert nearest_rank([], 50) is None
    assert nearest_rank([4.0, 1.0], 50) == 1.0
    assert "nearest-rank" in report.measure("median_hours_to_removal").definition


def test_public_figures_suppress_small_counts_and_their_percentages(
    analyst: User, client: Client, staff_user: Callable[..., User]
) -> None:
    refer(analyst, removed_after=timedelta(hours=5))
    refer(analyst, removed_after=timedelta(hours=30))
    refer(analyst)

    public = transparency_figures(START, END, suppress=True)
    share = public.measure("share_removed").value
    assert isinstance(share, Share) and share.suppressed and share.percent is None
    assert share.numerator == Count(None, SMALL)
    assert "percentage not shown" in share.display
    assert public.measure("median_hours_to_removal").value.value is None

    body = page(client).content.decode()
    assert "fewer than 5" in body
    assert "2 of 3" not in body and "67%" not in body
    assert "Internal: unsuppressed" not in body

    internal = page(staff_client(staff_user)).content.decode()
    assert "2 of 3 (67%)" in internal

    # An administrator is staff but may not see internal figures.
    officer = page(staff_client(staff_user, Role.ADMINISTRATOR)).content.decode()
    assert "2 of 3 (67%)" not in officer


def test_five_or_more_are_shown_to_the_public(analyst: User, client: Client) -> None:
    for _ in range(6):
        refer(analyst, removed_after=timedelta(hours=2))
    body = page(client).content.decode()
    assert "6 of 6 (100%)" in body


def test_secondary_suppression_hides_the_next_smallest_in_a_line() -> None:
    raw = {"a": 3, "b": 10, "c": 12, "total": 25, "x": 0}
    counts = protect(raw, [["a", "b", "c", "total"]], suppress=True)
    assert counts["a"] == Count(None, SMALL) and counts["a"].display == "fewer than 5"
    assert counts["b"] == Count(None, COMPLEMENTARY) and counts["b"].display == "not shown"
    assert counts["c"] == Count(12) and counts["total"] == Count(25)
    assert Share(counts["b"], counts["total"]).display == "not shown (out of 25)"
    assert (
        Share(counts["a"], counts["total"]).display == "fewer than 5 of 25 (percentage not shown)"
    )
    assert counts["x"] == Count(0)
    # Two hidden already: nothing more to hide.
    counts = protect({"a": 3, "b": 2, "c": 12, "t": 17}, [["a", "b", "c", "t"]], suppress=True)
    assert counts["c"] == Count(12)
    # A cell shared by two lines is hidden in both, and the second line is protected too.
    counts = protect(
        {"p": 3, "q": 7, "r": 10, "s": 9, "u": 8},
        [["p", "q", "r"], ["q", "s", "u"]],
        suppress=True,
    )
    assert counts["q"].suppressed and counts["u"].suppressed
    assert protect(raw, [["a", "b", "c", "total"]], suppress=False)["a"] == Count(3)


def test_items_by_source_secondary_suppression_in_the_report(analyst: User, client: Client) -> None:
    for _ in range(3):
        submission(make_case(), Source.PUBLIC_REPORT)
    for _ in range(10):
        submission(make_case(), Source.PARTNER)
    table = transparency_figures(START, END, suppress=True).table("items_by_source")
    rows = {row.key: row.values[0] for row in table.rows}
    assert rows[Source.PUBLIC_REPORT].withheld == SMALL
    assert rows[Source.PARTNER].withheld == COMPLEMENTARY
    assert table.total is not None and table.total.values[0] == Count(13)
    staff = transparency_figures(START, END, suppress=False).table("items_by_source")
    assert {row.key: row.values[0] for row in staff.rows}[Source.PARTNER] == Count(10)


def test_distinct_items_by_source(analyst: User) -> None:
    case = make_case()
    for _ in range(3):
        submission(case, Source.PUBLIC_REPORT)
    submission(case, Source.PARTNER)
    table = transparency_figures(START, END, suppress=False).table("items_by_source")
    rows = {row.key: row.values for row in table.rows}
    assert rows[Source.PUBLIC_REPORT] == (Count(3), Count(1))
    assert table.total is not None and table.total.values == (Count(4), Count(1))


def test_cases_by_tier_and_ideology(analyst: User) -> None:
    make_case(tier=Tier.TIER_1, ideology=Ideology.EXTREME_RIGHT_WING)
    make_case(tier=Tier.TIER_1, ideology=Ideology.EXTREME_RIGHT_WING)
    make_case(tier=Tier.TIER_4, ideology=Ideology.ISLAMIST)
    make_case(created=at(date(2024, 7, 2)))
    table = transparency_figures(START, END, suppress=False).table("cases_by_tier_and_ideology")
    labels = [column.label for column in table.columns]
    row = {r.key: r.values for r in table.rows}[Tier.TIER_1]
    assert row[labels.index("Extreme right-wing")] == Count(2)
    assert row[-1] == Count(2)
    assert table.total is not None and table.total.values[-1] == Count(3)


def test_disputes_and_overturn_rate(analyst: User, staff_user: Callable[..., User]) -> None:
    referral = refer(analyst, status=ReferralStatus.WITHDRAWN)
    for status in [DisputeStatus.OVERTURNED] * 3 + [DisputeStatus.UPHELD, DisputeStatus.OPEN]:
        dispute(referral, status)
    dispute(referral, DisputeStatus.OVERTURNED, when=at(date(2024, 5, 31)))
    report = transparency_figures(START, END, suppress=False)
    rate = report.measure("overturn_rate").value
    assert isinstance(rate, Share)
    assert rate.display == "3 of 4 (75%)" and rate.percent == 75
    assert report.measure("restorations").value.display == "1 of 1 (100%)"
    outcomes = {row.key: row.values[0] for row in report.table("disputes_by_outcome").rows}
    assert outcomes == {"open": Count(1), "upheld": Count(1), "overturned": Count(3)}
    assert "3 of 4 (75%)" in page(staff_client(staff_user)).content.decode()
    public = transparency_figures(START, END, suppress=True).measure("overturn_rate").value
    assert isinstance(public, Share) and public.suppressed


def test_reuploads_caught(analyst: User) -> None:
    caught = [make_case(), make_case()]
    for case in caught:
        Signal.objects.create(case=case, kind=SignalKind.REUPLOAD, confidence=1, summary="x")
        Signal.objects.create(case=case, kind=SignalKind.REUPLOAD, confidence=1, summary="y")
    refer(analyst, case=caught[0], removed_after=timedelta(hours=1))
    plain = make_case()
    Signal.objects.create(case=plain, kind=SignalKind.ANALYST, confidence=1, summary="x")
    earlier = make_case(created=at(date(2024, 5, 20)))
    Signal.objects.create(case=earlier, kind=SignalKind.REUPLOAD, confidence=1, summary="x")
    report = transparency_figures(START, END, suppress=False)
    assert report.measure("reuploads_caught").value == Count(2)
    assert report.measure("reuploads_removed").value.display == "1 of 2 (50%)"


def test_not_referred_and_why(analyst: User) -> None:
    case = make_case()
    decide(case, analyst, kind=DecisionKind.NO_ACTION_OUT_OF_SCOPE)
    decide(case, analyst, kind=DecisionKind.NO_ACTION_OUT_OF_SCOPE)
    decide(case, analyst, kind=DecisionKind.NO_ACTION_PROTECTED)
    decide(case, analyst, kind=DecisionKind.ESCALATE_POLICE)
    # Not counted: second reviews, decisions not applied, referrals, outside the period.
    decide(case, analyst, kind=DecisionKind.NO_ACTION_PROTECTED, second=True)
    decide(case, analyst, kind=DecisionKind.NO_ACTION_PROTECTED, state=DecisionState.UNDONE)
    decide(case, analyst, kind=DecisionKind.NO_ACTION_PROTECTED, state=DecisionState.PENDING)
    decide(case, analyst, kind=DecisionKind.REFER)
    decide(case, analyst, kind=DecisionKind.NO_ACTION_PROTECTED, when=at(date(2024, 7, 1)))
    table = transparency_figures(START, END, suppress=False).table("not_referred")
    assert {row.key: row.values[0] for row in table.rows} == {
        "no_action_out_of_scope": Count(2),
        "no_action_protected": Count(1),
        "escalate_police": Count(1),
    }
    assert table.total is not None and table.total.values[0] == Count(4)


def test_referrals_by_platform_size_and_responses(analyst: User) -> None:
    small = platform("Small forum", SizeBand.SMALL)
    refer(analyst, to=small, removed_after=timedelta(days=2), response="accepted")
    refer(analyst, to=small, status=ReferralStatus.STILL_UP, response="refused")
    refer(analyst, status=ReferralStatus.STILL_UP, response="refused", response_reason="Satire.")
    refer(analyst, sent=None, status=ReferralStatus.DRAFT)  # never sent: not counted
    report = transparency_figures(START, END, suppress=False)
    by_platform = {row.label: row.values for row in report.table("referrals_by_platform").rows}
    assert by_platform["Small forum"][:2] == (Count(2), Count(1))
    assert by_platform["Small forum"][2].display == "1 of 2 (50%)"
    bands = {row.key: row.values for row in report.table("referrals_by_size_band").rows}
    assert bands[SizeBand.SMALL][0] == Count(2) and bands[SizeBand.VERY_LARGE][0] == Count(1)
    assert bands[SizeBand.MEDIUM][2].display == "0 of 0 (no percentage)"
    outcomes = {row.key: row.values[0] for row in report.table("referral_outcomes").rows}
    assert outcomes == {
        "removed": Count(1),
        "still_up": Count(2),
        "checking": Count(0),
        "withdrawn": Count(0),
    }
    responses = {row.key: row.values[0] for row in report.table("platform_responses").rows}
    assert responses == {"accepted": Count(1), "refused": Count(2), "awaiting": Count(0)}
    assert report.measure("refusals_with_reason").value.display == "1 of 2 (50%)"


def test_period_boundaries_are_inclusive_london_dates(analyst: User) -> None:
    inside = [
        at(START, 0, 0),  # the first moment of the start date (23:00 UTC the day before)
        at(END, 23, 30),  # late on the end date: 22:30 UTC
    ]
    outside = [
        at(START - timedelta(days=1), 23, 59),
        at(END + timedelta(days=1), 0, 30),  # 23:30 UTC on the end date, but 1 July in London
    ]
    for when in inside + outside:
        case = make_case(created=when)
        refer(analyst, case=case, sent=when, removed_after=timedelta(hours=1))
        submission(case, Source.ANALYST, when=when)
    report = transparency_figures(START, END, suppress=False)
    assert report.measure("referrals_sent").value == Count(2)
    table = report.table("items_by_source")
    assert table.total is not None and table.total.values[0] == Count(2)
    cases = report.table("cases_by_tier_and_ideology").total
    assert cases is not None and cases.values[-1] == Count(2)


# ---------------------------------------------------------------------------------------------
# Page, CSV, PDF, API


def test_page_has_sections_in_article_order_charts_and_tables(
    analyst: User, client: Client
) -> None:
    refer(analyst, removed_after=timedelta(hours=5))
    response = client.get(reverse("online:figures"))  # defaults: this year to today
    assert response.status_code == 200
    body = response.content.decode()
    order = [
        body.index(f'id="{key}"')
        for key in (
            "measures_taken",
            "reupload_prevention",
            "items_removed",
            "not_actioned",
            "complaints",
            "restorations",
        )
    ]
    assert order == sorted(order)
    assert body.count('role="img"') >= 10
    assert "<title id=" in body and "<desc id=" in body and "aria-labelledby=" in body
    assert '<th scope="col"' in body and '<th scope="row"' in body and "<caption" in body
    assert "How this is counted" in body
    assert ' style="' not in body and "<style" not in body
    response = page(client)
    assert "1 June 2024 to 30 June 2024" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2024-06-30", "end": "2024-06-01"}, "end", "on or after the start"),
        ({"start": "2024-01-01", "end": "2999-01-01"}, "end", "cannot be in the future"),
        ({"start": "2999-01-01", "end": "2999-02-01"}, "start", "cannot be in the future"),
        ({"start": "2010-01-01", "end": "2024-06-01"}, "end", "at most 5 years"),
        ({"start": "0001-01-01", "end": "2024-06-01"}, "end", "at most 5 years"),
        ({"start": "31/31/31", "end": "2024-06-01"}, "start", "Enter a valid date"),
        ({"start": "2024-06-01", "end": "9999-12-31"}, "end", "cannot be in the future"),
    ],
)
def test_bad_dates_are_form_errors_never_server_errors(
    client: Client, query: dict[str, str], field: str, message: str
) -> None:
    for name in ("online:figures", "online:figures-csv", "online:figures-pdf"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400, name
        body = response.content.decode()
        assert "There is a problem" in body and message in body
    response = client.get(reverse("api-online-figures"), query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert any(message in text for text in error["fields"][field])


def test_csv_has_tidy_columns_and_rows(
    analyst: User, client: Client, staff_user: Callable[..., User]
) -> None:
    refer(analyst, removed_after=timedelta(hours=5))
    response = staff_client(staff_user).get(reverse("online:figures-csv"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "internal-unsuppressed" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == CSV_COLUMNS
    share = next(r for r in rows if r["measure"] == "share_removed")
    assert (share["value"], share["denominator"], share["suppressed"]) == ("1", "1", "false")
    assert share["period_start"] == "2024-06-01" and share["period_end"] == "2024-06-30"
    assert share["section"] == "items_removed" and share["definition"]
    platform_row = next(
        r
        for r in rows
        if r["measure"] == "referrals_sent" and r["breakdown"] == "Platform: VideoShare"
    )
    assert platform_row["value"] == "1"
    assert AuditEvent.objects.filter(object_type="online.transparencyfigures").count() == 1

    public = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("online:figures-csv"), PERIOD).content.decode())
        )
    )
    share = next(r for r in public if r["measure"] == "share_removed")
    assert (share["value"], share["denominator"], share["suppressed"]) == ("", "", "true")
    zero = next(r for r in public if r["measure"] == "disputes" and r["breakdown"] == "Total")
    assert (zero["value"], zero["suppressed"]) == ("0", "false")
    assert AuditEvent.objects.filter(object_type="online.transparencyfigures").count() == 1


def test_pdf_is_a_pdf(analyst: User, client: Client, staff_user: Callable[..., User]) -> None:
    refer(analyst, removed_after=timedelta(hours=5))
    response = client.get(reverse("online:figures-pdf"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    internal = staff_client(staff_user).get(reverse("online:figures-pdf"), PERIOD)
    assert internal.content.startswith(b"%PDF")
    assert "internal-unsuppressed" in internal["Content-Disposition"]


def test_api_returns_the_suppressed_report(
    analyst: User, client: Client, staff_user: Callable[..., User]
) -> None:
    for _ in range(6):
        refer(analyst, removed_after=timedelta(hours=5))
    for _ in range(5):
        refer(analyst, status=ReferralStatus.STILL_UP)
    response = client.get(reverse("api-online-figures"), PERIOD)
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"start": "2024-06-01", "end": "2024-06-30"}
    assert data["suppressed"] is True
    assert [s["article"] for s in data["sections"]] == [
        "Article 7(3)(a)",
        "Article 7(3)(b)",
        "Article 7(3)(c)",
        "Article 7(3)(c)",
        "Article 7(3)(d)",
        "Article 7(3)(g)",
    ]
    removals = next(s for s in data["sections"] if s["key"] == "items_removed")
    share = next(m for m in removals["measures"] if m["key"] == "share_removed")
    assert share["definition"]
    assert share["value"] == {
        "type": "share",
        "numerator": 6,
        "denominator": 11,
        "percent": 54.5,
        "suppressed": False,
        "display": "6 of 11 (55%)",
    }
    outcomes = next(t for t in removals["tables"] if t["key"] == "time_to_removal")
    bucket = next(r for r in outcomes["rows"] if r["key"] == "1_6h")
    assert bucket["values"][0]["value"] == 6
    # Staff get the public figures from the API too.
    staff = staff_client(staff_user).get(reverse("api-online-figures"), PERIOD).json()
    assert staff["suppressed"] is True


def test_figures_do_not_run_a_query_per_row(
    analyst: User, django_assert_max_num_queries: Any
) -> None:
    for index in range(4):
        to = platform(f"Platform {index}", SizeBand.MEDIUM)
        for _ in range(3):
            case = make_case()
            submission(case, Source.PARTNER)
            refer(analyst, to=to, case=case, removed_after=timedelta(hours=index + 1))
    with django_assert_max_num_queries(12):
        transparency_figures(START, END, suppress=True)


def test_percent_text_never_rounds_to_all_or_nothing() -> None:
    assert percent_text(12, 15) == "80%"
    assert percent_text(999, 1000) == "99.9%"
    assert percent_text(1, 1000) == "0.1%"
    assert percent_text(1, 100000) == "under 0.1%"


def test_a_count_hidden_in_one_table_is_hidden_everywhere(analyst: User) -> None:
    """5 removed and 1 still being checked: 'removed' must go too, or 6 - 5 gives the 1 away."""
    for _ in range(5):
        refer(analyst, removed_after=timedelta(hours=5))
    refer(analyst)
    report = transparency_figures(START, END, suppress=True)
    outcomes = {row.key: row.values[0] for row in report.table("referral_outcomes").rows}
    assert outcomes["checking"].withheld == SMALL
    assert outcomes["removed"].withheld == COMPLEMENTARY
    share = report.measure("share_removed").value
    assert share.suppressed and share.display == "not shown (out of 6)"
    assert report.measure("median_hours_to_removal").value.value is None
    histogram = report.table("time_to_removal")
    assert histogram.total is not None and histogram.total.values[0].suppressed


def test_secondary_suppression_prefers_a_count_that_protects_two_lines() -> None:
    """Disputes: open 5, upheld 2, overturned 9. Hiding 'overturned' protects both the total
    and 'decided' (upheld + overturned); hiding 'open' would protect only the total."""
    raw = {"open": 5, "upheld": 2, "overturned": 9, "total": 16, "decided": 11}
    counts = protect(
        raw,
        [["open", "upheld", "overturned", "total"], ["upheld", "overturned", "decided"]],
        suppress=True,
    )
    assert counts["upheld"].withheld == SMALL
    assert counts["overturned"].withheld == COMPLEMENTARY
    assert counts["open"] == Count(5) and counts["decided"] == Count(11)
