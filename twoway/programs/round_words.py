"""What a round stored in English, said in the reader's language: why someone was left out,
which rule a pair added by hand breaks, the worker's stage, and why each member sits in a circle.

The engine stays free of Django, and its command line speaks English: it gives each unmatched
person a reason *code* and an English sentence, which the round stores. Pages and the API say
the reason again here, as one whole translatable sentence keyed on the code (the English detail
only tells apart the variants one code has). Anything not recognised is shown as stored.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# A reason code, or a code and its variant, → the sentence.
UNMATCHED: dict[str, Promise] = {
    "capacity:zero": _("Their capacity is 0, so they take no partner."),
    "capacity:zero-circle": _("Their capacity is 0, so they join no circle."),
    "capacity": _(
        "Everyone who fits them is already taken by partners they score at least as high."
    ),
    "taken": _("Everyone who fits them already has as many partners as they can take."),
    "traded_off": _(
        "Everyone who fits them is taken. Some would score them higher than a partner they have, "
        "but pairing them would break a pair worth more to the group."
    ),
    "constraints": _(
        "Everyone who fits is ruled out by a constraint (language, group or a blocked pair)."
    ),
    "nobody_teaches_their_wants": _(
        "Nobody here teaches what they want to learn above their own level yet."
    ),
    "nobody_wants_their_skills": _("Nobody here wants to learn what they teach yet."),
    "no_two_way_partner": _("Nobody who teaches what they want also wants what they teach."),
    "no_two_way_partner:roles": _("No mentor or mentee here fits their role and skills."),
    "profile_incomplete": _(
        "The profile needs a skill to teach, one to learn and a language before it can be matched."
    ),
    "profile_incomplete:circle": _(
        "The profile needs a skill to teach, one to learn and a language before it can be placed."
    ),
}
NO_CIRCLE = re.compile(r"No circle of (?P<low>\d+)–(?P<high>\d+) could be formed")


def _variant(reason: str, detail: str) -> str:
    if reason == "capacity" and detail.startswith("Their capacity is 0"):
        return "capacity:zero-circle" if "circle" in detail else "capacity:zero"
    if reason == "no_two_way_partner" and detail.startswith("No mentor or mentee"):
        return "no_two_way_partner:roles"
    if reason == "profile_incomplete" and detail.endswith("placed."):
        return "profile_incomplete:circle"
    return reason


def unmatched_words(reason: str, detail: str) -> str:
    """Why someone is in no pair or circle, in the reader's language."""
    sizes = NO_CIRCLE.match(detail) if reason == "no_two_way_partner" else None
    if sizes:
        return (
            gettext(
                "No circle of %(low)s–%(high)s could be formed in which they and everyone else "
                "both learn and teach."
            )
            % sizes.groupdict()
        )
    sentence = UNMATCHED.get(_variant(reason, detail))
    return str(sentence) if sentence is not None else detail or reason


# The engine's words for the rule a pair breaks (``scoring.conflict``) and pair_add's own.
BROKEN_RULES: list[tuple[re.Pattern[str], Promise]] = [
    (re.compile(r"the same person"), _("the same person")),
    (re.compile(r"a blocked, current or past pair"), _("a blocked, current or past pair")),
    (re.compile(r"both in group (?P<group>.+)"), _("both in group %(group)s")),
    (re.compile(r"no shared language"), _("no shared language")),
    (
        re.compile(r"roles don't fit \(two mentors or two mentees\)"),
        _("roles don't fit (two mentors or two mentees)"),
    ),
    (re.compile(r"no learning flows both ways"), _("no learning flows both ways")),
    (
        re.compile(r"(?P<name>.+) is over capacity; re-run to rebalance"),
        _("%(name)s is over capacity; re-run to rebalance"),
    ),
]


def warning_words(warning: str) -> str:
    """The rules a pair added by hand breaks (stored as "rule; rule"), in the reader's
    language."""
    if not warning:
        return ""
    said = []
    # "X is over capacity; re-run to rebalance" is one rule with a semicolon of its own.
    for part in re.split(r"; (?!re-run to rebalance)", warning):
        for shape, sentence in BROKEN_RULES:
            found = shape.fullmatch(part)
            if found:
                said.append(str(sentence) % found.groupdict())
                break
        else:
            said.append(part)
    return "; ".join(said)


STAGES: dict[str, Promise] = {
    "load": pgettext_lazy("round stage", "load"),
    "prepare": pgettext_lazy("round stage", "prepare"),
    "candidates": pgettext_lazy("round stage", "candidates"),
    "solve": pgettext_lazy("round stage", "solve"),
    "explain": pgettext_lazy("round stage", "explain"),
    "kept out": pgettext_lazy("round stage", "kept out"),
    "save": pgettext_lazy("round stage", "save"),
    "circles": pgettext_lazy("round stage", "circles"),
    "done": pgettext_lazy("round stage", "done"),
}


def stage_words(stage: str) -> str:
    """The worker's stage (a stored code) in the reader's language."""
    return str(STAGES.get(stage, stage))


# 'Ana learns Figma from Sam, SQL from Lee; teaches SQL to Lee.' (engine.circles._member_why)
SEAT = re.compile(r"(?P<person>.+?) learns (?P<got>.+); teaches (?P<gave>.+)\.", re.DOTALL)
NOTHING_YET = "nothing yet"


def _flows(text: str, joiner: str, said: str) -> str | None:
    """ "Figma from Sam, SQL from Lee" → the same list in the reader's language."""
    if text == NOTHING_YET:
        return gettext("nothing yet")
    items = []
    for item in text.split(", "):
        skill, found, other = item.rpartition(f" {joiner} ")
        if not found:
            return None
        items.append(said % {"skill": skill, "person": other})
    return ", ".join(items)


def seat_words(why: str) -> str:
    """Why a member sits in a proposed circle, in the reader's language."""
    found = SEAT.fullmatch(why)
    if not found:
        return why
    got = _flows(found["got"], "from", gettext("%(skill)s from %(person)s"))
    gave = _flows(found["gave"], "to", gettext("%(skill)s to %(person)s"))
    if got is None or gave is None:
        return why
    return gettext("%(person)s learns %(learned)s; teaches %(taught)s.") % {
        "person": found["person"],
        "learned": got,
        "taught": gave,
    }
