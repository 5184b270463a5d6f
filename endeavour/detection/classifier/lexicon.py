"""The lexicon signal: proscribed organisations, known slogans and numeric codes, each hit read
in its context so that a mention is not taken for praise.

Organisations come from the dated UK proscription list the casework already loads (the newest
``online.ProscriptionList`` in the database, or the shipped CSV when there is no database), so
this module holds no copy of that list. Slogans and codes are below, versioned by
``TERMS_VERSION``. Every ideology is treated the same way, and no religious phrase, religion or
ethnicity is ever a term or a cue.

Each hit's context is one of:

- ``praise``: a praise or support cue governs it ("long live", "glory to", "join", "support",
  "victory to", "we stand with", "... forever"), or a slogan or code is used as an exclamation;
- ``condemnation``: the sentence condemns or reports ("condemn", "banned", "proscribed", "was
  arrested", "attack by", "reports", "according to", a negated praise cue such as "never join"),
  or the hit is inside quotation marks. This wins over praise: quoting extremism to condemn it,
  and reporting on it, is protected speech;
- ``mention``: neither.

Numbers are codes only in context: 14, 88 and 1488 (also 14/88, 14-88, 14 88) count only as
whole numbers (not prices, decimals, dates, page or route numbers, or quantities) in a sentence
that also has a word of the movement that uses them. Acronyms that are also everyday
abbreviations (AI, AS, ETA, MIT, N17...) need a word about terrorism or armed groups in the same
sentence; names made only of ordinary words ("National Action", "Islamic State") must be written
as names, with their capitals.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

TERMS_VERSION = "1"


class HitKind(StrEnum):
    ORGANISATION = "organisation"
    SLOGAN = "slogan"
    CODE = "code"


class HitContext(StrEnum):
    PRAISE = "praise"
    CONDEMNATION = "condemnation"
    MENTION = "mention"


@dataclass(frozen=True)
class LexiconEntry:
    """One thing to look for: an organisation with its aliases, a slogan, or a code."""

    name: str
    kind: HitKind
    aliases: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class LexiconHit:
    """Where an entry was found, and how the text around it reads."""

    entry: str
    alias: str
    kind: HitKind
    context: HitContext
    span: tuple[int, int]
    matched: str = ""
    cue: str = ""
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "alias": self.alias,
            "kind": str(self.kind),
            "context": str(self.context),
            "span": [self.span[0], self.span[1]],
            "matched": self.matched,
            "cue": self.cue,
            "source": self.source,
        }


# Slogans of violent extremist movements, across ideologies. Never religious phrases.
SLOGANS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Baqiya wa tatamadad (Islamic State slogan: 'remaining and expanding')",
        (
            "baqiya wa tatamadad",
            "baqiyah wa tatamadad",
            "baqiya wa tatamaddad",
            "baqiyah wa tatamaddad",
            "remaining and expanding",
        ),
    ),
    ("Sieg heil", ("sieg heil", "hail victory")),
    ("Heil Hitler", ("heil hitler",)),
    ("Racial holy war (RaHoWa)", ("rahowa", "racial holy war")),
    ("Day of the rope", ("day of the rope",)),
    ("Race war now", ("race war now",)),
    ("Blood and soil", ("blood and soil",)),
    ("White power", ("white power",)),
    ("Up the Ra (IRA slogan)", ("up the ra", "up the ira")),
    ("Tiocfaidh ar la (Irish republican slogan)", ("tiocfaidh ar la", "tiocfaidh \u00e1r l\u00e1")),
    ("For God and Ulster (UVF motto)", ("for god and ulster",)),
)

# Numeric and letter codes, counted only in a sentence with a word of the movement using them.
CODES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1488 (the fourteen words and 'Heil Hitler')", ("1488", "14/88", "14-88", "14 88")),
    ("14 (the fourteen words)", ("14", "14 words", "fourteen words")),
    ("88 ('Heil Hitler')", ("88",)),
    ("WPWW ('white pride world wide')", ("WPWW",)),
    ("HH ('Heil Hitler')", ("HH",)),
)
CODE_CONTEXT = re.compile(
    r"\b(?:white|aryan|heil|sieg|hitler|reich|nazis?|neo-?nazis?|national[ -]socialis[mt]|zog|"
    r"race|racial|rahowa|skinheads?|swastika|f(?:u|\u00fc)hrer|wpww|blood and soil|"
    r"day of the rope|ss|waffen)\b",
    re.IGNORECASE,
)
# Words about terrorism or armed groups: an ambiguous short acronym needs one nearby.
TERROR_CONTEXT = re.compile(
    r"\b(?:terror\w*|militant\w*|jihad\w*|mujahid\w*|martyr\w*|caliphate|khilafah|brigades?|"
    r"fighters?|armed|insurgen\w*|paramilitar\w*|bomb\w*|attacks?|proscribed|banned|"
    r"extremis\w*|guerrill\w*|faction|group|organi[sz]ation|army|cell|recruit\w*|"
    r"allegiance|operation|struggle|ceasefire|wing)\b",
    re.IGNORECASE,
)

# Ordinary English words: a name made only of these is matched only as written, with capitals.
ORDINARY_WORDS = frozenset(
    """a action al and anti army association base call capitalist collective combat commando
    continuity council cult dawn defence defenders division egyptian fighters fighting for
    force freedom front group hand homeland imperial in international irish islamic jihad
    liberation liberty libyan loyalist maniacs movement murder national network of order
    orange organisation palestine palestinian party people's peoples' project red republican
    resistance revolutionary russian saved scottish sect socialist state system the ulster
    union volunteer volunteers wagner workers' world youth""".split()  # noqa: SIM905 - one word list, easier to read
)
# Acronyms of two letters, and these longer ones, are also everyday abbreviations (artificial
# intelligence, estimated time of arrival, a London postcode...): they count only in a sentence
# about terrorism or armed groups.
SHORT_ACRONYM = 2
EVERYDAY_ACRONYMS = frozenset(
    """ABM ANO ASG AWD ETA HTS IAA IMU JAA MIT N17 NSO RIM SSP TAK TIP TTP""".split()  # noqa: SIM905
)

_FILLER = (
    r"(?:the|our|all|my|dear|beloved|brave|glorious|mighty|great|noble|heroic|holy|blessed|"
    r"brothers|sisters|soldiers|lions|fighters|men|boys|lads|heroes|martyrs|mujahideen|of|in|"
    r"to|with|and)"
)
PRAISE_BEFORE = (
    "long live",
    "glory to",
    "all glory to",
    "victory to",
    "we stand with",
    "i stand with",
    "stand with",
    "join",
    "support",
    "we support",
    "i support",
    "hail",
    "all hail",
    "we salute",
    "salute",
    "up the",
    "proud of",
    "honour",
    "honor",
    "pledge allegiance to",
    "pledge my allegiance to",
    "pledge our allegiance to",
    "swear allegiance to",
    "swear loyalty to",
    "i swear loyalty to",
    "proud member of",
    "proud to support",
    "proud supporter of",
    "donate to",
    "fight for",
    "die for",
    "we love",
    "i love",
    "follow",
)
PRAISE_AFTER = (
    "forever",
    "zindabad",
    "will rise",
    "will rise again",
    "will win",
    "will prevail",
    "will return",
    "will never die",
    "until victory",
    "lives on",
    "are heroes",
    "are our heroes",
    "is our hope",
    "are the future",
    "is the future",
    "are the answer",
    "is the answer",
    "did nothing wrong",
    "are the true defenders",
    "are the only ones fighting for us",
)
NEGATIONS = (
    r"(?:don['\u2019]?t|do not|does not|doesn['\u2019]?t|never|not|won['\u2019]?t|will not|"
    r"wouldn['\u2019]?t|would not|nobody should|no one should|refuse to|shouldn['\u2019]?t|"
    r"should not|stop|against|no longer)"
)
CONDEMNATION_CUES = (
    "condemn",
    "condemns",
    "condemned",
    "condemning",
    "condemnation",
    "denounce",
    "denounced",
    "banned",
    "ban on",
    "proscribed",
    "proscription",
    "designated",
    "was arrested",
    "were arrested",
    "arrested",
    "attack by",
    "attacks by",
    "attacked by",
    "killed by",
    "murdered by",
    "victims of",
    "victim of",
    "report",
    "reports",
    "reported",
    "reporting",
    "reporter",
    "according to",
    "claimed responsibility",
    "convicted",
    "charged",
    "sentenced",
    "jailed",
    "guilty",
    "trial",
    "court",
    "police",
    "investigation",
    "investigators",
    "researchers",
    "research",
    "study",
    "documentary",
    "against",
    "oppose",
    "opposed",
    "reject",
    "rejects",
    "fight against",
    "defeat",
    "defeated",
    "terrorist group",
    "terrorist organisation",
    "terrorist organization",
    "terror group",
    "atrocity",
    "atrocities",
    "survivors",
    "never again",
    "chanted",
    "chanting",
    "shouted",
    "shouting",
    "daubed",
    "scrawled",
    "graffiti",
    "tattoo",
    "symbol",
    "code for",
    "stands for",
    "means",
    "meaning",
    "why do",
    "why people",
    "why young",
)


def _phrases(words: Iterable[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_PRAISE_BEFORE = re.compile(
    rf"(?:^|(?<=\W))(?P<neg>{NEGATIONS}\s+(?:\w+\s+)?)?(?P<cue>{_phrases(PRAISE_BEFORE)})"
    rf"(?:\s+{_FILLER})*[\s,:\-]*$",
    re.IGNORECASE,
)
_PRAISE_AFTER = re.compile(
    rf"^[\s,!:\-]*(?:(?:is|are|will always be)\s+)?(?P<cue>{_phrases(PRAISE_AFTER)})\b",
    re.IGNORECASE,
)
_CONDEMNATION = re.compile(rf"\b(?:{_phrases(CONDEMNATION_CUES)})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_WORD = re.compile(r"\S+")
_OPEN_QUOTES = "\u201c\u2018\u00ab"
_CLOSE_QUOTES = "\u201d\u2019\u00bb"
_NUMBER_BEFORE = re.compile(
    r"(?:[\u00a3$\u20ac#]|\b(?:page|pages|no|number|room|flight|bus|route|platform|chapter|"
    r"section|article|line|year|years|aged|age|in|since|from|to|of|at|about|around|over|under|"
    r"only|just|nearly|almost|by|top|the)\s*[.:]?)\s*$",
    re.IGNORECASE,
)
_NUMBER_AFTER = re.compile(
    r"^\s*(?:%|percent|per cent|years?|months?|days?|hours?|minutes?|seconds?|km|kg|mph|miles?|"
    r"metres?|meters?|feet|ft|pounds?|people|persons?|times|points?|pages?|degrees?|million|"
    r"billion|thousand|st|nd|rd|th|am|pm)\b",
    re.IGNORECASE,
)
MAX_CHARS = 200_000


def _alias_pattern(alias: str) -> str:
    """A regex for an alias: any spacing or hyphen between words, an optional apostrophe."""
    out = []
    for ch in alias:
        if ch in "'\u2019":
            out.append("['\u2019]?")
        elif ch in " -":
            out.append(r"[\s\-]*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _key(text: str) -> str:
    """How an alias is looked up when case does not matter: no spaces, hyphens or apostrophes."""
    return re.sub(r"[\s\-'\u2019]+", "", text).casefold()


def _case_key(text: str) -> str:
    """The same, keeping capitals (a leading "the" is taken as "The")."""
    squeezed = re.sub(r"[\s\-'\u2019]+", "", text)
    return "The" + squeezed[3:] if squeezed[:3] == "the" else squeezed


def _is_acronym(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z0-9]", "", alias)
    capitals = sum(ch.isupper() or ch.isdigit() for ch in letters)
    return " " not in alias.strip() and len(letters) <= 6 and capitals >= 2


def _is_ordinary_name(alias: str) -> bool:
    words = re.split(r"[\s\-]+", alias.casefold().strip())
    return all(w in ORDINARY_WORDS for w in words if w)


@dataclass(frozen=True)
class _Term:
    entry: LexiconEntry
    alias: str
    needs: re.Pattern[str] | None  # a context word the sentence must have


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around [start, end), at most 25 words each side."""
    left = max(0, start - 300)
    for found in _SENTENCE_END.finditer(text, left, start):
        left = found.end()
    after = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    right = after.start() if after else min(len(text), end + 300)
    words_before = list(_WORD.finditer(text, left, start))
    if len(words_before) > 25:
        left = words_before[-25].start()
    words_after = list(_WORD.finditer(text, end, right))
    if len(words_after) > 25:
        right = words_after[24].end()
    return left, right


def _inside_quotes(text: str, left: int, start: int, end: int, right: int) -> bool:
    before, after = text[left:start], text[end:right]
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    opened = max(before.rfind(q) for q in _OPEN_QUOTES)
    closed = max(before.rfind(q) for q in _CLOSE_QUOTES)
    return opened > closed and any(q in after for q in _CLOSE_QUOTES)


def condemns_or_reports(text: str) -> bool:
    """Whether anything in ``text`` condemns, reports or studies (any sentence, not just the
    hit's): praise found elsewhere in such a text is not taken as support on its own."""
    return _CONDEMNATION.search(text) is not None


def read_context(text: str, start: int, end: int, kind: HitKind) -> tuple[HitContext, str]:
    """How the text around [start, end) reads: praise, condemnation/reporting or mention, and
    the cue that decided it."""
    left, right = _sentence(text, start, end)
    before, after = text[left:start], text[end:right]
    praise = _PRAISE_BEFORE.search(before[-120:])
    if praise is not None and praise.group("neg"):
        return HitContext.CONDEMNATION, " ".join(praise.group(0).split())
    if _inside_quotes(text, left, start, end, right):
        return HitContext.CONDEMNATION, "quotation marks"
    for cue in _CONDEMNATION.finditer(text, left, right):
        if cue.end() <= start or cue.start() >= end:
            return HitContext.CONDEMNATION, " ".join(cue.group(0).lower().split())
    if praise is not None:
        return HitContext.PRAISE, " ".join(praise.group("cue").lower().split())
    later = _PRAISE_AFTER.search(after)
    if later is not None:
        return HitContext.PRAISE, " ".join(later.group("cue").lower().split())
    if kind != HitKind.ORGANISATION and (
        text[right : right + 1] == "!" or not (before.strip() or after.strip())
    ):
        return HitContext.PRAISE, "used as an exclamation"
    return HitContext.MENTION, ""


class Lexicon:
    """Entries compiled for matching. ``version`` names the list date and the terms version."""

    def __init__(self, entries: Sequence[LexiconEntry], version: str) -> None:
        self.entries = tuple(entries)
        self.version = version
        anycase: dict[str, _Term] = {}  # keyed by _key
        exact: dict[str, _Term] = {}  # keyed by _case_key
        numbers: dict[str, _Term] = {}  # keyed by _key
        for entry in self.entries:
            names = entry.aliases
            if entry.kind == HitKind.ORGANISATION:
                names = (entry.name, *entry.aliases)
            for raw in dict.fromkeys(names):
                alias = raw.strip()
                if not alias:
                    continue
                if entry.kind == HitKind.CODE and (alias[0].isdigit() or alias.islower()):
                    numbers.setdefault(_key(alias), _Term(entry, alias, CODE_CONTEXT))
                elif entry.kind == HitKind.CODE:
                    exact.setdefault(_case_key(alias), _Term(entry, alias, CODE_CONTEXT))
                elif entry.kind == HitKind.ORGANISATION and _is_acronym(alias):
                    short = len(re.sub(r"[^A-Za-z0-9]", "", alias)) <= SHORT_ACRONYM
                    everyday = short or alias in EVERYDAY_ACRONYMS
                    needs = TERROR_CONTEXT if everyday else None
                    exact.setdefault(_case_key(alias), _Term(entry, alias, needs))
                elif entry.kind == HitKind.ORGANISATION and _is_ordinary_name(alias):
                    exact.setdefault(_case_key(alias), _Term(entry, alias, None))
                else:
                    anycase.setdefault(_key(alias), _Term(entry, alias, None))
        self._tables: list[tuple[re.Pattern[str], dict[str, _Term], Callable[[str], str]]] = []
        for table, key, flags, numeric in (
            (anycase, _key, re.IGNORECASE, False),
            (exact, _case_key, 0, False),
            (numbers, _key, re.IGNORECASE, True),
        ):
            if table:
                self._tables.append((_compile(table, numeric, flags), table, key))

    def match(self, text: str) -> list[LexiconHit]:
        """Every hit in ``text`` (its first ``MAX_CHARS`` characters), in order."""
        text = text[:MAX_CHARS]
        found: list[tuple[int, int, _Term]] = []
        for pattern, table, key in self._tables:
            for m in pattern.finditer(text):
                term = table.get(key(m.group(0)))
                if term is not None:
                    found.append((m.start(), m.end(), term))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[LexiconHit] = []
        last_end = -1
        for start, end, term in found:
            if start < last_end:
                continue  # inside a longer hit ("Islamic State" within the full name)
            if term.needs is not None and not _has_context(term.needs, text, start, end):
                continue
            if term.entry.kind == HitKind.CODE and _looks_like_a_quantity(text, start, end):
                continue
            context, cue = read_context(text, start, end, term.entry.kind)
            hits.append(
                LexiconHit(
                    entry=term.entry.name,
                    alias=term.alias,
                    kind=term.entry.kind,
                    context=context,
                    span=(start, end),
                    matched=text[start:end],
                    cue=cue,
                    source=term.entry.source,
                )
            )
            last_end = end
        return hits


def _compile(table: dict[str, _Term], numeric: bool, flags: int) -> re.Pattern[str]:
    aliases = sorted((t.alias for t in table.values()), key=len, reverse=True)
    body = "|".join(_alias_pattern(a) for a in aliases)
    body = body.replace("The" + r"[\s\-]*", r"[Tt]he[\s\-]*")  # "the Base" mid-sentence
    if numeric:
        return re.compile(rf"(?<![\w\u00a3$\u20ac#./:+\-])(?:{body})(?![\w%]|[.,:/\-]\d)", flags)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


def _has_context(needs: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether the sentence around the hit has a context word, outside the hit itself."""
    left, right = _sentence(text, start, end)
    return any(f.end() <= start or f.start() >= end for f in needs.finditer(text, left, right))


def _looks_like_a_quantity(text: str, start: int, end: int) -> bool:
    """A number that reads as a price, date, page, route or amount, not as a code."""
    if not text[start].isdigit():
        return False
    before = text[max(0, start - 20) : start]
    return bool(_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.search(text[end : end + 20]))


def build_lexicon(
    organisations: Iterable[tuple[str, Sequence[str]]], *, list_date: date | None
) -> Lexicon:
    """A lexicon of ``organisations`` (name, aliases) as listed on ``list_date``, with the
    slogans and codes above."""
    listed = f"UK proscription list as at {list_date.day} {list_date:%B %Y}" if list_date else ""
    entries = [
        LexiconEntry(name=name, kind=HitKind.ORGANISATION, aliases=tuple(aliases), source=listed)
        for name, aliases in organisations
    ]
    terms = f"slogans and codes v{TERMS_VERSION}"
    entries += [LexiconEntry(n, HitKind.SLOGAN, a, terms) for n, a in SLOGANS]
    entries += [LexiconEntry(n, HitKind.CODE, a, terms) for n, a in CODES]
    stamp = f"{list_date:%Y-%m-%d}" if list_date else "none"
    return Lexicon(entries, version=f"proscribed-{stamp}+terms-{TERMS_VERSION}")


_lock = threading.Lock()
_cached: dict[str, Lexicon] = {}


def _newest_list() -> tuple[int, date] | None:
    """(id, date) of the newest proscription list in the database, or None if there is none or
    the database cannot be read (the scoring command on a machine without one)."""
    from django.apps import apps
    from django.db import DatabaseError

    try:
        model = apps.get_model("online", "ProscriptionList")
        newest = model.objects.order_by("-as_at").values_list("pk", "as_at").first()
    except (LookupError, DatabaseError):
        return None
    return (int(newest[0]), newest[1]) if newest else None


def _organisations(list_id: int) -> list[tuple[str, list[str]]]:
    from django.apps import apps

    model = apps.get_model("online", "ProscribedOrganisation")
    rows = model.objects.filter(proscription_list_id=list_id).order_by("name")
    return [(name, list(aliases or [])) for name, aliases in rows.values_list("name", "aliases")]


def current_lexicon() -> Lexicon:
    """The lexicon of the newest proscription list (the database's, else the shipped CSV),
    built once per list and process."""
    newest = _newest_list()
    key = f"db:{newest[0]}:{newest[1]}" if newest else "file"
    found = _cached.get(key)
    if found is not None:
        return found
    with _lock:
        if newest is not None:
            lexicon = build_lexicon(_organisations(newest[0]), list_date=newest[1])
        else:
            from endeavour.online.reference import PROSCRIPTION_LIST, proscribed_rows

            path, as_at = PROSCRIPTION_LIST["path"], PROSCRIPTION_LIST["as_at"]
            assert isinstance(path, Path) and isinstance(as_at, date)
            lexicon = build_lexicon(proscribed_rows(path), list_date=as_at)
        _cached.clear()
        _cached[key] = lexicon
    return lexicon
