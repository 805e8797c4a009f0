"""Two-way explanations in words, in the reader's language, from the engine's structured flows.

The engine (:func:`twoway.engine.explain.explain_pair`) gives each direction of a pair as a tuple
of :class:`~twoway.engine.model.SkillFlow`; its own ``why`` line is plain English for the command
line. Pages, the API and notifications build their sentences here instead: every sentence is one
translatable string with named placeholders (skills and names are data), so each language can
order its words ("Alice teaches Bob Python and 2 more; Bob teaches Alice Figma").
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext, ngettext, pgettext

from twoway.engine.model import SkillFlow

# Skills named per direction; the rest are counted ("and 2 more").
SHOWN = 3


def listed(items: Sequence[str], shown: int = SHOWN) -> str:
    """``items`` as a list in words: "SQL", "SQL and Figma", "SQL, Figma and Go",
    "SQL, Figma, Go and 2 more"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    more = len(items) - shown
    if more > 0:
        return ngettext("%(items)s and %(count)s more", "%(items)s and %(count)s more", more) % {
            "items": pgettext("list separator", ", ").join(items[:shown]),
            "count": more,
        }
    return pgettext("list of items", "%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(items[:-1]),
        "last": items[-1],
    }


def skill_names(flows: Sequence[SkillFlow]) -> list[str]:
    return [flow.skill for flow in flows]


def teaches_words(teacher: str, learner: str, flows: Sequence[SkillFlow]) -> str:
    """One direction in the third person: "Alice teaches Bob Python and 2 more"."""
    if not flows:
        return gettext("%(teacher)s has nothing %(learner)s wants yet") % {
            "teacher": teacher,
            "learner": learner,
        }
    return gettext("%(teacher)s teaches %(learner)s %(skills)s") % {
        "teacher": teacher,
        "learner": learner,
        "skills": listed(skill_names(flows)),
    }


def two_way_words(a: str, b: str, ab: Sequence[SkillFlow], ba: Sequence[SkillFlow]) -> str:
    """Both directions in the third person: "Alice teaches Bob Python and 2 more; Bob teaches
    Alice Figma" (for a program manager's view of a pair)."""
    return gettext("%(one_way)s; %(other_way)s") % {
        "one_way": teaches_words(a, b, ab),
        "other_way": teaches_words(b, a, ba),
    }
