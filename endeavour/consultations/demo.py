"""The sample consultation for ``endeavour demo``: clearly labelled sample data, about sixty
invented responses (no real quotes), one import-style batch and one focus-group note. Idempotent."""

from __future__ import annotations

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

# Invented answers, written for the demo: SAMPLE DATA, not quotes from anyone. One list per
# respondent type (in TYPES order), twelve answers each, so every response has its own answer to
# question 1. Between them they cover getting help, young people, trust, online harm, mental
# health, faith and community leaders, and schools.
FIRST = [
    [  # Resident
        "I would not know who to call if I was worried about a friend. A simple phone line would "
        "help.",
        "Most people I know have no idea where to go for advice. Put it on posters in GP "
        "surgeries.",
        "I worry that asking for help means the police get involved at once. Say what happens.",
        "Hateful content spreads quickly on social media. Platforms should remove it faster.",
        "Gaming chats are where a lot of this starts now. Parents have no idea.",
        "My nephew got very angry and withdrawn after he lost his job and was on forums all "
        "night. The family didnt know what to do and the GP just gave him a leaflet. Someone who "
        "could come and talk to us at home would of made a big difference.",
        "Honestly? More officers on the beat who actually know the area and the families in it.",
        "The imam at our mosque is the person people go to when something is wrong. Give faith "
        "leaders some training and a direct contact so they can get advice quickly.",
        "As a mum of three I'd like short evening sessions at the school about what kids see on "
        "their phones. Most of us are out of our depth.",
        "Make it about safety and wellbeing, not about labelling people. The word extremism puts "
        "people off coming forward.",
        "Libraries. They are open, free and nobody asks why you are there. Have someone there one "
        "afternoon a week.",
        "I'm a pensioner and I see this stuff on Facebook from people my own age, not just "
        "youngsters. Don't forget older people.",
    ],
    [  # Young person (13 to 25)
        "Young people need safe spaces to talk about what they see online without being judged.",
        "Youth clubs have closed in our area. Bring them back with trained youth workers.",
        "Listen to young people when designing projects instead of deciding for them.",
        "People need to learn how to spot misleading videos and propaganda online.",
        "tbh most of my mates wouldnt tell a teacher anything. they'd tell an older cousin or "
        "someone from football",
        "Counselling at school has a three month waiting list. If someone is in a bad place and "
        "getting pulled into this stuff they need to talk to someone now, not in the summer.",
        "I reported a channel sharing really violent stuff and nothing happened. Show us that "
        "reporting actually does something.",
        "An anonymous chat or text service run by trained people our age. I would use that.",
        "PSHE lessons about this are cringe because they're read off slides. Get someone real in "
        "who can answer questions.",
        "My older brother was helped by a mentor from a charity who had been in prison himself. "
        "He listened to him when he wouldnt listen to anyone else.",
        "Free gym and music studio time. Being bored and on your own is half of it.",
        "Don't treat every Muslim kid like a suspect. That's exactly what makes people angry.",
    ],
    [  # Community organisation
        "Some communities do not trust the authorities. Work through local groups people trust.",
        "Fund grassroots organisations for longer than one year so they can build relationships.",
        "Community leaders need to be partners from the start, not consulted at the end.",
        "Mentoring from people who have been through it would reach young people better than "
        "leaflets.",
        "Sport and music projects keep young people connected and give them somewhere to belong.",
        "One website with plain English advice, in community languages too, would really help.",
        "We run a women's group in a church hall. Several mothers have told us privately they are "
        "worried about a son, but they will not go to the council. A small fund for groups like "
        "ours to get training and a named person to ring would help more than any campaign.",
        "Our interfaith forum brings together churches, mosques, gurdwaras and a synagogue. When "
        "there is an incident people look to us first. Involve faith leaders in planning, and pay "
        "for their time.",
        "Mental health services and prevention work sit in separate silos. The same young men turn "
        "up at our drop-in with depression, debt and conspiracy theories. Join it up.",
        "Application forms for small grants are far too long. A volunteer-run group cannot fill in "
        "twenty pages.",
        "Counter-speech campaigns made by local people would be more convincing than official "
        "ones.",
        "Our food bank volunteers hear things. Nobody has ever told them what to do if a "
        "conversation worries them.",
    ],
    [  # Local authority
        "Parents need a friendly place to ask questions without feeling they are reporting "
        "someone.",
        "Be open about what data is kept and why, or people will not take part.",
        "Treat all forms of extremism the same way so no community feels singled out.",
        "Schools should tell families where to get help, not just staff.",
        "From a safeguarding point of view the referral route works, but most of the public do not "
        "know it exists. We need a single front door and a clear explanation of what happens after "
        "you call.",
        "Frontline staff in housing, libraries and leisure centres meet residents every day but "
        "have had almost no training. A short, practical session would go a long way.",
        "Information sharing between boroughs is patchy. If a family moves across a borough "
        "boundary the support often stops.",
        "Designated safeguarding leads in schools are stretched thin. Funding an extra day a week "
        "of their time would let them follow up concerns properly.",
        "We should measure whether projects work, not just count leaflets handed out. Ask the "
        "people who used them.",
        "Link prevention work with community mental health teams, with a clear agreement about "
        "when each one leads.",
        "Most of the concerns we receive now involve online material, often a confused mix of "
        "ideologies. Staff need up to date training on what that looks like.",
        "Keep the language simple. Some of our own guidance is written in jargon that residents "
        "find off-putting.",
    ],
    [  # Expert
        "Teach online safety and critical thinking in every secondary school, led by young people.",
        "A relationship with a trusted adult is one of the strongest protective factors. Judge "
        "programmes on whether they build those relationships over time.",
        "Digital literacy should start in primary school. By secondary age many pupils have "
        "already formed habits around what they trust online.",
        "Build independent evaluation into every funded project from day one, and publish the "
        "results even when they are disappointing.",
        "Loneliness and poor mental health are common among people who are drawn in. Routes into "
        "talking therapies need to be quicker and easier for young men in particular.",
        "Platform algorithms amplify outrage. Local action can only do so much; the city should "
        "press the companies to be transparent about what they recommend to teenagers.",
        "Faith institutions can be powerful protective spaces, but they should not be turned into "
        "informants. Keep the roles clear.",
        "Misogynistic online subcultures are a growing concern and are often missed because they "
        "do not fit older categories. Include them in training.",
        "Co-production with affected communities improves both uptake and legitimacy. It takes "
        "longer, and budgets should reflect that.",
        "Families are usually the first to notice a change. Offer them confidential advice that "
        "does not automatically lead to a formal referral.",
        "Short pilots create churn: staff leave and trust is lost. Steady multi-year commitments "
        "matter more than the size of each grant.",
        "The research on counter-narratives is mixed. Alternatives that offer belonging and "
        "purpose tend to do better than messages that simply rebut.",
    ],
]

# The one deliberate coordinated campaign: three responses paste exactly the same text, so the
# duplicate review has something to show.
CAMPAIGN = (
    "I oppose this proposal. Public money should go to policing, not to community groups with no "
    "accountability. Scrap it and spend the money on officers."
)
# The one deliberate lightly edited pair: a second group reworded a few words of the first's answer.
EDITED_A = (
    "Yes. Three years is long enough to recruit good staff, build trust with families and show "
    "results. One-year grants mean groups spend half their time applying for the next one, and "
    "the young people lose the workers they had just started to trust."
)
EDITED_B = (
    "Yes. Three years is long enough to recruit good staff, build trust with families and show "
    "real results. One-year grants mean small groups spend half their time applying for the next "
    "one, and the young people lose the workers they had just started to trust."
)
# Question 2 (agree, disagree or unsure, with reasons), in the same layout as FIRST. An empty
# string means the respondent left the question blank (it is not required).
SECOND = [
    [  # Resident
        "Yes, I agree with the proposals. They are a sensible start.",
        CAMPAIGN,
        "",
        "No, I do not agree. This feels like more surveillance of ordinary people.",
        "Agree, as long as the money goes to groups that are actually based here and not big "
        "charities from outside London.",
        CAMPAIGN,
        "Not sure. It depends how it is done in practice.",
        "yes but who checks the money is spent properly? ive seen projects come and go with "
        "nothing to show",
        "",
        "Strongly agree. Our estate had a youth project for eighteen months and then it vanished "
        "just when the kids had started to trust the workers.",
        CAMPAIGN,
        "I'd rather the money went on keeping our local police station open.",
    ],
    [  # Young person (13 to 25)
        "I support the plan, especially the focus on young people.",
        "",
        "Yes!! three years means the youth worker might actually still be there next year",
        "Depends who runs it. If it's the same people who run everything already then no.",
        "Agree. Young people should get a say in which projects get the money too.",
        "Not really bothered about how long, more about whether its any good.",
        "No. Put it into mental health support for young people instead, that's where the gap is.",
        "I agree but please make sure projects are open in the evenings and at weekends, that's "
        "when people need somewhere to go.",
        "",
        "Kind of. Three years is good but my area never gets anything so I'm not holding my "
        "breath.",
        "Hard to say without more detail.",
        "Agree, and pay young people for their time if they help design it.",
    ],
    [  # Community organisation
        "Agree overall, but the funding needs to last longer.",
        EDITED_A,
        "We strongly support this. Stable funding lets us keep experienced staff, and experienced "
        "staff are who families trust.",
        "",
        EDITED_B,
        "I disagree with the proposals because they do not involve communities enough.",
        "Yes in principle, but reporting requirements must be proportionate for small groups. We "
        "are mostly volunteers.",
        "Cautiously agree. Some of our members will not take money labelled as counter-extremism "
        "funding because of how it has been used in the past. Call it community safety.",
        "Agree. Please allow funding for core costs like rent and insurance, not just new "
        "activities.",
        "",
        "We are unsure. Three years is welcome but the total pot looks small once it is split "
        "across 33 boroughs.",
        "Support. Faith groups should be eligible on the same terms as secular ones.",
    ],
    [  # Local authority
        "Broadly agree. A three-year cycle fits better with how long it takes to see change in a "
        "neighbourhood.",
        "",
        "Agree, subject to a clear break clause if a project is not delivering after the first "
        "year.",
        "Neither agree nor disagree. Boroughs need a say in which areas are prioritised so this "
        "does not duplicate existing work.",
        "Yes. Short grants make it hard for us to refer families with confidence, because we do "
        "not know if the service will still exist.",
        "",
        "Disagree with the current design. Funding should go through boroughs, which already have "
        "safeguarding arrangements, rather than being awarded centrally.",
        "Support, provided monitoring data is shared so boroughs can see which projects operate in "
        "their area.",
        "Agree. Please line the start dates up with the financial year so match funding is easier.",
        "Unsure. The proposal does not say what happens at the end of the three years, and we have "
        "seen good projects fall off a cliff before.",
        "I agree. Projects should also be required to have safeguarding training and a named lead.",
        "",
    ],
    [  # Expert
        "Agree. Multi-year funding is consistently associated with better outcomes in community "
        "prevention work.",
        "Agree, but commit to independent evaluation and publish the findings, including what did "
        "not work.",
        "Partly. Duration matters, but so does clarity about aims. Many projects fail because they "
        "try to do everything.",
        "",
        "I disagree with tying funding to prevention labels. Universal youth and community "
        "provision achieves similar goals with less stigma.",
        "Yes. Three years allows a proper baseline and follow-up, which one-year pilots never do.",
        "Uncertain. It is the right direction, but the proposal says little about how communities "
        "will help choose the projects.",
        "Support, with a learning network so funded groups can share what works with each other.",
        "Agree in principle. Make sure small and new organisations can compete with established "
        "charities that have bid-writing teams.",
        "Disagree slightly: three years is still short for relationship-based work. Five would be "
        "better.",
        "On balance yes. The risk is that success is measured by outputs rather than by whether "
        "people feel safer.",
        "Agree. Build in flexibility so projects can adapt as online threats change during the "
        "funding period.",
    ],
]
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
                "Sample privacy notice. City Hall keeps your answers to analyse them and to "
                "publish findings, which never name anyone. We do not ask for your name. "
                "Optional questions about you are kept only if you agree, and are deleted a year "
                "after the consultation closes. Email privacy@example.invalid to ask for your "
                "response to be deleted."
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
        channels = ["Social media", "Messaging apps", "Gaming", "In person"]
        created = 0
        for n in range(60):
            kind = (n * 2) % len(types)  # each (kind, n // 5) pair comes up exactly once
            answers: dict[int, str | list[str]] = {
                q1.pk: FIRST[kind][n // 5],
                q3.pk: LIKERT[(n * 3) % len(LIKERT)],
                q4.pk: channels[: 1 + n % 3] if n % 11 else ["Nowhere"],
            }
            if SECOND[kind][n // 5]:
                answers[q2.pk] = SECOND[kind][n // 5]
            response = response_submit(
                consultation=consultation,
                answers=answers,
                respondent_type=types[kind],
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
