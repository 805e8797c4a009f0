"""Circle rounds: a program in circles mode forms peer circles of 3–6 among its cohort.

The round's life is a pair round's (:mod:`twoway.programs.rounds`: queued → running → proposed →
re-run any number of times → published) and the same worker runs it: ``rounds._execute`` hands a
circles program to :func:`circles_execute`. The cohort is loaded by ``rounds.load_cohort`` (the
same rules: language, same-team exclusion, the manager's forbidden pairs), minus the members of
this round's locked circles (kept as they are) and anyone seated in a circle a published round of
the program formed (late joiners get circles in a later round without disturbing anyone).

Review: a manager forbids a pair inside a circle (a program-wide ``PairRule``, as for pairs: the
engine never puts them in one circle again), locks a circle (kept by every re-run), and re-runs.
Publishing writes each proposed circle as a closed network circle with
:func:`twoway.network.circles.circles_write` and tells every member (kind "circle_formed").
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext

from twoway.audit.services import record
from twoway.core.errors import Refused
from twoway.engine.circles import CircleResult, form_circles
from twoway.network.circles import CircleDraft, circle_skills, circles_write
from twoway.network.models import CIRCLE_MAX, CIRCLE_MIN, Membership
from twoway.programs.models import Program, Round, RoundCircle, RoundCircleMember, RoundUnmatched
from twoway.programs.publish import Published
from twoway.programs.rounds import load_cohort, round_get

if TYPE_CHECKING:
    from twoway.accounts.models import User

logger = logging.getLogger(__name__)
TARGET_SIZE = 4
INCOMPLETE_DETAIL = (
    "The profile needs a skill to teach, one to learn and a language before it can be placed."
)


def is_circles(program: Program) -> bool:
    return program.mode == Program.Mode.CIRCLES


# ---------------------------------------------------------------------------------------------
# Running (in the worker)


def _kept_and_seated(round_: Round) -> tuple[set[int], set[int]]:
    """Members of this round's locked circles, and people seated in a circle that a published
    round of the program formed."""
    kept = set(
        RoundCircleMember.objects.filter(round=round_, round_circle__locked=True).values_list(
            "user_id", flat=True
        )
    )
    formed = RoundCircle.objects.filter(
        round__program=round_.program, round__status=Round.Status.PUBLISHED, circle__isnull=False
    ).values("circle_id")
    seated = set(
        Membership.objects.filter(circle_id__in=formed, left_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    return kept, seated


def circles_execute(round_: Round, attempt: int) -> str:
    """Run the engine's circles mode for one attempt and write the proposal in one go."""
    rows = Round.objects.filter(pk=round_.pk, attempt=attempt)
    try:
        cohort = load_cohort(round_.program)
        kept, seated = _kept_and_seated(round_)
        people = [p for p in cohort.people if int(p.id) not in kept | seated]
        rows.update(stage="circles", progress=0.3, heartbeat_at=timezone.now())
        result = form_circles(
            people, cohort.config, size_min=CIRCLE_MIN, size_max=CIRCLE_MAX, target_size=TARGET_SIZE
        )
        extra = {"incomplete": len(cohort.incomplete), "already_seated": len(seated - kept)}
        saved = _save(round_.pk, attempt, result, cohort.incomplete, extra)
        return "proposed" if saved else "stale"
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the manager
        logger.exception("Circle round %s failed", round_.pk)
        rows.update(status=Round.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        return "failed"


def _save(
    round_id: int, attempt: int, result: CircleResult, incomplete: list[int], extra: dict[str, Any]
) -> bool:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.attempt != attempt or round_.status == Round.Status.PUBLISHED:
            return False
        round_.circles.filter(locked=False).delete()
        round_.unmatched.all().delete()
        number = max(round_.circles.values_list("number", flat=True), default=0)
        for circle in result.circles:
            number += 1
            _circle_rows(round_, number, circle)
        unmatched = [
            RoundUnmatched(round=round_, user_id=int(u.id), reason=u.reason, detail=u.detail[:300])
            for u in result.unmatched
        ] + [
            RoundUnmatched(
                round=round_, user_id=uid, reason="profile_incomplete", detail=INCOMPLETE_DETAIL
            )
            for uid in incomplete
        ]
        RoundUnmatched.objects.bulk_create(unmatched, 2000)
        summary = dataclasses.asdict(result.summary)
        summary.update(mode="circles", locked=round_.circles.filter(locked=True).count(), **extra)
        round_.summary, round_.status = summary, Round.Status.PROPOSED
        round_.stage, round_.progress, round_.finished_at = "done", 1.0, timezone.now()
        round_.save(update_fields=["summary", "status", "stage", "progress", "finished_at"])
    return True


def _circle_rows(round_: Round, number: int, circle: Any) -> None:
    row = RoundCircle.objects.create(
        round=round_,
        number=number,
        score=circle.score,
        percent=circle.percent,
        balance=circle.balance,
        skills=list(circle_skills(circle)),
    )
    RoundCircleMember.objects.bulk_create(
        RoundCircleMember(round=round_, round_circle=row, user_id=int(r.id), why=r.why[:300])
        for r in circle.roles
    )


def circle_figures(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """A circle proposal's quality figures in words, for the round page."""
    from twoway.programs.dashboard import number, percent

    return [
        (gettext("People in the run"), number(summary["people"])),
        (gettext("Circles"), number(summary["circles"])),
        (gettext("Placed share"), percent(summary["circled_share"], 1)),
        (gettext("Mean size"), number(summary["mean_size"], 1)),
        (gettext("Mean two-way balance"), number(summary["mean_balance"], 2)),
        (gettext("Locked circles"), number(summary.get("locked", 0))),
    ]


# ---------------------------------------------------------------------------------------------
# Reviewing and publishing


def round_circles(round_: Round) -> list[RoundCircle]:
    """The proposal's circles with their members' profiles, for the page."""
    return list(round_.circles.prefetch_related("seats__user__profile").select_related("circle"))


@transaction.atomic
def circle_lock(*, user: User, round_: Round, circle_id: int, locked: bool) -> RoundCircle:
    """Lock a proposed circle (every re-run keeps it as it is) or unlock it."""
    round_ = round_get(user=user, program=round_.program, round_id=round_.pk)
    if round_.status != Round.Status.PROPOSED:
        raise Refused(gettext("Circles can be locked once the proposal is ready."), "not_ready")
    row = round_.circles.filter(pk=circle_id).first()
    if row is None:
        raise Http404(gettext("No such circle in this round."))
    row.locked = locked
    row.save(update_fields=["locked"])
    return row


def circles_publish(*, user: User, round_: Round) -> Published:
    """Write the proposal's circles as closed network circles and tell their members.
    Idempotent: the round is locked and its status checked, and each proposed circle is
    written once (``RoundCircle.circle`` is one-to-one)."""
    round_ = round_get(user=user, program=round_.program, round_id=round_.pk)
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("program").get(pk=round_.pk)
        if locked.status == Round.Status.PUBLISHED:
            return Published(locked, 0, 0)
        if locked.status != Round.Status.PROPOSED:
            raise Refused(
                gettext("Wait until the proposal is ready, then publish it."), "not_ready"
            )
        rows = list(locked.circles.filter(circle__isnull=True).prefetch_related("seats"))
        made = circles_write(drafts=[_draft(locked, row) for row in rows], note=_note(locked))
        for row, circle in zip(rows, made, strict=True):
            row.circle = circle
        RoundCircle.objects.bulk_update(rows, ["circle"])
        locked.status, locked.published_at = Round.Status.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at"])
        record("round.publish", actor=user, target=locked, created=len(made), linked=0)
    return Published(locked, len(made), 0)


def _draft(round_: Round, row: RoundCircle) -> CircleDraft:
    # The circle's name and theme are shared by its members: written in the manager's language.
    seats = list(row.seats.all())
    about = ", ".join(row.skills[:3])
    program = round_.program.name
    theme = gettext("%(program)s, about %(skills)s.") % {"program": program, "skills": about}
    return CircleDraft(
        name=gettext("%(program)s · circle %(number)s")
        % {"program": program, "number": row.number},
        user_ids=[seat.user_id for seat in seats],
        why="\n".join(seat.why for seat in seats),
        theme=theme if about else program,
    )


def _note(round_: Round) -> str:
    """The news each member gets: lazy, so it is written in the language active when it is
    rendered (each member's, where the notification is made inside ``speaking_to``)."""
    program = round_.program.name

    def said() -> str:
        return gettext("%(program)s formed your circle: say hello and agree when to meet.") % {
            "program": program
        }

    return lazy(said, str)()
