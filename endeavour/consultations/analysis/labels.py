"""Theme keywords (class-based TF-IDF) and short readable labels (the most central phrase).

Keywords: each theme's answers are one document; a term (word or two-word phrase, no stop
words) scores its frequency in the theme times log(1 + average theme size in words / its
frequency across all themes), so words every theme uses ("extremism", "community") sink.
Label: phrases of one to five words taken from the theme's most typical answers, that start and
end on a content word (or start on "more", "better", "stop", ...) and contain a keyword, are
scored by keyword weight and by how many answers use them; the best dozen are embedded and the
one closest to the theme's centre wins. A label therefore always reads as words people wrote.

A label must read as a complete phrase, so (by word lists and suffixes, no tagger) a phrase is
refused when it ends on a function word, an adjective with no noun ("a friendly"), a verb that
is missing its object ("do not trust", "recruiters targeting", "young people feel"), when it is
a clause with an auxiliary or modal ("groups are closer", "money should go"), or when it starts
with a verb that needs two objects and has one ("give young people"). Noun phrases that end on
a keyword or at the end of a clause are preferred. With no acceptable phrase, the label is the
top keywords joined ("Youth clubs, funding").
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from .text import _OTHER_STOP_WORDS as OTHER_STOP_WORDS
from .text import STOP_WORDS, WORD_RE, words

LEADING_WORDS = frozenset(
    ("more", "better", "less", "fewer", "stop", "no", "not", "lack", "enough", "free", "local")
)
# Words that read as cut off at the end of a label ("employment schemes for young") or at its
# start ("taken down faster").
NO_END = frozenset(
    ("young", "mental", "public", "social", "local", "paid", "taken", "put", "long", "proper",
     "new", "real", "big", "small", "whole", "own", "free", "safe", "full", "first", "last",
     "much", "away", "done", "given", "based", "early", "late", "extra")
)  # fmt: skip
NO_START = frozenset(("put", "taken", "long", "being", "given", "done", "away", "based"))
# Function words of other languages never end a label ("Młodzieży i wsparcia dla"); a few are
# also English words.
FOREIGN_NO_END = OTHER_STOP_WORDS - frozenset(("son", "die", "den", "van", "art", "bin", "mae"))
# Adverbs that leave a phrase hanging ("area never").
ADVERBS = frozenset(
    ("never", "always", "already", "still", "instead", "anymore", "again", "soon", "sometimes",
     "usually", "almost", "ever", "even", "also", "just", "only")
)  # fmt: skip
# Words that make a phrase a clause rather than a name for a theme ("groups are closer").
CLAUSE_WORDS = frozenset(
    ("is", "are", "was", "were", "be", "been", "am", "isn't", "aren't", "wasn't", "weren't",
     "must", "should", "would", "could", "can", "will", "shall", "may", "might", "cannot",
     "can't", "won't", "wouldn't", "shouldn't", "couldn't", "do", "does", "did", "don't",
     "doesn't", "didn't", "has", "have", "had", "hasn't", "haven't", "than")
)  # fmt: skip
# Adjectives (and comparatives) that need a noun after them; with the suffixes below.
ADJECTIVES = frozenset(
    ("good", "bad", "great", "better", "best", "worse", "worst", "more", "less", "fewer",
     "easy", "easier", "hard", "harder", "risky", "scary", "angry", "busy", "different",
     "important", "difficult", "vulnerable", "likely", "unlikely", "sure", "true", "clear",
     "able", "aware", "afraid", "happy", "sad", "ready", "possible", "necessary", "simple",
     "bigger", "smaller", "stronger", "wider", "higher", "lower", "cheaper", "safer", "quicker",
     "faster", "closer", "close", "open", "key", "main", "certain", "other", "various", "same",
     "right", "wrong", "enough", "worried", "scared", "isolated", "independent", "sensible")
)  # fmt: skip
ADJECTIVE_SUFFIXES = ("ly", "ful", "ive", "ous", "ible", "able", "ic", "al", "less")
# Nouns with those endings.
SUFFIX_NOUNS = frozenset(
    ("family", "assembly", "supply", "ally", "rally", "bully", "reply", "anomaly", "monopoly",
     "initiative", "detective", "alternative", "representative", "executive", "relative",
     "objective", "incentive", "archive", "narrative", "perspective", "directive", "motive",
     "hospital", "festival", "proposal", "referral", "individual", "animal", "signal", "journal",
     "capital", "terminal", "approval", "arrival", "survival", "removal", "renewal", "material",
     "official", "professional", "criminal", "radical", "potential", "rival", "ritual", "manual",
     "portal", "general", "memorial", "interval", "carnival", "scandal", "mural", "tutorial",
     "withdrawal", "dismissal", "disposal", "refusal", "betrayal", "principal", "crystal",
     "clinic", "music", "traffic", "topic", "panic", "republic", "mechanic", "graphic", "logic",
     "arabic", "fabric", "critic", "mosaic", "epidemic", "pandemic", "rhetoric", "magic",
     "comic", "picnic", "cleric", "plastic", "handful", "homeless", "constable", "timetable",
     "vegetable", "variable", "cable", "table", "bible", "islamic")
)  # fmt: skip
_VERBS_ONLY = str.split(
    "give make take get bring put provide offer tell teach involve tackle reach encourage "
    "protect remain become include feel know see find hear understand ask allow let lose hire "
    "recruit engage ignore create deliver replace decide ensure prevent improve increase reduce "
    "raise hold send buy seem explain spot monitor challenge treat mean suit fit stay"
)
_VERBS_OR_NOUNS = str.split(
    "trust need support help fund report use fear contact call cut fix train pressure target "
    "blame address work care focus stop change lead share control"
)
_IRREGULAR = {
    "give": ("gave", "given"), "make": ("made",), "take": ("took", "taken"), "get": ("got",),
    "bring": ("brought",), "tell": ("told",), "teach": ("taught",), "feel": ("felt",),
    "know": ("knew", "known"), "see": ("saw", "seen"), "find": ("found",), "hear": ("heard",),
    "understand": ("understood",), "lose": ("lost",), "become": ("became",), "hold": ("held",),
    "send": ("sent",), "buy": ("bought",), "lead": ("led",),
}  # fmt: skip


def _inflect(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "ing", *_IRREGULAR.get(verb, ())}
    if verb.endswith("e"):
        forms |= {verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if len(verb) <= 4 and verb[-1] in "tpgn" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        forms |= {verb + verb[-1] + "ing", verb + verb[-1] + "ed"}  # put -> putting
    return forms


VERBS_ONLY = frozenset(f for v in _VERBS_ONLY for f in _inflect(v))
VERBS_OR_NOUNS = frozenset(f for v in _VERBS_OR_NOUNS for f in _inflect(v)) - VERBS_ONLY
# Verbs that take two objects: "give young people" is missing what they are given.
_DOUBLE_OBJECT = (
    "give",
    "offer",
    "tell",
    "show",
    "send",
    "buy",
    "let",
    "allow",
    "provide",
    "teach",
)
DOUBLE_OBJECT = frozenset(f for v in _DOUBLE_OBJECT for f in _inflect(v))
PEOPLE = frozenset(
    ("people", "kids", "children", "men", "women", "them", "families", "parents", "youngsters",
     "boys", "girls", "person", "everyone", "residents", "teenagers", "communities", "us")
)  # fmt: skip
# A word before a noun-or-verb that makes it a noun ("lack of trust", "more support").
NOUN_MARKERS = STOP_WORDS - CLAUSE_WORDS - frozenset(("not", "no", "to", "they", "we", "i"))
MAX_WORDS_PER_TEXT = 150
_CLAUSE_RE = re.compile(r"[.,;:!?()\[\]\n\"\u2013\u2014/]+|\s-\s")
TYPICAL_FOR_LABEL = 150


def _content(word: str, extra_stop: frozenset[str]) -> bool:
    return (
        len(word) > 2
        and word not in STOP_WORDS
        and word not in extra_stop
        and word[:7] not in extra_stop
    )


def question_stop_words(question_text: str) -> frozenset[str]:
    """The question's own words (and their 7-letter stems) never label a theme."""
    found = {w for w in words(question_text) if len(w) > 2}
    return frozenset(found | {w[:7] for w in found if len(w) >= 7})


def _surface_forms(texts: Sequence[str]) -> dict[str, str]:
    """Proper nouns keep their capitals ("muslims" -> "Muslims", "tiktok" -> "TikTok").

    A word is shown capitalised only if it is never written in lower case in the theme.
    """
    forms: dict[str, Counter[str]] = {}
    for t in texts:
        for w in WORD_RE.findall(t):
            forms.setdefault(w.lower().replace("\u2019", "'"), Counter())[w] += 1
    return {k: c.most_common(1)[0][0] if k not in c else k for k, c in forms.items()}


def _terms(tokens: list[str], extra_stop: frozenset[str]) -> list[str]:
    keep = [_content(w, extra_stop) for w in tokens]
    terms = [w for w, k in zip(tokens, keep, strict=True) if k]
    terms.extend(
        f"{tokens[i]} {tokens[i + 1]}" for i in range(len(tokens) - 1) if keep[i] and keep[i + 1]
    )
    return terms


def class_keywords(
    groups: Sequence[Sequence[str]], extra_stop: frozenset[str] = frozenset(), top: int = 8
) -> list[list[tuple[str, float]]]:
    """c-TF-IDF keywords for each group of texts, best first, with weights."""
    counts: list[Counter[str]] = []
    n_texts = [len(texts) for texts in groups]
    for texts in groups:
        c: Counter[str] = Counter()
        for t in texts:
            # A term counts once per answer: one long answer cannot make a theme's keywords.
            c.update(set(_terms(words(t)[:MAX_WORDS_PER_TEXT], extra_stop)))
        counts.append(c)
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    sizes = [sum(c.values()) for c in counts]
    avg = max(float(np.mean(sizes)) if sizes else 1.0, 1.0)
    result: list[list[tuple[str, float]]] = []
    for c, size, n_text in zip(counts, sizes, n_texts, strict=True):
        scored = []
        for term, n in c.items():
            if n < 2 and n_text >= 5:
                continue
            tf = n / max(size, 1)
            idf = math.log(1.0 + avg / total[term])
            bonus = 1.3 if " " in term else 1.0
            scored.append((term, tf * idf * bonus))
        if not scored:  # a small, varied theme: every term is used once
            scored = [(t, n / max(size, 1) * math.log(1.0 + avg / total[t])) for t, n in c.items()]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        chosen: list[tuple[str, float]] = []
        for term, weight in scored:
            # Skip a word already inside a chosen phrase, and a phrase repeating chosen words.
            if any(term in other.split() or other in term.split() for other, _ in chosen):
                continue
            chosen.append((term, weight))
            if len(chosen) >= top:
                break
        result.append(chosen)
    return result


def _clauses(text: str) -> list[list[str]]:
    """Words of each clause: a label phrase never runs across punctuation."""
    return [words(part) for part in _CLAUSE_RE.split(text[: MAX_WORDS_PER_TEXT * 8])]


def is_adjective(word: str) -> bool:
    if word in SUFFIX_NOUNS:
        return False
    return word in ADJECTIVES or (len(word) >= 6 and word.endswith(ADJECTIVE_SUFFIXES))


def _plural_subject(word: str) -> bool:
    return (
        word in PEOPLE
        or word in ("they", "we", "i", "you", "it", "not", "to")
        or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))
    )


def complete(tokens: Sequence[str]) -> bool:
    """Whether a phrase (lower-case words) reads as complete rather than cut off."""
    if not tokens:
        return False
    last = tokens[-1]
    if (
        last in STOP_WORDS
        or last in NO_END
        or last in FOREIGN_NO_END
        or last in ADVERBS
        or last in VERBS_ONLY
        or is_adjective(last)
        or any(t in CLAUSE_WORDS for t in tokens)
    ):
        return False
    if last in VERBS_OR_NOUNS:
        if len(tokens) == 1 and not last.endswith("ing"):
            return False  # "Leads" (but "Funding" is a noun)
        if len(tokens) > 1 and _plural_subject(tokens[-2]):
            return False  # "communities do not trust", "recruiters targeting"
    if tokens[0] in DOUBLE_OBJECT and last in PEOPLE:
        return False  # "Give young people"
    for word, following in itertools.pairwise(tokens):
        if is_adjective(word) and word not in LEADING_WORDS and following in STOP_WORDS:
            return False  # "Risky and professionals"
        if (
            following in VERBS_OR_NOUNS
            and word not in NOUN_MARKERS
            and _plural_subject(word)
            and (following.endswith("ing") or word in ("not", "to"))
        ):
            return False  # "recruiters targeting young men" (a clause, not a name)
    return True


def _phrases(clause: list[str], extra_stop: frozenset[str], max_words: int = 5) -> dict[str, bool]:
    """Complete phrases in a clause, each with whether it ends the clause."""
    found: dict[str, bool] = {}
    for i, first in enumerate(clause):
        if first in NO_START or not (_content(first, extra_stop) or first in LEADING_WORDS):
            continue
        for n in range(1, max_words + 1):
            if i + n > len(clause):
                break
            last = clause[i + n - 1]
            if _content(last, extra_stop) and complete(clause[i : i + n]):
                phrase = " ".join(clause[i : i + n])
                found[phrase] = found.get(phrase, False) or i + n == len(clause)
    return found


def _keyword_label(
    keywords: Sequence[tuple[str, float]], forms: dict[str, str], used: set[str]
) -> str:
    """The top keywords joined naturally ("Youth clubs, funding"), not reused."""
    terms = [t for t, _ in keywords if complete(t.split())] or [t for t, _ in keywords]
    for count in (2, 3, 1):
        chosen = terms[:count]
        key = ", ".join(chosen)
        if chosen and len(chosen) == min(count, len(terms)) and key not in used:
            used.add(key)
            shown = ", ".join(" ".join(forms.get(w, w) for w in t.split()) for t in chosen)
            return shown[0].upper() + shown[1:]
    return "Other answers"


def label_theme(
    texts: Sequence[str],
    keywords: Sequence[tuple[str, float]],
    centroid: np.ndarray,
    embed: Callable[[Sequence[str]], np.ndarray],
    extra_stop: frozenset[str] = frozenset(),
    used: set[str] | None = None,
) -> str:
    """A short phrase (usually 2-4 words) for a theme, from its most typical texts.

    ``texts`` are the theme's answers, most typical first. Candidates are clause-bounded
    phrases that contain a keyword and recur in two or more answers, plus the phrases of the
    five most typical answers; each is scored by how close its embedding is to the theme's
    centre, by its keyword weight and answer count, with one-word phrases discounted.
    ``used`` holds labels already given to the question's other themes; they are not reused.
    """
    used = used if used is not None else set()
    weights: dict[str, float] = {}
    for term, w in keywords:
        for part in term.split():
            weights[part] = max(weights.get(part, 0.0), w)
        weights[term] = w
    df: Counter[str] = Counter()
    central: set[str] = set()
    ends_clause: set[str] = set()
    for rank, text in enumerate(texts):
        phrases: set[str] = set()
        for clause in _clauses(text):
            for phrase, at_end in _phrases(clause, extra_stop).items():
                phrases.add(phrase)
                if at_end:
                    ends_clause.add(phrase)
        df.update(phrases)
        if rank < 5:
            central |= {p for p in phrases if 2 <= len(p.split()) <= 4}
    best_kw = max(weights.values(), default=1.0)

    def kw_score(phrase: str) -> float:
        tokens = phrase.split()
        kw = sum(weights.get(w, 0.0) for w in set(tokens)) + weights.get(phrase, 0.0)
        return kw / best_kw

    recurring = [
        p for p, n in df.items() if (n >= 2 or len(texts) <= 2) and (kw_score(p) > 0 or not weights)
    ]
    recurring.sort(key=lambda p: (-kw_score(p) * math.log1p(df[p]), p))
    pool = [p for p in dict.fromkeys([*recurring[:25], *sorted(central)]) if p not in used]
    forms = _surface_forms(texts)
    if not pool:
        return _keyword_label(keywords, forms, used)
    pool = pool[:40]
    sims = embed(pool) @ centroid
    length_fit = {1: -0.12, 2: 0.0, 3: 0.0, 4: -0.02, 5: -0.06}

    def final(i: int) -> float:
        p = pool[i]
        return (
            float(sims[i])
            + 0.15 * min(kw_score(p), 2.0)
            + 0.04 * math.log1p(df[p])
            + length_fit[len(p.split())]
            + (0.04 if p.split()[-1] in weights else 0.0)  # ends on a keyword
            + (0.02 if p in ends_clause else 0.0)  # ends where the writer's clause ends
            - (0.03 if any(w in VERBS_ONLY for w in p.split()) else 0.0)  # prefer noun phrases
        )

    best = max(range(len(pool)), key=lambda i: (final(i), -i))
    phrase = pool[best]
    used.add(phrase)
    shown = " ".join(forms.get(w, w) for w in phrase.split())
    return shown[0].upper() + shown[1:]
