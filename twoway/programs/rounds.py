"""Match rounds: run the engine on a program's participants in the background, review, publish.

A round's life: queued → running → proposed (→ re-run any number of times) → published. The
worker (:func:`round_execute`, run by the ``run_round`` task) claims the round for one *attempt*
and writes its results in one transaction at the end, so a crash mid-run leaves the previous
proposal intact and a re-run (a new attempt) starts clean; a stale worker can never overwrite a
newer attempt's output. While it runs, the worker writes a heartbeat (:mod:`.worker`); a round
whose heartbeat stopped lost its worker and is queued again (:func:`rounds_revive_lost`, run by
the periodic job, and :func:`round_revive` whenever someone opens or starts it).

Locks and prohibitions are program-wide ``PairRule`` rows, so they survive re-runs and apply to
later rounds. Published pairs become forbidden in later rounds, and use up their members'
capacity, so late joiners are matched without disturbing anyone already matched.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from twoway.core.errors import Refused
from twoway.engine.explain import explain_pair
from twoway.engine.model import MatchConfig, Pair, Person, Weights
from twoway.engine.scoring import conflict
from twoway.partnerships.adapter import cohort_people, person_of
from twoway.partnerships.models import Partnership, ordered
from twoway.people.models import Profile
from twoway.programs.kept_out import kept_out_count
from twoway.programs.models import Enrolment, PairRule, Program, Round, RoundPair, RoundUnmatched
from twoway.programs.services import program_manage
from twoway.programs.worker import Heartbeat, revive, revive_lost

if TYPE_CHECKING:
    from twoway.accounts.models import User

logger = logging.getLogger(__name__)
# Share of the progress bar each stage ends at (loading is 0 → 0.1, saving 0.95 → 1).
STAGE_ENDS = {"load": 0.1, "prepare": 0.2, "candidates": 0.55, "solve": 0.85, "explain": 0.95}
PROGRESS_EVERY = 0.3  # seconds between progress writes


# ---------------------------------------------------------------------------------------------
# Turning the program into engine input


@dataclass
class Cohort:
    """A program's participants as the engine sees them, and who was left out before the run."""

    people: list[Person]
    config: MatchConfig
    incomplete: list[int]
    full: list[int]
    skipped_locks: int
    load_seconds: float = 0.0
    kept_out: dict[str, Any] = dataclasses.field(default_factory=dict)  # see kept_out.py


def program_config(program: Program, **extra: Any) -> MatchConfig:
    """The program's matching rules as an engine configuration."""
    weights = Weights(
        mentor=program.mentor_weight,
        reverse=program.reverse_weight,
        timezone=program.timezone_weight,
    )
    return MatchConfig(
        mode="mentor-mentee" if program.mode == Program.Mode.MENTOR_MENTEE else "peer",
        objective="stable" if program.objective == Program.Objective.STABLE else "welfare",
        weights=weights,
        exclude_same_group=program.exclude_same_team,
        require_shared_language=program.require_shared_language,
        min_overlap_hours=program.min_overlap_hours,
        **extra,
    )


def program_partnerships(program: Program) -> Any:
    """Partnerships created by this program's published rounds."""
    return Partnership.objects.filter(
        round_pair__round__program=program, round_pair__round__status=Round.Status.PUBLISHED
    )


def _person(profile: Profile, enrolment: Enrolment, used: int) -> Person:
    return _with_enrolment(person_of(profile), enrolment, used)


def _with_enrolment(base: Person, enrolment: Enrolment, used: int) -> Person:
    """The program's view of a person: role, capacity left and team come from the enrolment."""
    return dataclasses.replace(
        base,
        role=enrolment.role,  # type: ignore[arg-type]
        capacity=enrolment.effective_capacity - used,
        group=enrolment.team or base.group,
    )


def _pairs_among(user_ids: set[int], rows: Any) -> frozenset[frozenset[str]]:
    return frozenset(
        frozenset((str(low), str(high)))
        for low, high in rows.values_list("member_low_id", "member_high_id")
        if low in user_ids and high in user_ids
    )


def load_cohort(program: Program) -> Cohort:
    """Active participants with complete profiles and capacity left, with locks and forbids."""
    enrolments = {e.user_id: e for e in program.enrolments.active().select_related("program")}
    enrolled = program.enrolments.active().values("user_id")
    profiles = Profile.objects.complete().filter(user_id__in=enrolled).order_by("user_id")
    loaded = cohort_people(profiles)
    complete = {int(person.id) for person in loaded}
    used = Counter[int]()
    for low, high in (
        program_partnerships(program)
        .filter(status="active")
        .values_list("member_low_id", "member_high_id")
    ):
        used.update((low, high))
    people = [
        _with_enrolment(person, enrolments[int(person.id)], used[int(person.id)])
        for person in loaded
    ]
    full = [int(p.id) for p in people if p.capacity <= 0]
    people = [p for p in people if p.capacity > 0]
    ids = {int(p.id) for p in people}
    involved = Partnership.objects.filter(member_low_id__in=enrolled, member_high_id__in=enrolled)
    rules = PairRule.objects.filter(program=program)
    forbidden = _pairs_among(ids, involved) | _pairs_among(ids, rules.filter(kind="forbid"))
    all_locks = rules.filter(kind="lock")
    locked = _pairs_among(ids, all_locks) - forbidden
    config = program_config(program, forbidden=forbidden, locked=locked)
    incomplete = [uid for uid in enrolments if uid not in complete]
    return Cohort(people, config, incomplete, full, all_locks.count() - len(locked))


# ---------------------------------------------------------------------------------------------
# Starting and running


def _enqueue(round_: Round) -> None:
    round_id, attempt, task = round_.pk, round_.attempt, _task()
    transaction.on_commit(lambda: task.enqueue(round_id, attempt))


@transaction.atomic
def round_start(*, user: User, program: Program) -> Round:
    """Run a match round: re-runs the open proposal if there is one, else starts a new round."""
    program = program_manage(user=user, program_id=program.pk)
    Program.objects.select_for_update().get(pk=program.pk)  # one starter at a time
    current = program.rounds.exclude(status=Round.Status.PUBLISHED).order_by("-number").first()
    if current is not None:
        current = round_revive(current)  # its worker died: queued again
        # Already on its way: a second click doesn't restart it.
        return current if current.in_progress else _rerun(current)
    number = (program.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = Round.objects.create(program=program, number=number, created_by=user, attempt=1)
    _enqueue(round_)
    return round_


def round_get(*, user: User, program: Program, round_id: int) -> Round:
    """A round of a program the member manages; one whose worker died is queued again first."""
    program = program_manage(user=user, program_id=program.pk)
    found = program.rounds.filter(pk=round_id).first()
    if found is None:
        raise Http404(gettext("No such round."))
    return round_revive(found)


def round_revive(round_: Round) -> Round:
    """Queue a round again as a new attempt if its worker died (no heartbeat for too long)."""
    return revive(round_, _task(), _rerun)


def rounds_revive_lost() -> int:
    """Queue again every round whose worker died; returns how many (the periodic job)."""
    return revive_lost(Round.objects.filter(Round.lost()), round_revive)


def _task() -> Any:
    from twoway.programs.tasks import run_round

    return run_round


@transaction.atomic
def round_rerun(*, user: User, round_: Round) -> Round:
    """Run an unpublished round again (after locks or forbids, or after a crash)."""
    round_ = round_get(user=user, program=round_.program, round_id=round_.pk)
    return _rerun(round_)


def _rerun(round_: Round) -> Round:
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status == Round.Status.PUBLISHED:
        raise Refused(
            gettext("This round is published; start a new round for late joiners."), "published"
        )
    locked.attempt += 1
    locked.status, locked.stage, locked.progress, locked.error = Round.Status.QUEUED, "", 0.0, ""
    locked.save(update_fields=["attempt", "status", "stage", "progress", "error"])
    _enqueue(locked)
    return locked


class _Progress:
    """Writes the stage and progress to the round row, at most every PROGRESS_EVERY seconds."""

    def __init__(self, round_id: int, attempt: int) -> None:
        self.rows = Round.objects.filter(pk=round_id, attempt=attempt)
        self.last = 0.0

    def write(self, stage: str, share: float, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= PROGRESS_EVERY:
            self.last = now
            share = round(min(max(share, 0.0), 1.0), 3)
            self.rows.update(stage=stage, progress=share, heartbeat_at=timezone.now())

    def __call__(self, stage: str, done: int, total: int) -> None:
        stages = list(STAGE_ENDS)
        start = STAGE_ENDS[stages[stages.index(stage) - 1]] if stage in stages[1:] else 0.1
        end = STAGE_ENDS.get(stage, 0.95)
        self.write(stage, start + (end - start) * (done / total if total else 1.0))


def _claim(round_id: int, attempt: int) -> Round | None:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().filter(pk=round_id).first()
        if round_ is None or round_.attempt != attempt or round_.status == Round.Status.PUBLISHED:
            return None
        round_.status, round_.stage = Round.Status.RUNNING, "load"
        round_.started_at = round_.heartbeat_at = timezone.now()
        round_.save(update_fields=["status", "started_at", "heartbeat_at", "stage"])
        return round_


def round_execute(round_id: int, attempt: int) -> str:
    """The background work: load the cohort, run the engine, write the proposal in one go.

    Returns what happened ("proposed", "failed" or "stale"). Safe to run twice for one attempt.
    """
    round_ = _claim(round_id, attempt)
    if round_ is None:
        return "stale"
    with Heartbeat(Round.objects.filter(pk=round_id, attempt=attempt, status=Round.Status.RUNNING)):
        return _execute(round_, attempt)


def _execute(round_: Round, attempt: int) -> str:
    if round_.program.mode == Program.Mode.CIRCLES:  # circle rounds: see circle_rounds.py
        from twoway.programs.circle_rounds import circles_execute

        return circles_execute(round_, attempt)
    round_id = round_.pk
    progress = _Progress(round_id, attempt)
    try:
        began = time.perf_counter()
        cohort = load_cohort(round_.program)
        cohort.load_seconds = time.perf_counter() - began
        progress.write("prepare", STAGE_ENDS["load"], force=True)
        # Imported here, in the worker: web processes start without numba (docs/deploy.md).
        from twoway.engine.match import match

        result = match(cohort.people, cohort.config, progress=progress)
        progress.write("kept out", STAGE_ENDS["explain"], force=True)
        matched = result.summary.matched_people
        cohort.kept_out = kept_out_count(
            program=round_.program, people=cohort.people, config=cohort.config, matched=matched
        )
        progress.write("save", STAGE_ENDS["explain"], force=True)
        return "proposed" if _save(round_id, attempt, cohort, result) else "stale"
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the manager
        logger.exception("Match round %s failed", round_id)
        Round.objects.filter(pk=round_id, attempt=attempt).update(
            status=Round.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return "failed"


def _pair_row(round_: Round, pair: Pair) -> RoundPair:
    a, b = int(pair.a), int(pair.b)
    flip = a > b
    low_flows, high_flows = (pair.b_teaches_a, pair.a_teaches_b) if flip else (
        pair.a_teaches_b, pair.b_teaches_a)  # fmt: skip
    return RoundPair(
        round=round_,
        member_low_id=min(a, b),
        member_high_id=max(a, b),
        score=pair.score,
        percent=pair.percent,
        balance=pair.balance,
        gain_low_high=pair.gain_ba if flip else pair.gain_ab,
        gain_high_low=pair.gain_ab if flip else pair.gain_ba,
        low_teaches=[list(dataclasses.astuple(f)) for f in low_flows],
        high_teaches=[list(dataclasses.astuple(f)) for f in high_flows],
        why=pair.why,
        locked=pair.locked,
        mentor_id=int(pair.mentor) if pair.mentor else None,
    )


def _save(round_id: int, attempt: int, cohort: Cohort, result: Any) -> bool:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.attempt != attempt or round_.status == Round.Status.PUBLISHED:
            return False
        round_.pairs.all().delete()
        round_.unmatched.all().delete()
        RoundPair.objects.bulk_create((_pair_row(round_, p) for p in result.pairs), 2000)
        unmatched = [RoundUnmatched(round=round_, user_id=int(u.id), reason=u.reason,
                                    detail=u.detail[:300]) for u in result.unmatched]  # fmt: skip
        unmatched += [
            RoundUnmatched(round=round_, user_id=uid, reason="profile_incomplete",
                           detail="The profile needs a skill to teach, one to learn and a "
                           "language before it can be matched.")
            for uid in cohort.incomplete
        ]  # fmt: skip
        RoundUnmatched.objects.bulk_create(unmatched, 2000)
        summary = dataclasses.asdict(result.summary)
        summary.update(
            incomplete=len(cohort.incomplete),
            already_full=len(cohort.full),
            skipped_locks=cohort.skipped_locks,
            load_seconds=cohort.load_seconds,
            kept_out=cohort.kept_out,
        )
        round_.summary, round_.status = summary, Round.Status.PROPOSED
        round_.stage, round_.progress, round_.finished_at = "done", 1.0, timezone.now()
        round_.save(update_fields=["summary", "status", "stage", "progress", "finished_at"])
    return True


# ---------------------------------------------------------------------------------------------
# Reviewing: locks, prohibitions, pairs by hand


def _participant_ids(program: Program, *user_ids: int) -> None:
    found = set(
        program.enrolments.active().filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    if len(set(user_ids)) != 2 or found != set(user_ids):
        raise Http404(
            gettext("Both people must be two different active participants of this program.")
        )


@transaction.atomic
def pair_rule_set(
    *, user: User, program: Program, a_id: int, b_id: int, kind: str
) -> PairRule | None:
    """Lock a pair (it stays in every re-run), forbid it (never proposed), or clear ("")."""
    program = program_manage(user=user, program_id=program.pk)
    _participant_ids(program, a_id, b_id)
    low, high = ordered(a_id, b_id)
    PairRule.objects.filter(program=program, member_low_id=low, member_high_id=high).delete()
    if not kind:
        return None
    if kind not in PairRule.Kind.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"kind": gettext("Choose lock or forbid.")})
    return PairRule.objects.create(
        program=program, member_low_id=low, member_high_id=high, kind=kind, created_by=user
    )


def _two_people(program: Program, a_id: int, b_id: int) -> tuple[Person, Person, MatchConfig]:
    cohort_rules = PairRule.objects.filter(program=program, kind="forbid")
    ids = {a_id, b_id}
    involved = Partnership.objects.filter(member_low_id__in=ids, member_high_id__in=ids)
    config = program_config(
        program, forbidden=_pairs_among(ids, involved) | _pairs_among(ids, cohort_rules)
    )
    enrolments = {e.user_id: e for e in program.enrolments.filter(user_id__in=ids)}
    profiles = {p.user_id: p for p in Profile.objects.with_skills().filter(user_id__in=ids)}
    a, b = (_person(profiles[i], enrolments[i], 0) for i in (a_id, b_id))
    return a, b, config


@transaction.atomic
def pair_add(*, user: User, round_: Round, a_id: int, b_id: int) -> RoundPair:
    """Add a pair by hand to a proposal; it is locked, and ``warning`` says any rule it breaks."""
    round_ = round_get(user=user, program=round_.program, round_id=round_.pk)
    if round_.status != Round.Status.PROPOSED:
        raise Refused(
            gettext("Pairs can be added once the proposal is ready, and before publishing."),
            "not_ready",
        )
    program = round_.program
    _participant_ids(program, a_id, b_id)
    a, b, config = _two_people(program, a_id, b_id)
    # Stored in the engine's English words, said in the reader's language when shown
    # (round_words.warning_words).
    problems = [c for c in [conflict(a, b, config)] if c]
    explained = explain_pair(a, b, config, locked=True)
    if explained.score <= 0:
        problems.append("no learning flows both ways")
    for person in (a, b):
        taken = round_.pairs.filter(Q(member_low_id=person.id) | Q(member_high_id=person.id))
        if taken.count() >= person.capacity:
            problems.append(f"{person.name or person.id} is over capacity; re-run to rebalance")
    pair_rule_set(user=user, program=program, a_id=a_id, b_id=b_id, kind="lock")
    row = _pair_row(round_, explained)
    row.manual, row.warning = True, "; ".join(problems)[:300]
    round_.pairs.filter(member_low_id=row.member_low_id, member_high_id=row.member_high_id).delete()
    row.save()
    return row
