"""PDQ lookup through the app: published index, delta of newer entries, rebuilds, restarts."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from endeavour.detection import pdq_search
from endeavour.detection.models import BankEntry, HashBank
from endeavour.detection.pdq_index import IndexStore, MihIndex, codes_from_hex

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def index_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.DETECTION_INDEX_DIR = tmp_path / "index"
    pdq_search.searcher().reset()
    yield tmp_path / "index"
    pdq_search.searcher().reset()


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


@pytest.fixture
def bank() -> HashBank:
    return HashBank.objects.create(name="Test bank")


def random_hex(rng: np.random.Generator) -> str:
    return bytes(rng.integers(0, 256, 32, dtype=np.uint8)).hex()


def near(value: str, bits: int, rng: np.random.Generator) -> str:
    """``value`` with ``bits`` distinct bits flipped."""
    number = int(value, 16)
    for bit in rng.choice(256, bits, replace=False):
        number ^= 1 << int(bit)
    return f"{number:064x}"


def add(bank: HashBank, value: str, **fields: object) -> BankEntry:
    return BankEntry.objects.create(
        bank=bank, signal_type="pdq", value=value, value_key=value, **fields
    )


def test_an_entry_added_after_a_build_is_found_at_once(
    bank: HashBank, rng: np.random.Generator
) -> None:
    entries = [add(bank, random_hex(rng)) for _ in range(30)]
    built = pdq_search.pdq_index_rebuild()
    assert built.count == 30 and built.generation and not built.skipped

    searcher = pdq_search.searcher()
    assert searcher.search([near(entries[3].value, 4, rng)], 31) == [[(entries[3].pk, 4)]]
    assert searcher.generation == built.generation
    assert (searcher.main_size, searcher.delta_size) == (30, 0)

    late = add(bank, random_hex(rng))
    found = searcher.search([near(late.value, 9, rng), late.value, random_hex(rng)], 31)
    assert found == [[(late.pk, 9)], [(late.pk, 0)], []]
    assert (searcher.main_size, searcher.delta_size) == (30, 1)
    assert pdq_search.delta_size() == 1


def test_a_rebuild_moves_the_delta_into_the_main_index(
    bank: HashBank, rng: np.random.Generator
) -> None:
    first = add(bank, random_hex(rng))
    pdq_search.pdq_index_rebuild()
    searcher = pdq_search.searcher()
    second = add(bank, near(first.value, 3, rng))
    assert searcher.search([first.value], 31) == [[(first.pk, 0), (second.pk, 3)]]
    assert searcher.delta_size == 1

    rebuilt = pdq_search.pdq_index_rebuild()
    assert searcher.search([first.value], 31) == [[(first.pk, 0), (second.pk, 3)]]
    assert searcher.generation == rebuilt.generation
    assert (searcher.main_size, searcher.delta_size) == (2, 0)
    assert pdq_search.delta_size() == 0


def test_a_restarted_process_finds_everything(bank: HashBank, rng: np.random.Generator) -> None:
    indexed = add(bank, random_hex(rng))
    pdq_search.pdq_index_rebuild()
    newer = add(bank, random_hex(rng), enabled=False)  # disabled entries stay; callers filter
    pdq_search.searcher().search([indexed.value], 31)

    restarted = pdq_search.PdqSearcher()
    assert restarted.search([indexed.value, newer.value], 31) == [
        [(indexed.pk, 0)],
        [(newer.pk, 0)],
    ]
    assert (restarted.main_size, restarted.delta_size) == (1, 1)


def test_without_a_published_index_the_delta_holds_everything(
    bank: HashBank, rng: np.random.Generator, settings: Any
) -> None:
    settings.DETECTION_DELTA_REBUILD_THRESHOLD = 2
    entries = [add(bank, random_hex(rng)) for _ in range(3)]
    searcher = pdq_search.searcher()
    assert searcher.search([e.value for e in entries], 31) == [[(e.pk, 0)] for e in entries]
    assert (searcher.generation, searcher.delta_size) == (None, 3)
    assert pdq_search.delta_size() == 3
    assert pdq_search.rebuild_due()

    pdq_search.pdq_index_rebuild()
    assert not pdq_search.rebuild_due()
    assert searcher.search([entries[0].value], 31) == [[(entries[0].pk, 0)]]
    assert (searcher.main_size, searcher.delta_size) == (3, 0)


def test_an_entry_committed_late_below_a_seen_id_is_swept_in(
    bank: HashBank, rng: np.random.Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(bank, random_hex(rng), id=100)
    add(bank, random_hex(rng), id=300)
    searcher = pdq_search.searcher()
    searcher.search([random_hex(rng)], 31)
    slow = add(bank, random_hex(rng), id=200)  # as if its transaction committed after 300's
    assert searcher.search([slow.value], 31) == [[]]  # not until the next sweep
    monkeypatch.setattr(pdq_search, "SWEEP_SECONDS", 0.0)
    assert searcher.search([slow.value], 31) == [[(200, 0)]]


def test_an_entry_committed_while_a_rebuild_read_stays_matchable_and_makes_a_rebuild_due(
    bank: HashBank, rng: np.random.Generator, index_dir: Path
) -> None:
    first, late, last = (add(bank, random_hex(rng), id=i) for i in (100, 200, 300))
    searcher = pdq_search.searcher()
    searcher.search([first.value], 31)  # this process has read all three
    # A rebuild whose read missed 200 (its transaction was still open) publishes 100 and 300.
    codes = codes_from_hex([first.value, last.value])
    IndexStore(index_dir).publish(MihIndex.build(np.array([100, 300]), codes))
    assert searcher.search([late.value], 31) == [[(200, 0)]]
    assert (searcher.main_size, searcher.delta_size) == (2, 1)
    assert pdq_search.delta_size() == 0
    assert pdq_search.late_entries() == 1 and pdq_search.rebuild_due()
    # A process that never saw it finds it once the due rebuild has run.
    pdq_search.pdq_index_rebuild()
    assert pdq_search.late_entries() == 0 and not pdq_search.rebuild_due()
    assert pdq_search.PdqSearcher().search([late.value], 31) == [[(200, 0)]]


def test_a_second_rebuild_at_the_same_time_does_nothing(
    bank: HashBank, rng: np.random.Generator, index_dir: Path
) -> None:
    add(bank, random_hex(rng))
    first = pdq_search.pdq_index_rebuild()
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".rebuild.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a rebuild in another process
        refused = pdq_search.pdq_index_rebuild()
    assert refused.skipped and "already running" in refused.message
    assert refused.generation == first.generation
    assert IndexStore(index_dir).current_generation() == first.generation
    assert pdq_search.pdq_index_rebuild().generation != first.generation


def test_a_malformed_value_is_left_out_not_fatal(bank: HashBank, rng: np.random.Generator) -> None:
    good = add(bank, random_hex(rng))
    add(bank, "zz" * 32)
    result = pdq_search.pdq_index_rebuild()
    assert result.count == 1 and "1 malformed" in result.message
    assert not pdq_search.rebuild_due()  # the malformed one is not "missed"
    assert pdq_search.searcher().search([good.value], 0) == [[(good.pk, 0)]]


def test_bad_queries_and_radii_are_refused(rng: np.random.Generator) -> None:
    searcher = pdq_search.searcher()
    with pytest.raises(ValueError, match="64 hexadecimal characters"):
        searcher.search(["abc"], 31)
    with pytest.raises(ValueError, match="exact only up to distance 32"):
        searcher.search([random_hex(rng)], 33)
    assert searcher.search([], 31) == []


def test_the_default_radius_comes_from_settings(
    bank: HashBank, rng: np.random.Generator, settings: Any
) -> None:
    entry = add(bank, random_hex(rng))
    query = near(entry.value, 12, rng)
    settings.DETECTION_PDQ_MAX_DISTANCE = 11
    assert pdq_search.searcher().search([query]) == [[]]
    settings.DETECTION_PDQ_MAX_DISTANCE = 12
    assert pdq_search.searcher().search([query]) == [[(entry.pk, 12)]]


def test_a_damaged_pointer_keeps_the_mapped_index_serving_until_a_rebuild_repairs_it(
    bank: HashBank, rng: np.random.Generator, index_dir: Path
) -> None:
    entry = add(bank, random_hex(rng))
    first = pdq_search.pdq_index_rebuild()
    searcher = pdq_search.searcher()
    assert searcher.search([entry.value], 0) == [[(entry.pk, 0)]]
    (index_dir / "CURRENT").write_text("../../etc\n")
    assert searcher.search([entry.value], 0) == [[(entry.pk, 0)]]
    assert searcher.generation == first.generation
    assert pdq_search.delta_size() == 1  # counted as unindexed, so a rebuild comes due
    repaired = pdq_search.pdq_index_rebuild()
    assert searcher.search([entry.value], 0) == [[(entry.pk, 0)]]
    assert searcher.generation == repaired.generation != first.generation
