"""``endeavour hashes``: each action works, and each mistake gets a message, not a traceback."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from endeavour.detection import services
from endeavour.detection.hashing import pdq_of_image
from endeavour.detection.models import BankEntry, HashBank, SignalType
from endeavour.detection.tests.media import image_bytes, video_bytes

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("hashes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_hash_a_folder_of_images_videos_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.png").write_bytes(image_bytes(1))
    (tmp_path / "sub" / "clip.mp4").write_bytes(video_bytes((1, 2)))
    (tmp_path / "notes.txt").write_text("hello")
    lines = [json.loads(line) for line in run("hash", str(tmp_path), "--json").splitlines()]
    by_name = {Path(r["path"]).name: r for r in lines}
    assert by_name["a.png"]["pdq"] == pdq_of_image(image_bytes(1)).hex
    assert by_name["a.png"]["pdq_weak"] is False
    assert len(by_name["clip.mp4"]["frames"]) == 2
    assert by_name["notes.txt"]["kind"] == "file" and "pdq" not in by_name["notes.txt"]
    text = run("hash", str(tmp_path / "a.png"))
    assert "quality" in text and "sha256" in text


def test_hash_reports_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file or folder"):
        run("hash", str(tmp_path / "missing.png"))
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(CommandError, match="1 file"):
        run("hash", str(tmp_path / "empty.png"))


def test_banks_import_export_and_lookup_round_trip(tmp_path: Path) -> None:
    run("create-bank", "Shared list", "--label", "ideology=extreme right")
    pdq = pdq_of_image(image_bytes(3)).hex
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(f"signal_type,value,tier\npdq,{pdq},1\nurl,https://bad.example/x,1\n")
    out = run("import", str(csv_file), "--bank", "Shared list")
    assert "2 added" in out
    (tmp_path / "copy.jpg").write_bytes(image_bytes(3, fmt="JPEG"))
    found = run("lookup", "--file", str(tmp_path / "copy.jpg"))
    assert "Shared list" in found and "PDQ distance" in found and "ideology=extreme right" in found
    assert "exact match" in run("lookup", "--url", "http://www.bad.example/x/?utm_source=a")
    assert "No match" in run("lookup", "--hash", f"sha256:{'a' * 64}")
    exported = run("export", "--bank", "Shared list")
    assert pdq in exported and "https://bad.example/x" in exported
    listing = run("banks")
    assert "Shared list [match, enabled, PDQ distance 31] 2 of 2 entries enabled" in listing


def test_a_corrupt_list_is_rejected_with_line_numbers_and_nothing_applied(tmp_path: Path) -> None:
    bank = services.bank_create(name="Shared list")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"signal_type,value\npdq,{'a' * 64}\npdq,abc\nmd5,{'z' * 32}\n")
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("hashes", "import", str(bad), "--bank", "Shared list", stdout=out)
    report = out.getvalue()
    assert "line 3" in report and "line 4" in report
    assert not BankEntry.objects.filter(bank=bank).exists()


def test_allow_list_suppresses_a_lookup(tmp_path: Path) -> None:
    run("create-bank", "Shared list")
    run("create-bank", "False matches", "--allow-list")
    run("add", "--bank", "Shared list", "--hash", f"md5:{'b' * 32}")
    run("add", "--bank", "False matches", "--hash", f"md5:{'b' * 32}")
    assert "SUPPRESSED by an allow-list" in run("lookup", "--hash", f"md5:{'B' * 32}")


def test_bank_settings_and_entry_disable() -> None:
    run("create-bank", "Shared list", "--distance", "20")
    run("add", "--bank", "Shared list", "--hash", f"md5:{'c' * 32}")
    entry = BankEntry.objects.get()
    assert "disabled" in run("disable-entry", str(entry.pk), "--reason", "False positive")
    assert "No match" in run("lookup", "--hash", f"md5:{'c' * 32}")
    assert "disabled, PDQ distance 12" in run(
        "set-bank", "Shared list", "--disable", "--distance", "12"
    )
    assert not HashBank.objects.get().enabled


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lookup", "--hash", "pdq:abc"], "64 hexadecimal characters; this has 3"),
        (["lookup", "--hash", "tlsh:abc"], "Unknown hash type 'tlsh'"),
        (["lookup", "--hash", "abc"], "TYPE:VALUE"),
        (["lookup", "--url", "ftp://x.example"], "Only http and https"),
        (["lookup", "--text", "!!!"], "empty"),
        (["import", "/nonexistent.csv", "--bank", "x"], "no such file"),
        (["export", "--bank", "Nope"], "There is no bank called 'Nope'"),
        (["create-bank", "X", "--label", "novalue"], "KEY=VALUE"),
        (["create-bank", "X", "--distance", "99"], "between 0 and 32"),
        (["disable-entry", "999999", "--reason", "x"], "no entry 999999"),
        (["set-bank", "Nope", "--enable"], "There is no bank"),
        (["feedback", "--since", "yesterday"], "YYYY-MM-DD"),
        (["fetch", "--source", "Nope"], "no exchange source"),
    ],
)
def test_mistakes_get_clear_messages(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_feedback_export_runs(tmp_path: Path) -> None:
    out = tmp_path / "feedback.csv"
    assert "Wrote" in run("feedback", "--output", str(out))
    assert out.read_text().splitlines()[0].count(",") >= 5  # a header row, no matches yet


def test_rebuild_index_then_lookup() -> None:
    bank = services.bank_create(name="Shared list")
    pdq = pdq_of_image(image_bytes(6)).hex
    services.bank_entry_add(
        bank=bank, signal_type=SignalType.PDQ, value=pdq, source_reference="", labels={}
    )
    assert "1 hashes" in run("rebuild-index")
    assert "PDQ distance 0" in run("lookup", "--hash", f"pdq:{pdq}")


def test_fetch_a_local_file_source_and_resume_nothing_twice(tmp_path: Path) -> None:
    from endeavour.detection.models import ExchangeKind, ExchangeSource

    bank = services.bank_create(name="Partner list")
    listing = tmp_path / "hashes.txt"
    listing.write_text(f"pdq {'e' * 64}\nvideo_md5 {'f' * 32}\n")
    ExchangeSource.objects.create(
        name="Partner file", kind=ExchangeKind.LOCAL_FILE, bank=bank, config={"path": str(listing)}
    )
    out = run("fetch")
    assert "Partner file:" in out and "2 added" in out
    assert bank.entries.filter(enabled=True).count() == 2
    assert "0 added" in run("fetch", "--source", "Partner file")
