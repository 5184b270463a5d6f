"""Sentence embeddings from the shipped int8 ONNX all-MiniLM-L6-v2 (no PyTorch, no download).

The graph (``training/export_sentence_model.py``) mean-pools and L2-normalises inside, so a run
returns unit vectors directly. Texts are tokenised once, sorted by length and run in batches of
similar length (little padding); each text is cut at ``MAX_TOKENS`` tokens for the model only.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
DIM = 384
MAX_TOKENS = 128
# Characters handed to the tokenizer at most: ~128 tokens need well under 2,000 characters, and
# a pasted book must not cost seconds of tokenising.
MAX_CHARS = 2000
TOKENS_PER_BATCH = 4096
MAX_BATCH = 128


class SentenceEncoder:
    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 2) -> None:
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle threads sleep instead of spinning: ~20% less CPU on a shared 2-core machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        digest = hashlib.sha256((model_dir / "model.onnx").read_bytes()).hexdigest()[:12]
        self.version = f"all-MiniLM-L6-v2-int8-onnx:{digest}"
        self._lock = threading.Lock()

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens each text would need untruncated (capped at MAX_CHARS characters)."""
        self.tokenizer.no_truncation()
        try:
            encodings = self.tokenizer.encode_batch([t[: MAX_CHARS * 4] for t in texts])
        finally:
            self.tokenizer.enable_truncation(MAX_TOKENS)
        return [len(e.ids) for e in encodings]

    def embed(
        self,
        texts: Sequence[str],
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # Identical texts (copied submissions) are embedded once.
        position: dict[str, int] = {}
        inverse = np.array([position.setdefault(t, len(position)) for t in texts])
        unique = list(position)
        out = np.zeros((len(unique), DIM), dtype=np.float32)
        encodings: list[Any] = self.tokenizer.encode_batch([t[:MAX_CHARS] for t in unique])
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        start = 0
        done = 0
        while start < len(order):
            width = int(lengths[order[start]])
            end = start
            # Grow the batch while the padded size stays within the token budget.
            while end < len(order) and end - start < MAX_BATCH:
                width = int(lengths[order[end]])
                if (end - start + 1) * width > TOKENS_PER_BATCH and end > start:
                    break
                end += 1
            idx = order[start:end]
            width = int(lengths[idx].max())
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            with self._lock:
                (result,) = self.session.run(
                    ["sentence_embedding"], {"input_ids": ids, "attention_mask": mask}
                )
            out[idx] = result
            done += len(idx)
            if progress is not None:
                progress(done, len(unique))
            start = end
        # The graph normalises; normalise again so an all-padding edge case stays finite.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray((out / np.maximum(norms, 1e-12))[inverse], dtype=np.float32)


@lru_cache(maxsize=1)
def get_encoder() -> SentenceEncoder:
    """The process-wide encoder, loaded on first use (about 0.2 s)."""
    return SentenceEncoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """(n, 384) float32, L2-normalised. Each text is cut at 128 tokens for the model."""
    return get_encoder().embed(list(texts))


def model_version() -> str:
    return get_encoder().version
