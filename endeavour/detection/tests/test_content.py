from __future__ import annotations

import pytest

from endeavour.detection import content, text, urls
from endeavour.detection.hashing import NotAnImage, hamming, pdq_of_image
from endeavour.detection.models import SignalType
from endeavour.detection.tests.media import flat_image_bytes, image_bytes, video_bytes
from endeavour.detection.values import InvalidValue, normalise_value, signal_type_of
from endeavour.detection.video import NotAVideo, frame_pdqs


def test_an_image_gets_file_hashes_and_a_strong_pdq() -> None:
    hashes = content.hash_bytes(image_bytes(1))
    assert hashes.kind == "image"
    assert len(hashes.sha256) == 64 and len(hashes.md5) == 32
    assert hashes.pdq is not None and len(hashes.pdq.hex) == 64
    assert not hashes.pdq.is_weak


def test_a_flat_image_is_marked_weak() -> None:
    pdq = pdq_of_image(flat_image_bytes())
    assert pdq.quality < 50 and pdq.is_weak


def test_a_resaved_jpeg_stays_near_its_png() -> None:
    png, jpeg = pdq_of_image(image_bytes(2)), pdq_of_image(image_bytes(2, fmt="JPEG"))
    assert hamming(png.hex, jpeg.hex) <= 16
    assert hamming(png.hex, pdq_of_image(image_bytes(9)).hex) > 31


def test_a_truncated_image_keeps_file_hashes_and_says_why() -> None:
    data = image_bytes(3)[:400]
    with pytest.raises(NotAnImage, match="could not be read"):
        pdq_of_image(data)
    hashes = content.hash_bytes(data)
    assert hashes.pdq is None and "could not be read" in hashes.problem


def test_an_unsupported_file_gets_file_hashes_only() -> None:
    hashes = content.hash_bytes(b"just some bytes, not media")
    assert hashes.kind == "file" and hashes.pdq is None and not hashes.frames
    with pytest.raises(ValueError, match="empty"):
        content.hash_bytes(b"")


def test_a_video_gets_one_pdq_per_scene() -> None:
    frames = frame_pdqs(video_bytes((1, 2, 3)))
    assert [f.seconds for f in frames] == [0.0, 2.0, 4.0]
    assert all(not f.pdq.is_weak for f in frames)
    queries = content.content_queries(content.hash_bytes(video_bytes((1, 2, 3))), "clip.mp4")
    assert [q.about for q in queries if q.signal_type == SignalType.PDQ] == [
        "clip.mp4 frame at 0s",
        "clip.mp4 frame at 2s",
        "clip.mp4 frame at 4s",
    ]


def test_a_broken_video_is_named() -> None:
    data = video_bytes((1,))
    with pytest.raises(NotAVideo):
        frame_pdqs(data[:200])
    hashes = content.hash_bytes(data[:200])
    assert hashes.kind == "video" and not hashes.frames and hashes.problem


def test_url_variants_cover_www_mobile_and_short_links() -> None:
    normalised = urls.normalise("http://m.Example.com/a/?utm_source=x#top").normalised
    assert normalised == "https://m.example.com/a"
    variants = urls.url_variants(normalised)
    assert {"https://example.com/a", "https://www.example.com/a"} <= set(variants)
    short = urls.url_variants(urls.normalise("https://youtu.be/abc").normalised)
    assert "https://www.youtube.com/watch?v=abc" in short
    assert "https://x.com/u/1" in urls.url_variants("https://twitter.com/u/1")


def test_text_normalisation_ignores_case_punctuation_and_invisible_characters() -> None:
    assert text.text_sha256("Hello,   WORLD!") == text.text_sha256("hello world")
    assert text.text_sha256("hel\u200blo world") == text.text_sha256("hello world")
    assert text.text_sha256("hello world") != text.text_sha256("hello there")


def test_minhash_catches_a_lightly_edited_copy_but_not_other_text() -> None:
    original = (
        "Join the fight now, the day of reckoning is coming for all of them in the city "
        "of London, be ready brothers"
    )
    edited = (
        "Join the fight now!! the day of reckoning is coming for all of them in London "
        "city, be ready brothers and sisters"
    )
    other = "The council meets on Tuesday to discuss new bus routes and parking in the borough"
    a, b, c = (text.minhash_of(t) for t in (original, edited, other))
    assert a is not None and b is not None and c is not None
    assert a.jaccard(b) >= 0.5
    assert a.jaccard(c) < 0.2
    assert text.minhash_from_hex(text.minhash_hex(a)).jaccard(b) == a.jaccard(b)
    assert text.minhash_of("too short") is None


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("pdq", "abc", "64 hexadecimal characters; this has 3"),
        ("sha256", "z" * 64, "hexadecimal"),
        ("md5", "a" * 31, "32 hexadecimal characters"),
        ("url", "ftp://example.com", "Only http and https"),
        ("pdq", "  ", "empty"),
    ],
)
def test_bad_values_are_named(kind: str, value: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        normalise_value(kind, value)


def test_signal_type_names_from_other_tools() -> None:
    assert signal_type_of("video_md5") == SignalType.MD5
    assert signal_type_of("PDQ") == SignalType.PDQ
    with pytest.raises(InvalidValue, match="Unknown hash type 'tlsh'"):
        signal_type_of("tlsh")
