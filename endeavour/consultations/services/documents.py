"""Focus-group notes and engagement reports: their passages become answers to a question,
marked with their document, and are analysed with the rest.

Accepted: plain text (.txt, .md, .csv), Word (.docx, read from its XML without extra
libraries) and PDF (text read page by page with pypdf; no OCR, so a scanned PDF is refused with
a message asking for a text version). A PDF that needs a password, a damaged file, or one with
more than ``CONSULTATIONS_MAX_PDF_PAGES`` pages is refused with a message, never an error page.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.consultations.models import (
    Answer,
    Consultation,
    Question,
    RespondentType,
    Response,
    ResponseChannel,
    ResponseStatus,
    SourceDocument,
)
from endeavour.consultations.services.responses import clean_text, max_answer_chars
from endeavour.core.models import Borough

TEXT_SUFFIXES = {".txt", ".md", ".csv"}
ACCEPT = ".txt,.md,.csv,.docx,.pdf"
MAX_DOCX_XML = 50 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "CONSULTATIONS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def max_pdf_pages() -> int:
    return int(getattr(settings, "CONSULTATIONS_MAX_PDF_PAGES", 300))


@dataclass(frozen=True)
class IncomingDocument:
    name: str
    data: bytes


def document_text(document: IncomingDocument) -> str:
    """The text of a document; ValidationError (naming the file) if it cannot be read."""
    name = PurePath(document.name).name or "document"
    suffix = PurePath(name).suffix.lower()
    if not document.data:
        raise ValidationError({"file": f"{name} is empty."})
    if len(document.data) > max_upload_bytes():
        raise ValidationError({"file": f"{name} is larger than the limit."})
    if suffix == ".pdf" or document.data[:5] == b"%PDF-":
        return _pdf_text(name, document.data)
    if suffix == ".docx" or document.data[:2] == b"PK":
        return _docx_text(name, document.data)
    if suffix not in TEXT_SUFFIXES:
        raise ValidationError(
            {
                "file": f"{name}: upload plain text (.txt, .md, .csv), a Word document (.docx) "
                "or a PDF."
            }
        )
    try:
        text = document.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {"file": f"{name} is not saved as UTF-8 text. Save it again as UTF-8 and upload it."}
        ) from error
    return clean_text(text)


def _pdf_text(name: str, data: bytes) -> str:
    """The text of each page (pypdf, no OCR), pages joined by blank lines.

    A PDF that opens without a password (permissions-only encryption) is read; one that needs
    a password is refused. pypdf raises many kinds of error on damaged files, so any failure
    to read becomes the "could not be read" message rather than an error page."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    encrypted = ValidationError(
        {
            "file": f"{name} is protected with a password or encryption, so its text cannot be "
            "read. Save a copy without the password (or as .docx or .txt) and upload that."
        }
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise encrypted
        count = len(reader.pages)
        limit = max_pdf_pages()
        if count > limit:
            raise ValidationError(
                {
                    "file": f"{name} has {count:,} pages. The limit is {limit:,}: split it into "
                    "smaller files and upload each."
                }
            )
        pages = [clean_text(page.extract_text() or "") for page in reader.pages]
    except ValidationError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        raise encrypted from error
    except Exception as error:  # damaged or not a PDF at all: pypdf's errors vary
        raise ValidationError(
            {
                "file": f"{name} could not be read as a PDF: it may be damaged, or not a PDF. "
                "Open it, save it again as a PDF (or as .docx or .txt) and upload that."
            }
        ) from error
    text = clean_text("\n\n".join(page for page in pages if page))
    if not text:
        raise ValidationError(
            {
                "file": f"{name}: this PDF has no text we can read — it may be scanned images; "
                "please upload a text version."
            }
        )
    return text


def _docx_text(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise ValidationError({"file": f"{name} is too large to read."})
            xml = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError) as error:
        raise ValidationError(
            {"file": f"{name} could not be read as a Word document (.docx)."}
        ) from error
    paragraphs = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        runs = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", paragraph, flags=re.S)
        paragraphs.append(html.unescape("".join(runs)))
    return clean_text("\n\n".join(p for p in paragraphs if p.strip()))


@transaction.atomic
def document_add(
    *,
    consultation: Consultation,
    question: Question,
    kind: str,
    title: str,
    document: IncomingDocument,
    by: Any,
    respondent_type: RespondentType | None = None,
    borough: Borough | None = None,
) -> SourceDocument:
    """Keep a document's text and make each passage an answer to ``question``."""
    from endeavour.consultations.analysis import passages

    if question.consultation_id != consultation.pk or not question.is_free_text:
        raise ValidationError({"question": "Choose a free-text question of this consultation."})
    text = document_text(document)
    if not text:
        raise ValidationError({"file": f"{document.name} has no text in it."})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if SourceDocument.objects.filter(consultation=consultation, sha256=digest).exists():
        raise ValidationError({"file": "This document is already in the consultation."})
    limit = max_answer_chars()
    pieces = [clean_text(p) for p in passages(text)]
    pieces = [p[:limit] for p in pieces if p]
    if not pieces:
        raise ValidationError({"file": f"No passages could be found in {document.name}."})
    source = SourceDocument.objects.create(
        consultation=consultation,
        question=question,
        kind=kind,
        title=" ".join(title.split())[:300] or PurePath(document.name).stem,
        filename=PurePath(document.name).name[:255],
        sha256=digest,
        text=text,
        respondent_type=respondent_type,
        borough=borough,
        uploaded_by=by,
    )
    response = Response.objects.create(
        consultation=consultation,
        channel=ResponseChannel.DOCUMENT,
        status=ResponseStatus.SUBMITTED,
        respondent_type=respondent_type,
        borough=borough,
        document=source,
        submitted_at=timezone.now(),
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, text=piece, passage_number=number)
            for number, piece in enumerate(pieces, start=1)
        ]
    )
    return source
