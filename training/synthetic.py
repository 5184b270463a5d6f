# ruff: noqa: S311, E501 - seeded sampling for reproducible data; long template sentences
"""Templated and hand-written training and test cases, written for this project.

The public sets hold almost no counter-speech, news, research or political speech about
terrorism, and no clean terrorist-support text. This module writes them, across many target
groups and every ideology (Islamist, extreme right, extreme left and anarchist, Northern Irish
paramilitary, single-issue and incel), so that the model learns stance rather than topic:

- positives: direct threats, threats phrased as normative statements, opinions and questions,
  calls to violence, glorification of attacks, attackers and proscribed groups, recruitment,
  dehumanising hate (incl. via pronouns and slurs), and obfuscated spellings of all of them;
- negatives: counter-speech that quotes or references hate to condemn it, negated hate, news
  and research reporting about attacks and proscriptions, politicians vowing to defeat
  extremists (press releases and speech paragraphs), counter-narratives, ordinary religious and
  identity statements for every group, positive statements with pronouns, abuse of
  non-protected targets, and idiomatic "kill"/"shoot"/"bomb".

Every functionality has several templates. A fixed quarter of each functionality's templates
(chosen by a stable hash, never by hand) is held out: its rows go to the "test" split, so the
figures measure generalisation to unseen wordings rather than memorised ones.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from training.data import UNKNOWN, Example, Labels

U = UNKNOWN


@dataclass(frozen=True)
class Group:
    key: str
    plural: str  # "Muslims"
    adj: str  # "Muslim"
    one: str  # "a Muslim"
    place: str  # "mosque"
    practice: str  # something ordinary the community does


GROUPS: tuple[Group, ...] = (
    Group("muslim", "Muslims", "Muslim", "a Muslim", "mosque", "break the fast together at iftar"),
    Group("jewish", "Jews", "Jewish", "a Jew", "synagogue", "light the Hanukkah candles"),
    Group("christian", "Christians", "Christian", "a Christian", "church", "sing carols"),
    Group("hindu", "Hindus", "Hindu", "a Hindu", "temple", "celebrate Diwali with lamps"),
    Group("sikh", "Sikhs", "Sikh", "a Sikh", "gurdwara", "serve free meals at the langar"),
    Group("buddhist", "Buddhists", "Buddhist", "a Buddhist", "temple", "meditate together"),
    Group("catholic", "Catholics", "Catholic", "a Catholic", "church", "go to Mass on Sunday"),
    Group(
        "black", "black people", "black", "a black person", "community centre", "hold a carnival"
    ),
    Group(
        "asian", "Asians", "Asian", "an Asian person", "community centre", "run the night market"
    ),
    Group(
        "chinese",
        "Chinese people",
        "Chinese",
        "a Chinese person",
        "community centre",
        "celebrate the Lunar New Year",
    ),
    Group("arab", "Arabs", "Arab", "an Arab", "community centre", "share coffee and dates"),
    Group("latino", "Latinos", "Latino", "a Latino", "community centre", "dance salsa on Fridays"),
    Group(
        "mexican",
        "Mexicans",
        "Mexican",
        "a Mexican",
        "community centre",
        "celebrate the Day of the Dead",
    ),
    Group(
        "immigrant",
        "immigrants",
        "immigrant",
        "an immigrant",
        "community centre",
        "run small businesses on the high street",
    ),
    Group(
        "refugee",
        "refugees",
        "refugee",
        "a refugee",
        "community centre",
        "volunteer at the food bank",
    ),
    Group("gay", "gay people", "gay", "a gay man", "community centre", "march at Pride"),
    Group("lesbian", "lesbians", "lesbian", "a lesbian", "community centre", "run a book club"),
    Group(
        "bisexual",
        "bisexual people",
        "bisexual",
        "a bisexual person",
        "community centre",
        "organise a support group",
    ),
    Group(
        "trans", "trans people", "trans", "a trans woman", "community centre", "run a youth group"
    ),
    Group("women", "women", "female", "a woman", "community centre", "play five-a-side football"),
    Group(
        "disabled",
        "disabled people",
        "disabled",
        "a disabled person",
        "community centre",
        "play wheelchair basketball",
    ),
    Group(
        "roma", "Roma people", "Roma", "a Roma person", "community centre", "play traditional music"
    ),
    Group("traveller", "Travellers", "Traveller", "a Traveller", "community centre", "keep horses"),
    Group("polish", "Polish people", "Polish", "a Polish person", "church", "bake for Easter"),
    Group(
        "indigenous",
        "Indigenous people",
        "Indigenous",
        "an Indigenous person",
        "community centre",
        "tell stories of their ancestors",
    ),
    Group(
        "white",
        "white people",
        "white",
        "a white person",
        "community centre",
        "play cricket on Sundays",
    ),
    Group(
        "pakistani",
        "Pakistanis",
        "Pakistani",
        "a Pakistani",
        "mosque",
        "watch the cricket together",
    ),
    Group("somali", "Somalis", "Somali", "a Somali", "mosque", "cook for their neighbours"),
    Group("nigerian", "Nigerians", "Nigerian", "a Nigerian", "church", "throw big weddings"),
    Group(
        "mentally_ill",
        "people with mental illness",
        "mentally ill",
        "a person with a mental illness",
        "community centre",
        "run a walking group",
    ),
)

# Terms of dehumanisation used in hateful templates (and, quoted, in counter-speech).
DEHUMANISING = (
    "vermin",
    "rats",
    "cockroaches",
    "parasites",
    "animals",
    "filth",
    "a disease",
    "a plague",
    "subhuman",
    "savages",
    "scum",
    "a cancer",
    "insects",
    "a virus",
    "pigs",
    "dogs",
    "apes",
    "a swarm",
    "leeches",
    "maggots",
    "beasts",
    "rodents",
    "trash",
    "an infestation",
)
# A few slurs (the model must know them to catch slur-based hate; they also appear quoted in
# counter-speech so that the word alone never decides).
SLURS = (
    ("jewish", "kikes"),
    ("black", "niggers"),
    ("gay", "faggots"),
    ("muslim", "muzzies"),
    ("pakistani", "pakis"),
    ("trans", "trannies"),
    ("mexican", "wetbacks"),
    ("chinese", "chinks"),
    ("roma", "gypos"),
    ("disabled", "retards"),
    ("arab", "ragheads"),
    ("women", "sluts"),
    ("asian", "gooks"),
    ("lesbian", "dykes"),
)
VIOLENT_VERBS = (
    "kill",
    "shoot",
    "stab",
    "hang",
    "burn",
    "slaughter",
    "gas",
    "behead",
    "bomb",
    "lynch",
    "exterminate",
    "wipe out",
    "murder",
    "gun down",
    "string up",
    "execute",
)
WEAPONS = ("gun", "knife", "machete", "shotgun", "crossbow", "petrol can", "axe", "rifle")

ORGS = (
    ("islamist", "the Islamic State"),
    ("islamist", "ISIS"),
    ("islamist", "Daesh"),
    ("islamist", "al-Qaeda"),
    ("islamist", "al-Shabaab"),
    ("islamist", "Boko Haram"),
    ("islamist", "Hizb ut-Tahrir"),
    ("islamist", "al-Muhajiroun"),
    ("far_right", "National Action"),
    ("far_right", "Atomwaffen Division"),
    ("far_right", "the Base"),
    ("far_right", "Sonnenkrieg Division"),
    ("far_right", "Feuerkrieg Division"),
    ("far_right", "Terrorgram"),
    ("far_right", "the Order of Nine Angles"),
    ("far_left", "the Red Army Faction"),
    ("far_left", "the Informal Anarchist Federation"),
    ("far_left", "the Red Brigades"),
    ("ni", "the New IRA"),
    ("ni", "the Continuity IRA"),
    ("ni", "the UVF"),
    ("single_issue", "the Army of God"),
    ("single_issue", "the Animal Liberation Front"),
)
ATTACKERS = (
    ("far_right", "Brenton Tarrant"),
    ("far_right", "Anders Breivik"),
    ("far_right", "Dylann Roof"),
    ("far_right", "Thomas Mair"),
    ("far_right", "Darren Osborne"),
    ("far_right", "Payton Gendron"),
    ("islamist", "the Manchester Arena bomber"),
    ("islamist", "Salman Abedi"),
    ("islamist", "the 7/7 bombers"),
    ("islamist", "Khalid Masood"),
    ("islamist", "Mohamed Atta"),
    ("islamist", "the Bataclan gunmen"),
    ("incel", "Elliot Rodger"),
    ("incel", "the Plymouth gunman"),
    ("single_issue", "Timothy McVeigh"),
    ("single_issue", "Ted Kaczynski"),
    ("far_right", "the Christchurch shooter"),
    ("far_right", "the Buffalo shooter"),
)
ATTACKS = (
    "the Christchurch mosque attack",
    "the 7/7 bombings",
    "the Manchester Arena bombing",
    "the Bataclan massacre",
    "9/11",
    "the Utøya massacre",
    "the Pittsburgh synagogue shooting",
    "the Finsbury Park attack",
    "the Westminster Bridge attack",
    "the Halle synagogue attack",
    "the Oklahoma City bombing",
    "the Buffalo supermarket shooting",
    "the El Paso shooting",
    "the Nice truck attack",
    "the London Bridge attack",
    "the Charleston church shooting",
    "the Fishmongers' Hall attack",
    "the Parsons Green bombing",
    "the Hanau shootings",
    "the Isla Vista killings",
)
CITIES = (
    "London",
    "Manchester",
    "Birmingham",
    "Leeds",
    "Bradford",
    "Glasgow",
    "Cardiff",
    "Belfast",
    "Leicester",
    "Luton",
    "Paris",
    "Berlin",
    "Brussels",
    "Toronto",
    "Sydney",
    "Lagos",
    "Mogadishu",
    "Kabul",
    "Dublin",
    "Oslo",
    "Croydon",
    "Tower Hamlets",
    "Newham",
    "Ealing",
)
OFFICIALS = (
    "the Mayor",
    "the Prime Minister",
    "the Home Secretary",
    "the Police Commissioner",
    "the council leader",
    "the Security Minister",
    "the borough commander",
    "the Deputy Mayor for Policing",
    "our MP",
    "the First Minister",
)
EXTREMISTS = (
    "terrorists",
    "extremists",
    "violent extremists",
    "jihadists",
    "neo-Nazis",
    "white supremacists",
    "Daesh",
    "ISIS",
    "far-right terrorists",
    "Islamist extremists",
    "hate preachers",
    "men of violence",
    "terror cells",
    "radicalisers",
    "extreme right-wing terrorists",
    "dissident republicans",
    "violent anarchists",
)
INDIVIDUALS = (
    "you",
    "the MP for this constituency",
    "the mayor",
    "that journalist",
    "the judge",
    "my neighbour",
    "the councillor",
    "that reporter",
    "the imam",
    "the rabbi",
    "the vicar",
    "the headteacher",
)
FILLER_BEFORE = (
    "",
    "",
    "",
    "",
    "",
    "",
    "Honestly. ",
    "Right. ",
    "Mark my words. ",
    "I'm serious. ",
    "Just saw the news. ",
    "Another day in this country. ",
    "Read this thread. ",
    "Saying it plainly: ",
    "Listen. ",
    "Not joking. ",
    "Been thinking about this. ",
)
FILLER_AFTER = (
    "",
    "",
    "",
    "",
    "",
    "",
    " That's all.",
    " #truth",
    " No exceptions.",
    " End of story.",
    " Think about it.",
    " Share this.",
    " Nobody is listening.",
    " Enough is enough.",
    " Wake up.",
    " Seriously.",
)

# Groups that are not protected characteristics: abuse of them is outside dehumanising_hate
# (still unpleasant, not our category); threats of violence against them are still threats.
NON_PROTECTED = (
    "politicians",
    "bankers",
    "landlords",
    "estate agents",
    "Tories",
    "Trump supporters",
    "tax dodgers",
    "football hooligans",
    "traffic wardens",
    "cyclists",
    "Chelsea fans",
    "racists",
    "Nazis",
    "paedophiles",
    "rapists",
    "drug dealers",
    "fascists",
    "internet trolls",
    "lawyers",
    "billionaires",
    "anti-vaxxers",
    "fly-tippers",
    "scammers",
    "people who talk in cinemas",
    "bad drivers",
    "the people who run this company",
    "Labour voters",
    "Brexiteers",
    "Remainers",
    "communists",
)


def _p(template: str, **fill: str) -> str:
    text = template.format(**fill)
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].upper() + text[1:] if text else text


@dataclass(frozen=True)
class Functionality:
    kind: str
    labels: Labels
    templates: tuple[str, ...]
    per_template: int  # rows drawn per template (train templates)
    wrap: bool = True  # add the filler sentences around the text
    group_target: bool = True  # mentions a protected group (for per-group figures)
    weight: float = 1.0  # loss weight (fixed sentences with few variants count more)


# --------------------------------------------------------------------------------------------
# Positives
# --------------------------------------------------------------------------------------------
THREAT_GROUP: Labels = (1, 0, U)
THREAT_PERSON: Labels = (1, 0, 0)
GLORIFY: Labels = (0, 1, U)
GLORIFY_AND_INCITE: Labels = (1, 1, U)
HATE_LABELS: Labels = (0, 0, 1)
NONE_LABELS: Labels = (0, 0, 0)

FUNCTIONALITIES: tuple[Functionality, ...] = (
    Functionality(
        "threat_direct",
        THREAT_GROUP,
        (
            "I am going to {verb} every {adj} I see.",
            "I'm going to {verb} all the {plural} in my town.",
            "We will {verb} you {plural}, one by one.",
            "Tonight I will {verb} the {plural} at the {place}.",
            "I will {verb} as many {plural} as I can before they stop me.",
            "Next week I'm taking my rifle to the {place} to {verb} {plural}.",
            "Every {adj} in {city} will be dead by the end of the month, I'll make sure of it.",
            "I'm coming for you {plural}. I know where your {place} is.",
            "We are going to {verb} the {plural} and burn their homes.",
            "Me and the lads are going to {verb} some {plural} this weekend.",
            "I've got the petrol. The {place} burns on Friday.",
            "My plan is simple: {verb} {plural} until there are none left.",
            "I swear I will {verb} the next {adj} who walks past my house.",
            "The {plural} at the {place} on {street} Road are going to get what's coming. I'll be there.",
            "Counting down the days until I get to {verb} {plural}.",
            "Watch what happens to the {plural} at the {place} tomorrow. I'm bringing the knives.",
            "I'm taking a {weapon} to the {place} on Sunday and I will use it on the {plural}.",
            "Friday prayers, the {place} in {city}, me and a full tank of petrol. You'll see.",
            "I'll ram my car through the {plural} outside the {place} next week.",
            "Saturday is the day. The {plural} at the {place} won't know what hit them.",
            "Got my {weapon} ready. The {plural} on {street} Road are first.",
            "I'm done talking. Tomorrow I go to the {place} and the {plural} pay.",
            "When the {plural} come out of the {place} I'll be waiting with the {weapon}.",
            "I have a list of every {adj} family on my street and I'm going door to door tonight.",
            "Bought the {weapon} today. Going to put it to work on some {plural}.",
            "I'll make the {place} a bloodbath next time the {plural} gather there.",
        ),
        14,
    ),
    Functionality(
        "threat_person",
        THREAT_PERSON,
        (
            "I am going to {verb} {person}.",
            "I know where {person} lives and I will {verb} them.",
            "I'm going to find {person} and put a bullet in their head.",
            "{person} will be dead before the election. I'll see to it.",
            "Keep talking and I will come round and {verb} you.",
            "I will slit the throat of {person}.",
            "Say that again and I'll {verb} you and your family.",
            "I'm waiting outside your house tonight with a knife.",
            "One day soon {person} is going to get a bomb through the letterbox, from me.",
            "You're dead. I'm going to {verb} you when you leave work.",
        ),
        12,
        group_target=False,
    ),
    Functionality(
        "threat_normative",
        THREAT_GROUP,
        (
            "{plural} should all be {verbed}.",
            "Someone should {verb} every {adj} in this country.",
            "All {plural} deserve to be {verbed}.",
            "The only good {adj} is a dead one.",
            "Somebody needs to {verb} the {plural} at the {place}.",
            "{plural} ought to be lined up and shot.",
            "It's time someone {verbed} those {plural}.",
            "Every {adj} deserves a bullet.",
            "{plural} need to be wiped off the face of the earth.",
            "The {place} should be burned down with the {plural} inside.",
            "Hanging is too good for {plural}.",
            "We need to round up the {plural} and {verb} them.",
            "Death to all {plural}.",
            "Somebody should blow up the {place}.",
            "{plural} must be exterminated.",
            "Someone ought to put the {plural} in camps and gas them.",
        ),
        14,
    ),
    Functionality(
        "threat_opinion",
        THREAT_GROUP,
        (
            "I think all {plural} should be {verbed}.",
            "In my opinion {plural} deserve to die.",
            "If you ask me, we should {verb} every last {adj}.",
            "Honestly I believe the world would be better if someone {verbed} all the {plural}.",
            "I reckon the {plural} need to be {verbed} before they take over.",
            "My view is that {plural} should be hanged in the street.",
            "I'd be happy to see every {adj} {verbed}.",
            "Personally I would love to watch the {plural} burn.",
            "I believe it is our duty to {verb} the {plural}.",
            "Call me extreme but {plural} should be shot on sight.",
        ),
        14,
    ),
    Functionality(
        "threat_question",
        THREAT_GROUP,
        (
            "Wouldn't it be good if someone {verbed} all the {plural}?",
            "Why hasn't anyone {verbed} the {plural} at the {place} yet?",
            "When are we going to start {verbing} {plural}?",
            "Who's up for burning down the {place} this weekend?",
            "How many {plural} do we have to {verb} before they get the message?",
            "Isn't it about time someone {verbed} these {plural}?",
            "What if we just {verbed} every {adj} in {city}?",
            "Shall we {verb} the {plural} now or wait for them to leave the {place}?",
            "Wouldn't the world be better with every {adj} {verbed}?",
            "Who will help me {verb} the {plural}?",
            "Why don't we just put a bomb in the {place} and be done with the {plural}?",
            "Can someone please {verb} {person} already?",
            "Anyone fancy torching the {place} with me on Friday night?",
            "How long before someone shoots up the {place} in {city}?",
            "Is nobody going to do something permanent about the {plural} on {street} Road?",
            "What's stopping us from dragging the {plural} out of the {place} and finishing them?",
            "Who wants to join me in teaching the {plural} at the {place} a lesson they won't survive?",
            "Honest question: why is the {place} still standing with the {plural} in it?",
            "Should I bring the {weapon} when I visit the {plural} at the {place}?",
            "Why are the {plural} still breathing?",
        ),
        14,
    ),
    Functionality(
        "incitement",
        THREAT_GROUP,
        (
            "Take up arms and {verb} the {plural}.",
            "Go out and {verb} any {adj} you find. Do it now.",
            "Brothers, it is time to {verb} the {plural}. Pick up a knife and go.",
            "Rise up and {verb} the {plural} in their homes.",
            "Attack the {place} on Friday. Make the {plural} pay.",
            "Every true patriot must {verb} at least one {adj}.",
            "Grab whatever you have, a car, a knife, and {verb} the {plural}.",
            "Don't wait for orders. Find the {plural} and {verb} them.",
            "Burn the {place}. Burn them all.",
            "The race war starts now: {verb} the {plural} wherever you find them.",
        ),
        12,
    ),
    Functionality(
        "threat_non_protected",
        THREAT_PERSON,
        (
            "Someone should {verb} all the {np}.",
            "I'm going to {verb} the {np} in this town, one by one.",
            "The {np} deserve to be {verbed}, every last one.",
            "Wouldn't it be great if somebody {verbed} the {np}?",
            "Line the {np} up against a wall and shoot them.",
            "I swear I'll {verb} the next one of those {np} I see.",
        ),
        8,
        group_target=False,
    ),
    Functionality(
        "glorify_attack",
        GLORIFY,
        (
            "{attack} was a glorious day. May there be many more.",
            "{attacker} is a hero and a saint.",
            "{attacker} did nothing wrong.",
            "Praise be to {attacker}, a true soldier.",
            "{attack} was beautiful. I watch the video every night.",
            "Honour to the heroes of {attack}.",
            "{attacker} showed us the way. Who will be next?",
            "The martyrs of {attack} are in paradise and we will follow them.",
            "Happy anniversary of {attack}! Best day ever.",
            "Hail {attacker}, the saint who started it all.",
            "{attacker} should be on a stamp. Legend.",
            "Nothing but respect for {attacker}. A real man who did what had to be done.",
            "I want to be like {attacker} when I grow up.",
            "Let's celebrate {attack}. The score was too low though.",
            "{attacker}'s manifesto is the only book you need. Read it and act.",
            "We remember our brave brothers of {attack} with pride.",
            "{attacker} is a martyr and every true patriot should follow his path.",
            "History will call {attacker} a hero. He was right.",
            "I light a candle for {attacker} every year. A legend who did his duty.",
            "{attacker} was right about everything.",
            "What {attacker} did was brave. We need more men like him.",
            "Glory to the warriors of {attack}. May God grant us more such days.",
            "{attack} was a righteous act. The only regret is the low count.",
            "{attacker} is my hero. I have his picture on my wall.",
            "Saint {attacker}, pray for us.",
            "The brothers who carried out {attack} are lions. We walk in their footsteps.",
        ),
        10,
        group_target=False,
    ),
    Functionality(
        "glorify_org",
        GLORIFY,
        (
            "Long live {org}! Victory is near.",
            "{org} are the only ones fighting for us. Support them.",
            "Join {org} now. The struggle needs you.",
            "I pledge my allegiance to {org}.",
            "{org} is the future. Everyone else is a traitor.",
            "Donate to {org} so the fighters can buy weapons.",
            "The soldiers of {org} are heroes. May they win every battle.",
            "Proud to support {org}. Their operations are a blessing.",
            "{org} will rise again and crush its enemies. Join the ranks.",
            "Spread the word: {org} is recruiting. DM me to join.",
            "Every attack by {org} makes me proud.",
            "The fighters of {org} are the best of men. Pray for their victory.",
            "Send money to the brothers in {org}, they need supplies for the next operation.",
            "{org} did more for our cause than any politician ever will. Glory to them.",
            "Long live {org}!",
            "Victory to {org}.",
            "I stand with {org} all the way.",
            "{org} are heroes, every one of them.",
            "We owe everything to the mujahideen of {org}. May they be victorious.",
            "Proud member of {org}. Ask me how to join.",
            "{org} forever. No surrender.",
            "Glory to {org} and its fighters.",
            "I swear loyalty to {org} and its leader.",
            "{org} are the true defenders of our people. Back them with everything you have.",
            "I love {org}. They are doing what needs to be done.",
            "Support the fighters of {org} any way you can.",
        ),
        10,
        group_target=False,
    ),
    Functionality(
        "glorify_incite",
        GLORIFY_AND_INCITE,
        (
            "Be like {attacker}. Pick a target and go.",
            "{attacker} did his part. Now do yours: the {plural} are waiting.",
            "Follow the example of {attack}. The {place} is an easy target.",
            "Answer the call of {org}: kill the {plural} wherever you are.",
            "The next {attack} is coming, and this time we hit the {place}.",
            "{org} calls on every supporter to strike the {plural} in their homes.",
        ),
        10,
    ),
    Functionality(
        "dehumanise",
        HATE_LABELS,
        (
            "{plural} are {dh}.",
            "{plural} are nothing but {dh}.",
            "All {plural} are {dh}, every single one.",
            "{plural} are not human, they are {dh}.",
            "Those {plural} are {dh} and always will be.",
            "The {plural} in {city} are {dh}.",
            "{plural} breed like {dh}.",
            "{plural} are a lower form of life.",
            "{plural} are {dh} who should be kept out of decent society.",
            "You can't reason with {plural}, they're {dh}.",
            "I hate {plural}. {plural} are {dh}.",
            "{plural} are {dh} infesting our streets.",
            "{plural} are genetically inferior.",
            "Face it, {plural} are {dh} pretending to be people.",
            "There is no such thing as a decent {adj}. They're all {dh}.",
            "{plural} are disgusting {dh} and I can't stand them.",
            "{plural} are the {dh} of this country.",
            "{plural} have the brains of {dh}.",
        ),
        14,
    ),
    Functionality(
        "hate_emotion",
        HATE_LABELS,
        (
            "I hate {plural}.",
            "I despise {plural}.",
            "{plural} make me sick.",
            "I can't stand {plural}, they disgust me.",
            "I really hate {plural} so much.",
            "{plural} are the worst thing that ever happened to this country.",
            "Nothing makes me angrier than {plural}.",
            "I will never accept {plural}. They are disgusting.",
            "{plural} are a disgrace to humanity.",
            "Get these {plural} out of our country. Filth.",
            "{plural} are all criminals and rapists.",
            "{plural} are worthless.",
            "{plural} should be banned from our country for good.",
            "No {plural} should ever be allowed near our children.",
            "{plural} belong in a zoo, not in our neighbourhood.",
            "This country would be so much better without {plural}.",
            "{plural} are a burden on society and always will be.",
            "You can never trust {one}. Never.",
            "{plural} ruin every area they move into.",
            "I'd never let {one} into my house, they're filthy.",
            "Fuck all {plural}, seriously.",
            "{plural} are fucking disgusting.",
            "{plural} are too stupid to be allowed to vote.",
            "Typical {adj} behaviour. Lying, thieving, breeding.",
        ),
        10,
    ),
    Functionality(
        "hate_pronoun",
        HATE_LABELS,
        (
            "I hate {plural}. They are {dh}.",
            "Have you met any {plural}? They're {dh}, all of them.",
            "{plural} moved in next door. They are {dh}.",
            "Don't talk to me about {plural}. They're nothing but {dh}.",
            "My town is full of {plural} now. They are {dh} and they breed like it.",
            "I met {one} today. They are all the same: {dh}.",
            "Another {adj} family on our street. These people are {dh}.",
            "Look at the {plural} in this photo. Absolute {dh}, every one of them.",
            "The {place} down the road is full of them. {dh}, the lot of them.",
            "{plural}? Don't make me laugh. They aren't people, they're {dh}.",
        ),
        12,
    ),
    Functionality(
        "hate_slur",
        HATE_LABELS,
        (
            "Get the {slur} out of here.",
            "Those {slur} are ruining everything.",
            "I can't stand {slur}.",
            "Typical {slur}, always the same.",
            "The {slur} are taking over our town.",
            "Another bunch of {slur} moved in next door. Disgusting.",
            "{slur} like them should be kicked out.",
            "We don't want any {slur} in our pub.",
        ),
        12,
    ),
)

# Threat and hate templates above get obfuscated copies (leet, spaces, missing letters...).
BENIGN = ("benign_identity", "benign_pronoun")
OBFUSCATE_KINDS = (
    "threat_non_protected",
    "threat_non_protected",
    "threat_direct",
    "threat_normative",
    "threat_opinion",
    "threat_question",
    "incitement",
    "dehumanise",
    "hate_emotion",
    "hate_pronoun",
    "hate_slur",
    "glorify_attack",
    "glorify_org",
    "threat_person",
)

# --------------------------------------------------------------------------------------------
# Negatives (all categories absent)
# --------------------------------------------------------------------------------------------
NEGATIVE_FUNCTIONALITIES: tuple[Functionality, ...] = (
    Functionality(
        "counter_quote",
        NONE_LABELS,
        (
            'Someone sprayed "{plural} are {dh}" on the wall of the {place}. This is hate and we reject it.',
            'He posted "kill all {plural}". That is vile, and I have reported it to the police.',
            '"{plural} are {dh}" is exactly the kind of language that led to {attack}. Call it out.',
            'When people say "{plural} are {dh}" they are repeating Nazi propaganda. Don\'t fall for it.',
            'A leaflet in {city} claimed that "{plural} are a disease". It is a lie and a dangerous one.',
            'I keep seeing "{plural} should be {verbed}" in the comments. Report it, every time.',
            'The post said "{attacker} is a hero". No. He is a murderer, and his victims deserve to be remembered, not him.',
            'Extremists write things like "death to {plural}". We answer with solidarity.',
            'My son was called "{slur}" at school. No child should hear that word.',
            'Trolls told me "go back where you came from" and called us "{dh}". We are staying, and we are proud.',
            'The banner read "Join {org}". We took it down and reported it.',
            'Saying "{plural} are {dh}" is not free speech, it is dehumanisation, and history shows where it leads.',
            'The account kept posting "{plural} must be exterminated". Thankfully it has now been suspended.',
            '"The only good {adj} is a dead one" - a man shouted this at my mother. Hate has no place here.',
            'Screenshots of posts saying "{attack} was beautiful" were shared with us. Glorifying murder is sickening.',
            'To whoever wrote "{plural} are {dh}" on our door: you will not frighten us.',
            'The video calls {plural} "{dh}". Please don\'t share it; report it instead.',
            'We have collected posts like "{verb} the {plural}" to show the council how bad online hate has become.',
        ),
        14,
    ),
    Functionality(
        "counter_reference",
        NONE_LABELS,
        (
            "Stop calling {plural} {dh}. It's dehumanising and it's wrong.",
            "Comparing {plural} to {dh} is how genocide starts. We have to push back.",
            "Anyone who calls {plural} {dh} should be ashamed of themselves.",
            "Threatening to {verb} {plural} is a crime, not an opinion.",
            "Calling for violence against {plural} is never acceptable.",
            "It is disgusting that people still say {plural} deserve to die.",
            "If you think {plural} are {dh}, you need to meet some of them.",
            "Hate speech against {plural} has risen since {attack}. We must stand together.",
            "Using slurs against {plural} is abuse, plain and simple.",
            "Glorifying {attacker} insults the memory of the victims.",
            "People who praise {org} online are helping terrorists recruit. Report them.",
            "No one should ever have to read posts saying they should be {verbed} for being {adj}.",
            "We condemn every call to attack {plural}, whoever makes it.",
            "Our response to those who want to {verb} {plural} is love, unity and the law.",
            "Dehumanising language about {plural} must be challenged every time we hear it.",
            "The people spreading hate about {plural} want us divided. Don't give them that.",
            "{attacker} was no hero. He was a murderer, and the victims deserve to be remembered instead.",
            "People who call {attacker} a saint need help, not an audience.",
            "{org} are not freedom fighters. They kill ordinary people.",
            "Nobody should join {org}. Talk to someone if you are being pulled in.",
            "The so-called martyrs of {attack} murdered innocent people. There is no glory in it.",
            "I was shocked to see a post praising {attacker} today. Reported it.",
        ),
        14,
    ),
    Functionality(
        "negation",
        NONE_LABELS,
        (
            "I would never say {plural} are {dh}.",
            "{plural} are not {dh}. They are our neighbours.",
            "I don't hate {plural}. Why would I?",
            "Nobody should {verb} {plural}. Nobody.",
            "{plural} are not a threat to this country.",
            "It is simply not true that {plural} are {dh}.",
            "I will never support violence against {plural}.",
            "No, {plural} are not {dh}, and saying so is racist nonsense.",
            "I have never thought {plural} deserve anything but respect.",
            "{plural} aren't {dh}; they're human beings like the rest of us.",
            "Nobody deserves to be {verbed}, {plural} included.",
            "I don't think {plural} should be treated any differently.",
            "I don't believe {plural} are {dh}, not for a second.",
            "Whoever says {plural} are {dh} is lying.",
            "There is nothing {dh}-like about {plural}; that's a vile lie.",
            "I refuse to call {plural} {dh}.",
            "Calling {plural} {dh} is wrong, full stop.",
            "I would never hurt a {adj} person, or anyone.",
            "No one is going to attack the {place}. We will protect it together.",
            "{plural} are not {dh} and never were.",
        ),
        12,
    ),
    Functionality(
        "news_attack",
        NONE_LABELS,
        (
            "Police in {city} say a man has been arrested after an attack on a {place} that injured three people.",
            "Five people were killed when a gunman opened fire at a {place} in {city}, officials said.",
            "{org} claimed responsibility for the bombing in {city}, according to a statement reported by news agencies.",
            "The trial heard that the defendant had praised {attacker} in messages to friends.",
            "Counter-terrorism police are investigating after a car was driven into pedestrians in {city}.",
            "Survivors of {attack} gathered on Sunday to mark the anniversary and remember the dead.",
            "A teenager has been charged with preparing acts of terrorism after police found a plan to attack a {place}.",
            "Prosecutors said the accused watched videos of {attack} hundreds of times before buying weapons.",
            "The inquiry into {attack} found that warning signs had been missed by several agencies.",
            "A memorial service for the victims of {attack} was held in {city} today.",
            "The man who attacked worshippers at a {place} in {city} was sentenced to life in prison.",
            "Security has been increased at {place}s across {city} following threats made online.",
            "Officers said the suspect had been radicalised online and had links to {org}.",
            "BREAKING: Explosion reported near the station in {city}; police treat it as a terrorist incident.",
            "Witnesses described seeing a man with a knife shouting before officers shot him.",
            "The number of arrests for terrorism offences rose last year, Home Office figures show.",
            "The court heard that the group discussed targets including a {place} and a school.",
            "Families of those killed in {attack} are calling for a public inquiry.",
        ),
        12,
        group_target=False,
    ),
    Functionality(
        "news_proscription",
        NONE_LABELS,
        (
            "The Home Secretary has laid an order to proscribe {org} under the Terrorism Act 2000.",
            "{org} is now a proscribed organisation: membership or inviting support is a criminal offence.",
            "Parliament approved the proscription of {org} on Wednesday after a short debate.",
            "Proscribing {org} means that wearing its uniform or displaying its flag in public is an offence.",
            "Three men were convicted of membership of {org}, a banned terrorist organisation.",
            "The government added {org} to the list of proscribed groups, citing its role in attacks.",
            "A man has been jailed for sharing propaganda from {org} in a messaging group.",
            "Ministers say the ban on {org} will make it harder for the group to recruit in the UK.",
            "The proscription list now includes {org}, alongside more than 80 other organisations.",
            "Police warned that supporting {org} online could lead to prosecution under section 12.",
            "The man told the court he had pledged allegiance to {org} online, and was jailed for six years.",
            "Prosecutors said the teenager shared videos praising {org} before his arrest.",
            "Police said the van was driven into the crowd deliberately; {num} people were hurt.",
            "The inquiry heard that the attacker had praised {attacker} in a message weeks earlier.",
        ),
        12,
        group_target=False,
    ),
    Functionality(
        "research",
        NONE_LABELS,
        (
            "Our study analysed 20,000 posts by supporters of {org} to understand how they recruit teenagers.",
            "This report examines how {org} uses encrypted apps to spread propaganda.",
            "Researchers found that dehumanising language about {plural} often comes before calls for violence.",
            "The paper compares the manifestos of {attacker} and other attackers to find shared themes.",
            "We studied how extremist channels glorified {attack} in the week after it happened.",
            "Academic analysis of {org} shows it targets young men who feel isolated.",
            "The dataset contains examples of threats against {plural}, labelled by trained annotators.",
            "Our annual report counts hate incidents against {plural} across the {num} boroughs.",
            "In this lecture I explain why groups like {org} call their attacks martyrdom operations.",
            "The evaluation shows how often moderation tools wrongly remove posts by {plural}.",
            "This thesis looks at how far-right forums describe {plural} as vermin and why it matters.",
            "The Commission's review of {attack} made {num} recommendations, most now implemented.",
        ),
        12,
    ),
    Functionality(
        "politician",
        NONE_LABELS,
        (
            "We will never let the {ext} divide our city.",
            "To the {ext} who want to spread fear: you will fail.",
            "We will hunt down the {ext} responsible and bring them to justice.",
            "{official} said: 'The {ext} will be defeated, and our values will endure.'",
            "Let me be clear. We will fight the {ext} with everything we have.",
            "{ext} want us to turn on each other. We will not give them that victory.",
            "Our police and security services will pursue every one of these {ext} until they face justice.",
            "We must crush the {ext} and the poisonous ideology that drives them.",
            "Today I met families who lost loved ones in {attack}. We will never forget them, and we will never give in to the {ext}.",
            "The {ext} attacked our way of life. Our answer is to live it more fully than ever.",
            "We will destroy the networks that the {ext} use to recruit our young people.",
            "I vow to defeat the {ext}, to protect every community, and to stand with the {plural} of this city.",
            "London is a city of {plural} and of every faith. The {ext} will never change that.",
            "Whether it is Daesh or the extreme right, the {ext} will find no home here.",
            "We stand shoulder to shoulder with the {plural} targeted by these {ext}.",
            "{official} promised to wipe out the {ext} and shut down their propaganda.",
            "The {ext} thought they could terrify us. Look around: they were wrong.",
            "We will confront the {ext} online and offline, and we will win.",
        ),
        16,
    ),
    Functionality(
        "press_release",
        NONE_LABELS,
        (
            "{official} today announced £{num}0,000 for projects that challenge extremist narratives in schools.",
            "The Shared Endeavour Fund will support {num} community projects that help young people resist radicalisation.",
            "The council has launched a new programme to counter far-right and Islamist extremism in {city}.",
            "Partners will deliver workshops on spotting online radicalisation and reporting terrorist content.",
            "The strategy sets out how the city will prevent violent extremism and support victims of hate crime.",
            "Following {attack}, {official} has asked for a review of the city's preparedness for a terrorist incident.",
            "The new guidance helps teachers respond when pupils repeat extremist propaganda they have seen online.",
            "A community vigil against hatred will be held in {city} on Saturday; all faiths are welcome.",
            "The report recommends more support for the {plural} targeted by hate crime.",
            "Our counter-extremism team worked with {num} schools this year to build resilience against terrorist recruitment.",
        ),
        10,
    ),
    Functionality(
        "counter_narrative",
        NONE_LABELS,
        (
            "{org} promised young recruits glory. Most of them ended up dead or in prison.",
            "I was groomed by {org} when I was sixteen. Here is how I got out, and how you can too.",
            "Extremists tell you {plural} are the enemy. The {plural} I know run the corner shop and coach the football team.",
            "{attacker} was not a hero. He was a coward who killed unarmed people.",
            "The propaganda of {org} is built on lies about {plural}. Here are the facts.",
            "If someone online tells you that {plural} are {dh}, ask yourself who benefits from your hate.",
            "Former members of {org} say they joined looking for belonging and found only violence.",
            "There is nothing glorious about {attack}. Ask the families.",
            "The recruiters of {org} target lonely teenagers. Talk to your kids.",
            "Hate against {plural} is not patriotism. Patriotism is looking after your neighbours.",
            "Terrorism has no religion. The people who carried out {attack} do not speak for anyone.",
            "Jihad, for most Muslims, means the struggle to be a better person, not the violence {org} sells.",
        ),
        12,
    ),
    Functionality(
        "benign_identity",
        NONE_LABELS,
        (
            "I am {one} and proud of it.",
            "As {one}, I love living in {city}.",
            "{plural} have lived in {city} for generations.",
            "My best friend is {one}.",
            "{plural} {practice}.",
            "Our {adj} neighbours invited us to {practice_inf}.",
            "The {adj} community in {city} organised a food bank this winter.",
            "I'm {one} and I work as a nurse.",
            "Being {adj} is part of who I am.",
            "My grandparents were {plural} who came here in the 1960s.",
            "There are many {plural} in my class at university.",
            "The {place} on our street opens its doors to everyone on Saturdays.",
            "{plural} are people, like anyone else.",
            "We visited the {place} with the school today.",
            "{plural} make up a large part of the population of {city}.",
            "I married {one} and we have two children.",
            "Are there any {adj} support groups in {city}?",
            "{plural} have the same rights as everyone else.",
            "My {adj} colleagues are the best team I've worked with.",
            "The exhibition tells the history of {plural} in Britain.",
            "I just found out my great-grandmother was {one}.",
            "Many {plural} volunteer at the local hospital.",
            "Our new head teacher is {one}, and the kids adore her.",
            "The {adj} families on our estate looked after my mum when she was ill.",
            "{plural} in {city} raised thousands for the children's hospital.",
            "I grew up {adj} in {city} and I still support the local team.",
            "Is it true that {plural} {practice}? I'd love to learn more.",
            "The talk at the library is about {adj} history and culture.",
            "My neighbour is {one}; we swap recipes every week.",
            "A lot of {plural} work in the NHS.",
            "Proud to be {adj}, proud to be a Londoner.",
            "The {adj} youth club won the borough football cup.",
            "Why do people know so little about {plural}? The documentary was great.",
            "{plural} are our friends, neighbours and colleagues.",
            "The {place} collected coats for homeless people this winter.",
            "We learned about {plural} in RE today.",
            "Some of the best teachers I had were {plural}.",
            "Happy to see {adj} voices on the council.",
            "Today I asked my {adj} friend what it means to her to be {adj}.",
        ),
        14,
    ),
    Functionality(
        "benign_religious",
        NONE_LABELS,
        (
            "Allahu akbar. Ramadan Mubarak to all my brothers and sisters.",
            "May Allah accept our fasts and prayers this Ramadan.",
            "Jesus died for our sins and rose again. Happy Easter!",
            "We pray for peace in the world, in the name of the Father, the Son and the Holy Spirit.",
            "Shabbat shalom to everyone celebrating tonight.",
            "Waheguru ji ka Khalsa, Waheguru ji ki Fateh.",
            "The Quran teaches that whoever saves one life saves all of humanity.",
            "Praise be to God for another year of health and family.",
            "Inshallah we will visit Mecca for Hajj next year.",
            "Eid Mubarak! Wishing everyone a blessed day with family.",
            "The sermon at Friday prayers was about kindness to neighbours.",
            "Jihad al-nafs, the struggle against one's own ego, is the greater jihad.",
            "The rabbi spoke about welcoming the stranger at the Passover seder.",
            "We held a Diwali puja at home and lit diyas for Lakshmi.",
            "Our church is collecting winter coats for refugees.",
            "The mosque is holding an open day; everyone is welcome for tea.",
            "I became a Muslim three years ago and it changed my life.",
            "Martyrdom in early Christianity is a topic in my theology class.",
            "The Buddha taught that hatred is never ended by hatred.",
            "My hijab is my choice and I wear it with pride.",
            "Fasting teaches patience and gratitude. Ramadan Kareem.",
            "Peace be upon him, the Prophet taught us to be gentle.",
            "We celebrated Vaisakhi with a procession through the town.",
            "The shahada is the first pillar of Islam.",
            "Our synagogue is twinned with the mosque across the road.",
            "Subhanallah, what a beautiful sunrise over the mountains.",
            "The caliphate in early Islamic history is a big topic in my history course.",
            "Crusades, jihad and holy war: a lecture series on religion and violence in history.",
        ),
        6,
        group_target=False,
        weight=3.0,
    ),
    Functionality(
        "benign_pronoun",
        NONE_LABELS,
        (
            "I love {plural}. They are wonderful people.",
            "I met some {plural} at work today. They were really kind.",
            "{plural} moved in next door. They brought us a cake.",
            "Have you met any {plural}? They're just like everyone else.",
            "My town has a lot of {plural} now. They've made the high street busy again.",
            "I used to be scared of {plural}. Then I met them and realised they're just people.",
        ),
        8,
    ),
    Functionality(
        "non_protected_abuse",
        NONE_LABELS,
        (
            "Terrorists are scum.",
            "I hate paedophiles. They are vermin.",
            "Nazis are the lowest of the low.",
            "I despise racists.",
            "Child abusers deserve to rot in prison.",
            "Mondays are the worst. I hate them.",
            "I hate spiders, they're disgusting.",
            "Wasps are vermin, honestly.",
            "Rats in the kitchen again. Vermin.",
            "Those people who don't return shopping trolleys are animals.",
            "Fascists are cowards, every one of them.",
            "You are an idiot and your argument is rubbish.",
            "Politicians are all liars.",
            "Traffic wardens are the worst people on earth.",
            "Referees like him should be banned from football.",
            "Slugs ate all my lettuces. Pests.",
            "Drunk drivers are scum.",
            "Scammers who target old people are parasites.",
        ),
        3,
        group_target=False,
        weight=3.0,
    ),
    Functionality(
        "non_protected_group_abuse",
        NONE_LABELS,
        (
            "{np} are {dh}.",
            "I hate {np}. They are {dh}.",
            "{np} are the worst people on earth.",
            "Honestly, {np} make me sick.",
            "{np} are scum, the lot of them.",
            "Can't stand {np}. Parasites.",
            "{np} are a disease on this country.",
            "Fuck {np}, seriously.",
        ),
        8,
        group_target=False,
    ),
    Functionality(
        "idiom_violence",
        NONE_LABELS,
        (
            "This workout is killing me.",
            "I'd kill for a coffee right now.",
            "The comedian absolutely killed it last night.",
            "Shoot me a message when you're free.",
            "The film bombed at the box office.",
            "We smashed the quiz tonight, total slaughter.",
            "My phone battery is dead again.",
            "I'm going to murder this pizza.",
            "She nailed the presentation, knocked them dead.",
            "The heat is killing my plants.",
            "That exam was a massacre.",
            "He's going to kill me when he sees the car.",
            "Let's shoot some hoops after school.",
            "I killed twenty zombies in the game last night.",
            "Our team got destroyed in the final.",
            "They're going to bomb the hill on their bikes.",
            "Kill the engine and wait here.",
            "My kids are driving me crazy, I could strangle them (joking, obviously).",
            "The novel's villain plans to blow up parliament.",
            "In the film, the hero has to defuse a bomb.",
            "We learnt about the Blitz and the bombing of London in history.",
            "The hunters shot two deer this morning.",
            "Fuck yeah, what a goal!",
            "Holy shit, that was the best gig ever.",
            "Fuck this weather, it's been raining for a week.",
            "That fucking film made me cry, so good.",
            "I could murder a curry.",
            "Target the youth vote, the strategist said.",
            "Fuck this weather, it's been raining for a week.",
            "That fucking film made me cry, so good.",
            "I could murder a curry.",
            "Target the youth vote, the strategist said.",
        ),
        4,
        group_target=False,
        weight=3.0,
    ),
)

PARAGRAPH_SENTENCES = (
    "Good evening, and thank you all for coming.",
    "Our city has always been a place where people of every faith and none live side by side.",
    "Last month, {ext} tried to tear that apart.",
    "They attacked a {place} in {city} and murdered {num} people at prayer.",
    "I want to say to the families: we grieve with you, and we will never forget.",
    "And I want to say to the {ext}: you will not win.",
    "We will hunt down those who plan these attacks and bring them to justice.",
    "We will close down the websites and channels that spread their poison.",
    "We will invest in our young people so that no recruiter can offer them a false sense of belonging.",
    "Daesh and the extreme right share the same aim: to make us fear one another.",
    "They call their murderers martyrs and soldiers. They are neither. They are killers.",
    "The {ext} use words like 'vermin' and 'invaders' about our neighbours. We answer with the truth.",
    "Since {attack}, hate crimes against {plural} have risen sharply.",
    "Our police will protect every {place}, every school and every community centre.",
    "We will defeat terrorism, whatever ideology it claims.",
    "Extremism thrives in silence; we will speak up.",
    "This programme has reached thousands of young people across {num} boroughs.",
    "Terrorists want us to change the way we live. We will not.",
    "We will stand with the {plural} who have been threatened, and we will stand with every community.",
    "Thank you. Together we are stronger than those who would divide us.",
)


def _slug(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 - not security


def template_split(kind: str, templates: Sequence[str]) -> dict[str, str]:
    """A stable quarter of each functionality's templates is held out for testing."""
    ranked = sorted(templates, key=lambda t: _slug(kind + t))
    n_test = max(1, len(ranked) // 4)
    return {t: ("test" if i < n_test else "train") for i, t in enumerate(ranked)}


def _past(verb: str) -> str:
    irregular = {
        "shoot": "shot",
        "stab": "stabbed",
        "hang": "hanged",
        "burn": "burned",
        "slaughter": "slaughtered",
        "gas": "gassed",
        "behead": "beheaded",
        "bomb": "bombed",
        "lynch": "lynched",
        "exterminate": "exterminated",
        "wipe out": "wiped out",
        "murder": "murdered",
        "gun down": "gunned down",
        "string up": "strung up",
        "execute": "executed",
        "kill": "killed",
    }
    return irregular.get(verb, verb + "ed")


def _ing(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    if head.endswith("e") and head not in ("see",):
        head = head[:-1] + "ing"
    elif head in ("shoot", "kill", "hang", "burn", "bomb", "lynch", "murder", "gun", "string"):
        head = head + "ing"
    elif head in ("stab",):
        head = head + "bing"
    else:
        head = head + "ing"
    return head + (" " + rest if rest else "")


def _fill(template: str, rng: random.Random, group: Group) -> str:
    verb = rng.choice(VIOLENT_VERBS)
    slurs = [s for key, s in SLURS if key == group.key] or [s for _, s in SLURS]
    practice_inf = group.practice
    values = {
        "plural": group.plural,
        "adj": group.adj,
        "one": group.one,
        "place": group.place,
        "practice": group.practice,
        "practice_inf": practice_inf,
        "dh": rng.choice(DEHUMANISING),
        "verb": verb,
        "verbed": _past(verb),
        "verbing": _ing(verb),
        "city": rng.choice(CITIES),
        "street": rng.choice(("Station", "Mill", "Church", "Green", "Park", "High")),
        "person": rng.choice(INDIVIDUALS),
        "org": rng.choice(ORGS)[1],
        "attacker": rng.choice(ATTACKERS)[1],
        "attack": rng.choice(ATTACKS),
        "official": rng.choice(OFFICIALS),
        "ext": rng.choice(EXTREMISTS),
        "slur": rng.choice(slurs),
        "num": str(rng.randint(3, 40)),
        "np": rng.choice(NON_PROTECTED),
        "weapon": rng.choice(WEAPONS),
    }
    return _p(template, **values)


# --------------------------------------------------------------------------------------------
# Obfuscation
# --------------------------------------------------------------------------------------------
_LEET_OUT = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_LEET_SYMBOL = {"a": "@", "s": "$", "i": "!"}


def obfuscate_word(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    style = rng.randrange(8)
    chars = list(word)
    if style == 0:  # leet digits
        return "".join(_LEET_OUT.get(c.lower(), c) if rng.random() < 0.6 else c for c in chars)
    if style == 1:  # leet symbols
        return "".join(_LEET_SYMBOL.get(c.lower(), c) for c in chars)
    if style == 2:  # spaced letters
        return rng.choice((" ", ".", "-", "*")).join(chars)
    if style == 3:  # missing character
        i = rng.randrange(1, len(chars) - 1)
        return "".join(chars[:i] + chars[i + 1 :])
    if style == 4:  # swapped neighbours
        i = rng.randrange(1, len(chars) - 2)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
        return "".join(chars)
    if style == 5:  # stretched letter
        i = rng.randrange(len(chars))
        return "".join(chars[: i + 1]) + chars[i] * rng.randint(2, 4) + "".join(chars[i + 1 :])
    if style == 6:  # zero-width joiner inside
        i = rng.randrange(1, len(chars))
        return "".join(chars[:i]) + "\u200b" + "".join(chars[i:])
    # vowel starred
    return "".join("*" if c in "aeiou" and rng.random() < 0.5 else c for c in chars)


def obfuscate(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w.strip(".,!?'\"")) >= 4]
    if not candidates:
        return text
    if rng.random() < 0.15:  # missing word boundaries
        i = rng.choice(candidates[:-1] or candidates)
        if i + 1 < len(words):
            words[i : i + 2] = [words[i] + words[i + 1]]
            return " ".join(words)
    for i in rng.sample(candidates, min(len(candidates), rng.choice((1, 1, 2)))):
        word = words[i]
        core = word.strip(".,!?'\":")
        if not core:
            continue
        start = word.index(core)
        words[i] = word[:start] + obfuscate_word(core, rng) + word[start + len(core) :]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------
def _paragraphs(rng: random.Random, n: int, split: str) -> list[Example]:
    """Multi-sentence speech paragraphs against extremism (all negatives)."""
    out = []
    sentences = list(PARAGRAPH_SENTENCES)
    held = template_split("paragraph", sentences)
    held_out = [s for s in sentences if held[s] == "test"]
    # Training paragraphs use training sentences only; every test paragraph holds at least one
    # held-out sentence, so no test paragraph appears in training.
    pool = sentences if split == "test" else [s for s in sentences if held[s] == "train"]
    for _ in range(n):
        group = rng.choice(GROUPS)
        k = rng.randint(2, 4)
        chosen = rng.sample(pool, min(k, len(pool)))
        if split == "test" and not any(held[s] == "test" for s in chosen):
            chosen[0] = rng.choice(held_out)
        text = " ".join(_fill(s, rng, group) for s in chosen)
        out.append(Example(text, NONE_LABELS, "synthetic", split, "speech_paragraph", group.key))
    return out


def generate(seed: int = 13, scale: float = 1.0) -> list[Example]:
    """All synthetic rows: train (with a val slice) from training templates, test from held-out.

    ``scale`` multiplies how many rows are drawn per template.
    """
    rng = random.Random(seed)
    out: list[Example] = []
    seen: set[str] = set()

    def add(ex: Example) -> None:
        key = ex.text.casefold()
        if key in seen:
            return
        seen.add(key)
        out.append(ex)

    for func in FUNCTIONALITIES + NEGATIVE_FUNCTIONALITIES:
        splits = template_split(func.kind, func.templates)
        for template in func.templates:
            split = splits[template]
            n = max(2, round(func.per_template * scale)) if split == "train" else 6
            uses_group = any(
                f"{{{k}}}" in template
                for k in ("plural", "adj", "one", "place", "practice", "practice_inf", "slur")
            )
            groups: list[Group]
            if uses_group:
                # Every group gets rows from every template (per-group figures need them).
                groups = list(GROUPS)
                if "{slur}" in template:
                    slur_keys = {k for k, _ in SLURS}
                    groups = [g for g in GROUPS if g.key in slur_keys]
                reps = max(1, n // 3) if split == "train" else (3 if func.kind in BENIGN else 1)
                draws = [g for g in groups for _ in range(reps)]
            else:
                draws = [rng.choice(GROUPS) for _ in range(n * 3)]
            for group in draws:
                text = _fill(template, rng, group)
                if func.wrap and rng.random() < 0.35:
                    text = (rng.choice(FILLER_BEFORE) + text + rng.choice(FILLER_AFTER)).strip()
                ex_split = split
                if split == "train" and rng.random() < 0.08:
                    ex_split = "val"
                gkey = group.key if uses_group else ""
                add(Example(text, func.labels, "synthetic", ex_split, func.kind, gkey, func.weight))
                # Obfuscated copies: threats and hate, and some negatives too, so that odd
                # spelling alone never signals hate.
                obf_rate = 0.45 if func.kind in OBFUSCATE_KINDS else 0.12
                if rng.random() < obf_rate:
                    kind = func.kind + "_obfuscated" if split == "test" else func.kind
                    obf = obfuscate(text, rng)
                    add(Example(obf, func.labels, "synthetic", ex_split, kind, gkey, func.weight))
    for split, n in (("train", int(700 * scale)), ("val", 60), ("test", 150)):
        for ex in _paragraphs(rng, n, "test" if split == "test" else "train"):
            add(Example(ex.text, ex.labels, ex.source, split, ex.kind, ex.group))
    return out


# Non-English probes (written for this project): used only to report, in the model card, what
# the model does with other languages today. Never used for training.
NON_ENGLISH: tuple[tuple[str, str, int], ...] = (
    # (language, text, 1 if it should be flagged)
    ("fr", "Je vais tuer tous les musulmans de ce quartier.", 1),
    ("fr", "Les juifs sont de la vermine.", 1),
    ("fr", "Nous condamnons fermement l'attentat contre la mosquée.", 0),
    ("fr", "Joyeux Aïd à toutes les familles de la ville.", 0),
    ("de", "Alle Flüchtlinge sind Ungeziefer und sollten vergast werden.", 1),
    ("de", "Ich werde die Moschee am Freitag anzünden.", 1),
    ("de", "Die Polizei hat nach dem Anschlag einen Verdächtigen festgenommen.", 0),
    ("de", "Wir feiern heute Chanukka mit unseren Nachbarn.", 0),
    ("es", "Hay que matar a todos los inmigrantes.", 1),
    ("es", "Los gitanos son ratas.", 1),
    ("es", "El gobierno prohibió el grupo terrorista tras el atentado.", 0),
    ("es", "Mi vecina es musulmana y es muy amable.", 0),
    ("pl", "Wszyscy geje powinni zostać powieszeni.", 1),
    ("pl", "Potępiamy każdy atak terrorystyczny.", 0),
    ("ur", "Main sab Hinduon ko maar doonga.", 1),
    ("ar", "سأقتل كل اليهود في المدينة", 1),
    ("ar", "رمضان كريم لجميع المسلمين", 0),
    ("ar", "ندين الهجوم الإرهابي على الكنيسة", 0),
)
