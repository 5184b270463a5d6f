"""Checking and normalising hash values typed, imported or fetched, so a bad value is named."""

from __future__ import annotations

import hashlib
import re

from endeavour.detection import urls
from endeavour.detection.models import SignalType

HEX_LENGTHS = {SignalType.SHA256: 64, SignalType.MD5: 32, SignalType.PDQ: 64, SignalType.TEXT: 64}
MINHASH_PERMUTATIONS = 128
MINHASH_HEX_LENGTH = MINHASH_PERMUTATIONS * 8
_HEX = re.compile(r"[0-9a-f]*")

# Names other tools use for our signal types (python-threatexchange, TAT, GIFCT, HMA).
ALIASES = {
    "sha256": SignalType.SHA256,
    "sha-256": SignalType.SHA256,
    "md5": SignalType.MD5,
    "video_md5": SignalType.MD5,
    "pdq": SignalType.PDQ,
    "url": SignalType.URL,
    "text": SignalType.TEXT,
    "text_sha256": SignalType.TEXT,
    "text_minhash": SignalType.TEXT_MINHASH,
}


class InvalidValue(ValueError):
    """A hash or URL that cannot be used; the message says what is wrong, in plain words."""


def signal_type_of(name: str) -> SignalType:
    try:
        return ALIASES[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(ALIASES))
        raise InvalidValue(f"Unknown hash type {name!r}; use one of: {known}.") from None


def normalise_value(signal_type: str, raw: str) -> str:
    """The stored form of ``raw``: lower-case hex of the right length, or a normalised URL."""
    kind = SignalType(signal_type)
    value = (raw or "").strip()
    if not value:
        raise InvalidValue(f"The {kind.label} is empty.")
    if kind == SignalType.URL:
        try:
            return urls.normalise(value).normalised
        except urls.InvalidUrl as error:
            raise InvalidValue(str(error)) from error
    value = value.lower()
    expected = MINHASH_HEX_LENGTH if kind == SignalType.TEXT_MINHASH else HEX_LENGTHS[kind]
    if not _HEX.fullmatch(value):
        raise InvalidValue(f"A {kind.value} hash is hexadecimal (0-9, a-f); this is not.")
    if len(value) != expected:
        raise InvalidValue(
            f"A {kind.value} hash has {expected} hexadecimal characters; this has {len(value)}."
        )
    return value


def value_key(signal_type: str, value: str) -> str:
    """The indexed key: the hex value itself, or SHA-256 of a URL or signature (too long)."""
    if signal_type in (SignalType.URL, SignalType.TEXT_MINHASH):
        return hashlib.sha256(value.encode("utf-8")).hexdigest()
    return value.lower()
