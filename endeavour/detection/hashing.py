"""File and image hashes. Pure functions over bytes."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image, ImageFile, UnidentifiedImageError

WEAK_PDQ_QUALITY = 50
_STRICT_DECODING = threading.Lock()


class NotAnImage(ValueError):
    """The bytes are not an image Pillow can read."""


@dataclass(frozen=True)
class FileHashes:
    sha256: str
    md5: str


@dataclass(frozen=True)
class PdqHash:
    hex: str
    quality: int

    @property
    def is_weak(self) -> bool:
        return self.quality < WEAK_PDQ_QUALITY


def file_hashes(data: bytes) -> FileHashes:
    return FileHashes(
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
    )


@contextmanager
def refusing_truncated_images() -> Iterator[None]:
    """Decode strictly even if a library (WeasyPrint does) told Pillow to pad truncated files:
    a half-downloaded image must not be hashed as if it were the whole one."""
    with _STRICT_DECODING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def pdq_of_image(data: bytes) -> PdqHash:
    try:
        with refusing_truncated_images(), Image.open(io.BytesIO(data)) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAnImage(f"The image could not be read ({error}).") from error
    bits, quality = pdqhash.compute(pixels)
    return PdqHash(hex=np.packbits(bits.astype(np.uint8)).tobytes().hex(), quality=int(quality))


def hamming(a_hex: str, b_hex: str) -> int:
    return (int(a_hex, 16) ^ int(b_hex, 16)).bit_count()
