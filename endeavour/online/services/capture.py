"""Capture: fetch and preserve what a reviewer will see, so nobody has to open the live page.

``item_capture(item)`` fetches the item's URL once and records a ``Capture``: when, the HTTP
status, the final URL after redirects, the content type, SHA-256 and MD5 of the body, and for
HTML the title and the visible text only (no markup, no scripts). Images, PDFs and videos are
kept as ``ItemFile`` rows in private storage; a captured image is looked up in the hash banks, so
a re-upload of referred content raises a signal. Network failures are recorded on the capture,
never raised.

``fetch(url)`` is the guarded fetch itself, usable by any other service that must look at a
reported URL:

- GET only, nothing executed, a descriptive User-Agent, no proxies or credentials taken from the
  environment;
- timeouts (connect 5 s, read 15 s, 60 s in all) and at most 5 redirects, followed by hand;
- the body is streamed and cut at 10 MB (after any content decoding);
- SSRF protection: a URL whose host resolves to a private, loopback, link-local, reserved or
  multicast address is refused, at every redirect hop and again on the connected socket (so a
  DNS answer that changes between the check and the connection is caught too), unless the
  setting ``ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES`` is True (the tests' local server).
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import time
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from endeavour.detection.hashing import file_hashes
from endeavour.online.models import Capture, Case, Item, ItemFile
from endeavour.online.services.classifier_signals import scoring_queue
from endeavour.online.services.files import IncomingFile, item_file_store
from endeavour.online.services.intake import reupload_signals
from endeavour.online.services.triage import case_reprioritise

USER_AGENT = "EndeavourCapture/1.0 (+content review for a public body)"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
TOTAL_SECONDS = 60.0
MAX_REDIRECTS = 5
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_TITLE_CHARS = 500
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FILE_TYPE_PREFIXES = ("image/", "video/")
FILE_TYPES = frozenset({"application/pdf", "application/octet-stream"})
ACCEPT = "text/html,application/xhtml+xml,image/*,video/*,application/pdf;q=0.9,*/*;q=0.5"


class AddressRefused(Exception):
    """The URL is not one the capture may fetch (not http(s), or a non-public address)."""


@dataclass(frozen=True)
class Fetched:
    """What one guarded fetch saw. ``http_status`` is None when no response came."""

    url: str
    final_url: str
    http_status: int | None
    content_type: str
    charset: str
    body: bytes
    truncated: bool
    error: str
    error_kind: str  # "", "refused", "dns", "connect", "tls", "timeout", "redirects", "other"
    redirects: tuple[str, ...] = ()


# -- SSRF protection --------------------------------------------------------------------------


def private_addresses_allowed() -> bool:
    return bool(getattr(settings, "ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES", False))


def address_is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as the IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_global
        and not (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_reserved
            or ip.is_multicast
            or ip.is_unspecified
        )
    )


def url_check(url: str) -> None:
    """Refuse ``url`` unless it is http(s) and every address its host resolves to is public.

    Raises AddressRefused, or socket.gaierror when the name does not resolve.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise AddressRefused(f"Only http and https addresses are fetched, not {parts.scheme!r}.")
    host = parts.hostname
    if not host:
        raise AddressRefused("The address has no host name.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise AddressRefused(f"The address has an invalid port ({error}).") from error
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if private_addresses_allowed():
        return
    for info in infos:
        address = str(info[4][0])
        if not address_is_public(address):
            raise AddressRefused(
                f"Refused to fetch {host}: it resolves to {address}, a private, loopback, "
                "link-local or reserved address. Captures only fetch public addresses."
            )


def _peer_check(sock: socket.socket) -> None:
    if private_addresses_allowed():
        return
    address = str(sock.getpeername()[0])
    if not address_is_public(address):
        sock.close()
        raise AddressRefused(
            f"Refused: the connection went to {address}, a private, loopback, link-local or "
            "reserved address. Captures only fetch public addresses."
        )


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _peer_check(sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _peer_check(sock)
        return sock


class _GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    """Checks the address actually connected to, whatever DNS said a moment before."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPConnectionPool,
            "https": _GuardedHTTPSConnectionPool,
        }


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies, .netrc credentials or CA bundles from the environment
    session.headers.update(
        {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Language": "en-GB,en;q=0.8"}
    )
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# -- fetching ---------------------------------------------------------------------------------


def _media_type(header: str) -> tuple[str, str]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    media, _, params = (header or "").partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _read_capped(response: requests.Response, deadline: float) -> tuple[bytes, bool]:
    body = bytearray()
    for chunk in response.iter_content(chunk_size=CHUNK_BYTES):
        body += chunk
        if len(body) > MAX_BODY_BYTES or time.monotonic() > deadline:
            return bytes(body[:MAX_BODY_BYTES]), True
    return bytes(body), False


def fetch(url: str) -> Fetched:
    """GET ``url`` with the guards in the module docstring. Never raises for network trouble."""
    deadline = time.monotonic() + TOTAL_SECONDS
    current = url
    redirects: list[str] = []

    def failed(kind: str, message: str, status: int | None = None) -> Fetched:
        return Fetched(
            url=url,
            final_url=current,
            http_status=status,
            content_type="",
            charset="",
            body=b"",
            truncated=False,
            error=message[:300],
            error_kind=kind,
            redirects=tuple(redirects),
        )

    try:
        with _session() as session:
            while True:
                url_check(current)
                with session.get(
                    current,
                    stream=True,
                    allow_redirects=False,
                    timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                ) as response:
                    location = response.headers.get("Location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        if len(redirects) >= MAX_REDIRECTS:
                            return failed(
                                "redirects",
                                f"Stopped after {MAX_REDIRECTS} redirects without reaching a page.",
                                response.status_code,
                            )
                        current = urljoin(current, location.strip())
                        redirects.append(current)
                        continue
                    media, charset = _media_type(response.headers.get("Content-Type", ""))
                    body, truncated = _read_capped(response, deadline)
                    return Fetched(
                        url=url,
                        final_url=current,
                        http_status=response.status_code,
                        content_type=media,
                        charset=charset,
                        body=body,
                        truncated=truncated,
                        error="",
                        error_kind="",
                        redirects=tuple(redirects),
                    )
    except AddressRefused as error:
        return failed("refused", str(error))
    except socket.gaierror:
        host = urlsplit(current).hostname or current
        return failed("dns", f"The site name {host} could not be found (DNS).")
    except requests.exceptions.ConnectTimeout:
        return failed("timeout", f"The site did not answer within {CONNECT_TIMEOUT:g} seconds.")
    except requests.exceptions.ReadTimeout:
        return failed("timeout", f"The site stopped sending for {READ_TIMEOUT:g} seconds.")
    except requests.exceptions.SSLError as error:
        return failed("tls", f"The secure connection failed: {_reason(error)}")
    except requests.exceptions.ConnectionError as error:
        return failed("connect", f"Could not connect to the site: {_reason(error)}")
    except requests.exceptions.RequestException as error:
        return failed("other", f"The fetch failed: {_reason(error)}")


def _reason(error: BaseException) -> str:
    """The innermost, most specific message of a requests/urllib3 exception chain."""
    while True:
        inner = getattr(error, "reason", None) or (error.args[0] if error.args else None)
        if not isinstance(inner, BaseException) or inner is error:
            break
        error = inner
    text = str(error) or type(error).__name__
    return re.sub(r"<urllib3\.[^>]*>:\s*|\b\w*Connection\([^)]*\):\s*", "", text)


def _plain_http_fallback(item: Item) -> str:
    """The http:// form of the normalised URL, if the item was reported as http://.

    Normalising upgrades http to https so one page is one item; a site that only serves plain
    http would otherwise never be captured.
    """
    if not item.url.lower().startswith("http://"):
        return ""
    parts = urlsplit(item.normalised_url)
    if parts.scheme != "https":
        return ""
    return urlunsplit(("http", *parts[1:]))


# -- visible text from HTML -------------------------------------------------------------------

SKIPPED_ELEMENTS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})
PARAGRAPH_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tr",
        "ul",
    }
)
SPACED_ELEMENTS = frozenset({"td", "th", "option", "label", "button"})
_LINE, _PARAGRAPH = "\x00L", "\x00P"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[^\S\n]+")


class _VisibleText(HTMLParser):
    """Collects the title and the text a browser would show; everything else is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skipping: list[str] = []
        self.in_title = False
        self.title_done = False
        self.length = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self.skipping.append(tag)
            return
        if self.skipping:
            return
        if self.in_title:  # an unclosed <title> ends at the next element
            self.in_title, self.title_done = False, True
        if tag == "title" and not self.title_done:
            self.in_title = True
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in PARAGRAPH_ELEMENTS:
            self.parts.append(_PARAGRAPH)
        elif tag in SPACED_ELEMENTS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SKIPPED_ELEMENTS:  # <iframe/> has nothing inside to skip
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS:
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
            return
        if self.skipping:
            return
        if tag == "title" and self.in_title:
            self.in_title, self.title_done = False, True
        elif tag in PARAGRAPH_ELEMENTS:
            self.parts.append(_PARAGRAPH)
        elif tag in SPACED_ELEMENTS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        self.parts.append(data)
        self.length += len(data)

    def title(self) -> str:
        return _WHITESPACE.sub(" ", _CONTROL.sub("", "".join(self.title_parts))).strip()

    def text(self) -> str:
        out: list[str] = []
        for part in self.parts:
            if part == _LINE:
                out.append("\n")
            elif part == _PARAGRAPH:
                out.append("\n\n")
            else:
                out.append(_WHITESPACE.sub(" ", _CONTROL.sub("", part)))
        joined = _SPACES.sub(" ", "".join(out))
        lines = (line.strip(" ") for line in joined.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return text[:MAX_TEXT_CHARS].rstrip()


def visible_text(html: str) -> tuple[str, str]:
    """(title, visible text) of an HTML document, with no markup left in either."""
    parser = _VisibleText()
    try:
        for start in range(0, len(html), CHUNK_BYTES):
            parser.feed(html[start : start + CHUNK_BYTES])
            if parser.length > MAX_TEXT_CHARS * 2:
                break
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    return parser.title()[:MAX_TITLE_CHARS], parser.text()


# Codecs a page may name but no browser would use, or that are slow on large input.
UNSAFE_CODECS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)


def decode_body(body: bytes, charset: str, *, html: bool) -> str:
    """Text of a body: the declared charset, then a <meta> charset for HTML, then UTF-8."""
    candidates = [charset]
    if body.startswith(codecs.BOM_UTF8):
        candidates.insert(0, "utf-8-sig")
    if html:
        found = _META_CHARSET.search(body[:4096])
        if found:
            candidates.append(found.group(1).decode("ascii", "ignore"))
    for name in candidates:
        if not name:
            continue
        try:
            codec = codecs.lookup(name)
        except LookupError:
            continue
        if getattr(codec, "_is_text_encoding", True) and codec.name not in UNSAFE_CODECS:
            return body.decode(codec.name, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def plain_text(text: str) -> str:
    """Plain text as served: control characters dropped, whitespace tidied, capped."""
    lines = (_WHITESPACE.sub(" ", _CONTROL.sub("", line)).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()[:MAX_TEXT_CHARS]


# -- recording the capture --------------------------------------------------------------------


def _is_file_type(media: str) -> bool:
    return media.startswith(FILE_TYPE_PREFIXES) or media in FILE_TYPES


def _file_name(fetched: Fetched) -> str:
    name = urlsplit(fetched.final_url).path.rsplit("/", 1)[-1]
    return (name or "capture")[:255]


def fetch_item(item: Item) -> Fetched:
    """Fetch the item's normalised URL, falling back to plain http if it was reported so."""
    fetched = fetch(item.normalised_url)
    fallback = _plain_http_fallback(item)
    if fallback and fetched.error_kind in {"connect", "tls"}:
        plain = fetch(fallback)
        if plain.http_status is not None:
            return plain
        return replace(fetched, error=f"{fetched.error} Over plain http: {plain.error}")
    return fetched


def item_capture(item: Item) -> Capture:
    """Fetch ``item.normalised_url`` once and record what came back (or why nothing did)."""
    fetched = fetch_item(item)

    notes = [fetched.error] if fetched.error else []
    if fetched.truncated:
        notes.append(
            f"The response was larger than {MAX_BODY_BYTES // (1024 * 1024)} MB or too slow: "
            "only the start was kept."
        )
    title, text = "", ""
    is_html = fetched.content_type in HTML_TYPES
    if fetched.body and is_html:
        title, text = visible_text(decode_body(fetched.body, fetched.charset, html=True))
    elif fetched.body and fetched.content_type.startswith("text/"):
        text = plain_text(decode_body(fetched.body, fetched.charset, html=False))
    got_body = fetched.http_status is not None and not fetched.error_kind
    hashes = file_hashes(fetched.body) if got_body else None

    with transaction.atomic():
        stored: ItemFile | None = None
        is_new_file = False
        if fetched.body and _is_file_type(fetched.content_type) and not fetched.truncated:
            assert hashes is not None
            is_new_file = not item.files.filter(sha256=hashes.sha256).exists()
            try:
                with transaction.atomic():
                    stored = item_file_store(
                        item, IncomingFile(_file_name(fetched), fetched.body), from_capture=True
                    )
            except ValidationError as error:
                if fetched.content_type != "application/octet-stream":
                    notes.append(f"The file was not kept: {' '.join(error.messages)}")
        elif fetched.truncated and _is_file_type(fetched.content_type):
            notes.append("The file was not kept because it was cut short.")
        capture = Capture.objects.create(
            item=item,
            fetched_at=timezone.now(),
            http_status=fetched.http_status,
            final_url=fetched.final_url[:2000],
            content_type=fetched.content_type[:100],
            title=title,
            text=text,
            sha256=hashes.sha256 if hashes else "",
            md5=hashes.md5 if hashes else "",
            error=" ".join(notes)[:300],
        )
        if (stored is not None and is_new_file) or text:
            _look_up_captured_content(item)
        if text or item.submitted_text.strip():
            scoring_queue([item.pk], in_request=False)
    return capture


def _look_up_captured_content(item: Item) -> None:
    """Captured files and page text that match a hash bank raise signals on the item's case."""
    case = Case.objects.filter(item=item).first()
    if case is None:
        return
    if reupload_signals(case):
        case_reprioritise(case)


def capture_text_preview(capture: Capture, length: int = 300) -> str:
    """The first ``length`` characters of the captured text on one line, for lists."""
    text = _WHITESPACE.sub(" ", capture.text or capture.title or "").strip()
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "\u2026"
