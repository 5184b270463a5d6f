"""URL normalisation, so the same content reported twice is one item.

Lower-case scheme and host, drop default ports, fragments, tracking parameters and trailing
slashes, sort the remaining query parameters, and mark known URL shorteners.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "si",
        "ref_src",
        "ref_url",
        "_hsenc",
        "_hsmi",
        "yclid",
        "twclid",
        "ttclid",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
SHORTENERS = frozenset(
    {
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "rb.gy",
        "t.ly",
        "bl.ink",
        "lnkd.in",
        "dlvr.it",
        "s.id",
    }
)
MAX_LENGTH = 2000


class InvalidUrl(ValueError):
    """The text is not an http(s) URL we can use; the message says why."""


@dataclass(frozen=True)
class NormalisedUrl:
    original: str
    normalised: str
    host: str
    is_shortened: bool

    @property
    def key(self) -> str:
        return hashlib.sha256(self.normalised.encode("utf-8")).hexdigest()


def normalise(raw: str) -> NormalisedUrl:
    text = (raw or "").strip()
    if not text:
        raise InvalidUrl("Enter a web address.")
    if len(text) > MAX_LENGTH:
        raise InvalidUrl(f"The web address is longer than {MAX_LENGTH} characters.")
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InvalidUrl(f"This is not a valid web address ({error}).") from error
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise InvalidUrl("Only http and https web addresses can be reported.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or "." not in host or any(c.isspace() for c in host):
        raise InvalidUrl("The web address has no valid site name.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise InvalidUrl("The site name contains characters that are not allowed.") from error
    netloc = (
        host
        if port is None or (scheme, port) in {("http", 80), ("https", 443)}
        else f"{host}:{port}"
    )
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMETERS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    normalised = urlunsplit(
        ("https" if scheme == "http" else scheme, netloc, path, urlencode(sorted(query)), "")
    )
    bare_host = host.removeprefix("www.")
    return NormalisedUrl(text, normalised, bare_host, bare_host in SHORTENERS)


def domain_candidates(host: str) -> list[str]:
    """``m.video.example.com`` -> the host and each parent domain, most specific first."""
    labels = host.removeprefix("www.").split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


HOST_PREFIXES = ("www.", "m.", "mobile.", "mbasic.", "touch.")
HOST_ALIASES = {"twitter.com": "x.com", "x.com": "twitter.com"}


def bare_host(host: str) -> str:
    """``m.example.com`` and ``www.example.com`` -> ``example.com``."""
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host.removeprefix(prefix)
    return host


def host_variants(host: str) -> list[str]:
    base = bare_host(host)
    names = [base, *([HOST_ALIASES[base]] if base in HOST_ALIASES else [])]
    found = [host]
    for name in names:
        for candidate in (name, *(prefix + name for prefix in HOST_PREFIXES)):
            if candidate not in found:
                found.append(candidate)
    return found


def url_variants(normalised: str) -> list[str]:
    """The normalised URL and its common variants: www and mobile hosts, short video links.

    Scheme, trailing slashes and tracking parameters are already removed by ``normalise``.
    """
    parts = urlsplit(normalised)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    forms = [(name, parts.path, parts.query) for name in host_variants(host)]
    video_id = dict(parse_qsl(parts.query)).get("v", "")
    if bare_host(host) == "youtu.be" and len(parts.path) > 1:
        watch = urlencode({"v": parts.path.lstrip("/")})
        forms += [(name, "/watch", watch) for name in host_variants("youtube.com")]
    elif bare_host(host) == "youtube.com" and parts.path == "/watch" and video_id:
        forms.append(("youtu.be", f"/{video_id}", ""))
    variants: list[str] = []
    for name, path, query in forms:
        url = urlunsplit(("https", name + port, path, query, ""))
        if url not in variants:
            variants.append(url)
    return variants
