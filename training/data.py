# ruff: noqa: S311 - seeded pseudo-random sampling for reproducible data, not security
"""Loaders for the labelled sets in ../shared/data, mapped onto the classifier's categories.

Every loader returns ``Example`` rows. Labels are per category, in the order of ``CATEGORIES``:
1 (present), 0 (absent) or ``UNKNOWN`` (-1: the source does not say; the loss ignores it). "none"
is all three at 0.

How each set is used (read each folder's README and PROVENANCE first):

- stormfront (CC BY-SA 3.0 ES): ``hate`` -> dehumanising_hate (threat and terrorism unknown),
  ``noHate`` -> none; ``relation`` and ``idk/skip`` dropped.
- gab_hate_corpus (licence of the original release unverified; research use): ``hd`` ->
  dehumanising_hate, ``cv`` -> threat; vulgar-only and unmarked posts -> none.
- implicit_hate (CC BY 4.0 mirror; authors ask for research use): explicit_hate and the implicit
  classes ``inferiority`` and ``stereotypical`` -> dehumanising_hate; ``threatening`` ->
  dehumanising_hate with threat unknown (it mixes violence with "deport them all");
  ``white_grievance``, ``irony``, ``incitement`` and ``other`` dropped (too ambiguous for our
  categories); not_hate -> none.
- toxigen_seeds (MIT + CDLA-Permissive-2.0): hate -> dehumanising_hate (threat unknown),
  neutral -> none; the neutral half is the benign identity set per target group.
- counterspeech_reddit (MIT repo; Reddit text): replies labelled counter-speech (2) or other (0)
  -> none for training (``gpt_4o_labels.csv`` is machine-labelled: training only, never
  evaluation); label 1 ("hate", which includes incivility) dropped from training. The
  human-labelled ``validation_set.csv`` is evaluation only.
- isis_tweets (no licence; positives CC0 on Kaggle): labels are per account, and the negatives
  never mention the topic. Training uses only the negatives, as generic benign tweets; the
  positives are never training data (they would teach the topic, or Arabic religious words,
  instead of stance). Evaluation reports figures on them with that caveat.
- radicalization_tt (MIT; tweets): labels are NOT stance. English ``pro_radical`` tweets are
  mostly news relays and anti-ISIS commentary: used as a pool of topical negatives (none), with
  ``con_nonradical`` (sport, chatter) as generic negatives.
- ethos (GPL-3.0) and hatexplain (MIT, validation split only here): evaluation only, so the
  shipped weights are not derived from GPL data and both give out-of-distribution figures.

Analysts' decisions: ``load_extra_labels`` reads a JSONL of ``{"text", "category"}`` (category one
of the three categories or "none"; a list under "categories" is accepted too).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

CATEGORIES: tuple[str, str, str] = ("threat", "terrorism_support", "dehumanising_hate")
UNKNOWN = -1
Labels = tuple[int, int, int]
NONE: Labels = (0, 0, 0)
HATE: Labels = (UNKNOWN, UNKNOWN, 1)
HATE_ONLY: Labels = (0, 0, 1)
THREAT: Labels = (1, UNKNOWN, UNKNOWN)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Example:
    text: str
    labels: Labels
    source: str
    split: str = "train"  # train, val or test
    kind: str = ""  # what the row is (e.g. "counter_speech", "benign_identity", "hate")
    group: str = ""  # target group, where known
    weight: float = 1.0


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    licence: str
    use: str  # "train+eval", "eval", "train"


@dataclass
class Loaded:
    info: DatasetInfo
    examples: list[Example] = field(default_factory=list)
    missing: str = ""


DATASETS: dict[str, DatasetInfo] = {
    "stormfront": DatasetInfo("stormfront", "CC BY-SA 3.0 ES (share-alike)", "train+eval"),
    "gab_hate_corpus": DatasetInfo(
        "gab_hate_corpus", "no licence in mirror; original OSF terms (research use)", "train+eval"
    ),
    "implicit_hate": DatasetInfo(
        "implicit_hate", "CC BY 4.0 (mirror); authors: research use", "train+eval"
    ),
    "toxigen_seeds": DatasetInfo("toxigen_seeds", "MIT + CDLA-Permissive-2.0", "train+eval"),
    "counterspeech_reddit": DatasetInfo(
        "counterspeech_reddit", "MIT (repo); Reddit content", "train+eval"
    ),
    "isis_tweets": DatasetInfo(
        "isis_tweets", "no licence (positives CC0 on Kaggle; negatives unknown)", "train+eval"
    ),
    "radicalization_tt": DatasetInfo(
        "radicalization_tt", "MIT (repo); Twitter content", "train+eval"
    ),
    "ethos": DatasetInfo("ethos", "GPL-3.0 (evaluation only)", "eval"),
    "hatexplain": DatasetInfo("hatexplain", "MIT (evaluation only)", "eval"),
}


def data_dir(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("ENDEAVOUR_SHARED_DATA")
    return Path(env) if env else DEFAULT_DATA_DIR


def bucket(text: str, salt: str = "") -> float:
    """A stable number in [0, 1) from the text, for splits that never move between runs."""
    digest = hashlib.sha1((salt + text).encode("utf-8")).digest()  # noqa: S324 - not security
    return int.from_bytes(digest[:8], "big") / 2**64


def split_of(text: str, test: float = 0.15, val: float = 0.10, salt: str = "") -> str:
    b = bucket(text, salt)
    if b < test:
        return "test"
    if b < test + val:
        return "val"
    return "train"


def _rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _dedupe(examples: Iterable[Example]) -> list[Example]:
    seen: set[str] = set()
    out: list[Example] = []
    for ex in examples:
        key = ex.text.casefold()
        if not ex.text or key in seen:
            continue
        seen.add(key)
        out.append(ex)
    return out


def load_stormfront(root: Path) -> list[Example]:
    out = []
    for row in _rows(root / "stormfront" / "stormfront_sentences.csv"):
        text = _clean(row["text"])
        if row["label"] == "hate":
            labels, kind = HATE, "hate"
        elif row["label"] == "noHate":
            labels, kind = NONE, "none"
        else:
            continue
        out.append(Example(text, labels, "stormfront", split_of(text), kind))
    return _dedupe(out)


def load_gab(root: Path) -> list[Example]:
    out = []
    for row in _rows(root / "gab_hate_corpus" / "ghc_train.tsv", "\t"):
        text = _clean(row["text"])
        hd, cv = row["hd"] == "1", row["cv"] == "1"
        if cv:
            labels: Labels = (1, UNKNOWN, 1 if hd else UNKNOWN)
            kind = "threat"
        elif hd:
            labels, kind = HATE, "hate"
        else:
            labels, kind = NONE, "vulgar" if row["vo"] == "1" else "none"
        out.append(Example(text, labels, "gab_hate_corpus", split_of(text), kind))
    return _dedupe(out)


def load_implicit_hate(root: Path) -> list[Example]:
    base = root / "implicit_hate" / "implicit-hate-corpus"
    stage2 = {
        _clean(row["post"]): row["implicit_class"]
        for row in _rows(base / "implicit_hate_v1_stg2_posts.tsv", "\t")
    }
    out = []
    for row in _rows(base / "implicit_hate_v1_stg1_posts.tsv", "\t"):
        text = _clean(row["post"])
        cls = row["class"]
        if cls == "not_hate":
            labels, kind = NONE, "none"
        elif cls == "explicit_hate":
            labels, kind = HATE, "hate"
        else:
            sub = stage2.get(text, "")
            if sub in ("inferiority", "stereotypical"):
                labels, kind = HATE, f"implicit_{sub}"
            elif sub == "threatening":
                labels, kind = HATE, "implicit_threatening"
            else:
                continue
        out.append(Example(text, labels, "implicit_hate", split_of(text), kind))
    return _dedupe(out)


def load_toxigen(root: Path) -> list[Example]:
    out = []
    for row in _rows(root / "toxigen_seeds" / "toxigen_prompt_seed_sentences.csv"):
        text = _clean(row["text"])
        hate = row["label"] == "hate"
        out.append(
            Example(
                text,
                (UNKNOWN, UNKNOWN, 1) if hate else NONE,
                "toxigen_seeds",
                split_of(text, test=0.45, val=0.10, salt="toxigen"),
                "hate" if hate else "benign_identity",
                row["target_group"],
            )
        )
    return _dedupe(out)


def load_counterspeech(root: Path) -> list[Example]:
    base = root / "counterspeech_reddit" / "dan-hickey1_toxic-counterspeech" / "data"
    base = base / "model_training"
    out: list[Example] = []

    def reply_rows(name: str, label_key: str) -> None:
        path = base / name
        if not path.exists():
            return
        for row in _rows(path):
            raw = row.get(label_key, "")
            try:
                label = int(float(raw))
            except ValueError:
                continue
            if label == 1:
                continue  # "hate" there includes plain incivility: not our categories
            text = _clean(row["reply"])
            split = "val" if bucket(text, "cs") < 0.05 else "train"
            kind = "counter_speech" if label == 2 else "none"
            out.append(Example(text, NONE, "counterspeech_reddit", split, kind))

    reply_rows("yu_et_al_2022.csv", "label")
    reply_rows("yu_et_al_2023.csv", "label")
    reply_rows("gpt_4o_labels.csv", "label")  # machine labels: training only
    validation = base / "validation_set.csv"
    if validation.exists():
        for row in _rows(validation):
            text = _clean(row["parent"] if row["target"] == "newcomer" else row["reply"])
            label = int(float(row["label"]))
            kind = {0: "none", 1: "hate", 2: "counter_speech"}[label]
            labels = HATE if label == 1 else NONE
            out.append(Example(text, labels, "counterspeech_reddit", "test", kind))
    # The human-labelled test rows win over any training copy of the same text.
    test_texts = {ex.text.casefold() for ex in out if ex.split == "test"}
    kept = [ex for ex in out if ex.split == "test" or ex.text.casefold() not in test_texts]
    return _dedupe(sorted(kept, key=lambda ex: ex.split != "test"))


def load_isis_tweets(root: Path) -> list[Example]:
    out = []
    for name, split in (("training_set.csv", "train"), ("validation_set.csv", "test")):
        path = root / "isis_tweets" / name
        if not path.exists():
            continue
        for row in _rows(path):
            text = _clean(row["Tweet"])
            positive = row["ISIS Flag"] == "1"
            if split == "train" and positive:
                continue  # account-level labels: never trained on (see module docstring)
            labels: Labels = (UNKNOWN, 1, UNKNOWN) if positive else NONE
            kind = "pro_isis_account" if positive else "random_tweet"
            out.append(Example(text, labels, "isis_tweets", split, kind))
    return _dedupe(out)


def load_radicalization_tt(root: Path) -> list[Example]:
    out = []
    for row in _rows(root / "radicalization_tt" / "radicalization_tt_tweets.csv"):
        if row["lang"] != "en" or row["label"] not in ("pro_radical", "con_nonradical"):
            continue
        text = _clean(row["text"])
        kind = "topical_news" if row["label"] == "pro_radical" else "generic_tweet"
        out.append(Example(text, NONE, "radicalization_tt", split_of(text), kind))
    return _dedupe(out)


def load_ethos(root: Path) -> list[Example]:
    base = root / "ethos" / "ethos" / "ethos_data"
    violence: dict[str, bool] = {}
    multi = base / "Ethos_Dataset_Multi_Label.csv"
    if multi.exists():
        for row in _rows(multi, ";"):
            violence[_clean(row["comment"])] = float(row["violence"]) >= 0.5
    out = []
    for row in _rows(base / "Ethos_Dataset_Binary.csv", ";"):
        text = _clean(row["comment"])
        hate = float(row["isHate"]) >= 0.5
        if hate:
            labels: Labels = (1 if violence.get(text) else 0, UNKNOWN, 1)
        else:
            labels = NONE
        out.append(Example(text, labels, "ethos", "test", "hate" if hate else "none"))
    return _dedupe(out)


def load_hatexplain(root: Path) -> list[Example]:
    out = []
    for row in _rows(root / "hatexplain" / "hatexplain_val.csv"):
        text = _clean(row["text"])
        label = row["label_majority"]
        if label == "hatespeech":
            labels, kind = HATE, "hate"
        elif label == "offensive":
            labels, kind = NONE, "offensive"
        else:
            labels, kind = NONE, "none"
        group = row.get("targets_majority", "") or ""
        out.append(Example(text, labels, "hatexplain", "test", kind, group))
    return _dedupe(out)


LOADERS: dict[str, Callable[[Path], list[Example]]] = {
    "stormfront": load_stormfront,
    "gab_hate_corpus": load_gab,
    "implicit_hate": load_implicit_hate,
    "toxigen_seeds": load_toxigen,
    "counterspeech_reddit": load_counterspeech,
    "isis_tweets": load_isis_tweets,
    "radicalization_tt": load_radicalization_tt,
    "ethos": load_ethos,
    "hatexplain": load_hatexplain,
}


def load_all(root: Path | None = None, names: Iterable[str] | None = None) -> dict[str, Loaded]:
    """Every available set; a missing one is reported, never fatal."""
    base = data_dir(root)
    out: dict[str, Loaded] = {}
    for name in names or LOADERS:
        info = DATASETS[name]
        try:
            examples = LOADERS[name](base)
        except FileNotFoundError as exc:
            out[name] = Loaded(info, [], f"missing: {exc.filename}")
            continue
        if info.use == "eval":
            examples = [replace(ex, split="test") for ex in examples]
        out[name] = Loaded(info, examples)
    return out


# How many training rows each set contributes (positives are kept whole where the cap allows);
# the big sets are mostly ordinary negatives, so they are sampled down.
TRAIN_CAPS: dict[str, tuple[int, int]] = {
    # name: (max positive rows, max negative rows)
    "stormfront": (2000, 2500),
    "gab_hate_corpus": (3000, 4000),
    "implicit_hate": (3000, 4000),
    "toxigen_seeds": (1000, 1000),
    "counterspeech_reddit": (0, 4000),
    "isis_tweets": (0, 1500),
    "radicalization_tt": (0, 3000),
}


def is_positive(ex: Example) -> bool:
    return any(v == 1 for v in ex.labels)


def training_sample(loaded: dict[str, Loaded], split: str, seed: int) -> list[Example]:
    """The capped, deterministic training (or validation) rows from the real sets."""
    rng = random.Random(seed)
    out: list[Example] = []
    for name, item in loaded.items():
        if item.info.use == "eval" or name not in TRAIN_CAPS:
            continue
        rows = [ex for ex in item.examples if ex.split == split]
        pos = [ex for ex in rows if is_positive(ex)]
        neg = [ex for ex in rows if not is_positive(ex)]
        max_pos, max_neg = TRAIN_CAPS[name]
        if split != "train":
            max_pos, max_neg = max(max_pos // 5, 1), max(max_neg // 5, 1)
        if name == "radicalization_tt":
            # Mostly news and commentary on terrorism: the topical negatives we need most.
            topical = [ex for ex in neg if ex.kind == "topical_news"]
            generic = [ex for ex in neg if ex.kind != "topical_news"]
            neg = rng.sample(topical, min(len(topical), max_neg * 5 // 6))
            neg += rng.sample(generic, min(len(generic), max_neg // 6))
        else:
            neg = rng.sample(neg, min(len(neg), max_neg))
        pos = rng.sample(pos, min(len(pos), max_pos))
        out.extend(pos + neg)
    return out


def load_extra_labels(path: str | Path, weight: float = 3.0) -> list[Example]:
    """Analysts' confirmed decisions: JSONL rows ``{"text": ..., "category": ...}``.

    ``category`` is one of ``CATEGORIES`` or "none" (a list under ``categories`` is accepted).
    A confirmed category is a positive for it; the others are unknown unless the row says
    "none". One row in ten (by a stable hash of the text) goes to validation.
    """
    out: list[Example] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            text = _clean(str(row.get("text", "")))
            cats = row.get("categories", row.get("category", ""))
            names = [cats] if isinstance(cats, str) else list(cats)
            names = [str(n).strip().lower() for n in names if str(n).strip()]
            if not text or not names:
                raise ValueError(f"{path}:{number}: needs text and category")
            unknown = [n for n in names if n != "none" and n not in CATEGORIES]
            if unknown:
                raise ValueError(f"{path}:{number}: unknown category {unknown[0]!r}")
            if names == ["none"]:
                labels: Labels = NONE
            else:
                chosen = [1 if c in names else UNKNOWN for c in CATEGORIES]
                labels = (chosen[0], chosen[1], chosen[2])
            split = "val" if bucket(text, "extra") < 0.1 else "train"
            out.append(Example(text, labels, "analyst_decisions", split, names[0], "", weight))
    return _dedupe(out)
