"""The pages, exports and API through HTTP: forms refuse bad input with clear messages, imports are
all or nothing with row numbers, registration ends with a set-password link, public figures hide
small counts, and the PDFs, CSV and Excel files are real."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import make_staff, sign_in
from endeavour.core.models import Organisation, Role, User
from endeavour.grants.models import Application, Call, Grant, RegistrationRequest
from endeavour.grants.services.monitoring import OutcomeRow
from endeavour.grants.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client() -> Client:
    return sign_in(Client(), f.officer())


def call_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Fund 2027",
        "summary": "Projects.",
        "themes": ["strengthen"],
        "budget": "100000",
        "max_grant": "40000",
        "opens_at": "2027-01-01T09:00",
        "closes_at": "2027-02-01T12:00",
        "decision_date": "2027-03-01",
        "eligible_legal_forms": ["charity"],
        "london_only": "on",
        "divergence_threshold": "15",
    }
    data.update(overrides)
    return data


def test_a_call_with_a_maximum_grant_over_its_budget_is_refused(officer_client: Client) -> None:
    response = officer_client.post(
        reverse("grants:call-create"), call_form(max_grant="200000", closes_at="2026-12-01T12:00")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The maximum grant cannot be more than the call" in text
    assert 'href="#id_max_grant"' in text
    assert not Call.objects.exists()
    response = officer_client.post(reverse("grants:call-create"), call_form())
    call = Call.objects.get()
    assert response["Location"] == call.get_absolute_url()
    response = officer_client.post(
        call.get_absolute_url(), {"name": "Need", "weight": "2", "descriptors": "No\nYes"}
    )
    assert response.status_code == 302
    assert call.criteria.get().scale_max == 1
    officer_client.post(reverse("grants:call-publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.is_published


def test_a_second_application_links_to_the_first(fund_call: Call) -> None:
    app = f.application(fund_call, submit=False)
    applicant = User.objects.filter(organisation=app.organisation).first()
    client = sign_in(Client(), applicant)
    response = client.post(reverse("grants:apply", args=[fund_call.pk]), follow=True)
    text = response.content.decode()
    assert "already has an application to this call" in text
    assert f'href="{app.get_absolute_url()}"' in text
    assert Application.objects.filter(call=fund_call).count() == 1


@pytest.fixture
def fund_call() -> Call:
    return f.call()


def test_save_and_resume_then_submit_shows_what_is_missing(fund_call: Call) -> None:
    org = f.organisation()
    client = sign_in(Client(), f.applicant(org))
    response = client.post(reverse("grants:apply", args=[fund_call.pk]))
    app = Application.objects.get(organisation=org)
    assert response["Location"] == app.get_absolute_url()
    response = client.post(
        app.get_absolute_url(),
        {"project_title": "Draft idea", "amount_requested": "50000", "submit": "1"},
        follow=True,
    )
    text = response.content.decode()
    assert "saved but not submitted" in text
    assert "more than the maximum grant of £40,000" in text
    assert "Attach: constitution or governing document, safeguarding policy" in text
    app.refresh_from_db()
    assert app.status == "draft" and app.project_title == "Draft idea"
    assert 'value="Draft idea"' in client.get(app.get_absolute_url()).content.decode()


def test_scoring_form_refuses_a_score_outside_the_scale() -> None:
    app = f.application()
    assignment = f.assign(app)
    client = sign_in(Client(), assignment.assessor)
    need, delivery = app.call.criteria.all()
    response = client.post(
        reverse("grants:assess", args=[assignment.pk]),
        {f"score_{need.pk}": "7", f"score_{delivery.pk}": "2"},
    )
    assert response.status_code == 400
    assert "Choose a score from 0 to 4" in response.content.decode()
    assert not assignment.scores.exists()


def test_over_budget_award_is_refused_on_the_page(officer_client: Client) -> None:
    call = f.call(budget=30_000, max_grant=30_000)
    first = f.scored(f.application(call, amount=20_000))
    f.award(first)
    second = f.scored(f.application(call, amount=20_000))
    response = officer_client.post(
        reverse("grants:decide", args=[second.pk]),
        {"outcome": "award", "amount": "20000", "reasons": "Good."},
    )
    assert response.status_code == 400
    assert "over its budget of £30,000 (£10,000 is left)" in response.content.decode()
    assert not Grant.objects.filter(application=second).exists()


def test_ranking_shows_the_line_where_the_budget_runs_out(officer_client: Client) -> None:
    call = f.call(budget=45_000)
    top = f.scored(f.application(call, amount=30_000), (4, 4), (4, 3))
    below = f.scored(f.application(call, amount=30_000, boroughs=["E09000025"]), (2, 2), (2, 1))
    text = officer_client.get(reverse("grants:call-ranking", args=[call.pk])).content.decode()
    assert (
        text.index(top.reference)
        < text.index("The budget runs out here")
        < text.index(below.reference)
    )
    assert re.search(r"Camden</th><td class=\"num\">1</td>", text)
    assert "Newham</th>" not in text


def test_import_reports_every_problem_by_row_and_imports_nothing(officer_client: Client) -> None:
    call = f.call(budget=50_000, max_grant=30_000)
    bad = (
        "organisation,project_title,theme,amount,boroughs,start_date,end_date\n"
        "Group A,Project A,strengthen,20000,Camden,2021-01-01,2021-12-31\n"
        "Group B,Project B,not-a-theme,90000,Atlantis,2021-13-01,2021-12-31\n"
        "Group A,Project C,safeguard,1000,E09000025,2021-01-01,2021-12-31\n"
    )
    bad_file = io.BytesIO(bad.encode())
    bad_file.name = "awards.csv"
    response = officer_client.post(
        reverse("grants:call-import", args=[call.pk]), {"file": bad_file}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was imported: 5 problems" in text
    for row, column in [
        ("3", "theme"),
        ("3", "amount"),
        ("3", "boroughs"),
        ("3", "start_date"),
        ("4", "organisation"),
    ]:
        assert re.search(rf"<td>{row}</td><td>{column}</td>", text), (row, column)
    assert not Grant.objects.exists()
    good = io.BytesIO(
        b"organisation,project_title,theme,amount,boroughs,start_date,end_date\n"
        b"Group A,Project A,strengthen,20000,Camden;Newham,2021-01-01,2021-12-31\n"
        b"Group B,Project B,Safeguard people vulnerable to radicalisation,25000,E09000028,"
        b"01/02/2021,31/01/2022\n"
    )
    good.name = "past.csv"
    response = officer_client.post(reverse("grants:call-import", args=[call.pk]), {"file": good})
    assert response.status_code == 302
    assert Grant.objects.filter(application__call=call).count() == 2
    assert Organisation.objects.filter(name="Group B").exists()


def test_a_malformed_workbook_is_refused_with_a_message(officer_client: Client) -> None:
    call = f.call()
    broken = io.BytesIO(b"PK\x03\x04 not really a workbook")
    broken.name = "awards.xlsx"
    response = officer_client.post(reverse("grants:call-import", args=[call.pk]), {"file": broken})
    assert response.status_code == 400
    assert "cannot be read as an Excel workbook" in response.content.decode()


def test_registration_approval_emails_a_set_password_link_that_works(
    officer_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    public = Client()
    response = public.post(
        reverse("grants:register"),
        {
            "organisation_name": "Lewisham Link-Up",
            "legal_form": "cio",
            "borough": str(f.organisation("E09000023").borough_id),
            "contact_first_name": "Lee",
            "contact_last_name": "Link",
            "contact_email": "Lee@LinkUp.example",
        },
    )
    assert response.status_code == 302
    request = RegistrationRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with_capture = officer_client.post(
            reverse("grants:registration-detail", args=[request.pk]), {"decision": "approve"}
        )
    assert with_capture.status_code == 302
    user = User.objects.get(email="lee@linkup.example")
    assert user.has_role(Role.APPLICANT) and not user.has_usable_password()
    assert user.organisation is not None and user.organisation.name == "Lewisham Link-Up"
    link = re.search(r"https?://\S+/fund/set-password/\S+/", mail.outbox[0].body)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = public.post(
        "/" + path, {"new_password1": "Brand-new-pass-2026", "new_password2": "Brand-new-pass-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-2026")
    assert public.get("/" + path).status_code == 400  # used once


def test_return_form_refuses_bands_that_do_not_add_up() -> None:
    org = f.organisation()
    grant = f.awarded_grant(org)
    client = sign_in(Client(), f.applicant(org))
    item = grant.returns.order_by("period_start").first()
    response = client.post(
        reverse("grants:my-return", args=[item.pk]),
        {"activities_delivered": "2", "participants": "10", "age__16_24": "4"},
    )
    assert response.status_code == 400
    assert (
        "Age: the bands add up to 4 but 10 participants were reached" in response.content.decode()
    )


def test_dashboard_map_exports_and_pdfs(officer_client: Client) -> None:
    grant = f.awarded_grant()
    item = grant.returns.order_by("period_start").first()
    f.submit_return(
        item,
        participants=30,
        outcomes=[OutcomeRow(f.instrument("Belonging"), 12, Decimal("3"), Decimal("3.5"))],
    )
    text = officer_client.get(reverse("grants:dashboard")).content.decode()
    assert "Camden: £20,000" in text and "Camden: 30" in text
    assert "not a controlled comparison" in text
    assert re.search(r"Belonging.*?<td class=\"num\">12</td>", text, re.S)
    csv_text = officer_client.get(reverse("grants:dashboard-csv")).content.decode()
    assert "Camden,1,20000,30" in csv_text
    xlsx = officer_client.get(reverse("grants:dashboard-xlsx"))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert {"About", "By borough", "By theme", "By call", "Outcomes"} <= set(workbook.sheetnames)
    for name, pk in (
        ("call-summary-pdf", grant.application.call_id),
        ("decision-letter", grant.application_id),
    ):
        response = officer_client.get(reverse(f"grants:{name}", args=[pk]))
        assert response.content.startswith(b"%PDF"), name


def test_public_figures_show_counts_under_five_as_fewer_than_five() -> None:
    grant = f.awarded_grant()
    f.submit_return(grant.returns.order_by("period_start").first(), participants=3)
    page = Client().get(reverse("grants:funded")).content.decode()
    assert "Camden: Fewer than 5" in page
    assert "Camden: 3" not in page
    api = Client().get(reverse("api-grants-funded")).json()
    camden = next(r for r in api["figures"]["by_borough"] if r["label"] == "Camden")
    assert camden["participants"] is None and camden["projects"] is None
    csv_text = Client().get(reverse("grants:funded-csv")).content.decode()
    assert "Camden,fewer than 5,20000,fewer than 5" in csv_text
    staff = sign_in(Client(), make_staff(Role.AUDITOR)).get(reverse("grants:dashboard"))
    assert "Camden: 3" in staff.content.decode()


def test_api_staff_endpoints_and_error_shape(officer_client: Client) -> None:
    grant = f.awarded_grant()
    listing = officer_client.get(reverse("api-grants-application-list")).json()
    assert listing["results"][0]["reference"] == grant.application.reference
    detail = officer_client.get(
        reverse("api-grants-application-detail", args=[grant.application_id])
    ).json()
    assert detail["decision"]["outcome"] == "award"
    missing = officer_client.get(reverse("api-grants-application-detail", args=[999999]))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    bad = Client().get(reverse("api-grants-funded") + "?call=abc")
    assert bad.status_code == 400 and "call" in bad.json()["error"]["fields"]
    assert officer_client.get(reverse("api-grants-grant-list")).json()["count"] == 1


def test_applicant_accepts_the_agreement_and_officer_records_payment_and_variation(
    officer_client: Client,
) -> None:
    org = f.organisation()
    grant = f.awarded_grant(org)
    applicant = sign_in(Client(), f.applicant(org))
    assert applicant.post(reverse("grants:my-grant", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.accepted_at is not None
    first = grant.instalments.order_by("due_date").first()
    response = officer_client.post(
        reverse("grants:instalment-paid", args=[first.pk]), {"paid_on": "2999-01-01"}
    )
    first.refresh_from_db()
    assert first.paid_on is None  # a future payment date is refused
    officer_client.post(
        reverse("grants:instalment-paid", args=[first.pk]),
        {"paid_on": grant.start_date.isoformat()},
    )
    first.refresh_from_db()
    assert first.paid_on == grant.start_date
    response = officer_client.post(
        reverse("grants:variation", args=[grant.pk]), {"amount": "500000", "reason": "More"}
    )
    assert response.status_code == 400
    assert "over its budget" in response.content.decode()
    response = officer_client.post(
        reverse("grants:variation", args=[grant.pk]), {"amount": "22000", "reason": "Extra"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.amount == 22_000 and grant.variations.count() == 1


def test_work_queues_count_what_is_waiting(officer_client: Client) -> None:
    f.application()
    diverging = f.scored(f.application(), (4, 4), (0, 0))
    home = officer_client.get(reverse("core:staff-home")).content.decode()
    assert re.search(r'card__count">1</span> <span class="card__label">Divergent grant', home)
    assert re.search(
        r'card__count">1</span> <span class="card__label">Grant applications needing', home
    )
    work = officer_client.get(reverse("grants:work")).content.decode()
    assert diverging.reference in work


def test_registration_contacts_are_cleared_after_the_retention_period(
    officer_client: Client,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from endeavour.grants.registrations import purge_registration_contacts
    from endeavour.grants.services.registration import (
        registration_refuse,
        registration_request_create,
    )

    request = registration_request_create(
        organisation_name="Short-lived group",
        legal_form="charity",
        borough=f.organisation().borough,
        contact_first_name="Sam",
        contact_last_name="Short",
        contact_email="sam@short.example",
    )
    registration_refuse(request=request, by=f.officer(), reason="Not in London.")
    assert purge_registration_contacts(timezone.now() - timedelta(days=1)) == 0
    assert purge_registration_contacts(timezone.now() + timedelta(days=1)) == 1
    request.refresh_from_db()
    assert request.contact_purged and request.contact_email != "sam@short.example"
    assert request.organisation_name == "Short-lived group"
