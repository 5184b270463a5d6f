"""The help finder: the right services for a borough and worry, in English and Polish, counted as
aggregate counters only; and the staff pages that keep the services current."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from endeavour.core.work_queues import counts_for
from endeavour.safeguarding.models import Coverage, HelpFinderUse, ServiceKind, SupportService
from endeavour.safeguarding.tests import factories as f

pytestmark = pytest.mark.django_db
FINDER = reverse("safeguarding:help-finder")


def test_the_help_finder_shows_the_boroughs_services_and_helplines(client: Client) -> None:
    camden = f.service(name="Camden contact", kind=ServiceKind.BOROUGH_CONTACT)
    f.service(name="Newham youth project", boroughs=[f.NEWHAM])
    f.service(name="National line", kind=ServiceKind.HELPLINE, coverage=Coverage.NATIONAL)
    f.service(name="Hate-only line", coverage=Coverage.LONDON, worries=["hate_victim"])
    f.routing()
    response = client.get(FINDER, {"borough": f.CAMDEN, "worry": "drawn_in"})
    page = response.content.decode()
    assert response.status_code == 200
    assert camden.name in page and "National line" in page
    assert "Newham youth project" not in page and "Hate-only line" not in page
    assert "Prevent is voluntary" in page and "0800 789 321" in page and "999" in page
    assert "criminal record" in page
    assert "Send your concern to the Camden Prevent team" in page


def test_use_is_counted_per_month_borough_and_worry_with_nothing_about_the_visitor(
    client: Client,
) -> None:
    for _ in range(3):
        client.get(FINDER, {"borough": f.CAMDEN, "worry": "myself"})
    client.get(FINDER, {"borough": f.NEWHAM, "worry": "myself"})
    client.get(FINDER)  # the empty form is not counted
    (camden,) = HelpFinderUse.objects.filter(borough__gss_code=f.CAMDEN)
    assert camden.count == 3 and camden.month == timezone.localdate().replace(day=1)
    assert HelpFinderUse.objects.count() == 2
    fields = {field.name for field in HelpFinderUse._meta.get_fields()}
    assert fields == {"id", "month", "borough", "worry", "count"}


def test_one_address_cannot_inflate_the_counts(client: Client) -> None:
    for _ in range(40):
        assert client.get(FINDER, {"borough": f.CAMDEN, "worry": "myself"}).status_code == 200
    assert HelpFinderUse.objects.get().count == 30


def test_i_dont_know_leads_to_the_list_of_boroughs(client: Client) -> None:
    response = client.get(FINDER, {"borough": "unknown", "worry": "hate_victim"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "London Borough of Camden" in page and "City of London" in page
    assert f"?borough={f.CAMDEN}&amp;worry=hate_victim" in page


def test_bad_choices_are_refused_with_a_message(client: Client) -> None:
    response = client.get(FINDER, {"borough": "E99999999", "worry": "<script>"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page and "<script>" not in page


def test_the_help_finder_in_polish(client: Client) -> None:
    f.service(name="Camden contact", description="In English.", description_pl="Po polsku.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    page = client.get(FINDER, {"borough": f.CAMDEN, "worry": "drawn_in"}).content.decode()
    assert "Martwisz się o kogoś? Znajdź pomoc" in page
    assert "Po polsku." in page and "In English." not in page
    assert "Ktoś ulega poglądom ekstremistycznym" in page


def test_services_not_checked_recently_are_marked_and_queued(client_as: Any) -> None:
    stale = f.service(name="Stale service")
    SupportService.objects.filter(pk=stale.pk).update(
        last_checked_on=timezone.localdate() - timedelta(days=181)
    )
    f.service(name="Fresh service")
    page = Client().get(FINDER, {"borough": f.CAMDEN, "worry": "drawn_in"}).content.decode()
    assert page.count("Not checked recently") == 1
    officer = f.manager()
    (queue,) = [q for q in counts_for(officer) if "not checked recently" in q.label]
    assert queue.count == 1
    client = client_as("reports_officer")
    client.post(reverse("safeguarding:service-mark-checked", args=[stale.pk]))
    stale.refresh_from_db()
    assert stale.last_checked_on == timezone.localdate()


def test_staff_add_a_service_and_mistakes_are_named(client_as: Any) -> None:
    client = client_as("programme_officer")
    url = reverse("safeguarding:service-create")
    base = {
        "name": "Southwark mentors",
        "kind": "community_organisation",
        "coverage": "boroughs",
        "phone": "020 7946 0333",
        "description": "Mentoring for young people.",
        "last_checked_on": timezone.localdate().isoformat(),
        "is_active": "on",
    }
    response = client.post(url, base)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose at least one kind of worry" in page
    response = client.post(url, {**base, "worries": ["drawn_in"]})
    assert "Choose the boroughs it serves" in response.content.decode()
    response = client.post(url, {**base, "worries": ["drawn_in"], "description": "<b>hi</b>"})
    assert "without HTML tags" in response.content.decode()
    southwark = f.borough("E09000028")
    response = client.post(url, {**base, "worries": ["drawn_in"], "boroughs": [southwark.pk]})
    assert response.status_code == 302
    service = SupportService.objects.get(name="Southwark mentors")
    assert list(service.boroughs.all()) == [southwark] and service.worries == ["drawn_in"]


def test_routing_by_email_needs_an_address(client_as: Any) -> None:
    client = client_as("reports_officer")
    url = reverse("safeguarding:routing-edit", args=[f.borough(f.NEWHAM).pk])
    data = {"team_name": "Newham team", "channel": "email_notice", "is_active": "on"}
    assert "Give the team&#x27;s email address" in client.post(url, data).content.decode()
    client.post(url, {**data, "team_email": "team@newham.example.invalid"})
    assert f.borough(f.NEWHAM).routing.team_email == "team@newham.example.invalid"


def test_auditors_read_but_do_not_change(client_as: Any) -> None:
    client = client_as("auditor")
    assert client.get(reverse("safeguarding:service-list")).status_code == 200
    assert client.get(reverse("safeguarding:service-create")).status_code == 403
