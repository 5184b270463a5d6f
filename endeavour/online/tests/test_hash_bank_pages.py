"""The hash-bank pages: banks, entries, imports and exports, run reports and the hash check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Role
from endeavour.detection import services
from endeavour.detection.exchange.imports import hash_list_import
from endeavour.detection.hashing import pdq_of_image
from endeavour.detection.models import (
    BankEntry,
    BankPurpose,
    ExchangeKind,
    ExchangeRun,
    ExchangeSource,
    HashBank,
    RunKind,
    RunStatus,
    SignalType,
)
from endeavour.detection.tests.media import image_bytes
from endeavour.detection.text import text_sha256

pytestmark = pytest.mark.django_db

MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
Clients = Callable[..., Client]


def add(bank: HashBank, signal_type: str, value: str, reference: str = "") -> BankEntry:
    return services.bank_entry_add(
        bank=bank, signal_type=signal_type, value=value, source_reference=reference, labels={}
    )


def upload(name: str, data: bytes, content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def page_text(response: Any) -> str:
    return str(response.content.decode())


@pytest.fixture
def bank() -> HashBank:
    bank = services.bank_create(name="Partner list", labels={"tier": "tier3"})
    add(bank, SignalType.MD5, MD5, "CASE-1")
    return bank


# The list


def test_the_list_shows_banks_sources_and_runs(client_as: Clients, bank: HashBank) -> None:
    allow = services.bank_create(name="Known false matches", purpose=BankPurpose.ALLOW)
    services.bank_entry_disable(add(allow, SignalType.MD5, "e" * 32), reason="Mistake")
    ExchangeSource.objects.create(
        name="TAT feed", kind=ExchangeKind.TAT, bank=bank, checkpoint={"checkpoint": "abc123"}
    )
    run = hash_list_import(
        bank=bank,
        data=f"signal_type,value\nsha256,{SHA256}\n".encode(),
        file_format="csv",
        filename="list.csv",
        started_by=None,
    )
    senior = client_as(Role.SENIOR_ANALYST).get(reverse("online:bank-list"))
    text = page_text(senior)
    assert senior.status_code == 200
    assert "Partner list" in text and "Known false matches" in text and "Allow-list" in text
    assert "2 of 2" in text and "0 of 1" in text  # entries enabled of total
    assert "tier: tier3" in text
    assert "TAT feed" in text and "abc123" in text
    assert reverse("online:bank-run-detail", args=[run.pk]) in text
    assert reverse("online:bank-create") in text
    analyst = page_text(client_as(Role.ANALYST).get(reverse("online:bank-list")))
    assert "Partner list" in analyst and reverse("online:bank-create") not in analyst


# Creating a bank and changing its settings


def test_a_manager_creates_a_bank_with_labels(client_as: Clients) -> None:
    response = client_as(Role.ADMINISTRATOR).post(
        reverse("online:bank-create"),
        {
            "name": "GIFCT list",
            "purpose": "match",
            "description": "Shared hashes",
            "ideology": "islamist",
            "organisation": "",
            "tier": "tier2",
            "pdq_max_distance": "28",
        },
    )
    bank = HashBank.objects.get(name="GIFCT list")
    assert response.status_code == 302
    assert response["Location"] == reverse("online:bank-detail", args=[bank.pk])
    assert bank.labels == {"ideology": "islamist", "tier": "tier2"}
    assert bank.pdq_max_distance == 28 and bank.purpose == BankPurpose.MATCH


def test_creating_a_bank_shows_errors_on_the_form(client_as: Clients, bank: HashBank) -> None:
    client = client_as(Role.SENIOR_ANALYST)
    url = reverse("online:bank-create")
    taken = client.post(url, {"name": "Partner list", "purpose": "match", "pdq_max_distance": 31})
    assert taken.status_code == 400
    assert "There is already a bank called" in page_text(taken)
    assert "error-summary" in page_text(taken)
    far = client.post(url, {"name": "New", "purpose": "allow", "pdq_max_distance": 40})
    assert far.status_code == 400 and "less than or equal to 32" in page_text(far)
    assert not HashBank.objects.filter(name="New").exists()


def test_a_manager_changes_a_banks_settings(client_as: Clients, bank: HashBank) -> None:
    client = client_as(Role.SENIOR_ANALYST)
    url = reverse("online:bank-settings", args=[bank.pk])
    response = client.post(url, {"pdq_max_distance": "12"})  # checkbox left clear: disabled
    assert response.status_code == 302
    bank.refresh_from_db()
    assert (bank.enabled, bank.pdq_max_distance) == (False, 12)
    client.post(url, {"enabled": "on", "pdq_max_distance": "31"})
    bank.refresh_from_db()
    assert (bank.enabled, bank.pdq_max_distance) == (True, 31)
    bad = client.post(url, {"enabled": "on", "pdq_max_distance": "-1"})
    assert bad.status_code == 400 and "greater than or equal to 0" in page_text(bad)
    assert client.get(url).status_code == 405


# Entries


def test_entries_are_paginated_and_filtered(client_as: Clients, bank: HashBank) -> None:
    for n in range(55):
        add(bank, SignalType.PDQ, f"{n:064x}")
    add(bank, SignalType.URL, "https://bad.example/a-very-long-address/that-is-shortened")
    client = client_as(Role.AUDITOR)
    url = reverse("online:bank-detail", args=[bank.pk])
    first = page_text(client.get(url))
    assert "Page 1 of 2" in first and "57 entries" in first
    assert "https://bad.example/a-very-long-address/that-is-shortened" in first  # whole value
    assert "<details>" in first
    second = page_text(client.get(url, {"signal_type": "pdq", "page": "2"}))
    assert "55 entries matching the filter" in second and "Page 2 of 2" in second
    assert "signal_type=pdq" in page_text(client.get(url, {"signal_type": "pdq"}))
    by_value = page_text(client.get(url, {"starts_with": MD5[:8].upper()}))
    assert "1 entry matching the filter" in by_value and MD5 in by_value
    assert "0 entries" in page_text(client.get(url, {"state": "disabled"}))


def test_disabling_an_entry_needs_a_reason(client_as: Clients, bank: HashBank) -> None:
    entry = bank.entries.get()
    client = client_as(Role.SENIOR_ANALYST)
    url = reverse("online:bank-entry-disable", args=[entry.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "Say why the entry is disabled." in page_text(refused)
    entry.refresh_from_db()
    assert entry.enabled
    done = client.post(url, {"reason": "Overturned on review"})
    assert done["Location"] == reverse("online:bank-detail", args=[bank.pk])
    entry.refresh_from_db()
    assert not entry.enabled and entry.disabled_reason == "Overturned on review"
    detail = page_text(client.get(done["Location"]))
    assert "Overturned on review" in detail
    assert client.post(reverse("online:bank-entry-disable", args=[10**9]), {}).status_code == 404


# Imports, run reports and exports


def test_importing_a_good_file_reports_its_counts(client_as: Clients, bank: HashBank) -> None:
    client = client_as(Role.SENIOR_ANALYST)
    data = f"signal_type,value,ideology\nsha256,{SHA256},islamist\nmd5,{MD5},\n".encode()
    response = client.post(
        reverse("online:bank-import", args=[bank.pk]),
        {"file": upload("list.csv", data), "file_format": "csv"},
    )
    run = ExchangeRun.objects.get(kind=RunKind.FILE_IMPORT)
    assert response["Location"] == reverse("online:bank-run-detail", args=[run.pk])
    assert run.status == RunStatus.SUCCEEDED and run.started_by is not None
    assert bank.entries.filter(signal_type=SignalType.SHA256, labels__ideology="islamist")
    report = page_text(client.get(response["Location"]))
    assert "Hash-list file import" in report and "list.csv" in report
    assert "2 rows read, 1 added, 1 unchanged" in report


def test_a_bad_file_is_refused_with_line_numbers_and_nothing_applied(
    client_as: Clients, bank: HashBank
) -> None:
    client = client_as(Role.ADMINISTRATOR)
    data = f"signal_type,value\nsha256,{SHA256}\nmd5,abc\nnope,{MD5}\n".encode()
    response = client.post(
        reverse("online:bank-import", args=[bank.pk]),
        {"file": upload("bad.csv", data), "file_format": "csv"},
    )
    run = ExchangeRun.objects.get(kind=RunKind.FILE_IMPORT)
    assert run.status == RunStatus.REJECTED
    assert bank.entries.count() == 1  # nothing applied
    report = client.get(response["Location"])
    text = page_text(report)
    assert "Nothing was imported" in text
    assert "<td>line 3</td>" in text and "32 hexadecimal characters" in text
    assert "<td>line 4</td>" in text and "Unknown hash type" in text
    tat = client.post(
        reverse("online:bank-import", args=[bank.pk]),
        {
            "file": upload("tat.json", b'{"results": [{}, 5]}', "application/json"),
            "file_format": "tat",
        },
    )
    assert "<td>result 2</td>" in page_text(client.get(tat["Location"]))


def test_an_upload_must_be_a_non_empty_file_within_the_limit(
    client_as: Clients, bank: HashBank, settings: Any
) -> None:
    client = client_as(Role.SENIOR_ANALYST)
    url = reverse("online:bank-import", args=[bank.pk])
    missing = client.post(url, {"file_format": "csv"})
    assert missing.status_code == 400 and "Choose a hash-list file" in page_text(missing)
    empty = client.post(url, {"file": upload("e.csv", b""), "file_format": "csv"})
    assert empty.status_code == 400 and "The file is empty." in page_text(empty)
    settings.ONLINE_MAX_UPLOAD_BYTES = 10
    big = client.post(url, {"file": upload("big.csv", b"x" * 11), "file_format": "csv"})
    assert big.status_code == 400 and "big.csv: the file is larger than 10" in page_text(big)
    assert not ExchangeRun.objects.exists()


def test_exports_download_the_bank_as_a_file(client_as: Clients, bank: HashBank) -> None:
    services.bank_entry_disable(add(bank, SignalType.SHA256, SHA256), reason="Wrong")
    client = client_as(Role.AUDITOR)
    url = reverse("online:bank-export", args=[bank.pk])
    csv = client.get(url, {"format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv["Content-Disposition"].startswith('attachment; filename="Partner_list-')
    body = csv.content.decode()
    assert body.startswith("signal_type,value") and MD5 in body and SHA256 in body
    lines = client.get(url, {"format": "threatexchange"}).content.decode()
    assert lines == f"video_md5 {MD5}\n"  # enabled entries only
    assert ExchangeRun.objects.filter(kind=RunKind.EXPORT).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2
    wrong = client.get(url, {"format": "xml"})
    assert wrong.status_code == 302 and not ExchangeRun.objects.filter(file_format="xml")


# The hash check


@pytest.fixture
def banks_with_everything() -> HashBank:
    bank = services.bank_create(name="Shared list", labels={"ideology": "islamist"})
    add(bank, SignalType.PDQ, pdq_of_image(image_bytes(2)).hex, "CASE-7")
    add(bank, SignalType.URL, "https://bad.example/post/1")
    add(bank, SignalType.TEXT, text_sha256("Join us at the rally tonight"))
    add(bank, SignalType.MD5, MD5)
    return bank


def check(client: Client, data: dict[str, Any]) -> Any:
    return client.post(reverse("online:hash-check"), data)


def test_the_check_page_says_a_match_is_not_a_decision(client_as: Clients) -> None:
    response = client_as(Role.ANALYST).get(reverse("online:hash-check"))
    assert response.status_code == 200
    assert "A match is a reason to look, not a decision." in page_text(response)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"hash_type": "md5", "hash_value": MD5.upper()}, "exact match"),
        ({"url": "http://www.bad.example/post/1/?utm_source=x"}, "Normalised URL"),
        ({"text": "Join us at the rally, tonight!"}, "SHA-256 of normalised text"),
    ],
)
def test_a_hash_url_or_text_matches(
    client_as: Clients, banks_with_everything: HashBank, data: dict[str, str], expected: str
) -> None:
    response = check(client_as(Role.ANALYST), data)
    text = page_text(response)
    assert response.status_code == 200
    assert "Shared list" in text and expected in text and "ideology: islamist" in text
    assert "No match in the enabled banks." not in text


def test_a_file_matches_by_pdq(client_as: Clients, banks_with_everything: HashBank) -> None:
    image = upload("copy.jpg", image_bytes(2, fmt="JPEG"), "image/jpeg")
    response = check(client_as(Role.SENIOR_ANALYST), {"file": image})
    text = page_text(response)
    assert response.status_code == 200
    assert "Results for the file copy.jpg" in text
    assert "PDQ distance" in text and "from CASE-7" in text


def test_allow_listed_hits_are_shown_apart(
    client_as: Clients, banks_with_everything: HashBank
) -> None:
    allow = services.bank_create(name="Known false matches", purpose=BankPurpose.ALLOW)
    add(allow, SignalType.MD5, MD5)
    text = page_text(check(client_as(Role.ANALYST), {"hash_type": "md5", "hash_value": MD5}))
    assert "No match in the enabled banks." in text
    assert "Matches suppressed by an allow-list" in text and "Known false matches" in text


def test_no_match_says_so(client_as: Clients, banks_with_everything: HashBank) -> None:
    text = page_text(check(client_as(Role.ANALYST), {"hash_type": "sha256", "hash_value": SHA256}))
    assert "No match in the enabled banks." in text
    assert f'value="{SHA256}"' not in text  # a fresh form for the next check


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({}, "Enter something to check"),
        ({"hash_type": "md5", "hash_value": "abc"}, "A md5 hash has 32 hexadecimal characters"),
        ({"hash_type": "sha1", "hash_value": MD5}, "sha1 is not a hash type we hold"),
        ({"hash_type": "md5"}, "Enter the hash value"),
        ({"hash_value": MD5}, "Choose the type of the hash"),
        ({"url": "not a web address"}, "web address"),
        ({"url": "ftp://example.com/x"}, "web address"),
        ({"text": "?!"}, "The text has no words"),
        ({"url": "https://example.com/x", "text": "hello"}, "Check one thing at a time"),
        ({"file": upload("empty.png", b"", "image/png")}, "The file is empty."),
    ],
)
def test_bad_input_is_a_form_error(client_as: Clients, data: dict[str, Any], problem: str) -> None:
    response = check(client_as(Role.ANALYST), data)
    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text and problem in text
    assert "<title>Error: " in text


def test_a_file_over_the_limit_is_refused(client_as: Clients, settings: Any) -> None:
    settings.ONLINE_MAX_UPLOAD_BYTES = 100
    response = check(client_as(Role.ANALYST), {"file": upload("big.png", image_bytes(1))})
    assert response.status_code == 400 and "big.png: the file is larger than 100" in page_text(
        response
    )


# Who may do what


def test_an_analyst_may_look_but_not_create_or_import(client_as: Clients, bank: HashBank) -> None:
    client = client_as(Role.ANALYST)
    assert client.get(reverse("online:bank-detail", args=[bank.pk])).status_code == 200
    assert client.get(reverse("online:bank-create")).status_code == 403
    assert client.post(reverse("online:bank-create"), {"name": "Mine"}).status_code == 403
    data = {"file": upload("l.csv", f"signal_type,value\nsha256,{SHA256}\n".encode())}
    imported = client.post(reverse("online:bank-import", args=[bank.pk]), data)
    assert imported.status_code == 403 and not ExchangeRun.objects.exists()
    detail = page_text(client.get(reverse("online:bank-detail", args=[bank.pk])))
    assert reverse("online:bank-import", args=[bank.pk]) not in detail
    assert reverse("online:bank-settings", args=[bank.pk]) not in detail


def test_an_auditor_may_view_but_not_change(client_as: Clients, bank: HashBank) -> None:
    client = client_as(Role.AUDITOR)
    entry = bank.entries.get()
    for name, args in [
        ("online:bank-list", []),
        ("online:bank-detail", [bank.pk]),
        ("online:bank-export", [bank.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    for name, args, data in [
        ("online:bank-settings", [bank.pk], {"pdq_max_distance": "3"}),
        ("online:bank-entry-disable", [entry.pk], {"reason": "No"}),
        ("online:bank-create", [], {"name": "Mine", "purpose": "match"}),
    ]:
        assert client.post(reverse(name, args=args), data).status_code == 403, name
    assert client.get(reverse("online:hash-check")).status_code == 403
    bank.refresh_from_db()
    entry.refresh_from_db()
    assert bank.enabled and bank.pdq_max_distance == 31 and entry.enabled


def test_unknown_ids_answer_404(client_as: Clients) -> None:
    client = client_as(Role.ADMINISTRATOR)
    for name in ("online:bank-detail", "online:bank-export", "online:bank-run-detail"):
        assert client.get(reverse(name, args=[10**9])).status_code == 404, name
    for name in ("online:bank-settings", "online:bank-import"):
        assert client.post(reverse(name, args=[10**9]), {}).status_code == 404, name
