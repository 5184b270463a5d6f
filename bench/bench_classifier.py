"""Text classifier (issue 5): throughput through ``endeavour score``, and quality on ../shared/data.

    .venv/bin/python bench/bench_classifier.py throughput            # 5,000 tweets, 3 runs
    .venv/bin/python bench/bench_classifier.py quality               # ../shared/data test splits
    .venv/bin/python bench/bench_classifier.py all --json var/bench_classifier.json
    options: --artefacts DIR (default: CLASSIFIER_ARTEFACTS_DIR or the shipped artefacts),
             --data DIR (default: ../shared/data or ENDEAVOUR_SHARED_DATA), --texts N, --runs N

Throughput runs the command line exactly as an evaluator does (``.venv/bin/endeavour score --in
--out``, a fresh process each run, on a fresh SQLite database) on tweet-length texts, and reports
the model load (as the command reports it) apart from the scoring rate, and the whole process's
wall time. Texts are real tweets from ../shared/data when it is there, otherwise generated.

Quality scores the held-out data through the app's own runtime (``endeavour.detection.classifier``:
the same normalisation, one text per run, calibration and the model's own thresholds as the
command line with ``--model-thresholds``), using ``training/evaluate.py`` for the splits and the
figures: precision, recall, F1 and false-positive rate per dataset and category; false-positive
rate on benign identity and religious statements per target group; counter-speech; the held-out
functional cases. A set missing from ../shared/data is skipped with a message. Nothing from
../shared/data is written anywhere but the optional --json figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

TARGET = 500.0
SHIPPED = ROOT / "endeavour" / "detection" / "classifier" / "artefacts"
ENDEAVOUR = Path(sys.executable).with_name("endeavour")

_SAMPLE = (
    "the council said today that the new bus lane on the high street will open next month "
    "after residents complained about traffic near the school and the mosque and the church "
    "our team won again last night what a match honestly the best game of the season so far "
    "can anyone recommend a good plumber in croydon the last one never turned up at all"
)
_WORDS = _SAMPLE.split()


def tweet_texts(n: int, data_root: Path | None, seed: int = 7) -> tuple[list[str], str]:
    """Tweet-length texts: real tweets from ../shared/data when there, otherwise generated."""
    from training import data as tdata

    rng = random.Random(seed)
    loaded = tdata.load_all(data_root, ["isis_tweets", "radicalization_tt"])
    texts = [ex.text for item in loaded.values() for ex in item.examples if len(ex.text) >= 20]
    texts = [t for t in texts if len(t) <= 280]
    if len(texts) >= n:
        return rng.sample(texts, n), "tweets from isis_tweets and radicalization_tt"
    made = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 40))) for _ in range(n)]
    return made, "generated tweet-length texts (shared data missing)"


_LOADED = re.compile(r"loaded in ([0-9.]+) s")
_SCORED = re.compile(r"Scored ([0-9,]+) lines?.* in ([0-9.]+) s \(([0-9,]+) lines a second")


def run_cli(source: Path, target: Path, env: dict[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(ENDEAVOUR), "score", "--in", str(source), "--out", str(target), "--model-thresholds"],
        capture_output=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - started
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise SystemExit(f"endeavour score failed:\n{stderr}")
    loaded, scored = _LOADED.search(stderr), _SCORED.search(stderr)
    if loaded is None or scored is None:
        raise SystemExit(f"endeavour score did not report its timings:\n{stderr}")
    return {
        "wall_s": wall,
        "model_load_s": float(loaded.group(1)),
        "lines": float(scored.group(1).replace(",", "")),
        "scoring_s": float(scored.group(2)),
    }


def throughput(artefacts: Path, data_root: Path | None, n: int, runs: int) -> dict[str, Any]:
    texts, origin = tweet_texts(n, data_root)
    with tempfile.TemporaryDirectory(prefix="bench-classifier-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "CLASSIFIER_ARTEFACTS_DIR": str(artefacts),
            "DATABASE_URL": f"sqlite:///{folder / 'fresh.sqlite3'}",  # as on a fresh machine
            "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
        }
        source, one = folder / "in.jsonl", folder / "one.jsonl"
        source.write_text(
            "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
        )
        one.write_text(json.dumps({"id": 0, "text": texts[0]}) + "\n")
        start_up = [run_cli(one, folder / "one.out", env) for _ in range(2)][-1]
        timed = [run_cli(source, folder / "out.jsonl", env) for _ in range(runs)]
        lines = (folder / "out.jsonl").read_text().count("\n")
    assert lines == len(texts), (lines, len(texts))
    rates = [t["lines"] / t["scoring_s"] for t in timed]
    end_to_end = [len(texts) / t["wall_s"] for t in timed]
    return {
        "texts": len(texts),
        "origin": origin,
        "mean_chars": round(statistics.mean(len(t) for t in texts), 1),
        "model_load_s": round(statistics.median(t["model_load_s"] for t in timed), 3),
        "process_start_and_load_s": round(start_up["wall_s"], 3),
        "texts_per_s_median": round(statistics.median(rates), 1),
        "texts_per_s_runs": [round(r, 1) for r in rates],
        "end_to_end_texts_per_s_median": round(statistics.median(end_to_end), 1),
        "model_bytes": (artefacts / "model.onnx").stat().st_size,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


class AppRuntime:
    """``training.evaluate``'s model interface over the app's own runtime."""

    def __init__(self) -> None:
        from endeavour.detection.classifier.model import artefacts_dir, classifier
        from training.data import CATEGORIES

        self.model = classifier()
        self.categories = list(CATEGORIES)
        self.thresholds = np.array(
            [self.model.config.thresholds[c] for c in self.categories], dtype=np.float64
        )
        self.config: dict[str, Any] = json.loads((artefacts_dir() / "config.json").read_text())

    def predict(self, texts: list[str], batch_size: int = 256) -> np.ndarray:
        from endeavour.detection.classifier.scoring import score_texts

        own = dict(self.model.config.thresholds)
        rows: list[list[float]] = []
        for start in range(0, len(texts), batch_size):
            chunk = score_texts(texts[start : start + batch_size], thresholds=own, model=self.model)
            rows += [[r.scores[c] for c in self.categories] for r in chunk]
        return np.array(rows, dtype=np.float64).reshape(len(texts), len(self.categories))

    def flags(self, probs: np.ndarray) -> np.ndarray:
        return np.asarray(probs >= self.thresholds)


def religious_fpr(runtime: AppRuntime) -> dict[str, Any]:
    """False-positive rate on held-out benign religious statements, per group (training's
    evaluation counts identity statements only)."""
    from collections import defaultdict

    from training import synthetic

    held_out = [
        ex
        for ex in synthetic.generate()
        if ex.split == "test" and ex.kind.removesuffix("_obfuscated") == "benign_religious"
    ]
    flags = runtime.flags(runtime.predict([ex.text for ex in held_out])).any(axis=1)
    by: dict[str, list[bool]] = defaultdict(list)
    for ex, flagged in zip(held_out, flags, strict=True):
        by[ex.group or "unnamed"].append(bool(flagged))
    table = {g: {"n": len(v), "fpr": float(np.mean(v))} for g, v in sorted(by.items())}
    rates = [row["fpr"] for row in table.values()]
    return {
        "per_group": table,
        "overall": float(np.mean(flags)) if len(held_out) else None,
        "spread_pp": (max(rates) - min(rates)) * 100 if rates else None,
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def quality(data_root: Path | None) -> dict[str, Any]:
    import django

    django.setup()
    from training import evaluate
    from training.data import CATEGORIES

    runtime = AppRuntime()
    started = time.perf_counter()
    results: dict[str, Any] = evaluate.evaluate(runtime, data_root)  # type: ignore[arg-type]
    results["benign_fpr"]["synthetic_religious_heldout"] = religious_fpr(runtime)
    results["seconds"] = round(time.perf_counter() - started, 1)

    own = zip(runtime.categories, runtime.thresholds, strict=True)
    listed = ", ".join(f"{c} {t:.2f}" for c, t in own)
    print(f"model {runtime.model.version}; thresholds (the model's own): {listed}")
    print("\nPer dataset (test split) and category: precision, recall, F1, false-positive rate")
    print(
        f"  {'dataset':22s} {'category':18s} {'P':>7s} {'R':>7s} {'F1':>5s} {'FPR':>7s} {'n':>6s}"
    )
    for name, figures in results["datasets"].items():
        for category in [*CATEGORIES, "any"]:
            v = figures.get(category)
            if v and "precision" in v:
                print(
                    f"  {name:22s} {category:18s} {_pct(v['precision']):>7s} "
                    f"{_pct(v['recall']):>7s} {_f(v['f1']):>5s} {_pct(v['fpr']):>7s} {v['n']:>6d}"
                )
            elif v:
                print(
                    f"  {name:22s} {category:18s} {'':>7s} {'':>7s} {'':>5s} "
                    f"{_pct(v['fpr_on_none']):>7s} {v['n']:>6d}  (no positives: FPR only)"
                )
    for name, why in results["skipped"].items():
        print(f"  {name:22s} skipped: {why}")

    print("\nFalse-positive rate on benign identity and religious statements, per target group")
    for key, table in results["benign_fpr"].items():
        spread = table["spread_pp"]
        print(
            f"  {key}: overall {_pct(table['overall'])}, spread between groups "
            f"{'n/a' if spread is None else f'{spread:.1f} points'}"
        )
        for group, row in table["per_group"].items():
            print(f"    {group:28s} {_pct(row['fpr']):>7s} of {row['n']}")

    counter = results["counter_speech"]
    print("\nCounter-speech (not flagged is right)")
    for key, row in counter.items():
        if "accuracy" in row:
            print(f"  {key:34s} {_pct(row['accuracy'])} right of {row['n']}")
        else:
            print(f"  {key:34s} {row['flagged']} of {row['n']} flagged")

    functional = results["functional_heldout"]
    print(
        f"\nHeld-out functional cases: {_pct(functional['overall_accuracy'])} of "
        f"{functional['n']} (macro {_pct(functional['macro_accuracy'])})"
    )
    for kind, row in functional["per_functionality"].items():
        print(f"  {kind:40s} {row['n']:5d} {_pct(row['accuracy'])}")
    print(f"\n({results['seconds']} s)")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["throughput", "quality", "all"], nargs="?", default="all")
    parser.add_argument("--artefacts", default=os.environ.get("CLASSIFIER_ARTEFACTS_DIR"))
    parser.add_argument("--data", default=None)
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=None, help="also write every figure here")
    args = parser.parse_args()
    artefacts = Path(args.artefacts) if args.artefacts else SHIPPED
    os.environ["CLASSIFIER_ARTEFACTS_DIR"] = str(artefacts)
    data_root = Path(args.data) if args.data else None
    if not (artefacts / "model.onnx").exists():
        print(f"No model in {artefacts}: train it first (training/README.md).")
        return 1

    from training import data as tdata

    results: dict[str, Any] = {"artefacts": str(artefacts)}
    if args.what in ("quality", "all"):
        if tdata.data_dir(data_root).exists():
            results["quality"] = quality(data_root)
        else:
            print(f"Shared data not found at {tdata.data_dir(data_root)}: no quality figures.")
    if args.what in ("throughput", "all"):
        speed = throughput(artefacts, data_root, args.texts, args.runs)
        results["throughput"] = speed
        print(
            f"\nThroughput through `endeavour score`: {speed['texts_per_s_median']} texts/s "
            f"after the model load (runs {speed['texts_per_s_runs']}); {speed['texts']} "
            f"{speed['origin']}, mean {speed['mean_chars']} characters. Model load "
            f"{speed['model_load_s']} s; process start with model load "
            f"{speed['process_start_and_load_s']} s; whole process "
            f"{speed['end_to_end_texts_per_s_median']} texts/s. {speed['cpus']} CPUs, load "
            f"average at the end {speed['load_average_at_end']}."
        )
        met = speed["texts_per_s_median"] >= TARGET
        print(f"Target {TARGET:.0f} texts/s after the model load: {'met' if met else 'NOT met'}.")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
