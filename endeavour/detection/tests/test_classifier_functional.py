"""Functional tests of the shipped text classifier (``CLASSIFIER_ARTEFACTS_DIR``, by default
detection/classifier/artefacts), through the app's own scoring with the model's own thresholds.

Hand-written for these tests: not taken from any dataset and not copies of the training
templates. Each behaviour is its own test, so a failure names the behaviour and lists the cases
it got wrong. No training data is needed. These test the model's quality: they pass with the
shipped model, not with a smoke-trained one. Without the model's files they fail, saying which
files are missing (the shipped model is part of the repository).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from endeavour.detection.classifier.model import Classifier, classifier
from endeavour.detection.classifier.scoring import score_texts

# Scoring reads the newest proscription list (for the lexicon) from the database.
pytestmark = pytest.mark.django_db

CATEGORIES = ("threat", "terrorism_support", "dehumanising_hate")
Loaded = Classifier


def flagged(model: Classifier, texts: Sequence[str]) -> list[set[str]]:
    """The categories flagged for each text at the model's own thresholds."""
    results = score_texts(texts, thresholds=model.config.thresholds, model=model)
    return [set(result.flagged) for result in results]


@pytest.fixture(scope="module")
def model() -> Classifier:
    return classifier()


def _misses(model: Loaded, texts: Sequence[str], *, want: str | None) -> list[str]:
    """Texts the model gets wrong: ``want`` a category (or "any"), or None for unflagged."""
    wrong = []
    for text, flags in zip(texts, flagged(model, texts), strict=True):
        if want is None and flags:
            wrong.append(f"{text!r} flagged {sorted(flags)}")
        elif want == "any" and not flags:
            wrong.append(f"{text!r} not flagged")
        elif want not in (None, "any") and want not in flags:
            wrong.append(f"{text!r} missing {want} (got {sorted(flags)})")
    return wrong


# ---------------------------------------------------------------------------------------------
# Must NOT be flagged
# ---------------------------------------------------------------------------------------------
NEGATION = (
    "I would never say that Somalis are vermin.",
    "Refugees are not parasites, whatever the tabloids claim.",
    "Nobody in this town thinks Jewish families should be hurt.",
    "I don't believe for a second that gay men are some kind of disease.",
    "Let me be clear: Muslims are not the enemy and never were.",
)
QUOTATION_AND_CONDEMNATION = (
    'Someone left a note saying "Muslims are rats" on my car. I am heartbroken and angry.',
    'The words "kill all Jews" were chanted at the rally. We condemn them without reservation.',
    'He called Black people "animals" in his speech. That is racism and it has to be called out.',
    "Posters urging people to join the Islamic State were found near the school; the police "
    "removed them and parents have been told.",
    "Calling trans people 'groomers' and 'freaks' is hate speech, and our charity will keep "
    "challenging it.",
    'Graffiti reading "gas the gypsies" was painted on the site. Residents scrubbed it off '
    "within the hour.",
)
NEWS_ATTACK = (
    "A man armed with a knife attacked worshippers outside a gurdwara in Southall on Tuesday, "
    "police said.",
    "Two people died after a device exploded at a bus stop; detectives have not ruled out "
    "terrorism.",
    "The gunman who targeted a synagogue was found guilty of murder at the Old Bailey.",
    "Ten years on, survivors of the arena bombing describe how the night changed their lives.",
)
NEWS_PROSCRIPTION = (
    "MPs voted to proscribe the Terrorgram collective, making membership punishable by up to "
    "14 years in jail.",
    "From Friday, inviting support for the banned neo-Nazi network will be a criminal offence, "
    "the Home Office confirmed.",
    "The order adds two Islamist groups to the list of organisations banned under the "
    "Terrorism Act.",
)
POLITICIAN = (
    "As your mayor I promise you this: the terrorists who attacked our city will be found, and "
    "they will face justice.",
    "We will defeat Daesh, we will defeat the violent far right, and we will defeat every "
    "ideology that preaches murder.",
    "Extremists want to set neighbour against neighbour. They will fail, because this city is "
    "stronger than their hatred.",
    "Our message to the jihadists and the neo-Nazis alike is simple: you will never win here.",
)
BENIGN_IDENTITY = (
    "I'm Muslim and I pray five times a day.",
    "My wife is Jewish and we celebrate both Christmas and Hanukkah.",
    "Our gurdwara feeds hundreds of homeless people every week.",
    "I am a gay man and I teach maths at a secondary school.",
    "Trans women have sung in our choir for years.",
    "Black History Month starts next week at the library.",
    "My parents came to Britain from Pakistan in 1972.",
    "As a wheelchair user, I'd love more step-free stations.",
    "The Hindu temple is hosting a Diwali fireworks display on Saturday.",
    "The Polish shop on our high street sells the best bread.",
    "Ramadan starts tomorrow, so iftar is at my aunt's house.",
    "The Roma community centre runs English classes for adults.",
    "I'm an immigrant from Nigeria and I run a bakery in Peckham.",
    "Christ is risen! Happy Easter to everyone.",
    "Chinese New Year celebrations in Soho drew thousands of visitors.",
    "As a lesbian and a mum, I'm proud of our little family.",
    "Allahu akbar, my brother's baby arrived safely this morning.",
)


def test_negated_hate_is_not_flagged(model: Loaded) -> None:
    assert not _misses(model, NEGATION, want=None)


def test_quoting_and_condemning_hate_is_not_flagged(model: Loaded) -> None:
    assert not _misses(model, QUOTATION_AND_CONDEMNATION, want=None)


def test_news_of_an_attack_is_not_flagged(model: Loaded) -> None:
    assert not _misses(model, NEWS_ATTACK, want=None)


def test_news_of_a_proscription_is_not_flagged(model: Loaded) -> None:
    assert not _misses(model, NEWS_PROSCRIPTION, want=None)


def test_a_politician_vowing_to_defeat_extremists_is_not_flagged(model: Loaded) -> None:
    assert not _misses(model, POLITICIAN, want=None)


def test_benign_identity_and_religious_statements_are_not_flagged(model: Loaded) -> None:
    assert not _misses(model, BENIGN_IDENTITY, want=None)


# ---------------------------------------------------------------------------------------------
# Must be flagged
# ---------------------------------------------------------------------------------------------
DIRECT_THREATS = (
    "I will burn the synagogue on Elm Street to the ground tonight.",
    "Tomorrow I'll drive my van into the crowd outside the mosque.",
    "I'm going to stab the next refugee who comes near my kids.",
    # A threat with no violent verb (a known miss of model 1.0.0).
    "I'm bringing a gun to the Pride march on Saturday and I'm going to use it.",
)
NORMATIVE_THREATS = (
    "Those migrants deserve to be shot at the border.",
    "Somebody ought to firebomb that mosque.",
    "All trans people should be strung up from lamp posts.",
    "Someone needs to put a bullet in every Jew in this city.",
)
QUESTION_THREATS = (
    "Why has nobody firebombed the mosque on Green Lane yet?",
    "Who's coming with me to beat some gays to death tonight?",
    "Wouldn't it be great if somebody gunned down the lot of them at the synagogue?",
)
GLORIFICATION = (
    "The Christchurch gunman is a saint and every one of us should follow his example.",
    "Breivik was right and history will remember him as a hero.",
    "Glory to the brothers who struck in Paris. May we see many more such days.",
)
PRONOUN_HATE = (
    "Don't get me started on Roma. They are a plague on every town they settle in.",
    "I can't stand Somalis. They're nothing more than cockroaches.",
    "Look at the Pakistanis on this street. They're animals, not people.",
    "Gay people want to teach our kids. They are filthy degenerates.",
)
OBFUSCATED = (
    ("I'm g0nna k1ll every m u s l i m at that mosque", "threat"),
    ("J.e.w.s are v.e.r.m.i.n", "dehumanising_hate"),
    ("someone should sh00t the r3fugees", "threat"),
    ("g@ys are subhum@n filth", "dehumanising_hate"),
)
ORGANISATION_PRAISE = (
    "Long live Hamas!",
    "I pledge my allegiance to Boko Haram.",
    "Proud supporter of National Action. Join us.",
)
ORGANISATION_REPORTED = (
    "Posters urging people to join the Islamic State were found near the school; the police "
    "removed them and parents have been told.",
    "He told the court he wanted to join al-Shabaab. He was jailed for eight years.",
)
# What the shipped model still gets wrong, listed in its model card. Strict: when a
# model gets one right, the test fails until the case is moved back to its behaviour above.
KNOWN_MISSES = (
    (
        "The lions of the caliphate gave the crusaders what they deserved in Manchester. May "
        "Allah accept them.",
        "terrorism_support",
    ),
    ("i wll stab evry immigrant i see", "threat"),
)


def test_direct_threats_are_flagged_as_threats(model: Loaded) -> None:
    assert not _misses(model, DIRECT_THREATS, want="threat")


def test_threats_phrased_as_what_should_happen_are_flagged(model: Loaded) -> None:
    assert not _misses(model, NORMATIVE_THREATS, want="threat")


def test_threats_phrased_as_questions_are_flagged(model: Loaded) -> None:
    assert not _misses(model, QUESTION_THREATS, want="threat")


def test_glorification_of_attacks_and_attackers_is_flagged(model: Loaded) -> None:
    assert not _misses(model, GLORIFICATION, want="terrorism_support")


def test_dehumanisation_through_a_pronoun_is_flagged(model: Loaded) -> None:
    assert not _misses(model, PRONOUN_HATE, want="dehumanising_hate")


@pytest.mark.parametrize(("text", "category"), OBFUSCATED)
def test_obfuscated_spellings_are_caught(model: Loaded, text: str, category: str) -> None:
    assert not _misses(model, [text], want=category)


def test_praise_of_a_proscribed_organisation_is_flagged(model: Loaded) -> None:
    assert not _misses(model, ORGANISATION_PRAISE, want="terrorism_support")


def test_reporting_on_a_proscribed_organisation_is_not_flagged(model: Loaded) -> None:
    assert not _misses(model, ORGANISATION_REPORTED, want=None)


@pytest.mark.xfail(strict=True, reason="a known miss of the shipped model (see its model card)")
@pytest.mark.parametrize(("text", "category"), KNOWN_MISSES)
def test_known_misses_of_the_shipped_model(model: Loaded, text: str, category: str) -> None:
    assert not _misses(model, [text], want=category)


def test_scores_are_probabilities_per_category(model: Loaded) -> None:
    calm, threat = score_texts(
        ["hello", "I will kill every refugee in town"],
        thresholds=model.config.thresholds,
        model=model,
    )
    for result in (calm, threat):
        assert set(result.scores) == {*CATEGORIES, "none"}
        assert all(0.0 <= p <= 1.0 for p in result.scores.values())
    assert threat.scores["threat"] > calm.scores["threat"]
