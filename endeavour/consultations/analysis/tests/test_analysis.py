"""Consultation analysis: themes, known themes, bad input, stance, duplicates, determinism.

Plain tests (no database): the analysis package is pure Python over dataclasses.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from endeavour.consultations.analysis import (
    AnalysisResult,
    Answer,
    KnownTheme,
    analyse_question,
    embed,
    passages,
)
from endeavour.consultations.analysis.text import looks_non_english

YOUTH = [
    "More youth clubs open in the evenings.",
    "Open the youth centres again, kids have nowhere to go.",
    "Youth clubs and sport for teenagers after school.",
    "Somewhere safe for young people to go at night, like a youth club.",
    "Football and boxing clubs for the teenagers on the estate.",
    "Reopen the youth club that closed on Park Lane.",
]
MENTAL = [
    "Better mental health support for young men.",
    "Counselling and mental health services, the waiting lists are too long.",
    "Mental health help for people who are lonely and depressed.",
    "Fund counsellors and therapists for anxious teenagers.",
    "Support for mental health and wellbeing.",
    "Someone to talk to when you are struggling with depression.",
]
ONLINE = [
    "Tackle extremist content on social media and TikTok.",
    "Online safety: gaming chats and Discord are where grooming happens.",
    "Get hateful videos taken down from YouTube faster.",
    "Teach digital literacy so people can spot fake news online.",
    "Monitor extremist propaganda on Telegram and Facebook.",
    "Help parents understand the apps and websites their children use.",
]
GROUPS = {"youth": YOUTH, "mental": MENTAL, "online": ONLINE}


def crafted() -> tuple[list[Answer], dict[int, str]]:
    answers: list[Answer] = []
    truth: dict[int, str] = {}
    next_id = 100
    # Interleave, so order cannot explain the clusters.
    for row in zip(YOUTH, MENTAL, ONLINE, strict=True):
        for name, text in zip(GROUPS, row, strict=True):
            answers.append(Answer(id=next_id, text=text))
            truth[next_id] = name
            next_id += 1
    return answers, truth


@pytest.fixture(scope="module")
def first_run() -> tuple[list[Answer], dict[int, str], AnalysisResult]:
    answers, truth = crafted()
    return answers, truth, analyse_question(answers, question_text="What should we do more of?")


def _primary(result: AnalysisResult) -> dict[int, str]:
    best: dict[int, tuple[float, str]] = {}
    for a in result.assignments:
        if a.answer_id not in best or a.confidence > best[a.answer_id][0]:
            best[a.answer_id] = (a.confidence, a.theme_key)
    return {i: key for i, (_, key) in best.items()}


def test_embed_shape_and_normalisation() -> None:
    vectors = embed(["More youth clubs.", "Mental health support", "x" * 50_000])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert embed([]).shape == (0, 384)
    same = embed(["More youth clubs.", "More youth clubs."])
    assert float(same[0] @ same[1]) > 0.999


def test_clustering_recovers_planted_themes(first_run: tuple) -> None:
    _, truth, result = first_run
    primary = _primary(result)
    majority: dict[str, str] = {}
    for name in GROUPS:
        keys = Counter(primary.get(i) for i, n in truth.items() if n == name)
        key, count = keys.most_common(1)[0]
        assert key is not None
        assert count >= 5, (name, keys)
        majority[name] = key
    assert len(set(majority.values())) == 3, majority


def test_labels_are_short_readable_phrases(first_run: tuple) -> None:
    _, _, result = first_run
    assert result.themes
    for theme in result.themes:
        assert theme.key.startswith("new-")
        assert theme.label.strip() and theme.label[0].isupper()
        assert 1 <= len(theme.label.split()) <= 6
        assert theme.keywords
        assert 1 <= len(theme.representative_ids) <= 5
    labels = [t.label.lower() for t in result.themes]
    assert len(set(labels)) == len(labels)
    joined = " ".join(labels)
    assert "youth" in joined or "club" in joined
    assert "mental" in joined or "counsel" in joined


def test_confidences_in_range(first_run: tuple) -> None:
    _, _, result = first_run
    assert all(0.0 <= a.confidence <= 1.0 for a in result.assignments)


def test_known_themes_kept_and_decisions_respected(first_run: tuple) -> None:
    answers, truth, result = first_run
    primary = _primary(result)
    youth_key = Counter(primary[i] for i, n in truth.items() if n == "youth").most_common(1)[0][0]
    youth_ids = [i for i, n in truth.items() if n == "youth"]
    mental_id = next(i for i, n in truth.items() if n == "mental")
    # A person renamed the theme, confirmed a mental-health answer into it (their call) and
    # removed one youth answer from it.
    rejected = youth_ids[0]
    known = KnownTheme(
        id=7,
        label="Places for young people",
        member_ids=frozenset([*youth_ids[1:4], mental_id]),
        rejected_ids=frozenset([rejected]),
    )
    assert youth_key.startswith("new-")
    rerun = analyse_question(answers, [known], question_text="What should we do more of?")
    kept = [t for t in rerun.themes if t.known_id == 7]
    assert len(kept) == 1
    assert kept[0].key == "known-7"
    assert kept[0].label == "Places for young people"
    in_known = {a.answer_id: a.confidence for a in rerun.assignments if a.theme_key == "known-7"}
    for member in known.member_ids:
        assert in_known[member] == 1.0
    assert rejected not in in_known
    # The other youth answers still find the known theme; no new theme repeats it.
    assert sum(1 for i in youth_ids[4:] if i in in_known) >= 1
    assert all("youth club" not in t.label.lower() for t in rerun.themes if t.known_id is None)


def test_rejected_answer_never_reassigned_even_if_identical() -> None:
    answers = [Answer(id=i, text=t) for i, t in enumerate(YOUTH + MENTAL)]
    answers.append(Answer(id=99, text=YOUTH[0]))  # the same words as a confirmed member
    known = KnownTheme(
        id=1, label="Youth clubs", member_ids=frozenset({0, 1, 2}), rejected_ids=frozenset({99})
    )
    result = analyse_question(answers, [known])
    assert not [a for a in result.assignments if a.answer_id == 99 and a.theme_key == "known-1"]
    assert {a.answer_id for a in result.assignments if a.theme_key == "known-1"} >= {0, 1, 2}


def test_known_theme_without_members_in_this_run_uses_its_label() -> None:
    answers = [Answer(id=i, text=t) for i, t in enumerate(MENTAL)]
    known = KnownTheme(
        id=3, label="Mental health support", member_ids=frozenset({500}), rejected_ids=frozenset()
    )
    result = analyse_question(answers, [known])
    assert result.themes[0].key == "known-3"
    assert sum(1 for a in result.assignments if a.theme_key == "known-3") >= 4


def test_empty_and_symbol_answers_skipped_with_reason_nothing_lost() -> None:
    texts = ["", "   \n\t", "!!! ...", *YOUTH[:3], "n/a"]
    answers = [Answer(id=i, text=t) for i, t in enumerate(texts)]
    result = analyse_question(answers)
    skipped = dict(result.skipped)
    assert skipped[0] == "empty answer"
    assert skipped[1] == "empty answer"
    assert "punctuation" in skipped[2]
    assert not any(a.answer_id in skipped for a in result.assignments)
    analysed = {3, 4, 5, 6}
    assert set(skipped) | analysed == set(range(len(texts)))
    assert analyse_question([Answer(id=1, text=" ")]).skipped == [(1, "empty answer")]


def test_huge_paste_is_analysed_and_marked_truncated() -> None:
    huge = " ".join(["We need more youth clubs and sport for teenagers in the evenings."] * 4000)
    assert len(huge) > 250_000
    answers = [Answer(id=i, text=t) for i, t in enumerate(YOUTH + MENTAL)]
    answers.append(Answer(id=1000, text=huge))
    result = analyse_question(answers)
    assert result.truncated == [1000]
    assert any(a.answer_id == 1000 for a in result.assignments)
    # One line with no punctuation at all.
    one_line = analyse_question([Answer(id=1, text="word " * 100_000)])
    assert one_line.truncated == [1]


def test_non_english_marked_but_analysed() -> None:
    assert looks_non_english("نوجوانوں کے لیے کھیل اور کلب اور والدین کے لیے معلومات")
    assert looks_non_english(
        "Więcej zajęć dla młodzieży i wsparcia dla rodziców, którzy nie wiedzą."
    )
    assert looks_non_english("Más actividades para los jóvenes y apoyo a las familias del barrio.")
    assert not looks_non_english("Youth clubs")
    assert not looks_non_english("More youth clubs and support for the parents in our area.")
    answers = [Answer(id=i, text=t) for i, t in enumerate(YOUTH)]
    answers.append(Answer(id=50, text="Más actividades para los jóvenes y apoyo a las familias."))
    result = analyse_question(answers)
    assert result.non_english == [50]
    assert 50 not in dict(result.skipped)


def test_duplicates_exact_and_near() -> None:
    campaign = (
        "As a resident of Northside I strongly oppose handing the programme to unelected "
        "community groups. Public safety must remain with the police and the council."
    )
    edited = campaign.replace("strongly oppose", "firmly oppose").replace("council.", "council!")
    texts = [
        campaign,
        campaign.upper(),
        "  " + campaign.replace(".", "") + "  ",
        edited,
        *MENTAL,
        "Yes",
        "Yes",
    ]
    answers = [Answer(id=i, text=t) for i, t in enumerate(texts)]
    result = analyse_question(answers, ask_stance=True)
    exact = [g for g in result.duplicates if g.kind == "exact"]
    near = [g for g in result.duplicates if g.kind == "near"]
    assert [g.answer_ids for g in exact] == [(0, 1, 2)]
    assert exact[0].similarity == 1.0
    assert any({0, 1, 2, 3} <= set(g.answer_ids) for g in near)
    assert all(0.0 < g.similarity <= 1.0 for g in near)
    # One-word answers repeated are not a campaign.
    assert not any(len(texts) - 2 in g.answer_ids for g in result.duplicates)


def test_stance_on_clear_cases() -> None:
    cases = {
        1: ("Yes, I agree. Local groups are trusted by residents.", "agree"),
        2: ("Strongly agree, it is about time.", "agree"),
        3: ("No. I strongly disagree, this is a police matter.", "disagree"),
        4: ("I do not support this at all, it is a bad idea.", "disagree"),
        5: ("Not sure, it depends which groups are involved.", "unclear"),
        6: ("I'm not against it, it makes sense.", "agree"),
        7: ("Definitely not. Keep it with the police.", "disagree"),
        8: ("Fix the potholes first.", "unclear"),
    }
    answers = [Answer(id=i, text=t) for i, (t, _) in cases.items()]
    answers.append(Answer(id=9, text=""))
    result = analyse_question(answers, question_text="Do you agree?", ask_stance=True)
    assert {i: result.stances[i] for i in cases} == {i: s for i, (_, s) in cases.items()}
    assert 9 not in result.stances
    assert analyse_question(answers).stances == {}


def test_same_input_same_output(first_run: tuple) -> None:
    answers, _, result = first_run
    again = analyse_question(list(answers), question_text="What should we do more of?")
    assert again == result


def test_progress_reported() -> None:
    seen: list[tuple[int, int, str]] = []
    analyse_question(
        [Answer(id=i, text=t) for i, t in enumerate(YOUTH)],
        progress=lambda done, total, stage: seen.append((done, total, stage)),
    )
    stages = [s for _, _, s in seen]
    assert "embedding" in stages and "themes" in stages and "duplicates" in stages
    assert all(0 <= d <= t for d, t, _ in seen)


def test_passages_split_documents() -> None:
    long_paragraph = " ".join(f"Sentence number {i} is about youth work." for i in range(40))
    document = (
        "Focus group 3, Eastfield\n\n"
        "Young people said the youth club closing\nwas the worst thing that happened.\n\n"
        "- More sport in the holidays.\n- Mentors who grew up here.\n- Less police in schools.\n\n"
        f"{long_paragraph}\n\n\n"
    )
    parts = passages(document)
    assert parts[0].startswith("Focus group 3, Eastfield\nYoung people said the youth club closing")
    assert "More sport in the holidays." in parts
    assert "Mentors who grew up here." in parts
    long_parts = [p for p in parts if p.startswith("Sentence number")]
    assert len(long_parts) > 1
    assert all(len(p) <= 700 for p in long_parts)
    assert " ".join(long_parts) == long_paragraph
    assert passages("") == []
    assert passages("   \n\n  ") == []


# Labels read as complete phrases --------------------------------------------------------------

CUT_OFF = [
    "Parents need a friendly",
    "Communities do not trust",
    "Young people better than leaflets",
    "Leads",
    "Young people feel",
    "Give young people",
    "Islamist recruiters targeting",
    "Groups are closer",
    "Public safety must remain",
    "Short pilots create",
    "Risky and professionals",
    "Młodzieży i wsparcia dla",
]


@pytest.mark.parametrize("phrase", CUT_OFF)
def test_cut_off_phrases_are_not_complete(phrase: str) -> None:
    from endeavour.consultations.analysis.labels import complete
    from endeavour.consultations.analysis.text import words

    assert not complete(words(phrase))


@pytest.mark.parametrize(
    "phrase",
    [
        "Youth clubs closing",
        "Trust between communities and police",
        "Lack of trust",
        "Mental health support",
        "Information sharing between boroughs",
        "Hate crime reporting",
        "Help families",
        "Kids being radicalised online",
        "Family support",
    ],
)
def test_noun_phrases_are_complete(phrase: str) -> None:
    from endeavour.consultations.analysis.labels import complete
    from endeavour.consultations.analysis.text import words

    assert complete(words(phrase))


CUT_OFF_CLUSTERS = {
    "parents": [
        "Parents need a friendly place to ask questions without feeling they are reporting.",
        "Parents need a friendly person at the school to talk to.",
        "Parents need a friendly ear, not a referral form.",
        "Parents need a friendly face who knows the area.",
    ],
    "trust": [
        "Communities do not trust the police after the stop and search rows.",
        "Communities do not trust officers who never come to the estate.",
        "Communities do not trust the council to listen.",
        "Communities do not trust anyone in uniform here.",
    ],
    "leaflets": [
        "Young people better than leaflets, talk to them face to face.",
        "Young people better than leaflets: real conversations in youth clubs.",
        "Youth workers reach young people better than leaflets ever will.",
        "Young people better than leaflets, honestly.",
    ],
    "feel": [
        "Young people feel ignored and have nowhere to go.",
        "Young people feel nobody listens to them.",
        "Young people feel angry and alone on the estate.",
        "Young people feel left behind since the youth clubs closed.",
    ],
}


def test_crafted_clusters_get_complete_labels_without_stop_word_endings() -> None:
    from endeavour.consultations.analysis.labels import complete
    from endeavour.consultations.analysis.text import STOP_WORDS, words

    answers = [
        Answer(id=i, text=text)
        for i, text in enumerate(t for texts in CUT_OFF_CLUSTERS.values() for t in texts)
    ]
    result = analyse_question(answers, question_text="What worries you?")
    assert result.themes
    labels = [t.label for t in result.themes]
    assert len({label.lower() for label in labels}) == len(labels)
    for label in labels:
        tokens = words(label.replace(",", " "))
        assert tokens[-1] not in STOP_WORDS, label
        assert complete(tokens) or "," in label, label
        assert label not in CUT_OFF, label
    again = analyse_question(answers, question_text="What worries you?")
    assert [t.label for t in again.themes] == labels


def test_keyword_fallback_joins_keywords_and_is_never_reused() -> None:
    from endeavour.consultations.analysis.labels import label_theme

    def embed_stub(texts: object) -> np.ndarray:
        return np.zeros((len(texts), 3))  # type: ignore[arg-type]

    used: set[str] = set()
    keywords = [("youth clubs", 1.0), ("funding", 0.8), ("closed", 0.5)]
    # Answers with no complete phrase containing a keyword: the keywords make the label.
    first = label_theme(["Is it here?"], keywords, np.zeros(3), embed_stub, used=used)
    second = label_theme(["Is it here?"], keywords, np.zeros(3), embed_stub, used=used)
    assert first == "Youth clubs, funding"
    assert second != first and second.startswith("Youth clubs, funding")
