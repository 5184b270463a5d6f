"""The PDQ index against FAISS brute force, its files, and its generations on disk."""

from __future__ import annotations

import itertools
from pathlib import Path

import faiss
import numpy as np
import pytest

from endeavour.detection.pdq_index import (
    LARGE,
    MAX_RADIUS,
    SMALL,
    DeltaIndex,
    IndexStore,
    Layout,
    MihIndex,
    codes_from_hex,
    merge_search,
    read_manifest,
)

N = 4000
Results = list[list[tuple[int, int]]]


def flipped(code: np.ndarray, bits: int, rng: np.random.Generator) -> np.ndarray:
    """``code`` with ``bits`` distinct random bits flipped: at exactly that distance."""
    unpacked = np.unpackbits(code)
    unpacked[rng.choice(256, bits, replace=False)] ^= 1
    return np.packbits(unpacked)


def brute_force(ids: np.ndarray, codes: np.ndarray, queries: np.ndarray, radius: int) -> Results:
    flat = faiss.IndexBinaryFlat(256)
    flat.add(codes)
    lims, distances, labels = flat.range_search(queries, radius + 1)  # FAISS: distance < radius
    return [
        sorted(
            zip(ids[labels[a:b]].tolist(), distances[a:b].astype(int).tolist(), strict=True),
            key=lambda pair: (pair[1], pair[0]),
        )
        for a, b in itertools.pairwise(lims)
    ]


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random codes, plus near-duplicates planted at distances 0 to 40 from some queries."""
    rng = np.random.default_rng(4)
    codes = rng.integers(0, 256, (N, 32), dtype=np.uint8)
    anchors = rng.integers(0, 256, (3, 32), dtype=np.uint8)
    planted = [flipped(a, d, rng) for a in anchors for d in range(41)]
    codes = np.vstack([codes, planted])
    ids = rng.permutation(len(codes)).astype(np.int64) * 7 + 1000
    near_indexed = [flipped(codes[i], int(rng.integers(0, 41)), rng) for i in range(0, N, 40)]
    queries = np.vstack([anchors, near_indexed, rng.integers(0, 256, (20, 32), dtype=np.uint8)])
    return ids, codes, queries


@pytest.fixture(scope="module", params=[SMALL, LARGE], ids=["16 chunks", "11 chunks"])
def index(request: pytest.FixtureRequest, data: tuple[np.ndarray, ...]) -> MihIndex:
    ids, codes, _ = data
    return MihIndex.build(ids, codes, request.param)


@pytest.mark.parametrize("radius", [0, 5, 11, 16, 22, 31, 32])
def test_matches_brute_force_exactly(
    index: MihIndex, data: tuple[np.ndarray, ...], radius: int
) -> None:
    ids, codes, queries = data
    expected = brute_force(ids, codes, queries, radius)
    assert index.search(queries, radius) == expected
    assert [index.search(q[None], radius)[0] for q in queries] == expected
    assert index.search(queries, radius, batch_size=5) == expected


def test_rows_are_kept_in_id_order_and_membership_is_cheap(index: MihIndex, data: tuple) -> None:
    ids = data[0]
    assert (np.diff(index.ids) > 0).all()
    assert index.contains(np.array([ids[0], ids[-1], -5, ids.max() + 1])).tolist() == [
        True,
        True,
        False,
        False,
    ]


def test_planted_duplicates_are_found_up_to_the_radius(index: MihIndex, data: tuple) -> None:
    _, _, queries = data
    found = index.search(queries[:3], 31)
    for pairs in found:
        assert sorted(distance for _, distance in pairs) == list(range(32))


def test_radius_above_what_the_layout_supports_is_refused(index: MihIndex, data: tuple) -> None:
    queries = data[2]
    supported = 47 if index.layout is SMALL else 32  # chunks * 3 - 1: at most 2 flips a chunk
    assert index.max_radius == supported
    assert MAX_RADIUS == 32  # what the app may ask for, whatever the layout
    index.search(queries, supported)
    with pytest.raises(ValueError, match=f"exact only up to distance {supported}"):
        index.search(queries, supported + 1)
    with pytest.raises(ValueError, match="between 0 and"):
        index.search(queries, -1)


def test_layouts_must_cover_256_bits_widest_first() -> None:
    with pytest.raises(ValueError, match="widest first"):
        Layout((23, 24, 24, 23, 23, 23, 23, 23, 23, 23, 24))
    with pytest.raises(ValueError, match="widest first"):
        Layout((32,) * 8)


def test_empty_index() -> None:
    empty = MihIndex.build(np.empty(0, np.int64), np.empty((0, 32), np.uint8))
    assert len(empty) == 0
    assert empty.max_id == -1
    assert empty.search(np.zeros((2, 32), np.uint8), 31) == [[], []]
    assert empty.search(np.zeros((0, 32), np.uint8), 31) == []
    assert empty.contains(np.array([1, 2])).tolist() == [False, False]


def test_wrong_shapes_are_refused_clearly() -> None:
    codes = np.zeros((3, 32), np.uint8)
    with pytest.raises(ValueError, match=r"shape \(N, 32\) and dtype uint8"):
        MihIndex.build(np.arange(3), np.zeros((3, 31), np.uint8))
    with pytest.raises(ValueError, match="dtype uint8"):
        MihIndex.build(np.arange(3), np.zeros((3, 32), np.int64))
    with pytest.raises(ValueError, match="NumPy array"):
        MihIndex.build(np.arange(3), [[0] * 32] * 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="3 ids for 2 codes"):
        MihIndex.build(np.arange(3), codes[:2])
    index = MihIndex.build(np.arange(3), codes)
    with pytest.raises(ValueError, match="queries must have shape"):
        index.search(np.zeros(32, np.uint8), 10)
    with pytest.raises(ValueError, match="integer"):
        index.search(codes, 3.5)  # type: ignore[arg-type]


def test_save_and_load_round_trip(tmp_path: Path, data: tuple) -> None:
    ids, codes, queries = data
    index = MihIndex.build(ids, codes)
    index.save(tmp_path / "gen")
    loaded = MihIndex.load(tmp_path / "gen")
    assert isinstance(loaded.codes.base, np.memmap)  # mapped, not read
    assert len(loaded) == len(index) and loaded.max_id == index.max_id == int(ids.max())
    assert loaded.search(queries, 31) == index.search(queries, 31)
    manifest = read_manifest(tmp_path / "gen")
    assert manifest["count"] == len(codes)
    assert manifest["layout"] == list(SMALL.widths)


def test_a_damaged_generation_is_refused(tmp_path: Path, data: tuple) -> None:
    ids, codes, _ = data
    MihIndex.build(ids[:5], codes[:5]).save(tmp_path / "gen")
    np.save(tmp_path / "gen" / "ids.npy", np.arange(4, dtype=np.int64))
    with pytest.raises(ValueError, match="does not match the manifest"):
        MihIndex.load(tmp_path / "gen")


def test_publish_swaps_atomically_and_an_old_reader_keeps_working(
    tmp_path: Path, data: tuple
) -> None:
    ids, codes, _ = data
    store = IndexStore(tmp_path)
    assert store.current_generation() is None
    assert store.load_current() is None

    first = store.publish(MihIndex.build(ids[:100], codes[:100]))
    reader = store.load_current()
    assert reader is not None and len(reader) == 100
    expected = brute_force(ids[:100], codes[:100], codes[:100], 31)

    second = store.publish(MihIndex.build(ids, codes))
    third = store.publish(MihIndex.build(ids[:200], codes[:200]))
    assert store.current_generation() == third
    assert store.generations() == [second, third]  # the previous one stays for slow readers
    assert not (tmp_path / first).exists()
    assert reader.search(codes[:100], 31) == expected  # its files are gone; its pages are not
    current = store.load_current()
    assert current is not None and len(current) == 200
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_delta_index_matches_brute_force(data: tuple) -> None:
    ids, codes, queries = data
    delta = DeltaIndex()
    assert delta.search(queries[:2], 31) == [[], []]
    delta.add(ids[:2000], codes[:2000])
    delta.add(ids[2000:], codes[2000:])
    assert len(delta) == len(ids)
    for radius in (0, 31, 40):
        assert delta.search(queries, radius) == brute_force(ids, codes, queries, radius)
    keep = ids > np.median(ids)
    newer = delta.select(delta.ids > np.median(ids))
    assert newer.search(queries, 31) == brute_force(ids[keep], codes[keep], queries, 31)


def test_merge_search_keeps_each_id_once_at_its_smallest_distance() -> None:
    main = [[(5, 1), (9, 4)], [], [(1, 0)]]
    delta = [[(7, 1), (9, 2)], [(3, 3)], []]
    assert merge_search(main, delta) == [[(5, 1), (7, 1), (9, 2)], [(3, 3)], [(1, 0)]]


def test_codes_from_hex() -> None:
    value = "f" * 62 + "0a"
    assert codes_from_hex([value, value.upper()])[:, -1].tolist() == [10, 10]
    assert codes_from_hex([]).shape == (0, 32)
    with pytest.raises(ValueError, match="64 hexadecimal characters"):
        codes_from_hex(["abc"])
    with pytest.raises(ValueError, match="is not"):
        codes_from_hex([value, "g" * 64])
    with pytest.raises(ValueError, match="is not"):
        codes_from_hex(["ab " + "c" * 61])
