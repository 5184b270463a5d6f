"""Documents: source documents and evidence files, checked by their bytes and kept in private
storage (never the web root), served only by access-checked views."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

OFFICE_TYPES = {
    "word/": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
}
OPEN_DOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument, PNG, JPEG or text"
ACCEPT_ATTRIBUTE = (
    ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg"
)


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    storage_path: str
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "RECOMMENDATIONS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _office_type(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                kind = archive.read("mimetype").strip()
                if kind in OPEN_DOCUMENT_TYPES:
                    return kind.decode(), OPEN_DOCUMENT_TYPES[kind]
            if "[Content_Types].xml" in names:
                for prefix, found in OFFICE_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return found
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def classify(file: IncomingFile) -> tuple[str, str]:
    """(content type, extension) from the bytes themselves, never the name or the browser's word.
    Raises ValidationError naming the file."""
    if not file.data:
        raise ValidationError(f"{file.name}: the file is empty.")
    if len(file.data) > max_upload_bytes():
        raise ValidationError(
            f"{file.name}: the file is larger than {filesizeformat(max_upload_bytes())}."
        )
    if file.data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if file.data.startswith(b"PK\x03\x04"):
        office = _office_type(file.data)
        if office is not None:
            return office
        raise ValidationError(f"{file.name}: a zip file that is not a document we accept.")
    if file.data[:8] == b"\x89PNG\r\n\x1a\n" or file.data[:3] == b"\xff\xd8\xff":
        try:
            with Image.open(io.BytesIO(file.data)) as image:
                image.verify()
                image_format = image.format
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(f"{file.name}: the picture is damaged.") from error
        return ("image/png", "png") if image_format == "PNG" else ("image/jpeg", "jpg")
    try:
        text = file.data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return "text/plain; charset=utf-8", "txt"
    raise ValidationError(f"{file.name}: not a file type we accept ({ACCEPTED}).")


def file_store(file: IncomingFile, *, folder: str) -> StoredFile:
    """Check and save a file in private storage under ``folder``. Raises ValidationError."""
    content_type, extension = classify(file)
    digest = hashlib.sha256(file.data).hexdigest()
    path = default_storage.save(f"{folder}/{digest}.{extension}", ContentFile(file.data))
    return StoredFile(
        storage_path=path,
        original_name=file.name[:255],
        content_type=content_type,
        extension=extension,
        size=len(file.data),
        sha256=digest,
    )
