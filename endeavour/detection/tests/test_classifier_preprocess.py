"""The classifier's text normalisation (shared by training and the runtime)."""

from __future__ import annotations

import pytest

from endeavour.detection.classifier.preprocess import MAX_CHARS, normalise_for_model, prepare


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I will k1ll them", "i will kill them"),
        ("h@te", "hate"),
        ("5cum", "scum"),
        ("k i l l", "kill"),
        ("k.i.l.l them", "kill them"),
        ("K-I-L-L", "kill"),
        ("kiiiiill", "kiill"),
        ("ki\u200bll", "kill"),
        ("\uff2b\uff49\uff4c\uff4c", "kill"),  # full-width letters
        ("\u041cusli\u043cs", "muslims"),  # Cyrillic look-alikes inside a Latin word
        ("see https://example.org/x now", "see url now"),
        ("@someone said so!!!", "@user said so!"),
    ],
)
def test_obfuscation_is_undone(raw: str, expected: str) -> None:
    assert normalise_for_model(raw) == expected


@pytest.mark.parametrize("raw", ["covid19 in 2017 at 10:30", "$100 for the g20", "stop! now"])
def test_numbers_and_punctuation_are_left_alone(raw: str) -> None:
    assert normalise_for_model(raw) == raw.lower()


def test_long_text_is_truncated_and_says_so() -> None:
    short = prepare("a short post")
    assert not short.truncated
    long = prepare("word " * 1000)
    assert long.truncated and len(long.text) <= MAX_CHARS


def test_empty_input() -> None:
    assert prepare(None).text == "" and prepare("").text == ""
