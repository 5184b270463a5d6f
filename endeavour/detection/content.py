"""From content (file bytes, a URL, text) to the hashes and the queries that look them up."""

from __future__ import annotations

from dataclasses import dataclass, field

from endeavour.detection import text, urls
from endeavour.detection.hashing import NotAnImage, PdqHash, file_hashes, pdq_of_image
from endeavour.detection.matching import Query
from endeavour.detection.models import SignalType
from endeavour.detection.video import FramePdq, NotAVideo, frame_pdqs

VIDEO_SIGNATURES = (b"\x1a\x45\xdf\xa3",)  # Matroska / WebM


def looks_like_video(data: bytes) -> bool:
    return (
        data[4:8] == b"ftyp"
        or data.startswith(VIDEO_SIGNATURES)
        or (data.startswith(b"RIFF") and data[8:12] == b"AVI ")
    )


def looks_like_image(data: bytes) -> bool:
    return data.startswith(
        (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
    ) or (data.startswith(b"RIFF") and data[8:12] == b"WEBP")


@dataclass(frozen=True)
class ContentHashes:
    sha256: str
    md5: str
    kind: str  # "image", "video" or "file"
    pdq: PdqHash | None = None
    frames: tuple[FramePdq, ...] = ()
    problem: str = field(default="", compare=False)


def hash_bytes(data: bytes) -> ContentHashes:
    """File hashes always; PDQ for an image, PDQ of sampled frames for a video.

    A file that claims to be an image or video but cannot be decoded keeps its file hashes and
    says why it has no perceptual hash in ``problem``.
    """
    if not data:
        raise ValueError("The file is empty.")
    plain = file_hashes(data)
    if looks_like_video(data):
        try:
            frames = tuple(frame_pdqs(data))
        except NotAVideo as error:
            return ContentHashes(plain.sha256, plain.md5, "video", problem=str(error))
        return ContentHashes(plain.sha256, plain.md5, "video", frames=frames)
    if looks_like_image(data):
        try:
            pdq = pdq_of_image(data)
        except NotAnImage as error:
            return ContentHashes(plain.sha256, plain.md5, "image", problem=str(error))
        return ContentHashes(plain.sha256, plain.md5, "image", pdq=pdq)
    return ContentHashes(
        plain.sha256, plain.md5, "file", problem="Not an image or video: file hashes only."
    )


def file_queries(
    *,
    sha256: str,
    md5: str,
    pdq: str = "",
    frames: tuple[tuple[float, str], ...] = (),
    about: str = "",
) -> list[Query]:
    queries = [Query(SignalType.SHA256, sha256, about), Query(SignalType.MD5, md5, about)]
    if pdq:
        queries.append(Query(SignalType.PDQ, pdq, about))
    queries += [
        Query(SignalType.PDQ, frame_pdq, f"{about} frame at {seconds:g}s".strip())
        for seconds, frame_pdq in frames
    ]
    return queries


def content_queries(hashes: ContentHashes, about: str = "") -> list[Query]:
    return file_queries(
        sha256=hashes.sha256,
        md5=hashes.md5,
        pdq=hashes.pdq.hex if hashes.pdq else "",
        frames=tuple((f.seconds, f.pdq.hex) for f in hashes.frames),
        about=about,
    )


def url_queries(normalised_url: str) -> list[Query]:
    return [
        Query(SignalType.URL, variant, "address" if i == 0 else "address variant")
        for i, variant in enumerate(urls.url_variants(normalised_url))
    ]


def text_queries(content: str, about: str = "text") -> list[Query]:
    if not text.normalise_text(content):
        return []
    queries = [Query(SignalType.TEXT, text.text_sha256(content), about)]
    signature = text.text_minhash(content)
    if signature is not None:
        queries.append(Query(SignalType.TEXT_MINHASH, signature, about))
    return queries
