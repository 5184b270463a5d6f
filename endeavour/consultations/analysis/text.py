"""Plain text helpers: normalisation, words, sentences, passages, a cheap language check."""

from __future__ import annotations

import re
import unicodedata

WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u2023\u25e6]|\d+[.)])\s+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English function words (and a few consultation fillers) that never make a theme label.
STOP_WORDS = _word_set(
    """
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each else etc even ever every few for from further get gets getting got had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's lot
lots may me might more most much must mustn't my myself need needs no nor not now of off often on
once one only or other ought our ours ourselves out over own per perhaps quite rather really
same shan't she she'd she'll she's should shouldn't so some such than that that's the their
theirs them themselves then there there's these they they'd they'll they're they've thing things
think this those though through to too under until up upon us very want was wasn't way we we'd
we'll we're we've well were weren't what what's when when's where where's whether which while
who who's whom why why's will with won't would wouldn't yes yet you you'd you'll you're you've
your yours yourself yourselves im ive dont cant wont isnt didnt doesnt thats theres youre also
something anything everything nothing someone anyone everyone really actually maybe sure like
ok okay yeah yep nope please thanks thank n/a na e.g ie eg etc many make makes made go going
"""
)

# Common function words of other languages our residents write in (Latin script).
_OTHER_STOP_WORDS = _word_set(
    """
le la les des du un une est et pas pour que qui dans sur avec nous vous ils sont mais ce cette
el los las del una es por que con para como pero muy esta son lo al
der die das und ist nicht ein eine mit auf für sind wir ich zu den dem von auch
i w na nie jest się że do to z jak ale czy tak są dla przez od po mamy
de het een en niet ook dat voor zijn met wij
o os um uma não com para são mas muito você
il di che non per sono una gli della anche
yr y ac mae yn ei eu ni nid gyda ar am i'r ond fel hefyd dylai
iyo waa ku ka oo ay aan la ee waxaa inay iney
ve bir bu da de için çok ile ama gibi daha olan
și în este nu cu pentru sunt pe care mai
"""
)
_ENGLISH_MARKERS = _word_set(
    "the and is are to of in that it for with this be we they have not you our should more"
)


def normalise(text: str) -> str:
    """NFKC, lower case, straight quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE_RE.sub(" ", text).strip().lower()


def normalise_for_hash(text: str) -> str:
    """What counts as 'the same answer': words only, in order, lower case."""
    return " ".join(WORD_RE.findall(normalise(text)))


def words(text: str) -> list[str]:
    return WORD_RE.findall(normalise(text))


def has_content(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def sentences(text: str) -> list[str]:
    """Split on sentence ends and line breaks; keeps every character of text except spaces."""
    parts = [p.strip() for p in _SENTENCE_END_RE.split(text)]
    return [p for p in parts if p]


def chunk_sentences(text: str, max_chars: int = 400, min_words: int = 4) -> list[str]:
    """Sentences packed into chunks of at most ~max_chars; short sentences join a neighbour."""
    chunks: list[str] = []
    current = ""
    for sent in sentences(text):
        if len(sent) > max_chars * 2:
            # A run-on paste without punctuation: cut at spaces.
            for start in range(0, len(sent), max_chars):
                piece = sent[start : start + max_chars].strip()
                if piece:
                    if current:
                        chunks.append(current)
                        current = ""
                    chunks.append(piece)
            continue
        candidate = f"{current} {sent}".strip()
        if current and len(candidate) > max_chars and len(WORD_RE.findall(current)) >= min_words:
            chunks.append(current)
            current = sent
        else:
            current = candidate
    if current:
        if chunks and len(WORD_RE.findall(current)) < min_words:
            chunks[-1] = f"{chunks[-1]} {current}"
        else:
            chunks.append(current)
    return chunks


def looks_non_english(text: str) -> bool:
    """A cheap heuristic: mostly non-Latin letters, or other languages' function words win.

    Short answers (under four words in Latin script) are never marked: "Youth clubs" has no
    English function words and is English.
    """
    if not text.isascii():
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return False
        latin = sum(1 for ch in letters if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF)
        if latin / len(letters) < 0.5:
            return True
    tokens = words(text)
    if len(tokens) < 4:
        return False
    english = sum(1 for t in tokens if t in _ENGLISH_MARKERS or t in STOP_WORDS)
    other = sum(1 for t in tokens if t in _OTHER_STOP_WORDS and t not in _ENGLISH_MARKERS)
    # Words like "a", "i", "to", "do", "no" are in both lists; only count clear winners.
    return other >= 2 and other > english * 1.5


def passages(document_text: str, max_chars: int = 600) -> list[str]:
    """Split a focus-group note or engagement report into analysable passages.

    Paragraphs are separated by blank lines; bulleted lines are passages of their own; a short
    heading line (no closing punctuation) is kept with the paragraph under it; paragraphs longer
    than ``max_chars`` are split into runs of whole sentences. No text is dropped except spaces.
    """
    text = document_text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if sum(1 for ln in lines if _BULLET_RE.match(ln)) >= max(2, len(lines) // 2):
            head = [ln for ln in lines if not _BULLET_RE.match(ln)]
            items = [_BULLET_RE.sub("", ln) for ln in lines if _BULLET_RE.match(ln)]
            if head:
                blocks.append(" ".join(head))
            blocks.extend(items)
        else:
            blocks.append(" ".join(lines))
    out: list[str] = []
    pending_heading = ""
    for block in blocks:
        is_heading = len(block.split()) <= 8 and not re.search(r"[.!?:;,\"')]$", block)
        if is_heading:
            pending_heading = f"{pending_heading} {block}".strip()
            continue
        if pending_heading:
            block = f"{pending_heading}\n{block}"
            pending_heading = ""
        if len(block) > max_chars:
            out.extend(chunk_sentences(block, max_chars=max_chars))
        else:
            out.append(block)
    if pending_heading:
        out.append(pending_heading)
    return out
