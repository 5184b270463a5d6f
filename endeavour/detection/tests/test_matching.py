from __future__ import annotations

import numpy as np
import pytest

from endeavour.detection import content, matching, services
from endeavour.detection.hashing import pdq_of_image
from endeavour.detection.matching import Query
from endeavour.detection.models import BankPurpose, HashBank, SignalType
from endeavour.detection.tests.media import image_bytes, video_bytes

pytestmark = pytest.mark.django_db

PASSAGE = (
    "Join the fight now, the day of reckoning is coming for all of them in the city of "
    "London, be ready brothers"
)


def flip(pdq_hex: str, bits: int, seed: int = 0) -> str:
    """``pdq_hex`` with ``bits`` distinct bits flipped."""
    code = np.unpackbits(np.frombuffer(bytes.fromhex(pdq_hex), dtype=np.uint8))
    positions = np.random.default_rng(seed).choice(256, size=bits, replace=False)
    code[positions] ^= 1
    return np.packbits(code).tobytes().hex()


def add(bank: HashBank, signal_type: str, value: str, **kwargs: object) -> int:
    entry = services.bank_entry_add(
        bank=bank,
        signal_type=signal_type,
        value=value,
        source_reference=str(kwargs.get("reference", "")),
        labels=dict(kwargs.get("labels", {})),  # type: ignore[call-overload]
    )
    return entry.pk


def test_exact_matches_name_bank_entry_and_labels() -> None:
    bank = services.bank_create(name="Imported", labels={"ideology": "extreme right"})
    hashes = content.hash_bytes(image_bytes(1))
    entry_id = add(bank, SignalType.SHA256, hashes.sha256, labels={"tier": "1"})
    [match] = matching.lookup([Query(SignalType.SHA256, hashes.sha256, "photo.png")]).matches
    assert (match.entry_id, match.bank_name, match.distance) == (entry_id, "Imported", 0)
    assert match.labels == {"ideology": "extreme right", "tier": "1"}
    assert match.explanation.startswith("SHA-256 of a file (photo.png) matches entry")


def test_pdq_matches_within_the_banks_distance_only() -> None:
    near = services.bank_create(name="Near", pdq_max_distance=10)
    far = services.bank_create(name="Far", pdq_max_distance=31)
    pdq = pdq_of_image(image_bytes(4)).hex
    add(near, SignalType.PDQ, pdq)
    add(far, SignalType.PDQ, pdq)
    found = matching.lookup([Query(SignalType.PDQ, flip(pdq, 20))]).matches
    assert [(m.bank_name, m.distance) for m in found] == [("Far", 20)]
    assert matching.lookup([Query(SignalType.PDQ, flip(pdq, 32))]).matches == []
    close = matching.lookup([Query(SignalType.PDQ, flip(pdq, 5))]).matches
    assert sorted(m.bank_name for m in close) == ["Far", "Near"]


def test_disabled_entries_and_banks_never_match() -> None:
    bank = services.bank_create(name="Bank")
    url = "https://videos.example/watch/9"
    entry_id = add(bank, SignalType.URL, url, reference="CASE-1")
    assert matching.exact_matches(SignalType.URL, url)
    services.bank_entries_disable(source_reference="CASE-1", reason="Overturned")
    assert matching.exact_matches(SignalType.URL, url) == []
    services.bank_entry_add(
        bank=bank, signal_type=SignalType.URL, value=url, source_reference="CASE-2", labels={}
    )
    assert [m.entry_id for m in matching.exact_matches(SignalType.URL, url)] == [entry_id]
    services.bank_update(bank, enabled=False)
    assert matching.exact_matches(SignalType.URL, url) == []


def test_an_allow_listed_hash_suppresses_its_matches() -> None:
    bank = services.bank_create(name="Bank")
    allow = services.bank_create(name="Known false matches", purpose=BankPurpose.ALLOW)
    pdq = pdq_of_image(image_bytes(5)).hex
    add(bank, SignalType.PDQ, pdq)
    add(allow, SignalType.PDQ, flip(pdq, 3, seed=1))
    result = matching.lookup([Query(SignalType.PDQ, flip(pdq, 2, seed=2))])
    assert result.matches == []
    assert [m.bank_name for m in result.suppressed] == ["Bank"]
    assert [m.bank_name for m in result.allowed_by] == ["Known false matches"]


def test_url_variants_match_an_entry_stored_in_another_form() -> None:
    bank = services.bank_create(name="Bank")
    add(bank, SignalType.URL, "https://www.videos.example/watch/1")
    queries = content.url_queries("https://m.videos.example/watch/1")
    [match] = matching.lookup(queries).matches
    assert match.query.about == "address variant"


def test_a_lightly_edited_text_matches_by_similarity() -> None:
    bank = services.bank_create(name="Bank")
    for query in content.text_queries(PASSAGE):
        add(bank, query.signal_type, query.value)
    edited = PASSAGE.replace("be ready brothers", "be ready brothers and sisters!!")
    found = matching.lookup(content.text_queries(edited)).matches
    assert [m.signal_type for m in found] == [SignalType.TEXT_MINHASH]
    assert found[0].similarity is not None and found[0].similarity >= 0.5
    assert "text similarity" in found[0].explanation
    exact = matching.lookup(content.text_queries(PASSAGE.upper())).matches
    assert {m.signal_type for m in exact} == {SignalType.TEXT, SignalType.TEXT_MINHASH}
    other = "A news report on the trial of the men who planned the attack, and what the court heard"
    assert matching.lookup(content.text_queries(other)).matches == []


def test_a_video_frame_matches_an_image_entry() -> None:
    bank = services.bank_create(name="Bank")
    frames = content.hash_bytes(video_bytes((7, 8))).frames
    add(bank, SignalType.PDQ, frames[1].pdq.hex)
    queries = content.content_queries(content.hash_bytes(video_bytes((6, 8))), "clip.mp4")
    [match] = matching.lookup(queries).matches
    assert match.query.about == "clip.mp4 frame at 2s" and match.distance <= 31


def test_a_new_entry_is_matchable_at_once() -> None:
    bank = services.bank_create(name="Bank")
    pdq = pdq_of_image(image_bytes(11)).hex
    assert matching.pdq_matches(pdq) == []
    add(bank, SignalType.PDQ, pdq)
    assert len(matching.pdq_matches(pdq)) == 1


def test_bank_settings_are_checked() -> None:
    from django.core.exceptions import ValidationError

    services.bank_create(name="Bank")
    with pytest.raises(ValidationError, match="already a bank"):
        services.bank_create(name="Bank")
    with pytest.raises(ValidationError, match="between 0 and 32"):
        services.bank_create(name="Other", pdq_max_distance=40)
