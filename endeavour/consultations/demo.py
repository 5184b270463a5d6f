"""The sample consultation for ``endeavour demo``: clearly labelled sample data, about sixty
invented responses (no real quotes), one import-style batch and one focus-group note. Idempotent."""

from __future__ import annotations

import itertools
import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from endeavour.audit.context import Actor, acting_as
from endeavour.consultations.models import Consultation, QuestionKind
from endeavour.consultations.services.consultations import consultation_create, question_create
from endeavour.consultations.services.documents import IncomingDocument, document_add
from endeavour.core.models import Borough, User

logger = logging.getLogger(__name__)
TITLE = "Keeping London's communities safe together (sample consultation)"
TYPES = [
    "Resident",
    "Young person (13 to 25)",
    "Community organisation",
    "Local authority",
    "Expert",
]
BOROUGHS = ["E09000007", "E09000025", "E09000028", "E09000012", "E09000030"]
LIKERT = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]

# Invented answers, written for the demo. Grouped loosely by what they talk about.
HELP = [
    "I would not know who to call if I was worried about a friend. A simple phone line would help.",
    "Most people I know have no idea where to go for advice. Put it on posters in GP surgeries.",
    "Parents need a friendly place to ask questions without feeling they are reporting someone.",
    "One website with plain English advice, in community languages too, would really help.",
    "Schools should tell families where to get help, not just staff.",
    "I worry that asking for help means the police get involved at once. Say what happens.",
]
YOUTH = [
    "Young people need safe spaces to talk about what they see online without being judged.",
    "Youth clubs have closed in our area. Bring them back with trained youth workers.",
    "Teach online safety and critical thinking in every secondary school, led by young people.",
    "Mentoring from people who have been through it would reach young people better than leaflets.",
    "Sport and music projects keep young people connected and give them somewhere to belong.",
    "Listen to young people when designing projects instead of deciding for them.",
]
TRUST = [
    "Some communities do not trust the authorities. Work through local groups people trust.",
    "Be open about what data is kept and why, or people will not take part.",
    "Fund grassroots organisations for longer than one year so they can build relationships.",
    "Community leaders need to be partners from the start, not consulted at the end.",
    "Treat all forms of extremism the same way so no community feels singled out.",
]
ONLINE = [
    "Hateful content spreads quickly on social media. Platforms should remove it faster.",
    "People need to learn how to spot misleading videos and propaganda online.",
    "Counter-speech campaigns made by local people would be more convincing than official ones.",
    "Gaming chats are where a lot of this starts now. Parents have no idea.",
]
AGREE = [
    "Yes, I agree with the proposals. They are a sensible start.",
    "I support the plan, especially the focus on young people.",
    "Agree overall, but the funding needs to last longer.",
]
DISAGREE = [
    "No, I do not agree. This feels like more surveillance of ordinary people.",
    "I disagree with the proposals because they do not involve communities enough.",
]
UNSURE = ["Not sure. It depends how it is done in practice.", "Hard to say without more detail."]
PASSAGE = (
    "Focus group with young people, sample notes.\n\n"
    "Participants said they mostly see hateful content in group chats and short videos, and "
    "that they rarely report it because nothing seems to happen.\n\n"
    "Several said they would talk to a youth worker they already know rather than a teacher or "
    "the police. Trust takes time to build.\n\n"
    "They asked for projects that are run with young people, not for them, and for places to "
    "meet in the evenings."
)


@transaction.atomic
def load_consultations_demo() -> int:
    """Create the sample consultation once; return the number of responses created."""
    from endeavour.consultations.services.responses import response_submit

    if Consultation.objects.filter(title=TITLE).exists():
        return 0
    officer = User.objects.filter(username="programme").first()
    with acting_as(Actor(id=None, label="system: demo data")):
        consultation = consultation_create(
            title=TITLE,
            description=(
                "SAMPLE DATA. How can the city, boroughs and communities work together to keep "
                "people safe from extremism and hate, and help those who are worried about "
                "someone? Every answer here was invented for the demonstration."
            ),
            privacy_notice=(
                "Sample privacy notice. City Hall keeps your answers for 2 years to analyse them. "
                "We do not ask for your name. Optional questions about you are kept only if you "
                "agree. Email privacy@example.invalid to ask for your response to be deleted."
            ),
            opens_on=timezone.localdate() - timedelta(days=30),
            closes_on=date(2030, 12, 31),
            respondent_types=TYPES,
            is_published=True,
            findings_published=True,
            asks_demographics=True,
            is_sample=True,
            by=officer,
        )
        q1 = question_create(
            consultation=consultation,
            text="What would help people who are worried about someone being drawn into extremism?",
            kind=QuestionKind.FREE_TEXT,
            by=officer,
        )
        q2 = question_create(
            consultation=consultation,
            text="Do you agree with the proposal to fund community-led projects for three years? "
            "Please explain.",
            kind=QuestionKind.FREE_TEXT,
            asks_stance=True,
            by=officer,
        )
        q3 = question_create(
            consultation=consultation,
            text="I would know where to get help if I was worried about someone.",
            kind=QuestionKind.LIKERT,
            by=officer,
        )
        q4 = question_create(
            consultation=consultation,
            text="Where do you see hateful or extremist content?",
            kind=QuestionKind.MULTIPLE_CHOICE,
            choices=["Social media", "Messaging apps", "Gaming", "In person", "Nowhere"],
            by=officer,
        )
        types = list(consultation.respondent_types.all())
        boroughs = list(Borough.objects.filter(gss_code__in=BOROUGHS))
        first = list(itertools.chain(HELP, YOUTH, TRUST, ONLINE))
        second = list(itertools.chain(AGREE * 4, DISAGREE * 3, UNSURE * 2))
        channels = ["Social media", "Messaging apps", "Gaming", "In person"]
        created = 0
        for n in range(60):
            answers = {
                q1.pk: first[n % len(first)],
                q2.pk: second[(n * 7) % len(second)],
                q3.pk: LIKERT[(n * 3) % len(LIKERT)],
                q4.pk: channels[: 1 + n % 3] if n % 11 else ["Nowhere"],
            }
            response = response_submit(
                consultation=consultation,
                answers=answers,
                respondent_type=types[(n * 2) % len(types)],
                borough=boroughs[n % len(boroughs)] if boroughs and n % 9 else None,
            )
            response.is_sample = True
            response.save(update_fields=["is_sample"])
            created += 1
        document_add(
            consultation=consultation,
            question=q1,
            kind="focus_group",
            title="Youth focus group notes (sample)",
            document=IncomingDocument("focus-group-sample.txt", PASSAGE.encode()),
            respondent_type=types[1],
            by=officer,
        )
        _analyse_quietly(consultation)
    return created


def _analyse_quietly(consultation: Consultation) -> None:
    """Themes for the sample, if the analysis model is installed (the demo works without)."""
    from endeavour.consultations.services.analysis import question_analyse

    for question in consultation.questions.filter(kind=QuestionKind.FREE_TEXT):
        try:
            with transaction.atomic():
                question_analyse(question)
        except Exception:  # the demo must load even where the model is missing
            logger.exception("The sample consultation could not be analysed")
            return
