"""Bulk import: checking a file (pure), the set-wise import matching item_submit, and the job."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Role
from endeavour.detection.models import BankEntry, HashBank, SignalType
from endeavour.detection.values import value_key
from endeavour.jobs.models import JobRun, JobStatus
from endeavour.online.models import (
    Case,
    Item,
    Signal,
    SignalKind,
    Source,
    Submission,
    Tier,
)
from endeavour.online.services.imports import (
    ImportPlan,
    items_import,
    items_import_one_by_one,
    parse_import,
)
from endeavour.online.tests.factories import PlatformFactory, submit

pytestmark = pytest.mark.django_db


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def described(plan: ImportPlan) -> list[str]:
    return [plan.describe(problem) for problem in plan.errors]


# parse_import: the whole file is checked, nothing is written.


def test_a_good_csv_gives_one_row_per_line_with_row_numbers_counting_the_header() -> None:
    plan = parse_import(
        csv_bytes(
            "URL, Text ,note",
            "https://videos.example/watch/1,some words,found in a group",
            "",
            'videos.example/watch/2,"a, b",',
        ),
        "items.csv",
    )
    assert plan.is_valid and plan.format == "csv" and plan.errors == []
    assert [(r.number, r.url, r.text, r.note) for r in plan.rows] == [
        (2, "https://videos.example/watch/1", "some words", "found in a group"),
        (4, "videos.example/watch/2", "a, b", ""),
    ]
    assert plan.rows[1].parsed.normalised == "https://videos.example/watch/2"


def test_every_bad_row_is_reported_with_its_number_field_and_message() -> None:
    plan = parse_import(
        csv_bytes(
            "url,note",
            "https://ok.example/1,",
            "ftp://files.example/a,",
            ",no address",
            "https://ok.example/2,too,many",
            "https://nodot/x,",
            "https://ok.example/3," + "n" * 2001,
        ),
        "items.csv",
    )
    assert not plan.is_valid
    assert described(plan) == [
        "row 3: url: Only http and https web addresses can be reported.",
        "row 4: url: Enter a web address.",
        "row 5: values: There are 3 values but the header names 2 columns.",
        "row 6: url: The web address has no valid site name.",
        "row 7: note: Longer than 2,000 characters.",
    ]
    assert [r.number for r in plan.rows] == [2]


def test_the_header_must_name_a_url_column_and_only_known_columns() -> None:
    plan = parse_import(csv_bytes("address,comment", "https://a.example/1,x"), "items.csv")
    assert described(plan) == [
        "row 1: header: There is no url column.",
        "row 1: header: Unknown column 'address': use url, text and note.",
        "row 1: header: Unknown column 'comment': use url, text and note.",
    ]
    assert plan.rows == []
    empty = parse_import(b"", "items.csv")
    assert described(empty) == [
        "row 1: header: The first row must name the columns: url, text, note."
    ]
    header_only = parse_import(csv_bytes("url,text,note"), "items.csv")
    assert described(header_only) == ["file: The file has no rows to import."]


def test_repeated_addresses_are_noted_not_errors_and_imported_once() -> None:
    plan = parse_import(
        csv_bytes(
            "url",
            "https://videos.example/watch/1",
            "https://videos.example/watch/2",
            "HTTPS://Videos.Example/watch/1?utm_source=mail#top",
            "https://videos.example/watch/2/",
        ),
        "items.csv",
    )
    assert plan.is_valid and [r.number for r in plan.rows] == [2, 3]
    assert [plan.describe_repeat(r) for r in plan.repeats] == [
        "row 4 repeats row 2",
        "row 5 repeats row 3",
    ]


def test_jsonl_lines_are_checked_one_by_one() -> None:
    lines = [
        json.dumps({"url": "https://a.example/1", "text": "words", "note": None}),
        "",
        "{not json",
        json.dumps(["https://a.example/2"]),
        json.dumps({"url": "https://a.example/3", "tags": ["x"]}),
        json.dumps({"url": 42}),
        json.dumps({"url": "https://a.example/4", "text": "bad \u0000 byte"}),
        '{"url": "https://a.example/5", "text": "\\ud800"}',
        json.dumps({"url": "https://a.example/1?fbclid=abc"}),
    ]
    plan = parse_import("\n".join(lines).encode(), "feed.jsonl")
    assert plan.format == "jsonl" and plan.unit == "line"
    assert described(plan) == [
        "line 3: json: Not valid JSON: Expecting property name enclosed in double quotes "
        "(column 2).",
        'line 4: json: Each line must be one JSON object, like {"url": "..."}.',
        "line 5: tags: Unknown field: use url, text and note.",
        "line 6: url: Must be text, in double quotes.",
        "line 7: text: Contains a NUL character.",
        "line 8: text: Contains characters that are not text.",
    ]
    assert [(r.number, r.text, r.note) for r in plan.rows] == [(1, "words", "")]
    assert [plan.describe_repeat(r) for r in plan.repeats] == ["line 9 repeats line 1"]


def test_the_file_must_be_utf8_csv_or_jsonl_and_within_the_limits() -> None:
    latin1 = "url,text\nhttps://a.example/1,café\n".encode("latin-1")
    assert described(parse_import(latin1, "items.csv")) == [
        "file: The file is not UTF-8 text (the first problem is at byte 33). Save it as UTF-8 "
        "(in a spreadsheet: 'CSV UTF-8') and try again."
    ]
    with_bom = "\ufeffurl\nhttps://a.example/1\n".encode()
    assert parse_import(with_bom, "items.csv").is_valid
    assert described(parse_import(b"url\n", "items.xlsx")) == [
        "file: Upload a .csv or .jsonl file (the name must end that way)."
    ]
    rows = csv_bytes("url", *[f"https://a.example/{n}" for n in range(4)])
    too_many = parse_import(rows, "items.csv", max_rows=3)
    assert described(too_many) == [
        "file: The file has more than 3 rows. Split it into smaller files."
    ]
    assert too_many.rows == []
    too_big = parse_import(rows, "items.csv", max_bytes=10)
    assert described(too_big) == ["file: The file is larger than 10\xa0bytes."]


# The set-wise import gives the same rows as item_submit for each row.


class _Rollback(Exception):
    pass


def _state() -> dict[str, Any]:
    submissions = {s.pk: s for s in Submission.objects.select_related("item")}
    return {
        "items": sorted(
            Item.objects.values_list(
                "reference",
                "url",
                "normalised_url",
                "url_key",
                "is_shortened",
                "platform_id",
                "submitted_text",
                "first_source",
            )
        ),
        "cases": sorted(
            Case.objects.values_list(
                "reference",
                "item__url_key",
                "status",
                "tier",
                "confidence",
                "priority_tier_part",
                "priority_confidence_part",
                "priority",
                "reupload_of__reference",
            )
        ),
        "submissions": sorted(
            (s.item.url_key, s.source, s.submitted_by_id, s.partner_id, s.note, s.import_batch)
            for s in submissions.values()
        ),
        "signals": sorted(
            (
                signal.case.reference,
                signal.kind,
                signal.confidence,
                signal.summary,
                json.dumps(
                    {
                        **signal.provenance,
                        "submission": (
                            submissions[signal.provenance["submission"]].item.url_key,
                            submissions[signal.provenance["submission"]].note,
                        )
                        if "submission" in signal.provenance
                        else None,
                    },
                    sort_keys=True,
                ),
            )
            for signal in Signal.objects.select_related("case")
        ),
    }


def _outcome(importer: Any, rows: Any, user: Any) -> tuple[dict[str, Any], Any]:
    result: tuple[dict[str, Any], Any] = ({}, None)
    try:
        with transaction.atomic():
            summary = importer(rows, submitted_by=user, import_batch="batch-1")
            result = (_state(), summary)
            raise _Rollback
    except _Rollback:
        pass
    return result


def test_the_bulk_import_writes_exactly_what_item_submit_writes_row_by_row(
    staff_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    analyst = staff_user(Role.ANALYST)
    videoshare = PlatformFactory(domains=["videoshare.example"])
    PlatformFactory(domains=["gone.example"], is_active=False)
    plain = submit(url="https://known.example/plain", source="analyst").case
    with_text = submit(
        url="https://known.example/with-text", source="public_report", submitted_text="first"
    ).case
    Case.objects.filter(pk=with_text.pk).update(tier=Tier.TIER_2)
    bank = HashBank.objects.create(name="Partner list")
    other_bank = HashBank.objects.create(name="Other list")
    matched = "https://videoshare.example/watch/reupload"
    for owner, reference, enabled in [
        (bank, plain.reference, True),
        (other_bank, "", True),
        (other_bank, "CASE-OTHER", False),
    ]:
        BankEntry.objects.create(
            bank=owner,
            signal_type=SignalType.URL,
            value=matched if enabled else matched + "?disabled",
            value_key=value_key(SignalType.URL, matched if enabled else matched + "?disabled"),
            source_reference=reference,
        )
    plan = parse_import(
        csv_bytes(
            "url,text,note",
            "https://known.example/plain,now with text,again",
            "https://known.example/with-text,other text,",
            f"{matched}?utm_campaign=x,,seen twice",
            "https://m.videoshare.example/watch/1,words,",
            "bit.ly/abc123,,short link",
            "https://gone.example/page,,",
            "http://www.new.example:80/path/?b=2&a=1,,",
        ),
        "items.csv",
    )
    assert plan.is_valid

    one_by_one, slow = _outcome(items_import_one_by_one, plan.rows, analyst)
    bulk, fast = _outcome(items_import, plan.rows, analyst)

    assert bulk == one_by_one
    assert (fast.new, fast.known) == (slow.new, slow.known) == (5, 2)
    with django_capture_on_commit_callbacks() as callbacks:
        items_import(plan.rows, submitted_by=analyst, import_batch="batch-2")
    assert len(callbacks) == 1  # every capture queued together, after the commit
    by_url = {item[2]: item for item in bulk["items"]}
    assert by_url["https://m.videoshare.example/watch/1"][5] == videoshare.pk
    assert by_url["https://gone.example/page"][5] is None
    assert by_url["https://bit.ly/abc123"][4] is True
    assert by_url["https://known.example/plain"][6] == "now with text"
    assert by_url["https://known.example/with-text"][6] == "first"
    reupload = next(c for c in bulk["cases"] if c[8] == plain.reference)
    assert reupload[4] == 0.95 and reupload[7] == 150 + 95
    kinds = [s[1] for s in bulk["signals"] if s[0] == reupload[0]]
    # The partner list's entry came from our case: a re-upload; the other list's is a hash match.
    assert sorted(kinds) == [SignalKind.HASH_MATCH, SignalKind.IMPORT, SignalKind.REUPLOAD]
    known_tier_2 = next(c for c in bulk["cases"] if c[0] == with_text.reference)
    assert known_tier_2[3:8] == (Tier.TIER_2, 0.5, 300, 50, 350)


def test_the_bulk_import_writes_an_audit_entry_for_everything_it_creates(
    staff_user: Any,
) -> None:
    analyst = staff_user(Role.ANALYST)
    known = submit(url="https://known.example/1", source="analyst")
    plan = parse_import(
        csv_bytes("url,text", "https://new.example/1,hello", "https://known.example/1,later"),
        "items.csv",
    )
    from endeavour.audit.context import acting_as, actor_for_user

    before = AuditEvent.objects.count()
    with acting_as(actor_for_user(analyst)):
        items_import(plan.rows, submitted_by=analyst, import_batch="b")
    events = AuditEvent.objects.order_by("id")[before:]
    created = {(e.object_type, e.object_id) for e in events if e.action == AuditAction.CREATE}
    new_item = Item.objects.get(normalised_url="https://new.example/1")
    expected = {("online.item", str(new_item.pk)), ("online.case", str(new_item.case.pk))}
    expected |= {
        ("online.submission", str(s.pk)) for s in Submission.objects.filter(import_batch="b")
    }
    expected |= {
        ("online.signal", str(s.pk)) for s in Signal.objects.filter(kind=SignalKind.IMPORT)
    }
    assert created == expected
    updates = {(e.object_type, e.object_id): e for e in events if e.action == AuditAction.UPDATE}
    assert updates[("online.item", str(known.item.pk))].after == {"submitted_text": "later"}
    assert "updated_at" in updates[("online.case", str(known.case.pk))].after
    assert {e.actor_id for e in events} == {analyst.pk}
    case_event = next(e for e in events if e.object_type == "online.case" and e.action == "create")
    assert case_event.after["priority"] == 150 + 50


# The import page and its job.


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_and_run_the_job(client: Any, capture: Any, name: str, content: bytes) -> Any:
    """Upload, then run the queued import job (its own captures stay queued, not fetched)."""
    with capture() as queued:
        response = client.post(reverse("online:import"), {"file": upload(name, content)})
    assert len(queued) == 1
    with capture() as captures:
        queued[0]()
    # The captures of the new items are queued in one go, after the job is marked finished.
    assert len(captures) == 1 and JobRun.objects.get().status == JobStatus.SUCCEEDED
    return response


def test_a_valid_csv_is_imported_as_a_job_with_progress(
    client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submit(url="https://known.example/1", source="public_report")
    client = client_as(Role.ANALYST)
    content = csv_bytes(
        "url,text,note",
        "https://new.example/1,words,from a partner list",
        "https://new.example/2,,",
        "https://new.example/3,,",
        "https://known.example/1,,",
    )
    response = post_and_run_the_job(client, django_capture_on_commit_callbacks, "list.csv", content)
    job = JobRun.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.SUCCEEDED and job.kind == "online_import"
    assert (job.progress_total, job.progress_done, job.percent) == (4, 4, 100)
    assert job.message == "3 new items, 1 already known."
    imported = Submission.objects.filter(source=Source.IMPORT)
    assert imported.count() == 4 and {s.import_batch for s in imported} == {str(job.pk)}
    assert {s.submitted_by_id for s in imported} == {job.owner_id}
    assert Item.objects.filter(first_source=Source.IMPORT).count() == 3
    assert Item.objects.get(normalised_url="https://new.example/1").submitted_text == "words"
    assert not default_storage.exists(job.parameters["upload"])  # the upload is not kept
    page = client.get(job.get_absolute_url())
    assert b"3 new items, 1 already known." in page.content
    assert b"All 4 rows passed their checks" in page.content


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(client_as: Any) -> None:
    client = client_as(Role.SENIOR_ANALYST)
    content = csv_bytes(
        "url,note",
        "https://fine.example/1,",
        "https://fine.example/1?utm_source=x,",
        "ftp://files.example/a,",
        "https://fine.example/2,",
        "file:///etc/passwd,",
    )
    response = client.post(reverse("online:import"), {"file": upload("list.csv", content)})
    assert response.status_code == 400
    plan = response.context["plan"]
    assert described(plan) == [
        "row 4: url: Only http and https web addresses can be reported.",
        "row 6: url: Only http and https web addresses can be reported.",
    ]
    page = response.content.decode()
    assert "Nothing was imported: 2 problems in the file" in page
    assert (
        "<td>4</td><td>url</td><td>Only http and https web addresses can be reported.</td>" in page
    )
    assert "row 3 repeats row 2" in page
    assert Item.objects.count() == 0 and JobRun.objects.count() == 0


def test_a_jsonl_file_with_repeats_is_imported_once_per_address(
    client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as(Role.ANALYST)
    lines = [
        {"url": "https://feed.example/a", "note": "first"},
        {"url": "https://feed.example/b"},
        {"url": "https://feed.example/a?utm_medium=social", "note": "again"},
    ]
    content = "\n".join(json.dumps(line) for line in lines).encode()
    post_and_run_the_job(client, django_capture_on_commit_callbacks, "feed.jsonl", content)
    response = client.get(JobRun.objects.get().get_absolute_url())
    job = JobRun.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message == "2 new items, 0 already known; 1 repeated row imported once."
    assert Item.objects.count() == 2 and Submission.objects.count() == 2
    assert "line 3 repeats line 1" in response.content.decode()


def test_the_import_form_refuses_other_files_and_people(client_as: Any) -> None:
    analyst = client_as(Role.ANALYST)
    response = analyst.post(reverse("online:import"), {"file": upload("list.txt", b"url\n")})
    assert response.status_code == 400
    assert described(response.context["plan"]) == [
        "file: Upload a .csv or .jsonl file (the name must end that way)."
    ]
    assert analyst.post(reverse("online:import"), {}).context["form"].errors["file"]
    officer = client_as(Role.PROGRAMME_OFFICER)
    assert officer.get(reverse("online:import")).status_code == 403


def test_a_job_that_cannot_finish_imports_nothing_and_a_finished_job_is_not_rerun(
    staff_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from endeavour.online.services.imports import import_run, import_start

    analyst = staff_user(Role.ANALYST)
    content = csv_bytes("url", "https://later.example/1")
    with django_capture_on_commit_callbacks():  # queued, not run
        job = import_start(
            user=analyst, data=content, filename="x.csv", plan=parse_import(content, "x.csv")
        )
    default_storage.delete(job.parameters["upload"])
    failed = import_run(str(job.pk))
    assert failed is not None and failed.status == JobStatus.FAILED
    assert failed.message.startswith("The import failed, so nothing was imported")
    assert Item.objects.count() == 0
    with django_capture_on_commit_callbacks():
        done = import_start(
            user=analyst, data=content, filename="x.csv", plan=parse_import(content, "x.csv")
        )
    assert import_run(str(done.pk)).status == JobStatus.SUCCEEDED  # type: ignore[union-attr]
    assert import_run(str(done.pk)).status == JobStatus.SUCCEEDED  # type: ignore[union-attr]
    assert Submission.objects.count() == 1  # delivered twice, imported once
