"""Between the casework and the hash banks: an item's hashes, the signals its matches raise,
and the entries a referral adds to the city's bank."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from endeavour.detection import content, matching
from endeavour.detection import services as bank
from endeavour.detection.matching import Match, Query
from endeavour.detection.models import SignalType
from endeavour.online.models import Case, Decision, Item, ItemFile, Signal, SignalKind

EXACT_CONFIDENCE = 0.95
WEAK_PDQ = 50


def item_texts(item: Item) -> list[tuple[str, str]]:
    """(about, text) for the text a reviewer sees: the submitted text and the latest capture."""
    texts = [("submitted text", item.submitted_text)] if item.submitted_text.strip() else []
    capture = item.captures.exclude(text="").order_by("-fetched_at").first()
    if capture is not None:
        texts.append(("captured page text", capture.text))
    return texts


def file_queries(item_file: ItemFile) -> list[Query]:
    about = item_file.original_name or f"{item_file.get_kind_display().lower()} file"
    queries = content.file_queries(
        sha256=item_file.sha256,
        md5=item_file.md5,
        frames=tuple((float(f[0]), str(f[1])) for f in item_file.frame_pdqs),
        about=about,
    )
    if item_file.pdq:
        if item_file.pdq_is_weak:
            about += f", weak image hash: quality {item_file.pdq_quality}"
        queries.append(Query(SignalType.PDQ, item_file.pdq, about))
    return queries


def new_item_queries(normalised_url: str, submitted_text: str) -> list[Query]:
    queries = content.url_queries(normalised_url)
    if submitted_text.strip():
        queries += content.text_queries(submitted_text, "submitted text")
    return queries


def item_queries(item: Item, files: Iterable[ItemFile] | None = None) -> list[Query]:
    """What to look up for an item: its URL and variants, its files and its texts."""
    queries = content.url_queries(item.normalised_url)
    for item_file in item.files.all() if files is None else files:
        queries += file_queries(item_file)
    for about, text in item_texts(item):
        queries += content.text_queries(text, about)
    return queries


def confidence_of(match: Match) -> float:
    if match.similarity is not None:
        return round(max(0.5, min(EXACT_CONFIDENCE, match.similarity)), 2)
    return EXACT_CONFIDENCE if match.distance == 0 else max(0.5, 0.95 - match.distance / 100)


def signal_for(case: Case, match: Match) -> Signal:
    """An unsaved signal naming the bank, the entry and how close the match is."""
    is_reupload = bool(match.source_reference) and match.source_reference != case.reference
    return Signal(
        case=case,
        kind=SignalKind.REUPLOAD if is_reupload else SignalKind.HASH_MATCH,
        confidence=confidence_of(match),
        summary=match.explanation[:500],
        provenance={
            "bank": match.bank_name,
            "bank_id": match.bank_id,
            "entry": match.entry_id,
            "external_id": match.external_id,
            "signal_type": match.signal_type,
            "distance": match.distance,
            "similarity": match.similarity,
            "labels": dict(match.labels),
            "about": match.query.about,
            "original_case": match.source_reference,
        },
    )


def already_signalled(case: Case) -> set[int]:
    return {
        entry
        for entry in case.signals.filter(
            kind__in=[SignalKind.REUPLOAD, SignalKind.HASH_MATCH]
        ).values_list("provenance__entry", flat=True)
        if isinstance(entry, int)
    }


def match_signals(case: Case, queries: Sequence[Query]) -> list[Signal]:
    """Look ``queries`` up; record one signal per newly matched entry. Allow-listed: none."""
    seen = already_signalled(case)
    signals = []
    for match in matching.lookup(queries).matches:
        if match.entry_id in seen or match.source_reference == case.reference:
            continue
        seen.add(match.entry_id)
        signal = signal_for(case, match)
        signal.save()
        signals.append(signal)
        if signal.kind == SignalKind.REUPLOAD and case.reupload_of_id is None:
            original = Case.objects.filter(reference=match.source_reference).first()
            if original is not None and original.pk != case.pk:
                case.reupload_of = original
                case.save(update_fields=["reupload_of", "updated_at"])
    return signals


def referred_item_to_bank(case: Case, decision: Decision) -> int:
    """Add the referred item's hashes to the city's bank, labelled with the decision."""
    city = bank.city_bank()
    labels: dict[str, Any] = {"tier": decision.tier, "ideology": decision.ideology}
    values: list[tuple[str, str, int | None]] = [(SignalType.URL, case.item.normalised_url, None)]
    for item_file in case.item.files.all():
        values += [
            (SignalType.SHA256, item_file.sha256, None),
            (SignalType.MD5, item_file.md5, None),
        ]
        if item_file.pdq and not item_file.pdq_is_weak:
            values.append((SignalType.PDQ, item_file.pdq, item_file.pdq_quality))
        values += [
            (SignalType.PDQ, str(frame[1]), int(frame[2]))
            for frame in item_file.frame_pdqs
            if int(frame[2]) >= WEAK_PDQ
        ]
    for _, text in item_texts(case.item):
        values += [(q.signal_type, q.value, None) for q in content.text_queries(text)]
    for signal_type, value, quality in dict.fromkeys(values):
        bank.bank_entry_add(
            bank=city,
            signal_type=signal_type,
            value=value,
            source_reference=case.reference,
            labels=labels,
            quality=quality,
        )
    return len(values)
