"""Checking and storing evidence files in private storage (never the web root)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from endeavour.detection import hashing, video
from endeavour.online.models import FileKind, Item, ItemFile

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (480, 480)


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


def max_upload_bytes() -> int:
    return int(getattr(settings, "ONLINE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def classify(file: IncomingFile) -> tuple[str, str]:
    """(kind, content type) from the bytes themselves, not the name. Raises ValidationError."""
    if not file.data:
        raise ValidationError(f"{file.name}: the file is empty.")
    if len(file.data) > max_upload_bytes():
        limit = max_upload_bytes() // (1024 * 1024)
        raise ValidationError(f"{file.name}: the file is larger than {limit} MB.")
    if file.data.startswith(b"%PDF-"):
        return FileKind.PDF, "application/pdf"
    if file.data[4:8] == b"ftyp":
        return FileKind.VIDEO, "video/mp4"
    if file.data.startswith(b"\x1a\x45\xdf\xa3"):
        return FileKind.VIDEO, "video/webm"
    try:
        with Image.open(io.BytesIO(file.data)) as image:
            image.verify()
            image_format = image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(
            f"{file.name}: not a PDF, video or image we can read (PNG, JPEG, GIF, WebP)."
        ) from error
    if image_format not in IMAGE_TYPES:
        raise ValidationError(f"{file.name}: images must be PNG, JPEG, GIF or WebP.")
    return FileKind.IMAGE, IMAGE_TYPES[image_format]


def thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as original:
        small = original.convert("RGB")
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()


def item_file_store(item: Item, file: IncomingFile, *, from_capture: bool = False) -> ItemFile:
    kind, content_type = classify(file)
    hashes = hashing.file_hashes(file.data)
    existing = item.files.filter(sha256=hashes.sha256).first()
    if existing is not None:
        return existing
    pdq: hashing.PdqHash | None = None
    problem = ""
    if kind == FileKind.IMAGE:
        try:
            pdq = hashing.pdq_of_image(file.data)
        except hashing.NotAnImage as error:
            if not from_capture:
                raise ValidationError(
                    f"{file.name}: the image is incomplete or damaged; upload the whole file."
                ) from error
            problem = str(error)[:300]
    folder = f"online/items/{item.reference}"
    path = default_storage.save(f"{folder}/{hashes.sha256}", ContentFile(file.data))
    pdq_hex, quality, thumb_path, frames = "", None, "", []
    if pdq is not None:
        pdq_hex, quality = pdq.hex, pdq.quality
        thumb_path = default_storage.save(
            f"{folder}/{hashes.sha256}.thumb.png", ContentFile(thumbnail(file.data))
        )
    if kind == FileKind.VIDEO:
        try:
            frames = [[f.seconds, f.pdq.hex, f.pdq.quality] for f in video.frame_pdqs(file.data)]
        except video.NotAVideo as error:
            problem = str(error)[:300]
    return ItemFile.objects.create(
        item=item,
        kind=kind,
        storage_path=path,
        original_name=file.name[:255],
        content_type=content_type,
        size=len(file.data),
        sha256=hashes.sha256,
        md5=hashes.md5,
        pdq=pdq_hex,
        pdq_quality=quality,
        frame_pdqs=frames,
        hash_problem=problem,
        thumbnail_path=thumb_path,
        from_capture=from_capture,
    )
