"""Services: responses, drafts, imports, documents, the analysis and people's decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from endeavour.consultations.analysis import (
    AnalysisResult,
    DuplicateGroup,
    ProposedTheme,
    ThemeAssignment,
)
from endeavour.consultations.models import (
    Answer,
    AssignmentState,
    Demographics,
    DuplicateState,
    MadeBy,
    QuestionKind,
    Response,
    ResponseStatus,
    SafetyStatus,
    SourceDocument,
    Theme,
)
from endeavour.consultations.selectors.findings import findings_for
from endeavour.consultations.services import analysis, imports, themes
from endeavour.consultations.services.documents import IncomingDocument, document_add
from endeavour.consultations.services.responses import (
    DemographicAnswers,
    draft_find,
    draft_save,
    drafts_purge,
    response_submit,
)
from endeavour.consultations.tests import factories

pytestmark = pytest.mark.django_db


def test_a_response_keeps_demographics_only_with_consent() -> None:
    c = factories.consultation(asks_demographics=True)
    q = factories.question(c)
    details = DemographicAnswers(age_band="18 to 24", gender="Woman")
    without = factories.respond(c, {q.pk: "Youth clubs"}, demographics=details, consent=False)
    with_consent = factories.respond(c, {q.pk: "Youth clubs"}, demographics=details, consent=True)
    assert not Demographics.objects.filter(response=without).exists()
    assert Demographics.objects.get(response=with_consent).age_band == "18 to 24"


def test_closed_consultations_refuse_politely() -> None:
    today = timezone.localdate()
    c = factories.consultation(
        opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=1)
    )
    q = factories.question(c)
    with pytest.raises(ValidationError, match="closed on"):
        factories.respond(c, {q.pk: "Too late"})


def test_bad_answers_are_refused_with_clear_messages(settings: Any) -> None:
    settings.CONSULTATIONS_MAX_ANSWER_CHARS = 50
    c = factories.consultation()
    text = factories.question(c)
    choice = factories.question(c, QuestionKind.SINGLE_CHOICE, choices=["Yes", "No"])
    with pytest.raises(ValidationError) as error:
        factories.respond(c, {text.pk: "x" * 60, choice.pk: "Maybe"})
    messages = error.value.message_dict
    assert "60 characters long" in messages[f"q{text.pk}"][0]
    assert "not one of the options" in messages[f"q{choice.pk}"][0]
    assert not Response.objects.exists()  # nothing half-saved
    with pytest.raises(ValidationError, match="at least one question"):
        factories.respond(c, {text.pk: "   "})


def test_a_draft_resumes_from_its_link_and_becomes_the_response() -> None:
    c = factories.consultation()
    q = factories.question(c)
    draft, token = draft_save(
        consultation=c, answers={q.pk: "Half written"}, respondent_type=None, borough=None
    )
    assert draft.status == ResponseStatus.DRAFT and token not in draft.resume_digest
    assert draft_find(consultation=c, token=token) == draft
    sent = response_submit(
        consultation=c,
        answers={q.pk: "Finished"},
        respondent_type=None,
        borough=None,
        draft_token=token,
    )
    assert sent.pk == draft.pk and sent.status == ResponseStatus.SUBMITTED
    assert draft_find(consultation=c, token=token) is None
    assert sent.answers.get().text == "Finished"


def test_expired_drafts_are_purged() -> None:
    c = factories.consultation()
    q = factories.question(c)
    draft, _ = draft_save(consultation=c, answers={q.pk: "x"}, respondent_type=None, borough=None)
    Response.objects.filter(pk=draft.pk).update(draft_expires_at=timezone.now() - timedelta(days=2))
    assert drafts_purge(timezone.now() - timedelta(days=1)) == 1


CSV = (
    "id,Respondent type,Borough,What should we do?,Pick one\n"
    "r1,Resident,Camden,More youth clubs,Yes\n"
    ",,,,\n"
    "r2,Young person,E09000025,Teach online safety,No\n"
)


def _plan(c: Any, data: str) -> imports.ImportPlan:
    table = imports.read_table(data.encode(), "export.csv")
    return imports.plan_import(c, table, imports.suggest_mapping(c, table.headers))


def test_import_maps_columns_and_a_second_import_adds_nothing() -> None:
    c = factories.consultation()
    factories.question(c, text="What should we do?")
    factories.question(c, QuestionKind.SINGLE_CHOICE, text="Pick one", choices=["Yes", "No"])
    plan = _plan(c, CSV)
    assert plan.is_valid and len(plan.rows) == 2 and plan.empty == 1
    run = imports.responses_import(plan=plan, data=CSV.encode(), filename="export.csv", by=None)
    assert run.created_count == 2
    assert Response.objects.get(external_id="r2").borough.name == "Newham"
    again = _plan(c, CSV)
    assert again.is_valid and again.rows == [] and again.known == 2


def test_import_without_id_skips_rows_it_has_by_their_contents() -> None:
    c = factories.consultation()
    factories.question(c, text="What should we do?")
    data = "What should we do?\nMore clubs\nMore clubs\n"
    plan = _plan(c, data)
    imports.responses_import(plan=plan, data=data.encode(), filename="a.csv", by=None)
    assert Response.objects.count() == 2  # two identical rows are two respondents
    assert _plan(c, data + "Something new\n").rows[0].answers[0][1] == "Something new"


def test_a_bad_file_is_reported_by_row_and_nothing_is_imported() -> None:
    c = factories.consultation()
    factories.question(c, text="What should we do?")
    factories.question(c, QuestionKind.SINGLE_CHOICE, text="Pick one", choices=["Yes", "No"])
    bad = "id,Respondent type,Borough,What should we do?,Pick one\nr1,Alien,Atlantis,Fine,Perhaps\n"
    plan = _plan(c, bad)
    assert not plan.is_valid
    columns = {p.column for p in plan.problems}
    assert columns == {"Respondent type", "Borough", "Pick one"}
    assert all(p.number == 2 for p in plan.problems)
    with pytest.raises(ValidationError):
        imports.responses_import(plan=plan, data=bad.encode(), filename="bad.csv", by=None)
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("caf\xe9".encode("latin-1"), "UTF-8"),
        (b"a,a\n1,2\n", "more than once"),
        (b"PK\x03\x04broken", "Excel"),
    ],
)
def test_malformed_files_get_clear_messages(data: bytes, message: str) -> None:
    with pytest.raises(imports.FileProblem, match=message):
        imports.read_table(data, "export.csv")


def test_document_passages_become_marked_answers() -> None:
    c = factories.consultation()
    q = factories.question(c)
    doc = document_add(
        consultation=c,
        question=q,
        kind="focus_group",
        title="Notes",
        document=IncomingDocument(
            "notes.txt", b"First point about clubs.\n\nSecond point about police."
        ),
        by=None,
    )
    answers = Answer.objects.filter(response__document=doc)
    assert [a.passage_number for a in answers] == [1, 2]
    with pytest.raises(ValidationError, match="already"):
        document_add(
            consultation=c,
            question=q,
            kind="focus_group",
            title="Again",
            document=IncomingDocument(
                "n.txt", b"First point about clubs.\n\nSecond point about police."
            ),
            by=None,
        )
    with pytest.raises(ValidationError, match="PDF"):
        document_add(
            consultation=c,
            question=q,
            kind="other",
            title="p",
            document=IncomingDocument("r.pdf", b"%PDF-1.4 ..."),
            by=None,
        )


def _fake(themes_out: list[ProposedTheme], assignments: list[ThemeAssignment], **kw: Any) -> Any:
    seen: dict[str, Any] = {}

    def analyser(answers: Any, known: Any = (), **kwargs: Any) -> AnalysisResult:
        seen["known"] = list(known)
        return AnalysisResult(
            themes=themes_out,
            assignments=assignments,
            stances=kw.get("stances", {}),
            duplicates=kw.get("duplicates", []),
            skipped=[],
            model_version="fake",
            non_english=kw.get("non_english", []),
        )

    analyser.seen = seen  # type: ignore[attr-defined]
    return analyser


def test_rerun_keeps_peoples_decisions_and_replaces_machine_proposals() -> None:
    c = factories.consultation()
    q = factories.question(c, asks_stance=True)
    a1, a2, a3 = (
        factories.respond(c, {q.pk: t}).answers.get() for t in ("clubs", "police", "clubs!")
    )
    first = _fake(
        [
            ProposedTheme("new-1", "Clubs", ("clubs",), (a1.pk,)),
            ProposedTheme("new-2", "Police", ("police",), (a2.pk,)),
        ],
        [
            ThemeAssignment(a1.pk, "new-1", 0.9),
            ThemeAssignment(a2.pk, "new-2", 0.8),
            ThemeAssignment(a3.pk, "new-2", 0.4),
        ],
        stances={a1.pk: "agree"},
        duplicates=[DuplicateGroup((a1.pk, a3.pk), "near", 0.93)],
        non_english=[a2.pk],
    )
    analysis.question_analyse(q, analyser=first)
    clubs, police = Theme.objects.get(label="Clubs"), Theme.objects.get(label="Police")
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.stance == "agree" and a2.is_non_english
    # A person confirms one, rejects one and renames a theme.
    user = factories.officer()
    themes.assignment_confirm(assignment=clubs.assignments.get(answer=a1), by=user)
    themes.assignment_reject(assignment=police.assignments.get(answer=a3), by=user)
    themes.stance_set(answer=a1, stance="disagree", by=user)
    # The re-run proposes different themes.
    second = _fake(
        [
            ProposedTheme(f"known-{clubs.pk}", "ignored", (), (), known_id=clubs.pk),
            ProposedTheme("new-1", "Policing", ("police",), (a2.pk,)),
        ],
        [
            ThemeAssignment(a1.pk, f"known-{clubs.pk}", 1.0),
            ThemeAssignment(a3.pk, f"known-{clubs.pk}", 0.7),
            ThemeAssignment(a2.pk, "new-1", 0.8),
        ],
        stances={a1.pk: "agree"},
    )
    analysis.question_analyse(q, analyser=second)
    known = second.seen["known"]
    assert {k.id for k in known} == {clubs.pk, police.pk}
    assert next(k for k in known if k.id == clubs.pk).member_ids == {a1.pk}
    assert next(k for k in known if k.id == police.pk).rejected_ids == {a3.pk}
    clubs.refresh_from_db()
    assert clubs.label == "Clubs"
    confirmed = clubs.assignments.get(answer=a1)
    assert confirmed.made_by == MadeBy.PERSON and confirmed.state == AssignmentState.CONFIRMED
    assert clubs.assignments.get(answer=a3).made_by == MadeBy.MACHINE
    assert police.assignments.get(answer=a3).state == AssignmentState.REJECTED
    assert Theme.objects.filter(label="Policing").exists()
    a1.refresh_from_db()
    assert a1.stance == "disagree" and a1.stance_by_person


def test_untouched_machine_themes_are_replaced() -> None:
    c = factories.consultation()
    q = factories.question(c)
    a = factories.respond(c, {q.pk: "clubs"}).answers.get()
    run = _fake([ProposedTheme("new-1", "Old", (), (a.pk,))], [ThemeAssignment(a.pk, "new-1", 0.9)])
    analysis.question_analyse(q, analyser=run)
    run2 = _fake(
        [ProposedTheme("new-1", "New", (), (a.pk,))], [ThemeAssignment(a.pk, "new-1", 0.9)]
    )
    analysis.question_analyse(q, analyser=run2)
    assert list(Theme.objects.values_list("label", flat=True)) == ["New"]


def test_merge_split_delete_and_duplicates() -> None:
    c = factories.consultation()
    q = factories.question(c)
    answers = [factories.respond(c, {q.pk: f"answer {i}"}).answers.get() for i in range(4)]
    t1, t2 = factories.theme(q, "Clubs"), factories.theme(q, "Youth work")
    for a in answers[:2]:
        factories.propose(a, t1)
    for a in answers[1:]:
        factories.propose(a, t2)
    user = factories.officer()
    themes.theme_merge(themes=[t2], into=t1, by=user)
    t2.refresh_from_db()
    assert t2.merged_into == t1 and t1.assignments.count() == 4
    new = themes.theme_split(
        theme=t1, answer_ids=[answers[3].pk], label="Detached youth work", by=user
    )
    assert new.assignments.get().state == AssignmentState.CONFIRMED
    assert t1.assignments.get(answer=answers[3]).state == AssignmentState.REJECTED
    group = factories.duplicate_group(q, answers[:2])
    found = findings_for(c, public=False).questions[0]
    assert found.base == 4  # counted while pending
    themes.duplicate_decide(group=group, state=DuplicateState.CONFIRMED, by=user)
    found = findings_for(c, public=False).questions[0]
    assert found.base == 3
    themes.theme_delete(theme=new, by=user)
    assert [row.theme.label for row in findings_for(c, public=False).questions[0].themes] == [
        "Clubs"
    ]


def test_findings_show_bases_and_suppress_small_groups() -> None:
    c = factories.consultation()
    q = factories.question(c)
    resident, young = list(c.respondent_types.all())[:2]
    t = factories.theme(q, "Clubs")
    for i in range(12):
        r = factories.respond(c, {q.pk: f"a{i}"}, respondent_type=resident if i < 9 else young)
        if i < 6 or i == 10:
            factories.propose(r.answers.get(), t)
    found = findings_for(c, public=True).questions[0]
    row = found.themes[0]
    assert row.count.text == "7 of 12 answers (58%)"
    by_type = dict(zip(found.type_labels, row.by_type, strict=True))
    assert by_type["Resident"].cell == "not shown"  # else 7 - 6 gives the small group away
    assert by_type["Young person"].cell == "fewer than 5"
    assert found.unthemed is not None and found.unthemed.text == "5 of 12 answers (42%)"


def test_safety_screening_marks_not_screened_when_the_classifier_is_unavailable(
    monkeypatch: Any,
) -> None:
    from endeavour.consultations.services import safety
    from endeavour.detection.classifier.model import ClassifierUnavailable

    c = factories.consultation()
    q = factories.question(c)
    a = factories.respond(c, {q.pk: "text"}).answers.get()

    def unavailable(texts: Any) -> Any:
        raise ClassifierUnavailable("no artefacts")

    monkeypatch.setattr(safety, "_scorer", lambda: unavailable)
    summary = safety.answers_screen([a])
    assert summary.unavailable and a.safety_status == SafetyStatus.NOT_SCREENED


def test_safety_screening_flags_and_a_person_records_the_review(monkeypatch: Any) -> None:
    from types import SimpleNamespace

    from endeavour.consultations.services import safety

    c = factories.consultation()
    q = factories.question(c)
    bad, fine = (factories.respond(c, {q.pk: t}).answers.get() for t in ("threat", "clubs"))

    def score(texts: Any) -> Any:
        return [
            SimpleNamespace(
                flag=t == "threat",
                category="threat" if t == "threat" else "none",
                score=0.9 if t == "threat" else 0.1,
                model_version="m1",
            )
            for t in texts
        ]

    monkeypatch.setattr(safety, "_scorer", lambda: score)
    assert safety.answers_screen([bad, fine]).flagged == 1
    bad.refresh_from_db()
    assert bad.safety_status == SafetyStatus.FLAGGED
    with pytest.raises(ValidationError):
        safety.safety_review_record(answer=bad, outcome="not_harmful", note=" ", by=None)
    safety.safety_review_record(
        answer=bad, outcome="referred", note="Threat to a named place.", by=factories.officer()
    )
    bad.refresh_from_db()
    assert bad.safety_outcome == "referred" and bad.safety_status == SafetyStatus.FLAGGED


def test_xlsx_exports_import_like_csv() -> None:
    from io import BytesIO

    from openpyxl import Workbook

    c = factories.consultation()
    q = factories.question(c, text="What should we do?")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Response ID", "What should we do?", "Borough"])
    sheet.append([101, "Youth clubs", "Southwark"])
    sheet.append([102, "Эти клубы важны", None])
    out = BytesIO()
    book.save(out)
    table = imports.read_table(out.getvalue(), "export.xlsx")
    plan = imports.plan_import(c, table, imports.suggest_mapping(c, table.headers))
    assert plan.is_valid, plan.problems
    imports.responses_import(plan=plan, data=out.getvalue(), filename="export.xlsx", by=None)
    assert Response.objects.get(external_id="101").borough.name == "Southwark"
    assert Answer.objects.get(response__external_id="102", question=q).text == "Эти клубы важны"


# --- PDF documents ----------------------------------------------------------------------------


def _pdf(body: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=f"<html><body>{body}</body></html>").write_pdf())


def _add_pdf(c: Any, q: Any, name: str, data: bytes) -> Any:
    return document_add(
        consultation=c,
        question=q,
        kind="engagement_report",
        title="Report",
        document=IncomingDocument(name, data),
        by=None,
    )


def test_a_pdf_becomes_passages_marked_with_its_document() -> None:
    c = factories.consultation()
    q = factories.question(c)
    data = _pdf(
        "<p>Young people asked for more youth clubs in the evenings.</p>"
        '<p style="page-break-before: always">Parents worried about knife crime near schools.</p>'
    )
    doc = _add_pdf(c, q, "engagement.pdf", data)
    assert "youth clubs" in doc.text and "knife crime" in doc.text
    assert "\n\n" in doc.text  # pages joined by a blank line
    answers = list(Answer.objects.filter(response__document=doc))
    assert [a.passage_number for a in answers] == [1, 2]
    assert "youth clubs" in answers[0].text and "knife crime" in answers[1].text
    assert all(a.question == q for a in answers)
    response = Response.objects.get(document=doc)
    assert response.channel == "document" and response.status == ResponseStatus.SUBMITTED


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<", "could not be read as a PDF"),
        ("notes.pdf", b"These are plain notes, not a PDF.", "could not be read as a PDF"),
        ("zip.pdf", b"PK\x03\x04not a pdf", "could not be read as a PDF"),
    ],
)
def test_a_damaged_pdf_gets_a_form_error_and_nothing_is_created(
    name: str, data: bytes, message: str
) -> None:
    c = factories.consultation()
    q = factories.question(c)
    with pytest.raises(ValidationError, match=message) as error:
        _add_pdf(c, q, name, data)
    assert "file" in error.value.message_dict
    assert not SourceDocument.objects.exists() and not Response.objects.exists()


def test_a_truncated_pdf_gets_a_form_error() -> None:
    c = factories.consultation()
    q = factories.question(c)
    data = _pdf("<p>Some text that is cut off.</p>")
    with pytest.raises(ValidationError) as error:
        _add_pdf(c, q, "cut.pdf", data[: len(data) // 3])
    assert "file" in error.value.message_dict
    assert not SourceDocument.objects.exists() and not Answer.objects.exists()


def test_a_pdf_without_text_asks_for_a_text_version() -> None:
    c = factories.consultation()
    q = factories.question(c)
    data = _pdf('<div style="width: 5cm; height: 5cm; background: black"></div>')
    with pytest.raises(ValidationError, match="no text we can read") as error:
        _add_pdf(c, q, "scan.pdf", data)
    assert "scanned images" in error.value.message_dict["file"][0]
    assert not SourceDocument.objects.exists() and not Response.objects.exists()


def test_a_password_protected_pdf_is_refused_and_an_unlocked_one_is_read() -> None:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    c = factories.consultation()
    q = factories.question(c)

    def encrypted(user_password: str, text: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(BytesIO(_pdf(f"<p>{text}</p>"))))
        writer.encrypt(user_password, "owner-secret", algorithm="RC4-128")
        out = BytesIO()
        writer.write(out)
        return out.getvalue()

    with pytest.raises(ValidationError, match="protected with a password"):
        _add_pdf(c, q, "locked.pdf", encrypted("secret", "Hidden notes."))
    assert not SourceDocument.objects.exists()
    # Only an owner password (printing or copying restricted): it opens without one, so is read.
    doc = _add_pdf(c, q, "restricted.pdf", encrypted("", "Open notes about parks."))
    assert "parks" in doc.text


def test_a_pdf_with_too_many_pages_is_refused(settings: Any) -> None:
    settings.CONSULTATIONS_MAX_PDF_PAGES = 1
    c = factories.consultation()
    q = factories.question(c)
    data = _pdf('<p>One.</p><p style="page-break-before: always">Two.</p>')
    with pytest.raises(ValidationError, match=r"has 2 pages\. The limit is 1"):
        _add_pdf(c, q, "long.pdf", data)
    assert not SourceDocument.objects.exists()


def _counts(table: list[list[int]], base: int = 20) -> list[list[Any]]:
    from endeavour.consultations.selectors.findings import Count

    return [[Count(n, base, suppress=True) for n in row] for row in table]


def _no_lone_withheld_cell(table: list[list[Any]]) -> None:
    """Neither a row total nor a column total can give back a withheld cell."""
    for line in [*table, *zip(*table, strict=True)]:
        withheld = [c for c in line if c.suppressed]
        shown = [c for c in line if not c.suppressed]
        assert len(withheld) != 1 or not shown, [c.cell for c in line]


def test_one_small_cell_gets_a_second_cell_hidden() -> None:
    from endeavour.consultations.selectors.findings import protect

    out = protect(_counts([[12, 3, 8, 20]]))
    assert [c.cell for c in out[0]] == ["12 (60%)", "fewer than 5", "not shown", "20 (100%)"]
    assert out[0][2].csv_n == "not shown" and out[0][2].percent is None
    assert out[0][2].suppressed and out[0][2].hidden and not out[0][1].hidden


@pytest.mark.parametrize(
    "table",
    [
        [[12, 3, 8, 20]],
        [[12, 3, 8], [9, 7, 6], [5, 11, 13]],
        [[2, 9, 9], [9, 9, 9], [9, 9, 2]],
        [[0, 4, 0], [6, 0, 7], [8, 9, 10]],
        [[1, 0], [7, 9]],
        [[30, 6, 1, 0, 12], [5, 5, 5, 5, 5], [0, 0, 0, 0, 3], [7, 8, 9, 10, 11]],
    ],
)
def test_totals_never_reveal_a_hidden_cell(table: list[list[int]]) -> None:
    from endeavour.consultations.selectors.findings import protect

    out = protect(_counts(table))
    _no_lone_withheld_cell(out)
    assert protect(out) == out  # stable, and deterministic
    for row, counts in zip(table, out, strict=True):
        assert [c.n for c in counts] == row  # the numbers are kept, only their display changes


def test_findings_hide_a_second_group_when_one_is_small() -> None:
    from endeavour.consultations.exports import as_csv

    c = factories.consultation()
    q = factories.question(c)
    resident, young = list(c.respondent_types.all())[:2]
    t = factories.theme(q, "Clubs")
    for i in range(12):
        r = factories.respond(c, {q.pk: f"a{i}"}, respondent_type=resident if i < 9 else young)
        if i < 6 or i == 10:
            factories.propose(r.answers.get(), t)
    findings = findings_for(c, public=True)
    found = findings.questions[0]
    row = found.themes[0]
    shown = dict(zip(found.type_labels, row.by_type, strict=True))
    bases = dict(zip(found.type_labels, found.type_bases, strict=True))
    assert shown["Young person"].cell == "fewer than 5"
    assert bases["Young person"].n_cell == "fewer than 5"
    # 7 overall, so the resident count would give the young people's count away.
    assert shown["Resident"].cell == "not shown" and bases["Resident"].n_cell == "not shown"
    assert found.types_hidden
    _no_lone_withheld_cell([found.type_bases, row.by_type])
    csv = as_csv(findings)
    assert "not shown" in csv and ",6," not in csv and ",9," not in csv
