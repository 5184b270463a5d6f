"""The text classifier at run time: ONNX Runtime on the CPU, no PyTorch.

The artefacts live in ``settings.CLASSIFIER_ARTEFACTS_DIR`` (by default
``endeavour/detection/classifier/artefacts``):

- ``model.onnx``: inputs ``input_ids`` and ``attention_mask`` (int64, [batch, seq]), output
  ``logits`` (float32, [batch, categories]);
- ``tokenizer.json``: a Hugging Face ``tokenizers`` tokenizer;
- ``config.json``: ``version``, ``categories``, ``max_length``, and per category ``temperature``,
  ``bias`` and ``thresholds``.

A category's probability is ``sigmoid(logit / temperature + bias)``: the calibration fitted on
held-out data. ``classifier()`` loads all three once per process (and again if the directory or
``CLASSIFIER_THREADS`` setting changes); ``predict(texts)`` expects text already passed through
``preprocess.prepare``. Each text is run on its own, so its scores never depend on the texts
scored with it; ``CLASSIFIER_THREADS`` runs (default 2) go side by side.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings

ARTEFACT_FILES = ("model.onnx", "tokenizer.json", "config.json")
DEFAULT_THREADS = 2
# The categories the casework knows; a model must produce exactly these (in its own order).
CATEGORIES = ("threat", "terrorism_support", "dehumanising_hate")

Probabilities = npt.NDArray[np.float64]


class ClassifierUnavailable(RuntimeError):
    """The classifier's files are missing or do not make a usable model."""


def artefacts_dir() -> Path:
    default = Path(__file__).resolve().parent / "artefacts"  # BASE_DIR/endeavour/detection/...
    return Path(getattr(settings, "CLASSIFIER_ARTEFACTS_DIR", default))


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ClassifierUnavailable(f"config.json: {where} must be a number, not {raw!r}.")
    return float(raw)


def _per_category(raw: dict[str, Any], key: str, categories: tuple[str, ...]) -> dict[str, float]:
    values = raw.get(key)
    if not isinstance(values, dict) or set(values) != set(categories):
        raise ClassifierUnavailable(
            f"config.json: {key!r} must give a number for each of {', '.join(categories)}."
        )
    return {c: _number(values[c], f"{key}.{c}") for c in categories}


@dataclass(frozen=True)
class ModelConfig:
    """``config.json``, checked. ``card`` keeps everything else it says (figures, data, dates)."""

    version: str
    categories: tuple[str, ...]
    max_length: int
    temperature: dict[str, float]
    bias: dict[str, float]
    thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Any) -> ModelConfig:
        if not isinstance(raw, dict):
            raise ClassifierUnavailable("config.json must hold a JSON object.")
        categories = raw.get("categories")
        if (
            not isinstance(categories, list)
            or sorted(categories) != sorted(CATEGORIES)
            or len(set(categories)) != len(categories)
        ):
            raise ClassifierUnavailable(
                f"config.json: 'categories' must list {', '.join(CATEGORIES)}, not {categories!r}."
            )
        cats = tuple(str(c) for c in categories)
        max_length = raw.get("max_length")
        if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 8:
            raise ClassifierUnavailable(
                f"config.json: 'max_length' must be a whole number of tokens, not {max_length!r}."
            )
        temperature = _per_category(raw, "temperature", cats)
        if any(t <= 0 for t in temperature.values()):
            raise ClassifierUnavailable("config.json: every temperature must be above 0.")
        thresholds = _per_category(raw, "thresholds", cats)
        if any(not 0 < t <= 1 for t in thresholds.values()):
            raise ClassifierUnavailable("config.json: every threshold must be above 0, at most 1.")
        known = {"version", "categories", "max_length", "temperature", "bias", "thresholds"}
        return cls(
            version=str(raw.get("version") or "unversioned"),
            categories=cats,
            max_length=max_length,
            temperature=temperature,
            bias=_per_category(raw, "bias", cats),
            thresholds=thresholds,
            card={k: v for k, v in raw.items() if k not in known},
        )


def calibrate(logits: npt.NDArray[Any], config: ModelConfig) -> Probabilities:
    """Per-category probabilities from raw logits: sigmoid(logit / T + b), computed stably."""
    temperature = np.array([config.temperature[c] for c in config.categories], dtype=np.float64)
    bias = np.array([config.bias[c] for c in config.categories], dtype=np.float64)
    z = logits.astype(np.float64) / temperature + bias
    small = np.exp(-np.abs(z))
    out: Probabilities = np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
    return out


def read_config(directory: Path) -> ModelConfig:
    """``config.json`` of the artefacts in ``directory``, checked, without loading the model."""
    path = directory / "config.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ClassifierUnavailable(
            f"The text classifier's files are missing from {directory}: config.json."
        ) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ClassifierUnavailable(f"{path}: {error}") from error
    return ModelConfig.from_raw(raw)


def model_card(limit: int = 60_000) -> str:
    """The model card (``MODEL_CARD.md`` beside the model) as text, or "" if there is none."""
    try:
        return (artefacts_dir() / "MODEL_CARD.md").read_text(encoding="utf-8")[:limit]
    except (OSError, UnicodeDecodeError):
        return ""


def model_config() -> ModelConfig:
    """The configuration of the model in ``CLASSIFIER_ARTEFACTS_DIR`` (the loaded one if any)."""
    loaded = next(iter(_loaded.values()), None)
    if loaded is not None and loaded.directory == artefacts_dir():
        return loaded.config
    return read_config(artefacts_dir())


class Classifier:
    """The loaded model: configuration, tokenizer and one ONNX Runtime session."""

    _pool: ThreadPoolExecutor | None = None

    def __init__(self, directory: Path, threads: int = DEFAULT_THREADS) -> None:
        missing = [name for name in ARTEFACT_FILES if not (directory / name).is_file()]
        if missing:
            raise ClassifierUnavailable(
                f"The text classifier's files are missing from {directory}: "
                f"{', '.join(missing)}. Set CLASSIFIER_ARTEFACTS_DIR to the folder that holds "
                "model.onnx, tokenizer.json and config.json, or train the model (see training/)."
            )
        self.directory = directory
        self.config = read_config(directory)
        self._load_tokenizer(directory / "tokenizer.json")
        self._load_session(directory / "model.onnx", threads)

    def _load_tokenizer(self, path: Path) -> None:
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(path))
        except Exception as error:  # the library raises its own exception types
            raise ClassifierUnavailable(f"{path}: not a usable tokenizer ({error}).") from error
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.config.max_length)
        pad = tokenizer.token_to_id("[PAD]")
        if pad is None:
            pad = tokenizer.token_to_id("<pad>")
        self.pad_id = int(pad or 0)
        self.tokenizer = tokenizer

    def _load_session(self, path: Path, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread per run, ``threads`` runs side by side: on two cores this scores more texts
        # a second than one run at a time with two intra-op threads (texts are run one by one).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        try:
            session = ort.InferenceSession(
                str(path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime raises its own exception types
            raise ClassifierUnavailable(f"{path}: not a usable ONNX model ({error}).") from error
        inputs = {i.name for i in session.get_inputs()}
        outputs = {o.name for o in session.get_outputs()}
        if not {"input_ids", "attention_mask"} <= inputs or "logits" not in outputs:
            raise ClassifierUnavailable(
                f"{path}: the model must take input_ids and attention_mask and give logits "
                f"(it takes {sorted(inputs)} and gives {sorted(outputs)})."
            )
        self.session = session
        self._feeds_token_types = "token_type_ids" in inputs
        self.threads = max(1, threads)
        self._pool = (
            ThreadPoolExecutor(self.threads, thread_name_prefix="classifier")
            if self.threads > 1
            else None
        )

    def close(self) -> None:
        """Stop the worker threads (the session itself is freed with the object)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None

    @property
    def version(self) -> str:
        return self.config.version

    @property
    def categories(self) -> tuple[str, ...]:
        return self.config.categories

    def token_ends(self, text: str) -> int:
        """How many characters of ``text`` the model reads (the rest is cut at max_length)."""
        encoding = self.tokenizer.encode(text)
        ends = [end for (_, end) in encoding.offsets if end > 0]
        return max(ends, default=0)

    def logits(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Raw logits [n, categories], in the order given."""
        return self._run(texts)[0]

    def predict(self, texts: Sequence[str]) -> Probabilities:
        """Calibrated probabilities [n, categories] in ``config.categories`` order."""
        return calibrate(self._run(texts)[0], self.config)

    def predict_read(self, texts: Sequence[str]) -> tuple[Probabilities, list[bool]]:
        """``predict``, and for each text whether it was longer than ``max_length`` tokens (so
        the model read only its beginning)."""
        logits, cut = self._run(texts)
        return calibrate(logits, self.config), cut

    def _run(self, texts: Sequence[str]) -> tuple[npt.NDArray[np.float32], list[bool]]:
        """Each text is run on its own, unpadded, so that its scores depend on it alone.

        The int8 model quantises its activations with one scale per run: in a batch, a text's
        scores would shift with the other texts beside it (by up to 0.1 in probability). One
        text per run costs little at tweet length, and ``threads`` runs go side by side."""
        count = len(texts)
        result = np.zeros((count, len(self.categories)), dtype=np.float32)
        if count == 0:
            return result, []
        encodings = self.tokenizer.encode_batch(list(texts))
        unique: dict[tuple[int, ...], list[int]] = {}
        for i, encoding in enumerate(encodings):
            unique.setdefault(tuple(encoding.ids) or (self.pad_id,), []).append(i)
        keys = list(unique)
        if self._pool is not None and len(keys) > 1:
            outputs = list(self._pool.map(self._run_one, keys))
        else:
            outputs = [self._run_one(key) for key in keys]
        for key, out in zip(keys, outputs, strict=True):
            result[unique[key]] = out
        return result, [bool(e.overflowing) for e in encodings]

    def _run_one(self, ids: tuple[int, ...]) -> npt.NDArray[np.float32]:
        row = np.array([ids], dtype=np.int64)
        feeds = {"input_ids": row, "attention_mask": np.ones_like(row)}
        if self._feeds_token_types:
            feeds["token_type_ids"] = np.zeros_like(row)
        (out,) = self.session.run(["logits"], feeds)
        logits: npt.NDArray[np.float32] = np.asarray(out, dtype=np.float32)[0]
        return logits


_lock = threading.Lock()
_loaded: dict[tuple[str, int], Classifier] = {}


def classifier() -> Classifier:
    """The process-wide classifier, loaded on first use. Raises ClassifierUnavailable."""
    directory = artefacts_dir()
    threads = int(getattr(settings, "CLASSIFIER_THREADS", DEFAULT_THREADS))
    key = (str(directory.resolve()), threads)
    found = _loaded.get(key)
    if found is not None:
        return found
    with _lock:
        found = _loaded.get(key)
        if found is None:
            found = Classifier(directory, threads)
            for old in _loaded.values():  # one model per process: the setting changed
                old.close()
            _loaded.clear()
            _loaded[key] = found
    return found


def reset() -> None:
    """Forget the loaded model (tests; or after replacing the artefacts)."""
    with _lock:
        for old in _loaded.values():
            old.close()
        _loaded.clear()


def predict(texts: Sequence[str]) -> Probabilities:
    """Calibrated probabilities [n, 3] for prepared texts, with the process-wide model."""
    return classifier().predict(texts)
