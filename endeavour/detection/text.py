"""Text signals: an exact hash of normalised text and a MinHash signature for near-duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash

from endeavour.detection.values import MINHASH_PERMUTATIONS

SHINGLE_CHARACTERS = 5
# Shorter texts (slogans, single lines) get only the exact hash: their shingles are too few
# for a similarity estimate to mean anything.
MIN_MINHASH_CHARACTERS = 40
_SEED = 20161
# Stored signatures are only comparable with the same scheme and seed: never change these.
_SCHEME = "affine32"
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Compatibility-fold, case-fold, drop invisible characters, punctuation and extra spaces."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    folded = _INVISIBLE.sub("", folded)
    return _NOT_WORD.sub(" ", folded).strip()


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def minhash_of(text: str) -> MinHash | None:
    normalised = normalise_text(text)
    if len(normalised) < MIN_MINHASH_CHARACTERS:
        return None
    signature = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=_SEED, scheme=_SCHEME)
    shingles = {
        normalised[i : i + SHINGLE_CHARACTERS]
        for i in range(len(normalised) - SHINGLE_CHARACTERS + 1)
    }
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature


def minhash_hex(signature: MinHash) -> str:
    return str(signature.hashvalues.astype(">u4").tobytes().hex())


def minhash_from_hex(value: str) -> MinHash:
    values = np.frombuffer(bytes.fromhex(value), dtype=">u4").astype(np.uint32)
    return MinHash(num_perm=MINHASH_PERMUTATIONS, seed=_SEED, hashvalues=values, scheme=_SCHEME)


def text_minhash(text: str) -> str | None:
    signature = minhash_of(text)
    return minhash_hex(signature) if signature is not None else None
