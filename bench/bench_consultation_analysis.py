"""Consultation analysis (issue 7): agreement with a hand-coded sample; speed on 10,000 answers.

    .venv/bin/python bench/bench_consultation_analysis.py
    .venv/bin/python bench/bench_consultation_analysis.py --skip-speed     # agreement only
    .venv/bin/python bench/bench_consultation_analysis.py --skip-quality   # speed only
    .venv/bin/python bench/bench_consultation_analysis.py --verbose        # themes and labels

The sample (``bench/data/consultation_sample/``, see its README) was written and hand-coded by the
project team for this benchmark: 345 answers to three questions, not real responses.

Agreement. ``analyse_question`` runs on each question with no known themes. Its themes are
unnamed clusters, so each machine theme is mapped to one human code: the code that the most of
its assigned answers carry (overlap count; ties to the code first in the codebook). Two
mappings are reported:
  many-to-one: several machine themes may map to the same code (as if an analyst merged them);
  one-to-one: greedy by overlap, each code takes at most one machine theme, the rest map to
    nothing and their assignments count as wrong (stricter: no merging allowed).
A machine theme whose answers carry no code maps to nothing. An answer's predicted codes are the
codes its themes map to. Micro F1 counts every (answer, code) pair over all non-skipped answers
(including off-topic answers with no code, where any assignment is a false positive); macro F1
is the mean of per-code F1. Stance (question 3 only) is compared with the coded stance: accuracy
over all three classes, and accuracy on the answers the machine did not call "unclear".
Both mappings use the human codes to name machine themes: that is the step an analyst does by
renaming, but it flatters the machine compared with a fixed codebook.

Speed. 10,000 answers are made by recombining the sample's sentences (fixed seed): 1 to 9
sentences each, a mix of tweet-length and paragraph-length, plus five pasted documents of about
20,000 characters; then ``analyse_question`` runs end to end (embedding, themes, labels,
stance, duplicates) on 2 ONNX Runtime threads. Model load is timed separately.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from endeavour.consultations.analysis import Answer, analyse_question  # noqa: E402
from endeavour.consultations.analysis.encoder import SentenceEncoder, get_encoder  # noqa: E402
from endeavour.consultations.analysis.text import sentences  # noqa: E402

DATA = ROOT / "bench" / "data" / "consultation_sample"


def load() -> tuple[dict[str, dict[str, str]], list[dict[str, str]], dict[str, list[str]]]:
    with (DATA / "questions.csv").open(newline="") as f:
        questions = {r["question_id"]: r for r in csv.DictReader(f)}
    with (DATA / "responses.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    codebook: dict[str, list[str]] = defaultdict(list)
    with (DATA / "codebook.csv").open(newline="") as f:
        for r in csv.DictReader(f):
            codebook[r["question_id"]].append(r["code"])
    return questions, rows, codebook


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(2 * tp + fp + fn, 1)


def evaluate_question(
    qid: str,
    question: dict[str, str],
    rows: list[dict[str, str]],
    codes: list[str],
    verbose: bool,
) -> dict[str, object]:
    answers = [Answer(id=i, text=r["text"]) for i, r in enumerate(rows)]
    gold = [set(filter(None, r["codes"].split(";"))) for r in rows]
    started = time.perf_counter()
    result = analyse_question(
        answers, question_text=question["text"], ask_stance=question["asks_stance"] == "yes"
    )
    seconds = time.perf_counter() - started
    skipped = {i for i, _ in result.skipped}
    by_theme: dict[str, set[int]] = defaultdict(set)
    for a in result.assignments:
        by_theme[a.theme_key].add(a.answer_id)

    def overlap(key: str) -> Counter[str]:
        return Counter(c for i in by_theme[key] for c in gold[i])

    many: dict[str, str | None] = {}
    for t in result.themes:
        counts = overlap(t.key)
        many[t.key] = max(codes, key=lambda c: (counts[c], -codes.index(c))) if counts else None
    pairs = sorted(
        ((overlap(t.key)[c], t.key, c) for t in result.themes for c in codes),
        key=lambda p: (-p[0], p[1], codes.index(p[2])),
    )
    one: dict[str, str | None] = {t.key: None for t in result.themes}
    taken: set[str] = set()
    for n, key, code in pairs:
        if n and one[key] is None and code not in taken:
            one[key] = code
            taken.add(code)

    scores: dict[str, object] = {"seconds": seconds, "themes": len(result.themes)}
    for name, mapping in (("many_to_one", many), ("one_to_one", one)):
        predicted = [set() for _ in rows]
        for a in result.assignments:
            code = mapping.get(a.theme_key)
            if code:
                predicted[a.answer_id].add(code)
        tp = fp = fn = 0
        per_code: dict[str, list[int]] = {c: [0, 0, 0] for c in codes}
        for i in range(len(rows)):
            if i in skipped:
                continue
            for c in codes:
                p, g = c in predicted[i], c in gold[i]
                if p and g:
                    per_code[c][0] += 1
                elif p:
                    per_code[c][1] += 1
                elif g:
                    per_code[c][2] += 1
        for c in codes:
            tp, fp, fn = tp + per_code[c][0], fp + per_code[c][1], fn + per_code[c][2]
        macro = sum(f1(*per_code[c]) for c in codes) / len(codes)
        scores[name] = {
            "micro_f1": f1(tp, fp, fn),
            "precision": tp / max(tp + fp, 1),
            "recall": tp / max(tp + fn, 1),
            "macro_f1": macro,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    # Calibration: among machine assignments in a confidence band, how many carry the code their
    # theme maps to (many-to-one mapping)?
    bands: dict[str, list[int]] = {}
    for a in result.assignments:
        lo = min(int(a.confidence * 4), 3) / 4
        band = bands.setdefault(f"{lo:.2f}-{lo + 0.25:.2f}", [0, 0])
        band[1] += 1
        band[0] += int(many.get(a.theme_key) in gold[a.answer_id])
    scores["calibration"] = {b: bands[b] for b in sorted(bands)}
    unassigned = sum(
        1
        for i in range(len(rows))
        if i not in skipped and not any(i in s for s in by_theme.values())
    )
    scores["unassigned"] = unassigned
    scores["analysed"] = len(rows) - len(skipped)
    scores["skipped"] = [(rows[i]["response_id"], why) for i, why in result.skipped]
    scores["non_english"] = [rows[i]["response_id"] for i in result.non_english]
    scores["duplicates"] = [
        (g.kind, round(g.similarity, 2), [rows[i]["response_id"] for i in g.answer_ids])
        for g in result.duplicates
    ]
    if result.stances:
        coded = [
            (i, r["stance"]) for i, r in enumerate(rows) if r["stance"] and i in result.stances
        ]
        right = sum(1 for i, s in coded if result.stances[i] == s)
        decided = [(i, s) for i, s in coded if result.stances[i] != "unclear"]
        confusion: Counter[tuple[str, str]] = Counter((s, result.stances[i]) for i, s in coded)
        scores["stance"] = {
            "n": len(coded),
            "accuracy": right / max(len(coded), 1),
            "decided": len(decided),
            "accuracy_when_decided": sum(1 for i, s in decided if result.stances[i] == s)
            / max(len(decided), 1),
            "confusion (coded, machine)": dict(sorted(confusion.items())),
        }
    if verbose:
        print(f"\n{qid}: {question['text']}")
        for t in result.themes:
            print(
                f"  {t.key:7} n={t.size:3} -> {many[t.key] or '-':24} {t.label!r:40} "
                f"{', '.join(t.keywords[:4])}"
            )
    return scores


def quality(verbose: bool) -> None:
    questions, rows, codebook = load()
    print("== Agreement with the hand-coded sample (written by the project team, not real) ==")
    totals: dict[str, list[int]] = {"many_to_one": [0, 0, 0], "one_to_one": [0, 0, 0]}
    macros: dict[str, list[float]] = {"many_to_one": [], "one_to_one": []}
    for qid, question in questions.items():
        q_rows = [r for r in rows if r["question_id"] == qid]
        s = evaluate_question(qid, question, q_rows, codebook[qid], verbose)
        print(f"\n{qid} ({len(q_rows)} answers, {s['analysed']} analysed, {s['themes']} themes, "
              f"{s['unassigned']} with no theme, {s['seconds']:.1f} s)")  # fmt: skip
        for name in ("many_to_one", "one_to_one"):
            m = s[name]
            assert isinstance(m, dict)
            print(
                f"  {name:12} micro F1 {m['micro_f1']:.3f} (P {m['precision']:.3f} "
                f"R {m['recall']:.3f})  macro F1 {m['macro_f1']:.3f}"
            )
            for j, key in enumerate(("tp", "fp", "fn")):
                totals[name][j] += int(m[key])
            macros[name].append(float(m["macro_f1"]))
        calibration = s["calibration"]
        assert isinstance(calibration, dict)
        print(
            "  confidence band: correct/assigned  "
            + "  ".join(f"{b} {c}/{n}" for b, (c, n) in calibration.items())
        )
        if "stance" in s:
            print(f"  stance: {s['stance']}")
        print(f"  skipped: {s['skipped']}")
        print(f"  non-English: {s['non_english']}")
        print(f"  duplicates: {s['duplicates']}")
    print("\nAll questions:")
    for name in ("many_to_one", "one_to_one"):
        tp, fp, fn = totals[name]
        macro = sum(macros[name]) / len(macros[name])
        print(
            f"  {name:12} micro F1 {f1(tp, fp, fn):.3f}  macro F1 (mean of questions) {macro:.3f}"
        )


def synthesise(n: int, seed: int = 7) -> list[str]:
    _, rows, _ = load()
    pool = [s for r in rows for s in sentences(r["text"]) if re.search(r"[A-Za-z]{3}", s)]
    rng = random.Random(seed)
    fillers = ["really", "honestly", "also", "please", "definitely", "I think", "to be fair"]

    def edited(sentence: str) -> str:
        # A small random edit, so that recombined answers are not copies of each other (the
        # analysis embeds each distinct segment once: exact copies would flatter the timing).
        tokens = sentence.split()
        if len(tokens) > 3 and rng.random() < 0.5:
            del tokens[rng.randrange(1, len(tokens))]
        tokens.insert(rng.randrange(0, len(tokens) + 1), rng.choice(fillers))
        return " ".join(tokens)

    texts: list[str] = []
    for _ in range(n):
        size = rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 9])
        texts.append(" ".join(edited(rng.choice(pool)) for _ in range(size)))
    for j in range(5):  # pasted documents
        texts[j * (n // 5)] = " ".join(rng.choice(pool) for _ in range(300))
    return texts


def speed(n: int) -> None:
    print(f"\n== Speed: {n:,} synthesised answers, end to end ==")
    started = time.perf_counter()
    SentenceEncoder()  # a fresh load, timed (the run below uses the process-wide encoder)
    print(f"model load: {time.perf_counter() - started:.2f} s")
    get_encoder()
    texts = synthesise(n)
    chars = sum(len(t) for t in texts)
    print(f"answers: {len(texts):,}; characters: {chars:,}; median length "
          f"{sorted(len(t) for t in texts)[len(texts) // 2]} chars")  # fmt: skip
    answers = [Answer(id=i, text=t) for i, t in enumerate(texts)]
    marks: dict[str, float] = {}
    cpu_started = time.process_time()
    started = time.perf_counter()

    def progress(done: int, total: int, stage: str) -> None:
        marks[stage] = time.perf_counter() - started

    result = analyse_question(
        answers,
        question_text="What should the programme do more of?",
        ask_stance=True,
        progress=progress,
    )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"analyse_question: {elapsed:.1f} s wall ({n / elapsed:.0f} answers/s), {cpu:.1f} s CPU")
    print(f"  load average (1 min) at the end: {os.getloadavg()[0]:.2f} on 2 cores")
    print("  stage finished at: " + ", ".join(f"{k} {v:.1f} s" for k, v in marks.items()))
    print(
        f"  {len(result.themes)} themes, {len(result.assignments):,} assignments, "
        f"{len(result.duplicates)} duplicate groups, {len(result.truncated)} truncated, "
        f"{len(result.non_english)} non-English"
    )
    print(f"  target <= 120 s: {'met' if elapsed <= 120 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("-n", type=int, default=10_000)
    args = parser.parse_args()
    print(
        "command: .venv/bin/python bench/bench_consultation_analysis.py " + " ".join(sys.argv[1:])
    )
    if not args.skip_quality:
        quality(args.verbose)
    if not args.skip_speed:
        speed(args.n)


if __name__ == "__main__":
    main()
