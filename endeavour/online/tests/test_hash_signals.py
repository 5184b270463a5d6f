"""The casework uses the hash banks: matches raise explained signals, referrals feed the city's
bank, and allow-lists keep known false matches quiet."""

from __future__ import annotations

import pytest

from endeavour.detection import content, services
from endeavour.detection.models import BankEntry, BankPurpose, SignalType
from endeavour.detection.tests.media import image_bytes, video_bytes
from endeavour.online.models import SignalKind
from endeavour.online.services.files import IncomingFile
from endeavour.online.tests.builders import platform_with_domain, referred_case
from endeavour.online.tests.factories import submit

pytestmark = pytest.mark.django_db

LEAFLET = (
    "Rise up and strike them where they live, the day of reckoning is coming for every one "
    "of them in London"
)


def test_an_item_matching_an_imported_list_raises_a_signal_naming_bank_entry_and_distance() -> None:
    bank = services.bank_create(name="Shared list", labels={"ideology": "extreme right"})
    pdq = content.hash_bytes(image_bytes(21)).pdq
    assert pdq is not None
    entry = services.bank_entry_add(
        bank=bank, signal_type=SignalType.PDQ, value=pdq.hex, source_reference="", labels={}
    )
    jpeg = IncomingFile("copy.jpg", image_bytes(21, fmt="JPEG"))
    result = submit(url="https://pastepost.example/p/1", files=[jpeg])
    [signal] = result.case.signals.filter(kind=SignalKind.HASH_MATCH)
    assert signal.provenance["bank"] == "Shared list"
    assert signal.provenance["entry"] == entry.pk
    assert 0 <= signal.provenance["distance"] <= 31
    assert signal.provenance["labels"] == {"ideology": "extreme right"}
    assert f"entry {entry.pk} in Shared list" in signal.summary
    assert "copy.jpg" in signal.summary


def test_a_referred_items_hashes_enter_the_city_bank_and_catch_a_reupload() -> None:
    clip = IncomingFile("clip.mp4", video_bytes((3, 4)))
    case = referred_case(files=[clip])
    entries = BankEntry.objects.filter(source_reference=case.reference)
    types = sorted(entries.values_list("signal_type", flat=True))
    assert types == ["md5", "pdq", "pdq", "sha256", "url"]
    assert all(e.labels["tier"] == "tier3" for e in entries)

    platform_with_domain("pastepost.example")
    later = submit(
        url="https://pastepost.example/mirror/1",
        files=[IncomingFile("reup.mp4", video_bytes((9, 4)))],
    )
    [signal] = later.case.signals.filter(kind=SignalKind.REUPLOAD)
    assert signal.provenance["original_case"] == case.reference
    assert "frame at 2s" in signal.summary
    later.case.refresh_from_db()
    assert later.case.reupload_of_id == case.pk


def test_a_referred_items_text_enters_the_bank_and_catches_an_edited_copy() -> None:
    platform_with_domain()
    case = referred_case()
    item = case.item
    item.submitted_text = LEAFLET
    item.save()
    from endeavour.online.services.hash_signals import referred_item_to_bank

    referred_item_to_bank(case, case.decisions.latest("pk"))
    stored = set(
        BankEntry.objects.filter(source_reference=case.reference).values_list(
            "signal_type", flat=True
        )
    )
    assert {SignalType.TEXT, SignalType.TEXT_MINHASH} <= stored
    edited = LEAFLET.replace("every one of them", "every single one of them!!")
    later = submit(url="https://pastepost.example/p/2", submitted_text=edited)
    [signal] = later.case.signals.filter(kind=SignalKind.REUPLOAD)
    assert signal.provenance["signal_type"] == SignalType.TEXT_MINHASH
    assert signal.provenance["similarity"] >= 0.5


def test_an_allow_listed_hash_never_raises_a_signal() -> None:
    bank = services.bank_create(name="Shared list")
    allow = services.bank_create(name="Known false matches", purpose=BankPurpose.ALLOW)
    hashes = content.hash_bytes(image_bytes(22))
    for target in (bank, allow):
        services.bank_entry_add(
            bank=target,
            signal_type=SignalType.SHA256,
            value=hashes.sha256,
            source_reference="",
            labels={},
        )
    result = submit(
        url="https://pastepost.example/p/3", files=[IncomingFile("a.png", image_bytes(22))]
    )
    assert not result.case.signals.filter(
        kind__in=[SignalKind.HASH_MATCH, SignalKind.REUPLOAD]
    ).exists()
