"""How many more people each of a program's hard rules kept out of a round.

After a round's own run (in the background work), the engine runs again once per rule the
program uses, with that one rule relaxed and everything else the same: same-team pairs allowed,
no shared language needed, roles ignored (anyone may mentor), the manager's forbidden pairs
allowed, or one more partner for everyone. The difference in matched people is what the rule
cost, stored in ``round.summary["kept_out"]`` and told to the manager in words ("4 more would
match if same-team pairs were allowed").

Each relaxation is a whole engine run, so the count is skipped above ``KEPT_OUT_MAX_PEOPLE``
people in the run (about 1–2 s per rule at 2,000 people on 2 cores; docs/benchmarks.md), and
the round page says so. A relaxed run optimises the same objective, which is not the number of
people matched, so a relaxation that matches fewer people counts as 0.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from twoway.engine.model import MatchConfig, Person
from twoway.partnerships.models import Partnership
from twoway.programs.models import PairRule, Program

# Above this many people in a run, kept-out counts are not worked out (see the module's doc).
KEPT_OUT_MAX_PEOPLE = 2000

# Each rule's relaxation, as the sentence that says how many more it would match.
RULE_WORDS = {
    "same_team": lambda n: ngettext(
        "%(count)s more would match if same-team pairs were allowed.",
        "%(count)s more would match if same-team pairs were allowed.",
        n,
    ),
    "shared_language": lambda n: ngettext(
        "%(count)s more would match if pairs without a shared language were allowed.",
        "%(count)s more would match if pairs without a shared language were allowed.",
        n,
    ),
    "roles": lambda n: ngettext(
        "%(count)s more would match if roles were ignored (anyone could mentor or be mentored).",
        "%(count)s more would match if roles were ignored (anyone could mentor or be mentored).",
        n,
    ),
    "forbidden": lambda n: ngettext(
        "%(count)s more would match if the pairs you forbade were allowed.",
        "%(count)s more would match if the pairs you forbade were allowed.",
        n,
    ),
    "capacity": lambda n: ngettext(
        "%(count)s more would match if everyone could take one more partner.",
        "%(count)s more would match if everyone could take one more partner.",
        n,
    ),
}

Relaxed = tuple[Sequence[Person], MatchConfig]


def _manager_forbids(program: Program, people: Sequence[Person]) -> frozenset[frozenset[str]]:
    """The manager's forbidden pairs among these people, leaving out current or past partners
    (those stay apart whatever the manager says)."""
    ids = {int(p.id) for p in people}
    rules = {
        (low, high)
        for low, high in PairRule.objects.filter(program=program, kind="forbid").values_list(
            "member_low_id", "member_high_id"
        )
        if low in ids and high in ids
    }
    partners = set(
        Partnership.objects.filter(
            member_low_id__in={low for low, _ in rules}, member_high_id__in={h for _, h in rules}
        ).values_list("member_low_id", "member_high_id")
    )
    return frozenset(frozenset((str(low), str(high))) for low, high in rules - partners)


def relaxations(
    people: Sequence[Person], config: MatchConfig, forbids: frozenset[frozenset[str]]
) -> dict[str, Relaxed]:
    """Each rule that can keep someone out of this run, with the run's input without it."""
    found: dict[str, Relaxed] = {}
    if config.exclude_same_group and any(p.group for p in people):
        found["same_team"] = (people, dataclasses.replace(config, exclude_same_group=False))
    if config.require_shared_language and any(p.languages for p in people):
        found["shared_language"] = (
            people, dataclasses.replace(config, require_shared_language=False))  # fmt: skip
    if config.mode == "mentor-mentee" and any(p.role != "either" for p in people):
        found["roles"] = ([dataclasses.replace(p, role="either") for p in people], config)
    if forbids & config.forbidden:
        relaxed = dataclasses.replace(config, forbidden=config.forbidden - forbids)
        found["forbidden"] = (people, relaxed)
    found["capacity"] = ([dataclasses.replace(p, capacity=p.capacity + 1) for p in people], config)
    return found


def kept_out_count(
    *, program: Program, people: Sequence[Person], config: MatchConfig, matched: int
) -> dict[str, Any]:
    """How many more people would be matched without each rule, given ``matched`` with them all.

    Returns ``{"rules": {rule: count}}``, or ``{"skipped": True, "limit": …}`` for a run too
    large to count.
    """
    if len(people) > KEPT_OUT_MAX_PEOPLE:
        return {"skipped": True, "limit": KEPT_OUT_MAX_PEOPLE}
    from twoway.engine.match import match  # in the worker only, as in rounds._execute

    counts = {}
    for rule, (relaxed_people, relaxed) in relaxations(
        people, config, _manager_forbids(program, people)
    ).items():
        counts[rule] = max(match(relaxed_people, relaxed).summary.matched_people - matched, 0)
    return {"rules": counts}


def kept_out_words(summary: dict[str, Any]) -> list[str]:
    """The kept-out counts of a round's summary in sentences, for the rules that kept someone out
    (empty for a round run before they were counted)."""
    kept = summary.get("kept_out")
    if not kept:
        return []
    if kept.get("skipped"):
        limit = number_format(kept["limit"], force_grouping=True)
        return [
            gettext(
                "How many people each rule kept out is worked out for runs of up to "
                "%(limit)s people; this one was larger."
            )
            % {"limit": limit}
        ]
    lines = [
        RULE_WORDS[rule](count) % {"count": count}
        for rule, count in kept.get("rules", {}).items()
        if count > 0 and rule in RULE_WORDS
    ]
    return lines or [
        gettext("No rule kept anyone out: relaxing any one of them matches nobody more.")
    ]
