"""The categories a hate incident report is recorded in, as police and community monitors use them.

Motivations follow the five strands of police-recorded hate crime (race or ethnicity, religion or
belief, sexual orientation, disability, transgender identity), each with the more specific kinds
community monitors count, plus "other" (alternative sub-cultures, sex or gender, anything else) as
police practice allows. The definition is perception-based: a report counts if the person, or
anyone else, believes hostility or prejudice motivated it. A report may have several motivations.

Codes are stored; labels may be reworded and translated, codes never change meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Strand:
    code: str
    label: Promise
    motivations: tuple[tuple[str, Promise], ...]


STRANDS: tuple[Strand, ...] = (
    Strand(
        "race",
        _("Race or ethnicity"),
        (
            ("race", _("Race or ethnicity (any)")),
            ("anti_black", _("Anti-Black")),
            ("anti_asian", _("Anti-Asian")),
            ("anti_grt", _("Anti-Gypsy, Roma or Traveller")),
            ("anti_eastern_european", _("Anti-Eastern European")),
            ("anti_migrant", _("Against migrants or refugees (nationality)")),
        ),
    ),
    Strand(
        "religion",
        _("Religion or belief"),
        (
            ("religion", _("Religion or belief (any)")),
            ("anti_muslim", _("Anti-Muslim")),
            ("antisemitic", _("Antisemitic")),
            ("anti_sikh", _("Anti-Sikh")),
            ("anti_hindu", _("Anti-Hindu")),
            ("anti_christian", _("Anti-Christian")),
            ("anti_other_belief", _("Against another religion or belief, or none")),
        ),
    ),
    Strand(
        "sexual_orientation",
        _("Sexual orientation"),
        (
            ("homophobic", _("Homophobic (against gay men or lesbians)")),
            ("biphobic", _("Biphobic")),
            ("sexual_orientation", _("Sexual orientation (any other)")),
        ),
    ),
    Strand(
        "disability",
        _("Disability"),
        (("disability", _("Disability (physical, learning or mental health)")),),
    ),
    Strand(
        "transgender",
        _("Transgender identity"),
        (("transphobic", _("Transphobic, or against non-binary people")),),
    ),
    Strand(
        "other",
        _("Other"),
        (
            ("alternative_subculture", _("Alternative sub-culture (for example goth or punk)")),
            ("sex_or_gender", _("Sex or gender (for example misogyny)")),
            ("other", _("Something else")),
        ),
    ),
)

MOTIVATION_LABELS: dict[str, Promise] = {
    code: label for strand in STRANDS for code, label in strand.motivations
}
STRAND_OF: dict[str, str] = {
    code: strand.code for strand in STRANDS for code, _label in strand.motivations
}
STRAND_LABELS: dict[str, Promise] = {strand.code: strand.label for strand in STRANDS}


def motivation_choices() -> list[tuple[str, list[tuple[str, Promise]]]]:
    """Grouped choices for a form: one group per strand."""
    return [(str(strand.label), list(strand.motivations)) for strand in STRANDS]


@dataclass(frozen=True)
class SeverityLevel:
    value: int
    label: str
    definition: str


# A graded scale like community monitors use, with written definitions. Staff only.
SEVERITY_LEVELS: tuple[SeverityLevel, ...] = (
    SeverityLevel(
        1,
        "1 - Abusive material",
        "Hostile material with no individual target: leaflets, stickers, graffiti, online posts.",
    ),
    SeverityLevel(
        2,
        "2 - Abusive behaviour",
        "Verbal abuse, harassment or hostile messages aimed at a person or group.",
    ),
    SeverityLevel(
        3,
        "3 - Threats or damage",
        "Direct threats of violence, or damage to property, including places of worship.",
    ),
    SeverityLevel(
        4,
        "4 - Assault",
        "Physical attack on a person, or a threat to life.",
    ),
)
SEVERITY_LABELS = {level.value: level.label for level in SEVERITY_LEVELS}

# Where to report a crime and get support: shown on every public page of the report.
POLICE_NON_EMERGENCY = "101"
EMERGENCY = "999"
TRUE_VISION_URL = "https://www.report-it.org.uk/"
MET_ONLINE_URL = "https://www.met.police.uk/ro/report/hate-crime/hco/report-hate-crime/"
VICTIM_SUPPORT_URL = "https://www.victimsupport.org.uk/"
VICTIM_SUPPORT_PHONE = "08 08 16 89 111"
