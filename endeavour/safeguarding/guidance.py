"""Plain-English guidance for the help finder, by kind of worry. Translatable."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from endeavour.safeguarding.models import Worry


@dataclass(frozen=True)
class Guidance:
    options: list[Promise]
    next_steps: list[Promise]


PREVENT_NEXT_STEPS: list[Promise] = [
    _(
        "If you contact the borough's safeguarding or Prevent team, someone from the council "
        "will talk to you about your worry, usually within a few working days."
    ),
    _(
        "Prevent is voluntary: support is only given if the person agrees to it. It is about "
        "help, such as mentoring or advice, not punishment."
    ),
    _("Being talked about or referred to Prevent does not give anyone a criminal record."),
    _(
        "You can also talk to a helpline first without giving your name, to get advice on "
        "what to do."
    ),
]

GUIDANCE: dict[str, Guidance] = {
    Worry.DRAWN_IN: Guidance(
        options=[
            _(
                "Talk to the person, if it feels safe: listen, ask questions, and let them know "
                "you care about them."
            ),
            _(
                "Get advice from a helpline or a community organisation. You do not have to "
                "give names to ask for advice."
            ),
            _("Contact your borough's safeguarding or Prevent team, or send them your concern."),
        ],
        next_steps=PREVENT_NEXT_STEPS,
    ),
    Worry.ONLINE: Guidance(
        options=[
            _(
                "Report the material itself using our online report form, or on the website "
                "where you saw it. Do not download or share it."
            ),
            _("Get advice from a helpline about how to talk to the person."),
            _("Contact your borough's safeguarding or Prevent team, or send them your concern."),
        ],
        next_steps=PREVENT_NEXT_STEPS,
    ),
    Worry.HATE_VICTIM: Guidance(
        options=[
            _(
                "If it is a crime, you can report it to the police. You can also report a hate "
                "incident to us, without giving your name."
            ),
            _("Community organisations and victim support services can help and listen."),
        ],
        next_steps=[
            _(
                "A support service will listen, explain the choices, and can help with "
                "reporting if the person wants to."
            ),
            _("Nothing happens without the person's agreement unless someone is in danger."),
        ],
    ),
    Worry.MYSELF: Guidance(
        options=[
            _(
                "It is a good step to ask for help. A helpline or community organisation can "
                "talk it through with you in confidence."
            ),
            _("You can also contact your borough's safeguarding or Prevent team yourself."),
        ],
        next_steps=PREVENT_NEXT_STEPS,
    ),
}


def guidance_for(worry: str) -> Guidance:
    return GUIDANCE[Worry(worry)]
