"""Publishing a round: its pairs become partnerships, and both partners are told.

Publishing is idempotent. The round is locked and its status checked, each proposed pair's
partnership is unique (``RoundPair.partnership`` is one-to-one), and the database allows one
active partnership per pair, so publishing twice, or two managers at once, creates nothing twice.

The partnerships are written in the request, in bulk; the notifications (an in-app notice and an
email each) go out from a background task, because queueing thousands of emails one by one would
keep the manager waiting. The task is safe to run twice: each notification has a dedupe key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from twoway.audit.services import record
from twoway.core.errors import Refused
from twoway.core.i18n import speaking_to
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.partnerships.models import Partnership
from twoway.people.models import name_of
from twoway.programs.models import Round, RoundPair
from twoway.programs.rounds import round_get

if TYPE_CHECKING:
    from twoway.accounts.models import User


@dataclass
class Published:
    round: Round
    created: int
    linked: int


def round_publish(*, user: User, round_: Round) -> Published:
    """Create the proposal's partnerships and queue the news for both partners of each pair."""
    if round_.program.mode == "circles":  # circle rounds: see circle_rounds.py
        from twoway.programs.circle_rounds import circles_publish

        return circles_publish(user=user, round_=round_)
    round_ = round_get(user=user, program=round_.program, round_id=round_.pk)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status == Round.Status.PUBLISHED:
            return Published(locked, 0, 0)
        if locked.status != Round.Status.PROPOSED:
            raise Refused(
                gettext("Wait until the proposal is ready, then publish it."), "not_ready"
            )
        linked, fresh = _link_existing(list(locked.pairs.filter(partnership__isnull=True)))
        try:
            with transaction.atomic():
                created = _create_in_bulk(fresh)
        except IntegrityError:  # a pair became partners meanwhile: go one by one
            created = sum(_create_one(pair) for pair in fresh)
        locked.status, locked.published_at = Round.Status.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at"])
        record("round.publish", actor=user, target=locked, created=created, linked=linked)
        _queue_news(locked.pk)
    return Published(locked, created, linked)


def _link_existing(pairs: list[RoundPair]) -> tuple[int, list[RoundPair]]:
    """Pairs with an active partnership that no round claimed reuse it. Returns how many were
    linked, and the pairs that need a new partnership (a pair whose partnership another round
    claimed gets none)."""
    wanted = {(p.member_low_id, p.member_high_id): p for p in pairs}
    active = Partnership.objects.filter(
        status=Partnership.Status.ACTIVE, member_low_id__in={low for low, _ in wanted}
    )
    found = {(p.member_low_id, p.member_high_id): p for p in active}
    found = {key: p for key, p in found.items() if key in wanted}
    claimed = set(
        RoundPair.objects.filter(partnership__in=list(found.values())).values_list(
            "partnership_id", flat=True
        )
    )
    for key, partnership in found.items():
        if partnership.pk not in claimed:
            wanted[key].partnership = partnership
            wanted[key].save(update_fields=["partnership"])
    fresh = [pair for key, pair in wanted.items() if key not in found]
    return len(found) - len(claimed), fresh


def _create_in_bulk(pairs: list[RoundPair]) -> int:
    rows = Partnership.objects.bulk_create(
        Partnership(member_low_id=p.member_low_id, member_high_id=p.member_high_id) for p in pairs
    )
    for pair, partnership in zip(pairs, rows, strict=True):
        pair.partnership = partnership
    RoundPair.objects.bulk_update(pairs, ["partnership"], batch_size=500)
    return len(rows)


def _create_one(pair: RoundPair) -> bool:
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                member_low_id=pair.member_low_id, member_high_id=pair.member_high_id
            )
            pair.partnership = partnership
            pair.save(update_fields=["partnership"])
    except IntegrityError:
        return False  # a concurrent request made them partners first; nothing twice
    return True


def _queue_news(round_id: int) -> None:
    from twoway.programs.tasks import tell_matched

    transaction.on_commit(lambda: tell_matched.enqueue(round_id))


def round_tell(round_id: int) -> int:
    """Tell both partners of each published pair (the background half of publishing).

    Returns how many notifications were created; 0 when run again.
    """
    pairs = RoundPair.objects.filter(
        round_id=round_id, round__status=Round.Status.PUBLISHED, partnership__isnull=False
    ).select_related("round__program", "member_low__profile", "member_high__profile")
    told = 0
    with transaction.atomic():
        for pair in pairs:
            told += _tell_pair(pair)
    return told


def _tell_pair(pair: RoundPair) -> int:
    told = 0
    for member in pair.members:
        partner = pair.partner_of(member)
        with speaking_to(member):  # the news is written in each partner's own language
            title = gettext("%(program)s: you're matched with %(partner)s") % {
                "program": pair.round.program.name,
                "partner": name_of(partner),
            }
            body = (
                matched_news(pair, member) + "\n\n" + gettext("Say hello and agree when to meet.")
            )
        sent = notify(
            recipient=member,
            kind=Kind.PROGRAM_MATCHED,
            title=title,
            body=body,
            url=reverse("partnerships:detail", args=[pair.partnership_id]),
            dedupe_key=f"program-round:{pair.round_id}:partnership:{pair.partnership_id}",
        )
        told += sent is not None
    return told


def matched_news(pair: RoundPair, member: User) -> str:
    """What flows each way, told to ``member`` in their own words: "Learning flows both ways:
    you teach Yui SQL; Yui teaches you Figma." (never the other partner's sentence with "you"
    pasted in, which read "you teaches")."""
    partner = name_of(pair.partner_of(member))
    low = member.pk == pair.member_low_id
    mine, theirs = (pair.low_teaches, pair.high_teaches) if low else (
        pair.high_teaches, pair.low_teaches)  # fmt: skip
    values = {"partner": partner, "mine": _skills(mine), "theirs": _skills(theirs)}
    if mine and theirs:
        text = gettext(
            "Learning flows both ways: you teach %(partner)s %(mine)s; %(partner)s teaches you "
            "%(theirs)s."
        )
    elif mine:
        text = gettext("You teach %(partner)s %(mine)s; %(partner)s teaches nothing you want yet.")
    elif theirs:
        text = gettext(
            "%(partner)s wants nothing you teach yet; %(partner)s teaches you %(theirs)s."
        )
    else:
        text = gettext(
            "%(partner)s wants nothing you teach yet; %(partner)s teaches nothing you want yet."
        )
    return text % values


def _skills(flows: list[list[object]]) -> str:
    """ "SQL", "SQL and Figma", "SQL, Figma and Excel and 2 more" (the first three skills)."""
    names = [str(flow[0]) for flow in flows[:3]]
    if not names:
        return ""
    more = len(flows) - len(names)
    text = (
        names[0]
        if len(names) == 1
        else gettext("%(skills)s and %(last)s")
        % {
            "skills": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )
    if more > 0:
        text = ngettext("%(skills)s and %(count)s more", "%(skills)s and %(count)s more", more) % {
            "skills": text,
            "count": more,
        }
    return text
