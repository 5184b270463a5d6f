"""The lexicon: proscribed organisations from the dated list, slogans and codes, each hit read in
its context, so that reporting and condemnation are never taken for praise."""

from __future__ import annotations

import pytest

from endeavour.detection.classifier.lexicon import (
    HitContext,
    HitKind,
    Lexicon,
    LexiconHit,
    build_lexicon,
    current_lexicon,
)
from endeavour.online.reference import PROSCRIPTION_LIST, proscribed_rows


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    """The lexicon of the proscription list the project ships (no database needed)."""
    path, as_at = PROSCRIPTION_LIST["path"], PROSCRIPTION_LIST["as_at"]
    return build_lexicon(proscribed_rows(path), list_date=as_at)  # type: ignore[arg-type]


def only(lexicon: Lexicon, text: str) -> LexiconHit:
    hits = lexicon.match(text)
    assert len(hits) == 1, f"{text!r}: {hits}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Long live the Islamic State!", "long live"),
        ("Glory to the martyrs of al-Shabaab", "glory to"),
        ("Join ISIS, brothers", "join"),
        ("We stand with Palestine Action", "we stand with"),
        ("Victory to Hamas", "victory to"),
        ("I support National Action", "i support"),
        ("Hezbollah will rise again", "will rise again"),
        ("the UVF forever", "forever"),
    ],
)
def test_praise_and_support_cues_make_a_praise_hit(lexicon: Lexicon, text: str, cue: str) -> None:
    hit = only(lexicon, text)
    assert (hit.kind, hit.context, hit.cue) == (HitKind.ORGANISATION, HitContext.PRAISE, cue)
    assert text[hit.span[0] : hit.span[1]] == hit.matched


@pytest.mark.parametrize(
    "text",
    [
        "The Islamic State claimed responsibility for the attack, according to reports.",
        "Palestine Action was proscribed in July 2025.",
        "He joined ISIS in 2014 and was arrested on his return.",
        "We condemn Hamas and every group that kills civilians.",
        "Never join ISIS: they murder Muslims and everyone else.",
        "Don\u2019t support Hamas.",
        'He shouted "long live Hamas" before he was arrested.',
        "\u201cGlory to the Islamic State\u201d, the graffiti read.",
        "The attack by Boko Haram killed 40 villagers.",
        "Three members of National Action were convicted at the Old Bailey.",
    ],
)
def test_reporting_condemnation_and_quotation_are_never_praise(lexicon: Lexicon, text: str) -> None:
    hit = only(lexicon, text)
    assert hit.context == HitContext.CONDEMNATION, hit
    assert hit.cue


def test_a_bare_name_is_a_mention(lexicon: Lexicon) -> None:
    hit = only(lexicon, "The IRA ceasefire held in 1994.")
    assert (hit.entry, hit.alias, hit.context) == ("Irish Republican Army", "IRA", "mention")
    assert hit.source == "UK proscription list as at 5 July 2025"


@pytest.mark.parametrize(
    "name", ["ISIS", "National Action", "Hamas", "Atomwaffen Division", "Babbar Khalsa", "UVF"]
)
@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("Long live {}!", HitContext.PRAISE),
        ("Police arrested supporters of {} yesterday.", HitContext.CONDEMNATION),
        ("An article about {} and its history.", HitContext.MENTION),
    ],
)
def test_every_ideology_is_read_the_same_way(
    lexicon: Lexicon, name: str, template: str, context: HitContext
) -> None:
    assert only(lexicon, template.format(name)).context == context


@pytest.mark.parametrize(
    "text",
    [
        "The government should take national action on housing.",
        "an islamic state ruled by law, the scholar argued",
        "We support AI in schools.",
        "ETA 5pm at the station, see you there.",
        "Meet me at the base of the hill",
        "He studied at MIT, then moved to N17 in Tottenham.",
        "Allahu akbar. Insha'Allah we will meet at the gurdwara after Shabbat.",
        "Our youth group and community association are planning a red hand day.",
    ],
)
def test_ordinary_words_and_religious_speech_are_not_hits(lexicon: Lexicon, text: str) -> None:
    assert lexicon.match(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "1488",
        "The price is \u00a314.88 and page 88 shows 14 people.",
        "In 1488 the explorer sailed around the Cape.",
        "Bus 88 to Clapham, then 14 stops.",
        "Flat 14, 88 High Street",
        "Her score was 88% and she is 14 years old.",
        "Call 020 7946 1488 for the office.",
    ],
)
def test_ordinary_numbers_are_not_codes(lexicon: Lexicon, text: str) -> None:
    assert lexicon.match(text) == []


def test_numbers_are_codes_in_the_context_of_the_movement_using_them(lexicon: Lexicon) -> None:
    hits = lexicon.match("White power 1488!")
    assert [(h.kind, h.alias, h.context) for h in hits] == [
        (HitKind.SLOGAN, "white power", HitContext.PRAISE),
        (HitKind.CODE, "1488", HitContext.PRAISE),
    ]
    hit = only(lexicon, "Heil, brothers 88")
    assert (hit.kind, hit.alias) == (HitKind.CODE, "88")
    explained = lexicon.match("He wore a shirt with 88 on it, a neo-Nazi code for Heil Hitler.")
    assert [(h.alias, h.context, h.cue) for h in explained] == [
        ("88", HitContext.CONDEMNATION, "code for"),
        ("heil hitler", HitContext.CONDEMNATION, "code for"),
    ]


def test_slogans_used_as_exclamations_are_praise_and_reported_ones_are_not(
    lexicon: Lexicon,
) -> None:
    assert only(lexicon, "Sieg heil!").context == HitContext.PRAISE
    assert only(lexicon, "Baqiya wa tatamadad").context == HitContext.PRAISE
    reported = only(lexicon, "The crowd chanted sieg heil, police said.")
    assert reported.context == HitContext.CONDEMNATION


def test_a_full_name_is_one_hit_not_two(lexicon: Lexicon) -> None:
    hit = only(lexicon, "Islamic State of Iraq and the Levant")
    assert hit.alias == "Islamic State of Iraq and the Levant"
    assert hit.span == (0, 36)


def test_spelling_variants_of_separators_and_apostrophes_match(lexicon: Lexicon) -> None:
    assert only(lexicon, "long live al qaida").entry == "Al Qa'ida"
    assert only(lexicon, "glory to Al-Shabaab").entry == "Al Shabaab"


def test_hits_serialise_for_signal_provenance(lexicon: Lexicon) -> None:
    data = only(lexicon, "Long live the Islamic State!").as_dict()
    assert data == {
        "entry": "Islamic State of Iraq and the Levant",
        "alias": "Islamic State",
        "kind": "organisation",
        "context": "praise",
        "span": [14, 27],
        "matched": "Islamic State",
        "cue": "long live",
        "source": "UK proscription list as at 5 July 2025",
    }


def test_long_text_is_read_up_to_the_limit_without_trouble(lexicon: Lexicon) -> None:
    text = ("word " * 50_000) + "Long live ISIS"
    assert lexicon.match(text) == []  # past the first 200,000 characters
    assert lexicon.match("\x00\ufeff" * 1000 + "Long live ISIS")[0].context == HitContext.PRAISE


@pytest.mark.django_db
def test_the_current_lexicon_uses_the_newest_list_in_the_database() -> None:
    from datetime import date

    from endeavour.online.models import ProscribedOrganisation, ProscriptionList

    assert current_lexicon().version == "proscribed-2025-07-05+terms-1"
    newer = ProscriptionList.objects.create(as_at=date(2026, 1, 1))
    ProscribedOrganisation.objects.create(
        proscription_list=newer, name="Example Newly Listed Front", aliases=["ENLF"]
    )
    lexicon = current_lexicon()
    assert lexicon.version == "proscribed-2026-01-01+terms-1"
    hit = only(lexicon, "Long live the Example Newly Listed Front")
    assert hit.source == "UK proscription list as at 1 January 2026"
    assert lexicon.match("Long live the Islamic State") == []  # not on the newer list
