"""HTTP: the public form (spam checks, save and resume, bad input), staff pages, import with
column mapping, the analysis run, theme work, findings and exports, the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from endeavour.consultations.forms.public import timestamp_token
from endeavour.consultations.models import (
    Answer,
    AssignmentState,
    Consultation,
    MadeBy,
    QuestionKind,
    Response,
    ResponseStatus,
    Theme,
)
from endeavour.consultations.tests import factories
from endeavour.core.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_wait(settings: Any) -> None:
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0


def _form(c: Consultation, **answers: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"started": timestamp_token(), "website": "", "action": "send"}
    data["respondent_type"] = str(c.respondent_types.first().pk)  # type: ignore[union-attr]
    data.update(answers)
    return data


def test_the_public_form_takes_a_response_without_an_account() -> None:
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:respond", args=[c.pk])
    page = Client().get(url)
    assert page.status_code == 200
    assert b"privacy notice" in page.content and b"<legend" in page.content
    response = Client().post(url, _form(c, **{f"q{q.pk}": "More youth clubs."}))
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    assert Answer.objects.get().text == "More youth clubs."


def test_the_honeypot_and_a_too_quick_post_are_refused(settings: Any) -> None:
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:respond", args=[c.pk])
    bot = Client().post(url, _form(c, website="http://spam", **{f"q{q.pk}": "Buy"}))
    assert bot.status_code == 400 and b"Leave this empty" in bot.content
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 60
    quick = Client().post(url, _form(c, **{f"q{q.pk}": "Fast"}))
    assert quick.status_code == 400 and b"very quickly" in quick.content
    assert b"Fast" in quick.content  # nothing lost: the answer is shown again
    assert not Response.objects.exists()


def test_huge_pastes_and_empty_answers_get_clear_messages_and_keep_the_text(settings: Any) -> None:
    settings.CONSULTATIONS_MAX_ANSWER_CHARS = 100
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:respond", args=[c.pk])
    huge = "word " * 50
    page = Client().post(url, _form(c, **{f"q{q.pk}": huge}))
    assert page.status_code == 400
    assert b"249 characters long. The limit is 100" in page.content
    assert huge.strip().encode() in page.content
    assert f'href="#id_q{q.pk}"'.encode() in page.content  # the error summary links to the field
    empty = Client().post(url, _form(c, **{f"q{q.pk}": "   "}))
    assert b"Answer at least one question" in empty.content


def test_other_languages_are_accepted() -> None:
    c = factories.consultation()
    q = factories.question(c)
    text = "Нам нужны молодежные клубы. 我们需要青年俱乐部。"
    Client().post(reverse("consultations:respond", args=[c.pk]), _form(c, **{f"q{q.pk}": text}))
    assert Answer.objects.get().text == text


def test_save_and_resume() -> None:
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:respond", args=[c.pk])
    saved = Client().post(url, _form(c, action="save", **{f"q{q.pk}": "Half an idea"}))
    assert saved.status_code == 200 and b"Your answers are saved" in saved.content
    link = saved.context["link"]
    path = link[link.index("/consultations/") :]
    resumed = Client().get(path)
    assert b"Half an idea" in resumed.content
    sent = Client().post(path, _form(c, **{f"q{q.pk}": "A whole idea"}))
    assert sent.status_code == 302
    only = Response.objects.get()
    assert only.status == ResponseStatus.SUBMITTED and only.answers.get().text == "A whole idea"
    gone = Client().get(path)
    assert gone.status_code == 404 and b"could not find saved answers" in gone.content


def test_closed_consultations_refuse_politely() -> None:
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    c = factories.consultation(
        opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    page = Client().get(reverse("consultations:respond", args=[c.pk]))
    assert page.status_code == 410 and b"closed on" in page.content


def test_unpublished_consultations_are_not_found() -> None:
    c = factories.consultation(published=False)
    assert Client().get(reverse("consultations:respond", args=[c.pk])).status_code == 404
    assert Client().get(reverse("consultations:public-findings", args=[c.pk])).status_code == 404


def test_the_public_form_is_rate_limited(settings: Any) -> None:
    settings.CONSULTATIONS_RESPONSE_RATE_LIMIT = 2
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:respond", args=[c.pk])
    client = Client()
    codes = [client.post(url, _form(c, **{f"q{q.pk}": "x"})).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_a_programme_officer_sets_up_a_consultation(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    response = client.post(
        reverse("consultations:create"),
        {
            "title": "Safer streets",
            "description": "Tell us.",
            "privacy_notice": "Kept two years.",
            "opens_on": "2026-01-01",
            "closes_on": "2025-12-01",
            "respondent_types": "Resident\nExpert",
        },
    )
    assert response.status_code == 400 and b"on or after the opening date" in response.content
    response = client.post(
        reverse("consultations:create"),
        {
            "title": "Safer streets",
            "description": "Tell us.",
            "privacy_notice": "Kept two years.",
            "opens_on": "2026-01-01",
            "closes_on": "2030-12-01",
            "respondent_types": "Resident\nExpert",
            "is_published": "on",
        },
    )
    c = Consultation.objects.get()
    assert response.status_code == 302
    add = client.post(
        reverse("consultations:question-add", args=[c.pk]),
        {"text": "Pick", "kind": "single_choice", "choices": "Only one"},
    )
    assert add.status_code == 400 and b"at least two options" in add.content


def _upload(client: Client, c: Consultation, name: str, data: bytes) -> Any:
    return client.post(
        reverse("consultations:import", args=[c.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def test_import_with_column_mapping_and_row_problems(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    c = factories.consultation()
    q = factories.question(c, text="What should we do?")
    bad = _upload(client, c, "export.csv", b'id,"What should we do?\n1,"unclosed')
    assert bad.status_code in (302, 400)
    broken = _upload(client, c, "export.csv", "caf\xe9".encode("latin-1"))
    assert broken.status_code == 400 and b"UTF-8" in broken.content
    data = b"id,Respondent type,What should we do?\n1,Resident,Clubs\n2,Martian,Police\n"
    step = _upload(client, c, "export.csv", data)
    assert step.status_code == 302
    mapping = client.get(step["Location"])
    assert mapping.context["form"].initial[f"question:{q.pk}"] == "What should we do?"
    form = {
        f"question:{q.pk}": "What should we do?",
        "respondent_type": "Respondent type",
        "external_id": "id",
    }
    checked = client.post(step["Location"], form)
    assert checked.status_code == 400 and b"Martian" in checked.content
    assert not Response.objects.exists()
    form.pop("respondent_type")
    done = client.post(step["Location"], form)
    assert done.status_code == 302 and Response.objects.count() == 2
    again = client.post(_upload(client, c, "export.csv", data)["Location"], form, follow=True)
    assert b"0 responses" in again.content and b"2 already imported" in again.content
    assert Response.objects.count() == 2


def test_documents_are_added_as_passages(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.PROGRAMME_OFFICER)
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:document-add", args=[c.pk])
    page = client.get(url)
    assert page.status_code == 200 and b".pdf" in page.content and b"scanned" in page.content
    pdf = client.post(
        url, {"file": SimpleUploadedFile("r.pdf", b"%PDF-1.4"), "kind": "other", "question": q.pk}
    )
    assert pdf.status_code == 400 and b"could not be read as a PDF" in pdf.content
    ok = client.post(
        url,
        {
            "file": SimpleUploadedFile("n.txt", b"One.\n\nTwo points here."),
            "kind": "focus_group",
            "question": q.pk,
            "title": "Notes",
        },
    )
    assert ok.status_code == 302
    assert Answer.objects.filter(response__document__title="Notes").count() == 2


def test_a_pdf_is_uploaded_through_the_page(client_as: Callable[..., Client]) -> None:
    from weasyprint import HTML

    client = client_as(Role.PROGRAMME_OFFICER)
    c = factories.consultation()
    q = factories.question(c)
    url = reverse("consultations:document-add", args=[c.pk])

    def post(name: str, html: str) -> Any:
        data = bytes(HTML(string=html).write_pdf())
        return client.post(
            url,
            {
                "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
                "kind": "engagement_report",
                "question": q.pk,
                "title": name,
            },
        )

    scanned = post("scan.pdf", '<div style="height: 4cm; background: #000"></div>')
    assert scanned.status_code == 400
    assert b"this PDF has no text we can read" in scanned.content
    assert not Response.objects.exists()
    ok = post(
        "report.pdf",
        "<p>Residents want safer parks.</p>"
        '<p style="page-break-before: always">Schools need more mentors.</p>',
    )
    assert ok.status_code == 302
    texts = list(
        Answer.objects.filter(response__document__filename="report.pdf").values_list(
            "text", flat=True
        )
    )
    assert texts == ["Residents want safer parks.", "Schools need more mentors."]


def _analyse(client: Client, c: Consultation, capture: Any) -> None:
    with capture(execute=True):
        response = client.post(reverse("consultations:analyse", args=[c.pk]))
    assert response.status_code == 302


def _analysed(client: Client, capture: Any) -> tuple[Consultation, Any]:
    c = factories.consultation()
    q = factories.question(c, asks_stance=True)
    texts = [
        "Bring back youth clubs",
        "Youth clubs closed here",
        "More youth clubs please",
        "Police must listen more",
        "We do not trust the police",
        "Police should listen",
        "Teach online safety in school",
        "Online safety lessons",
        "Schools teach online safety",
    ]
    for text in texts * 2:
        factories.respond(c, {q.pk: text})
    _analyse(client, c, capture)
    return c, q


def test_the_analysis_runs_and_people_edit_the_themes(
    client_as: Callable[..., Client], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as(Role.ANALYST)
    c, q = _analysed(client, django_capture_on_commit_callbacks)
    from endeavour.jobs.models import JobRun

    job = JobRun.objects.get()
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    detail = client.get(reverse("consultations:detail", args=[c.pk]))
    assert b"Finished" in detail.content
    live = list(Theme.objects.filter(question=q))
    assert len(live) >= 2
    assert all(t.created_by_kind == MadeBy.MACHINE for t in live)
    page = client.get(reverse("consultations:question", args=[q.pk]))
    assert page.status_code == 200 and b"Suspected duplicate" in page.content
    first, second = live[0], live[1]
    merged = client.post(
        reverse("consultations:theme-merge", args=[first.pk]), {"themes": [second.pk]}
    )
    assert merged.status_code == 302
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    assignment = first.assignments.first()
    assert assignment is not None
    client.post(
        reverse("consultations:assignment-decide", args=[assignment.pk]), {"action": "confirm"}
    )
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.CONFIRMED and assignment.made_by == MadeBy.PERSON
    client.post(reverse("consultations:theme-rename", args=[first.pk]), {"label": "Our label"})
    # Running again keeps the person's work.
    _analyse(client, c, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assignment.refresh_from_db()
    assert first.label == "Our label" and first.is_live
    assert assignment.state == AssignmentState.CONFIRMED
    findings = client.get(reverse("consultations:findings", args=[c.pk]))
    assert b"Our label" in findings.content and b"of 18 answers" in findings.content
    pdf = client.get(reverse("consultations:findings-pdf", args=[c.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("consultations:findings-csv", args=[c.pk]))
    assert b"Our label" in csv.content


def test_auditors_read_but_cannot_change_themes(client_as: Callable[..., Client]) -> None:
    c = factories.consultation()
    q = factories.question(c)
    t1, t2 = factories.theme(q, "One"), factories.theme(q, "Two")
    auditor = client_as(Role.AUDITOR)
    assert auditor.get(reverse("consultations:theme", args=[t1.pk])).status_code == 200
    refused = auditor.post(reverse("consultations:theme-merge", args=[t1.pk]), {"themes": [t2.pk]})
    assert refused.status_code == 403
    t2.refresh_from_db()
    assert t2.merged_into_id is None
    borough = client_as(Role.BOROUGH_OFFICER)
    assert borough.get(reverse("consultations:theme", args=[t1.pk])).status_code == 403


def test_public_findings_and_api_hide_small_counts_and_flagged_quotes() -> None:
    c = factories.consultation()
    q = factories.question(c)
    choice = factories.question(c, QuestionKind.LIKERT)
    t = factories.theme(q, "Clubs")
    answers = []
    for i in range(6):
        r = factories.respond(c, {q.pk: f"Clubs answer {i}", choice.pk: "Agree"})
        answers.append(r.answers.get(question=q))
        factories.propose(answers[-1], t)
    answers[0].safety_status = "flagged"
    answers[0].save()
    t.quote_ids = [answers[0].pk, answers[1].pk]
    t.save()
    page = Client().get(reverse("consultations:public-findings", args=[c.pk]))
    assert b"6 of 6 answers (100%)" in page.content
    assert b"Clubs answer 1" in page.content and b"Clubs answer 0" not in page.content
    assert b"fewer than 5" in page.content
    api = Client().get(reverse("api-consultations-findings", args=[c.pk])).json()
    row = api["questions"][0]["themes"][0]
    assert row["count"] == 6 and row["base"] == 6
    assert row["by_respondent_type"]["Young person"]["count"] is None or (
        row["by_respondent_type"]["Young person"]["base"] == 0
    )
    assert api["questions"][1]["options"][1]["text"] == "6 of 6 answers (100%)"


def test_themes_can_be_linked_from_recommendations() -> None:
    from endeavour.recommendations import links

    c = factories.consultation()
    q = factories.question(c)
    t = factories.theme(q, "Clubs")
    kind = links.kind_for("consultation_theme")
    assert kind.check(f"theme-{t.pk}") == f"THEME-{t.pk}"
    from django.contrib.auth.models import AnonymousUser

    target = kind.describe([f"THEME-{t.pk}"], AnonymousUser())[f"THEME-{t.pk}"]
    assert "Clubs" in target.label and "findings" in target.url


def test_findings_page_and_csv_show_cells_hidden_to_protect_small_counts(
    client_as: Callable[..., Client],
) -> None:
    c = factories.consultation()
    q = factories.question(c)
    resident, young = list(c.respondent_types.all())[:2]
    t = factories.theme(q, "Clubs")
    for i in range(12):
        r = factories.respond(c, {q.pk: f"a{i}"}, respondent_type=resident if i < 9 else young)
        if i < 6 or i == 10:
            factories.propose(r.answers.get(), t)
    page = Client().get(reverse("consultations:public-findings", args=[c.pk]))
    assert b"fewer than 5" in page.content and b"not shown" in page.content
    assert b"hidden so that a small number cannot be worked out from the total" in page.content
    assert b"6 (67%)" not in page.content
    csv = client_as(Role.PROGRAMME_OFFICER).get(reverse("consultations:findings-csv", args=[c.pk]))
    assert csv.status_code == 200 and b"not shown" in csv.content
