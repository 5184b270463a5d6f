"""Outcome checks against a real local web server: still up, then gone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from endeavour.online.models import CaseStatus, OutcomeCause, ReferralStatus
from endeavour.online.services.outcomes import outcome_check_run, outcome_checks_due
from endeavour.online.services.referrals import CHECK_INTERVALS
from endeavour.online.tests.builders import platform_with_domain, referred_case
from tests.localsite import LocalSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred_local_page(local_site: LocalSite, settings: Any) -> Any:
    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = True
    platform_with_domain("127.0.0.1")
    url = local_site.set("/video/1", body=b"<title>Video</title><p>the video</p>")
    case = referred_case(url=url, send=True)
    return case.referrals.get()


def test_a_page_still_up_is_checked_again_later(referred_local_page: Any) -> None:
    referral = referred_local_page
    check = outcome_check_run(referral=referral)
    referral.refresh_from_db()
    assert check.cause == OutcomeCause.STILL_UP and check.http_status == 200
    assert referral.status == ReferralStatus.SENT and referral.checks_made == 1
    assert referral.next_check_at - check.checked_at == CHECK_INTERVALS[1]


def test_a_removed_page_closes_the_case_with_its_time_to_removal(
    referred_local_page: Any, local_site: LocalSite
) -> None:
    referral = referred_local_page
    local_site.remove("/video/1", status=410)
    later = referral.sent_at + timedelta(hours=5)
    check = outcome_check_run(referral=referral, now=later)
    referral.refresh_from_db()
    assert check.cause == OutcomeCause.REMOVED_BY_PLATFORM and check.http_status == 410
    assert referral.status == ReferralStatus.REMOVED and referral.time_to_removal_hours == 5.0
    assert referral.case.status == CaseStatus.CLOSED_REMOVED and referral.next_check_at is None


def test_checks_stop_after_the_last_interval(referred_local_page: Any) -> None:
    referral = referred_local_page
    for _ in CHECK_INTERVALS:
        outcome_check_run(referral=referral)
        referral.refresh_from_db()
    assert referral.status == ReferralStatus.STILL_UP and referral.next_check_at is None
    assert referral.case.status == CaseStatus.CLOSED_STILL_UP
    assert referral.checks.count() == len(CHECK_INTERVALS)


def test_due_checks_are_found_by_time(referred_local_page: Any) -> None:
    referral = referred_local_page
    assert outcome_checks_due() == []
    assert outcome_checks_due(timezone.now() + timedelta(hours=2)) == [referral.pk]


def test_a_check_refuses_private_addresses_in_production(
    referred_local_page: Any, settings: Any
) -> None:
    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = False
    check = outcome_check_run(referral=referred_local_page)
    assert check.cause == OutcomeCause.UNREACHABLE and check.http_status is None
