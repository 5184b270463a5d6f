"""A small ONNX Runtime loader for the shipped artefacts (evaluation and benchmarks).

The app's own runtime lives in ``endeavour/detection/classifier``; this loader exists so that
training, evaluation and benchmarks need nothing from the app. Both apply the same steps:
``normalise_for_model`` -> ``tokenizers`` (dynamic padding) -> ONNX ``logits`` ->
``sigmoid(logits / temperature + bias)`` per category.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from endeavour.detection.classifier.preprocess import normalise_for_model


class OnnxClassifier:
    def __init__(self, artefacts: str | Path, model_file: str = "model.onnx", threads: int = 2):
        base = Path(artefacts)
        self.config: dict[str, Any] = json.loads((base / "config.json").read_text())
        self.categories: list[str] = list(self.config["categories"])
        self.max_length = int(self.config["max_length"])
        self.tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(base / model_file), options, providers=["CPUExecutionProvider"]
        )
        self.temperature = np.array(
            [float(self.config["temperature"][c]) for c in self.categories], dtype=np.float32
        )
        self.bias = np.array(
            [float(self.config["bias"][c]) for c in self.categories], dtype=np.float32
        )
        self.thresholds = np.array(
            [float(self.config["thresholds"][c]) for c in self.categories], dtype=np.float32
        )

    def logits(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        prepared = [normalise_for_model(t) for t in texts]
        encodings = self.tokenizer.encode_batch(prepared)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(texts), len(self.categories)), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (result,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            out[idx] = result
        return out

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Calibrated probabilities, shape [len(texts), 3]."""
        z = self.logits(texts, batch_size) / self.temperature + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)

    def flags(self, probs: np.ndarray) -> np.ndarray:
        return np.asarray(probs >= self.thresholds)
