"""Hash-list file imports: all rows or none, tombstones disable, re-adds re-enable."""

from __future__ import annotations

import pytest

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.detection.exchange.formats import bank_rows_csv
from endeavour.detection.exchange.imports import (
    CHUNK,
    hash_list_export,
    hash_list_import,
)
from endeavour.detection.models import BankEntry, ExchangeRun, HashBank, RunStatus
from endeavour.detection.services import bank_entries_disable, bank_entry_add

pytestmark = pytest.mark.django_db

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def pdq(n: int) -> str:
    return f"{n:064x}"


@pytest.fixture
def bank() -> HashBank:
    return HashBank.objects.create(name="Partner list", labels={"tier": "tier3"})


def run_import(bank: HashBank, text: str, file_format: str = "csv") -> ExchangeRun:
    return hash_list_import(
        bank=bank,
        data=text.encode(),
        file_format=file_format,
        filename=f"list.{file_format}",
        started_by=None,
    )


def audit_events(run: ExchangeRun) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="detection.exchangerun", object_id=str(run.pk))
    )


def test_a_clean_file_is_applied_with_counts_and_one_audit_event(bank: HashBank) -> None:
    run = run_import(
        bank,
        f"signal_type,value,ideology,external_id\npdq,{PDQ},islamist,x1\nmd5,{MD5},,\n"
        f"pdq,{PDQ},islamist,x1\n",
    )
    assert run.status == RunStatus.SUCCEEDED
    assert (run.rows_read, run.rows_added, run.rows_unchanged) == (3, 2, 1)
    entry = BankEntry.objects.get(bank=bank, signal_type="pdq")
    assert entry.labels == {"ideology": "islamist"} and entry.external_id == "x1"
    assert entry.source_reference == "list.csv" and entry.enabled
    [event] = audit_events(run)
    assert event.action == AuditAction.CREATE and "2 added" in event.reason
    assert not AuditEvent.objects.filter(object_type="detection.bankentry").exists()


def test_wrong_length_hashes_reject_the_whole_file_with_line_numbers(bank: HashBank) -> None:
    text = f"signal_type,value\npdq,{PDQ}\npdq,{PDQ[:-2]}\nmd5,{MD5}\nmd5,{MD5}00\n"
    run = run_import(bank, text)
    run.refresh_from_db()
    assert run.status == RunStatus.REJECTED
    assert run.errors == [
        {
            "line": 3,
            "where": "line 3",
            "message": "A pdq hash has 64 hexadecimal characters; this has 62.",
        },
        {
            "line": 5,
            "where": "line 5",
            "message": "A md5 hash has 32 hexadecimal characters; this has 34.",
        },
    ]
    assert (run.rows_rejected, run.rows_read) == (2, 4)
    assert run.message.startswith("Nothing was imported: 2 problems found, the first at line 3")
    assert not BankEntry.objects.exists()
    assert len(audit_events(run)) == 1


def test_only_the_first_200_problems_are_kept(bank: HashBank) -> None:
    run = run_import(bank, "signal_type,value\n" + "pdq,xyz\n" * 250)
    assert run.rows_rejected == 250 and len(run.errors) == 200


def test_an_unknown_column_or_format_is_refused(bank: HashBank) -> None:
    run = run_import(bank, f"signal_type,value,colour\npdq,{PDQ},red\n")
    assert run.status == RunStatus.REJECTED and "'colour'" in run.errors[0]["message"]
    run = run_import(bank, f"pdq {PDQ}\n", file_format="xml")
    assert run.status == RunStatus.REJECTED and "Unknown hash-list format" in run.message
    assert not BankEntry.objects.exists()


def test_a_tombstone_disables_and_a_re_add_re_enables(bank: HashBank) -> None:
    run_import(bank, f"pdq {PDQ}\nvideo_md5 {MD5}\n", file_format="threatexchange")
    run = run_import(bank, f"signal_type,value,status\npdq,{PDQ},deleted\nmd5,{MD5},deleted\n")
    assert run.rows_tombstoned == 2
    entry = BankEntry.objects.get(signal_type="pdq")
    assert not entry.enabled and entry.disabled_reason == "Withdrawn by source list.csv"
    assert entry.disabled_at is not None
    again = run_import(bank, f"signal_type,value,tier\npdq,{PDQ},tier2\n")
    assert (again.rows_added, again.rows_tombstoned) == (1, 0)
    entry.refresh_from_db()
    assert entry.enabled and entry.disabled_reason == "" and entry.disabled_at is None
    assert entry.labels == {"tier": "tier2"}
    assert BankEntry.objects.count() == 2


def test_a_tombstone_for_an_unknown_hash_adds_nothing(bank: HashBank) -> None:
    run = run_import(bank, f"signal_type,value,status\npdq,{PDQ},deleted\n")
    assert (run.rows_added, run.rows_unchanged, run.rows_tombstoned) == (0, 1, 0)
    assert not BankEntry.objects.exists()


def test_an_entry_disabled_by_an_overturned_dispute_stays_disabled(bank: HashBank) -> None:
    bank_entry_add(
        bank=bank, signal_type="pdq", value=PDQ, source_reference="OC-2025-00001", labels={}
    )
    bank_entries_disable(
        source_reference="OC-2025-00001", reason="Referral R-1 overturned on dispute D-1"
    )
    run = run_import(bank, f"pdq {PDQ}\n", file_format="threatexchange")
    entry = BankEntry.objects.get()
    assert not entry.enabled and entry.disabled_reason.startswith("Referral R-1 overturned")
    assert (run.rows_added, run.rows_unchanged) == (0, 1)
    assert "stay disabled" in run.message


def test_an_import_does_not_overwrite_an_entry_already_held(bank: HashBank) -> None:
    bank_entry_add(
        bank=bank, signal_type="pdq", value=PDQ, source_reference="OC-1", labels={"tier": "tier1"}
    )
    run = run_import(bank, f"signal_type,value,tier\npdq,{PDQ},tier4\n")
    assert run.rows_unchanged == 1
    entry = BankEntry.objects.get()
    assert entry.labels == {"tier": "tier1"} and entry.source_reference == "OC-1"


def test_large_files_are_applied_in_chunks(bank: HashBank) -> None:
    total = CHUNK * 2 + 10
    existing = [pdq(n) for n in range(0, total, 7)]
    BankEntry.objects.bulk_create(
        BankEntry(bank=bank, signal_type="pdq", value=v, value_key=v) for v in existing
    )
    run = run_import(bank, "".join(f"pdq {pdq(n)}\n" for n in range(total)), "threatexchange")
    assert (run.rows_read, run.rows_added, run.rows_unchanged) == (
        total,
        total - len(existing),
        len(existing),
    )
    assert BankEntry.objects.filter(bank=bank).count() == total


def test_an_export_re_imports_identically(bank: HashBank) -> None:
    run_import(
        bank,
        "signal_type,value,ideology,organisation,tier,external_id\n"
        f"pdq,{PDQ},islamist,Group,tier3,e1\nmd5,{MD5},,,,\n"
        "url,https://example.com/watch?v=9,extreme_right_wing,,tier4,e3\n",
    )
    run_import(bank, f"signal_type,value,status\nmd5,{MD5},deleted\n")
    export = hash_list_export(bank=bank, file_format="csv", started_by=None)
    assert export.run.rows_read == 3 and export.content_type == "text/csv"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(export.run.pk)
    ).exists()
    copy = HashBank.objects.create(name="Copy")
    run = run_import(copy, export.content)
    assert run.status == RunStatus.SUCCEEDED and run.rows_added == 2

    def shape(b: HashBank) -> set[tuple[str, str, str, str]]:
        return {
            (e.signal_type, e.value, str(sorted(e.labels.items())), e.external_id)
            for e in BankEntry.objects.filter(bank=b, enabled=True)
        }

    assert shape(copy) == shape(bank)
    assert bank_rows_csv(BankEntry.objects.filter(bank=copy, enabled=True).order_by("pk")) == (
        bank_rows_csv(BankEntry.objects.filter(bank=bank, enabled=True).order_by("pk"))
    )
