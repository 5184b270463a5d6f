"""``endeavour score``: the stable command-line contract used to evaluate the classifier."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from endeavour.detection.classifier import model, preprocess
from endeavour.detection.classifier.model import CATEGORIES
from endeavour.detection.management.commands import score

pytestmark = pytest.mark.django_db

KEYS = ["id", "flag", "category", "score", "scores"]


def write_lines(path: Path, lines: list[bytes | str | dict[str, Any]]) -> Path:
    with path.open("wb") as handle:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line)
            handle.write((line.encode() if isinstance(line, str) else line) + b"\n")
    return path


def run(tmp_path: Path, *args: str, lines: list[Any] | None = None) -> tuple[list[Any], str]:
    source = tmp_path / "in.jsonl"
    if lines is not None:
        write_lines(source, lines)
    out = tmp_path / "out.jsonl"
    stderr = io.StringIO()
    call_command("score", "--in", str(source), "--out", str(out), *args, stderr=stderr)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return rows, stderr.getvalue()


def test_every_good_line_gets_one_line_out_in_the_same_order(tmp_path: Path) -> None:
    lines = [{"id": f"t{i}", "text": f"Message number {i} about the weather"} for i in range(40)]
    lines[7] = {"id": 7, "text": "I will find you and kill you."}
    lines[8] = {
        "id": 8.5,
        "text": "Caf\u00e9 na\u00efve \u2014 \U0001f600 \u0644\u0646\u062f\u0646",
    }
    rows, _ = run(tmp_path, "--batch-size", "3", lines=lines)
    assert [r["id"] for r in rows] == [line["id"] for line in lines]
    for row in rows:
        assert list(row) == KEYS
        assert set(row["scores"]) == {*CATEGORIES, "none"}
        assert all(0.0 <= p <= 1.0 for p in row["scores"].values())
        assert isinstance(row["flag"], bool)
        if row["flag"]:
            assert row["category"] in CATEGORIES
            assert row["score"] == row["scores"][row["category"]]
        else:
            assert row["category"] == "none"
            assert row["score"] == max(row["scores"][c] for c in CATEGORIES)
        harmful = max(row["scores"][c] for c in CATEGORIES)
        assert row["scores"]["none"] == pytest.approx(1 - harmful, abs=1e-6)


def test_the_output_is_deterministic_and_independent_of_batching(tmp_path: Path) -> None:
    lines = [{"id": i, "text": f"{'word ' * (i % 17)}text {i}"} for i in range(60)]
    write_lines(tmp_path / "in.jsonl", lines)
    first, _ = run(tmp_path)
    second, _ = run(tmp_path, "--batch-size", "7")
    assert first == second


def test_bad_lines_are_reported_with_their_number_and_skipped(tmp_path: Path) -> None:
    rows, stderr = run(
        tmp_path,
        lines=[
            {"id": "a", "text": "first good line"},
            "not json at all",
            {"id": "no-text"},
            {"id": "number", "text": 42},
            {"text": "no id"},
            "",
            b"\xff\xfe\x00\x01 binary junk \x80",
            '["a", "list"]',
            '{"id": "c", "text": "\\ud800 lone surrogate"}',
            '{"id": NaN, "text": "x"}',
            '{"id": {"nested": 1}, "text": "x"}',
            {"id": "null-text", "text": None},
            "[" * 100_000,
            {"id": "z", "text": "last good line"},
        ],
    )
    assert [r["id"] for r in rows] == ["a", "z"]
    for number, words in [
        (2, "not valid JSON"),
        (3, 'no "text"'),
        (4, '"text" must be a string'),
        (5, 'no "id"'),
        (6, "empty line"),
        (7, "not valid UTF-8"),
        (8, "not a JSON object"),
        (9, '"text" has invalid Unicode'),
        (10, "not valid JSON"),
        (11, '"id" must be a string or a number'),
        (12, '"text" must be a string, not NoneType'),
        (13, "not valid JSON"),
    ]:
        assert f"line {number}: {words}" in stderr, number
    assert "line 1:" not in stderr and "line 14:" not in stderr
    assert "Scored 2 lines" in stderr and "skipped 12 bad lines" in stderr


def test_empty_text_scores_as_none(tmp_path: Path) -> None:
    rows, _ = run(tmp_path, lines=[{"id": 1, "text": ""}, {"id": 2, "text": " \n\t"}])
    for row in rows:
        assert (row["flag"], row["category"], row["score"]) == (False, "none", 0.0)
        assert row["scores"] == {**dict.fromkeys(CATEGORIES, 0.0), "none": 1.0}


def test_enormous_text_is_truncated_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    huge = "a long message " * 400_000  # 6 MB of text
    rows, stderr = run(
        tmp_path,
        lines=[{"id": 1, "text": "short"}, {"id": 2, "text": huge}, {"id": 3, "text": "x"}],
    )
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert (
        f"line 2: the text is over {preprocess.MAX_CHARS:,} characters once normalised: "
        "truncated, and its beginning scored." in stderr
    )
    assert "line 1: the text" not in stderr and "line 3: the text" not in stderr


def test_a_line_too_long_to_hold_is_skipped_without_reading_it_into_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(score, "MAX_LINE_BYTES", 1000)
    rows, stderr = run(
        tmp_path,
        lines=[{"id": 1, "text": "x" * 5000}, {"id": 2, "text": "fine"}],
    )
    assert [r["id"] for r in rows] == [2]
    assert "line 1: longer than 1,000 bytes; skipped." in stderr


def test_reading_in_steady_memory_gives_line_numbers_and_drops_line_endings() -> None:
    data = io.BytesIO(b"\xef\xbb\xbfone\r\ntwo\n" + b"x" * 50 + b"\nlast")
    assert list(score.read_lines(data, limit=20)) == [
        (1, b"one"),
        (2, b"two"),
        (3, score.TOO_LONG),
        (4, b"last"),
    ]


def test_long_inputs_report_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(score, "PROGRESS_SECONDS", 0.0)
    _, stderr = run(
        tmp_path, "--batch-size", "5", lines=[{"id": i, "text": "hi"} for i in range(12)]
    )
    assert "... 5 lines read, 5 scored, 0 skipped" in stderr
    assert "... 10 lines read, 10 scored" in stderr


def test_explain_adds_phrases_and_lexicon_hits(tmp_path: Path) -> None:
    rows, _ = run(
        tmp_path,
        "--explain",
        lines=[{"id": 1, "text": "Long live the Islamic State!"}, {"id": 2, "text": "hello"}],
    )
    assert list(rows[0]) == [*KEYS, "phrases", "lexicon"]
    assert rows[0]["lexicon"][0]["entry"] == "Islamic State of Iraq and the Levant"
    assert rows[0]["lexicon"][0]["context"] == "praise"
    assert rows[1]["lexicon"] == []
    assert rows[1]["phrases"] == [] or rows[1]["flag"]


def test_thresholds_in_force_are_used_unless_the_models_own_are_asked_for(
    tmp_path: Path,
) -> None:
    from conftest import make_staff
    from endeavour.core.models import Role
    from endeavour.detection.classifier.thresholds import classifier_threshold_set

    admin = make_staff(Role.ADMINISTRATOR)
    for category in CATEGORIES:
        classifier_threshold_set(category=category, threshold=1.0, by=admin, reason="Test")
    lines = [{"id": 1, "text": "I will find you and kill you."}]
    rows, stderr = run(tmp_path, lines=lines)
    assert rows[0]["flag"] == any(rows[0]["scores"][c] >= 1.0 for c in CATEGORIES)
    assert "thresholds (set by an administrator for " in stderr
    own, stderr = run(tmp_path, "--model-thresholds")
    assert "the model's own" in stderr
    assert own[0]["scores"] == rows[0]["scores"]


def test_unusable_arguments_are_refused_plainly(tmp_path: Path, settings: Any) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("score", "--in", str(tmp_path / "missing.jsonl"), "--out", "x.jsonl")
    same = write_lines(tmp_path / "same.jsonl", [{"id": 1, "text": "x"}])
    with pytest.raises(CommandError, match="same file"):
        call_command("score", "--in", str(same), "--out", str(same))
    assert same.read_text().strip() == '{"id": 1, "text": "x"}'
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path / "nowhere"
    model.reset()
    try:
        with pytest.raises(CommandError, match="missing from"):
            call_command("score", "--in", str(same), "--out", str(tmp_path / "o.jsonl"))
    finally:
        model.reset()


def test_the_console_command_runs_offline_with_standard_streams(tmp_path: Path) -> None:
    """As an evaluator runs it: the installed ``endeavour`` script, stdin to stdout."""
    script = Path(sys.executable).with_name("endeavour")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    lines = b'{"id": "x", "text": "hello"}\nbroken\n{"id": "y", "text": ""}\n'
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(script), "score", "--in", "-", "--out", "-"],
        input=lines,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["x", "y"]
    assert "line 2: not valid JSON" in done.stderr.decode()
