"""``endeavour score --in IN.jsonl --out OUT.jsonl``: score texts with the text classifier.

A stable contract, used to evaluate the classifier. Each input line is ``{"id": ..., "text":
...}``; each output line, in the same order, is ``{"id", "flag", "category", "score", "scores"}``
(``scores`` has every category and "none"). Bad lines (not UTF-8, not JSON, no id, text missing
or not a string) are reported on standard error with their line number and skipped. Empty text
scores as none; text over ``preprocess.MAX_CHARS`` characters once normalised is truncated, with a
warning naming the line (and the model itself reads only its first ``max_length`` tokens).
Lines are read, scored and written in batches, so input of any length runs in steady memory.
Offline, on the CPU, deterministic.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endeavour.detection.classifier import lexicon, preprocess
from endeavour.detection.classifier.model import ClassifierUnavailable, classifier
from endeavour.detection.classifier.scoring import score_texts
from endeavour.detection.classifier.thresholds import thresholds_in_force

MAX_LINE_BYTES = 64 * 1024 * 1024
BATCH_LINES = 256
BATCH_CHARS = 4_000_000
TOO_LONG = b"\x00TOO-LONG"  # stands for a line over MAX_LINE_BYTES, which is never held
PROGRESS_SECONDS = 5.0
# More text than this is never read: the model reads less, the lexicon reads this much.
KEEP_CHARS = max(preprocess.MAX_CHARS * 4 + 1, lexicon.MAX_CHARS + 1)


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...

    def flush(self) -> None: ...


class BadLine(ValueError):
    """An input line that cannot be scored; the message says why."""


def read_lines(handle: IO[bytes], limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes without the line ending). A line over ``limit`` bytes is skipped
    without being held in memory and comes back as ``TOO_LONG``."""
    limit = MAX_LINE_BYTES if limit is None else limit
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:
                rest = handle.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, TOO_LONG
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield number, raw.rstrip(b"\n").rstrip(b"\r")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_line(raw: bytes) -> tuple[Any, str]:
    """(id, text) of one input line, or BadLine saying what is wrong with it."""
    if raw is TOO_LONG:
        raise BadLine(f"longer than {MAX_LINE_BYTES:,} bytes")
    if not raw.strip():
        raise BadLine("empty line")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadLine(f"not valid UTF-8 (byte {error.start + 1})") from None
    try:
        record = json.loads(line, parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise BadLine(f"not valid JSON ({message})") from None
    if not isinstance(record, dict):
        raise BadLine('not a JSON object like {"id": ..., "text": ...}')
    if "id" not in record:
        raise BadLine('no "id"')
    identifier = record["id"]
    if isinstance(identifier, bool) or not isinstance(identifier, str | int | float):
        raise BadLine('"id" must be a string or a number')
    if isinstance(identifier, float) and not math.isfinite(identifier):
        raise BadLine('"id" must be a finite number')
    if "text" not in record:
        raise BadLine('no "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise BadLine(f'"text" must be a string, not {type(text).__name__}')
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadLine('"text" has invalid Unicode (an unpaired surrogate)') from None
    if isinstance(identifier, str):
        try:
            identifier.encode("utf-8")
        except UnicodeEncodeError:
            raise BadLine('"id" has invalid Unicode (an unpaired surrogate)') from None
    return identifier, text


class Command(BaseCommand):
    help = (
        'Score JSON lines {"id", "text"} with the text classifier; write {"id", "flag", '
        '"category", "score", "scores"} per line, in order. Bad lines are reported and skipped.'
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--in", dest="input", required=True, metavar="IN.jsonl", help="- is stdin"
        )
        parser.add_argument(
            "--out", dest="output", required=True, metavar="OUT.jsonl", help="- is stdout"
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Add the phrases behind each flag and the lexicon hits to every line.",
        )
        parser.add_argument(
            "--model-thresholds",
            action="store_true",
            help="Use the thresholds shipped with the model, not the administrator's.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_LINES, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        source, target = options["input"], options["output"]
        if source != "-" and target != "-" and Path(source).resolve() == Path(target).resolve():
            raise CommandError("--in and --out are the same file: it would be overwritten.")
        if source != "-" and not Path(source).is_file():
            raise CommandError(f"{source}: no such file.")
        loading = time.perf_counter()
        try:
            model = classifier()
        except ClassifierUnavailable as error:
            raise CommandError(str(error)) from error
        loaded_in = time.perf_counter() - loading
        if options["model_thresholds"]:
            thresholds = dict(model.config.thresholds)
            described = "the model's own"
        else:
            in_force = thresholds_in_force(model.config)
            thresholds = {t.category: t.threshold for t in in_force}
            changed = [t.category for t in in_force if not t.is_default]
            described = (
                f"set by an administrator for {', '.join(changed)}"
                if changed
                else "the model's own"
            )
        listed = ", ".join(f"{c} {thresholds[c]:.2f}" for c in model.categories)
        self.stderr.write(
            f"Model {model.version}, loaded in {loaded_in:.2f} s; thresholds ({described}): "
            f"{listed}."
        )
        scoring = time.perf_counter()
        with ExitStack() as stack:
            reader = (
                sys.stdin.buffer if source == "-" else stack.enter_context(Path(source).open("rb"))
            )
            writer: Writer = (
                self.stdout
                if target == "-"
                else stack.enter_context(Path(target).open("w", encoding="utf-8", newline="\n"))
            )
            try:
                counts = self._run(reader, writer, model, thresholds, options)
            except OSError as error:
                raise CommandError(f"Reading or writing failed: {error}.") from error
        took = time.perf_counter() - scoring
        rate = counts["scored"] / took if took > 0 else 0.0
        self.stderr.write(
            f"Scored {counts['scored']:,} line{'s' if counts['scored'] != 1 else ''}"
            f" ({counts['flagged']:,} flagged); skipped {counts['bad']:,} bad"
            f" line{'s' if counts['bad'] != 1 else ''}; truncated {counts['truncated']:,};"
            f" in {took:.2f} s ({rate:,.0f} lines a second, after the model load)."
        )

    def _run(
        self,
        reader: IO[bytes],
        writer: Writer,
        model: Any,
        thresholds: dict[str, float],
        options: dict[str, Any],
    ) -> dict[str, int]:
        counts = {"read": 0, "scored": 0, "flagged": 0, "bad": 0, "truncated": 0}
        started = last_report = time.monotonic()
        batch: list[tuple[int, Any, str]] = []
        chars = 0
        size = max(1, int(options["batch_size"]))

        def flush() -> None:
            nonlocal chars
            if not batch:
                return
            results = score_texts(
                [text for _, _, text in batch],
                explain=options["explain"],
                thresholds=thresholds,
                model=model,
            )
            for (number, identifier, _), result in zip(batch, results, strict=True):
                if result.too_long:
                    counts["truncated"] += 1
                    self.stderr.write(
                        f"line {number}: the text is over {preprocess.MAX_CHARS:,} characters "
                        "once normalised: truncated, and its beginning scored."
                    )
                record: dict[str, Any] = {"id": identifier, **result.as_output()}
                if options["explain"]:
                    record["phrases"] = [p.as_dict() for p in result.phrases]
                    record["lexicon"] = [h.as_dict() for h in result.lexicon]
                writer.write(json.dumps(record) + "\n")
                counts["scored"] += 1
                counts["flagged"] += result.flag
            writer.flush()
            batch.clear()
            chars = 0

        for number, raw in read_lines(reader):
            counts["read"] += 1
            try:
                identifier, text = parse_line(raw)
            except BadLine as problem:
                counts["bad"] += 1
                self.stderr.write(f"line {number}: {problem}; skipped.")
                continue
            batch.append((number, identifier, text[:KEEP_CHARS]))
            chars += min(len(text), KEEP_CHARS)
            if len(batch) >= size or chars >= BATCH_CHARS:
                flush()
                now = time.monotonic()
                if now - last_report >= PROGRESS_SECONDS:
                    last_report = now
                    self.stderr.write(
                        f"... {counts['read']:,} lines read, {counts['scored']:,} scored, "
                        f"{counts['bad']:,} skipped ({now - started:.0f} s)"
                    )
        flush()
        return counts
