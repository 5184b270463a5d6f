"""Text normalisation shared by the classifier's training and its runtime.

Pure Python, standard library only. Training (``training/``) and the running app call the same
function, so a change here changes what the model sees: bump ``PREPROCESS_VERSION`` and retrain.

What it does, in order:

1. Unicode NFKC (full-width letters, ligatures, mathematical alphabets fold to plain letters).
2. Drops zero-width and other invisible characters (soft hyphen, joiners, BOM, variation selectors,
   bidi controls) and control characters.
3. Case-folds (the model is uncased).
4. Replaces links with ``url`` and @-mentions with ``@user``.
5. Folds look-alike Cyrillic and Greek letters inside otherwise Latin words.
6. Joins letters separated by spaces, dots, dashes, underscores or asterisks (``k i l l``,
   ``k.i.l.l`` -> ``kill``) when at least three single letters are so separated.
7. Undoes leetspeak inside words (``k1ll``, ``h@te``, ``5cum``, ``$hit``): digits and symbols are
   mapped to letters only inside a token that has letters, so numbers and dates are untouched.
8. Collapses a letter repeated three or more times to two (``kiiiill`` -> ``kiill``) and runs of
   punctuation to one.
9. Collapses white space and truncates to ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PREPROCESS_VERSION = "1"
MAX_CHARS = 2000

# Zero-width, joiners, bidi marks and isolates, soft hyphen, BOM, variation selectors,
# Mongolian vowel separator, combining grapheme joiner, Hangul fillers.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENTION = re.compile(r"(?<![\w@])@[a-z0-9_]{2,}")

# Cyrillic, Greek and Armenian letters that look like Latin ones (lower case: applied after
# case-folding), by code point.
_CONFUSABLE_PAIRS = {
    0x0430: "a",  # Cyrillic Small Letter A
    0x0432: "b",  # Cyrillic Small Letter Ve
    0x0435: "e",  # Cyrillic Small Letter Ie
    0x0451: "e",  # Cyrillic Small Letter Io
    0x043A: "k",  # Cyrillic Small Letter Ka
    0x043C: "m",  # Cyrillic Small Letter Em
    0x043D: "h",  # Cyrillic Small Letter En
    0x043E: "o",  # Cyrillic Small Letter O
    0x0440: "p",  # Cyrillic Small Letter Er
    0x0441: "c",  # Cyrillic Small Letter Es
    0x0442: "t",  # Cyrillic Small Letter Te
    0x0443: "y",  # Cyrillic Small Letter U
    0x0445: "x",  # Cyrillic Small Letter Ha
    0x0456: "i",  # Cyrillic Small Letter Byelorussian-Ukrainian I
    0x0458: "j",  # Cyrillic Small Letter Je
    0x0455: "s",  # Cyrillic Small Letter Dze
    0x0501: "d",  # Cyrillic Small Letter Komi De
    0x0561: "w",  # Armenian Small Letter Ayb
    0x03B1: "a",  # Greek Small Letter Alpha
    0x03B5: "e",  # Greek Small Letter Epsilon
    0x03B9: "i",  # Greek Small Letter Iota
    0x03BA: "k",  # Greek Small Letter Kappa
    0x03BD: "v",  # Greek Small Letter Nu
    0x03BF: "o",  # Greek Small Letter Omicron
    0x03C1: "p",  # Greek Small Letter Rho
    0x03C4: "t",  # Greek Small Letter Tau
    0x03C5: "u",  # Greek Small Letter Upsilon
    0x03C7: "x",  # Greek Small Letter Chi
}
_CONFUSABLES = str.maketrans({chr(k): v for k, v in _CONFUSABLE_PAIRS.items()})
_CONFUSABLE_CHARS = "".join(chr(c) for c in _CONFUSABLE_PAIRS)
_MIXED_TOKEN = re.compile(rf"\b(?=\w*[a-z])(?=\w*[{_CONFUSABLE_CHARS}])\w+\b")

# Three or more single letters (or leet characters) each separated by one separator of the same
# kind: "k i l l", "k.i.l.l", "k-i-l-l", "k_i_l_l", "k*i*l*l".
_LEET_CLASS = r"[a-z0-9@$!|€]"
_SPACED = re.compile(
    rf"(?<![\w@$!|€]){_LEET_CLASS}(?:(?P<sep>[ .\-_*]){_LEET_CLASS})(?:(?P=sep){_LEET_CLASS})+"
    rf"(?![\w@$!|€])"
)

# A token that may carry leetspeak: letters mixed with digits or symbols.
_TOKEN = re.compile(r"[a-z0-9@$!|€]+")
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "€": "e",
}
_NON_LEET_DIGITS = re.compile(r"[269]")
_REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")
_REPEATED_PUNCT = re.compile(r"([!?.,*#\-_=~])\1+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Prepared:
    """Text ready for the tokenizer, and whether it was cut to ``MAX_CHARS``."""

    text: str
    truncated: bool


def _unspace(match: re.Match[str]) -> str:
    sep = match.group("sep")
    return match.group(0).replace(sep, "")


def _unleet_token(whole: str) -> str:
    # "!" at either end is punctuation ("stop!!"), not a letter.
    core = whole.strip("!")
    if not core:
        return whole
    start = whole.index(core)
    return whole[:start] + _unleet_core(core) + whole[start + len(core) :]


def _unleet_core(token: str) -> str:
    letters = sum(ch.isalpha() for ch in token)
    if letters == 0 or letters == len(token):
        return token
    if _NON_LEET_DIGITS.search(token):
        return token  # "covid19", "g20", "2nd": not leetspeak
    digits = sum(ch.isdigit() for ch in token)
    if digits * 2 > len(token):
        return token  # mostly a number: "1000s", "911s"
    chars = list(token)
    last = len(chars) - 1
    for i, ch in enumerate(chars):
        repl = _LEET.get(ch)
        if repl is None:
            continue
        before = chars[i - 1] if i > 0 else ""
        after = chars[i + 1] if i < last else ""
        if ch == "@" and i == 0:
            continue  # a mention, not a leet "a"
        if ch == "$" and i == last:
            continue
        if before.isalpha() or after.isalpha() or (before in _LEET and after in _LEET):
            chars[i] = repl
    return "".join(chars)


def _unleet(text: str) -> str:
    return _TOKEN.sub(lambda m: _unleet_token(m.group(0)), text)


def prepare(text: str | None, max_chars: int = MAX_CHARS) -> Prepared:
    """Normalise ``text`` for the model; say whether it had to be truncated."""
    raw = text or ""
    # Cut very long input early (normalisation rarely shortens text by more than half).
    raw = raw[: max_chars * 4]
    out = unicodedata.normalize("NFKC", raw)
    out = _INVISIBLE.sub("", out)
    out = _CONTROL.sub(" ", out)
    out = out.casefold()
    out = _URL.sub(" url ", out)
    out = _MENTION.sub("@user", out)
    out = _MIXED_TOKEN.sub(lambda m: m.group(0).translate(_CONFUSABLES), out)
    out = _SPACED.sub(_unspace, out)
    out = _unleet(out)
    out = _REPEATED_LETTER.sub(r"\1\1", out)
    out = _REPEATED_PUNCT.sub(r"\1", out)
    out = _SPACES.sub(" ", out).strip()
    truncated = len(out) > max_chars or len(text or "") > max_chars * 4
    if len(out) > max_chars:
        out = out[:max_chars].rstrip()
    return Prepared(text=out, truncated=truncated)


def normalise_for_model(text: str | None) -> str:
    """The normalised text only (see ``prepare`` to learn whether it was truncated)."""
    return prepare(text).text
