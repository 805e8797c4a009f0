"""A program's outcome figures: participation, sessions, balance, satisfaction, growth, risks.

Managers see aggregates and non-private fields only: ratings are counted, but feedback text,
learning-log text and notes never leave this module. Every chart is a :class:`Chart`, drawn as
inline SVG and exportable as CSV.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

from twoway.core.i18n import speaking_to
from twoway.core.scheduler import period_key
from twoway.core.times import when
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.partnerships.learning import Balance, balance_counted
from twoway.partnerships.models import Feedback, LearningEntry, LevelChange, Partnership, Session
from twoway.people.models import Profile, name_of
from twoway.programs.charts import Chart
from twoway.programs.dashboard_cache import cached
from twoway.programs.models import Enrolment, Program, Round, RoundPair
from twoway.programs.rounds import program_partnerships
from twoway.programs.services import program_manage

if TYPE_CHECKING:
    from twoway.accounts.models import User

WEEKS_SHOWN = 12
BALANCE_BUCKETS = (
    (gettext_lazy("Nothing logged yet"), None),
    (gettext_lazy("One way only (0)"), 0.0),
    (gettext_lazy("Mostly one way (< 0.5)"), 0.5),
    (gettext_lazy("Leaning (0.5–0.75)"), 0.75),
    (gettext_lazy("Even (≥ 0.75)"), 1.01),
)


def enrolment_counts(program: Program) -> dict[str, int]:
    counts = Counter(program.enrolments.values_list("status", flat=True))
    return {status: counts.get(status, 0) for status in Enrolment.Status.values}


def round_figures(round_: Round) -> list[tuple[str, str]]:
    """A proposal's quality figures in words, for the round page and the API."""
    s = round_.summary
    if not s:
        return []
    if s.get("mode") == "circles":  # circle rounds: see circle_rounds.py
        from twoway.programs.circle_rounds import circle_figures

        return circle_figures(s)
    return [
        (gettext("People in the run"), number(s["people"])),
        (gettext("Pairs"), number(s["pairs"])),
        (gettext("Matched share"), percent(s["matched_share"], 1)),
        (gettext("Mean score"), number(s["mean_score"], 2)),
        (gettext("Mean two-way balance"), number(s["mean_balance"], 2)),
        (gettext("Gap to the upper bound"), percent(s["gap"], 2)),
        (gettext("Blocking pairs"), number(s.get("blocking_pairs", 0))),
    ]


def number(value: float, places: int | None = None) -> str:
    """A figure as the reader's language writes numbers ("0.75", "0,75")."""
    return number_format(value, decimal_pos=places, use_l10n=True)


def percent(share: float, places: int) -> str:
    """A share (0 to 1) as a percentage: "42.5%", "42,5 %"."""
    return gettext("%(number)s%%") % {"number": number(100 * share, places)}


# ---------------------------------------------------------------------------------------------
# The charts


def _funnel(program: Program, pairs: Pairs, now: datetime) -> Chart:
    active = program.enrolments.active()
    complete = Profile.objects.complete().filter(user_id=OuterRef("user_id"))
    matched = {uid for _, low, high, _ in pairs.rows for uid in (low, high)}
    recent = now - timedelta(weeks=settings.PARTNERSHIP_QUIET_WEEKS)
    met_pairs = set(
        Session.objects.filter(
            partnership_id__in=pairs.query,
            status=Session.Status.HELD,
            starts_at__gte=recent,
        ).values_list("partnership_id", flat=True)
    )
    met_ids = {uid for pid, low, high, _ in pairs.rows if pid in met_pairs for uid in (low, high)}
    enrolled_ids = set(active.values_list("user_id", flat=True))
    invited = program.enrolments.count() + program.invitations.waiting().count()
    rows = [
        (gettext("Invited or joined"), invited),
        (pgettext("funnel step", "Enrolled"), len(enrolled_ids)),
        (gettext("Complete profile"), active.filter(Exists(complete)).count()),
        (pgettext("funnel step", "Matched"), len(enrolled_ids & matched)),
        (gettext("Active (met lately)"), len(enrolled_ids & met_ids)),
    ]
    weeks = settings.PARTNERSHIP_QUIET_WEEKS
    return Chart(
        "funnel",
        gettext("Participation funnel"),
        ngettext(
            "People at each step, from invited to meeting their partner in the last week.",
            "People at each step, from invited to meeting their partner in the last %(count)s "
            "weeks.",
            weeks,
        )
        % {"count": weeks},
        (pgettext("chart column", "step"), pgettext("chart column", "people")),
        [(label, float(value)) for label, value in rows],
    )


def _sessions(pairs: Pairs, now: datetime) -> Chart:
    zone = timezone.get_current_timezone()
    monday = (now - timedelta(days=now.weekday())).date()
    weeks = [monday - timedelta(weeks=i) for i in range(WEEKS_SHOWN - 1, -1, -1)]
    held = Session.objects.filter(
        partnership_id__in=pairs.query,
        status=Session.Status.HELD,
        starts_at__date__gte=weeks[0],
    ).values_list("starts_at", flat=True)
    counts = Counter((t - timedelta(days=t.weekday())).date() for t in held)
    return Chart(
        "sessions",
        gettext("Sessions held per week"),
        gettext("Sessions marked held in each of the last %(count)s weeks (week starting Monday).")
        % {"count": WEEKS_SHOWN},
        (pgettext("chart column", "week starting"), pgettext("chart column", "sessions held")),
        [(when(week, zone), float(counts.get(week, 0))) for week in weeks],
    )


def _bucket(index: float | None) -> int:
    """The place in BALANCE_BUCKETS of a balance index (None: nothing logged)."""
    for at, (_label, upper) in enumerate(BALANCE_BUCKETS):
        if upper is None and index is None:
            return at
        if upper is not None and index is not None and (index < upper or upper == 0 == index):
            return at
    return len(BALANCE_BUCKETS) - 1


def entry_counts(pairs: Pairs) -> dict[int, dict[tuple[int, str], int]]:
    """{partnership id: {(author id, kind): learning-log entries}}, in one aggregate query."""
    rows = (
        LearningEntry.objects.filter(partnership_id__in=pairs.query)
        .order_by()
        .values_list("partnership_id", "author_id", "kind")
        .annotate(n=Count("id"))
    )
    found: dict[int, dict[tuple[int, str], int]] = {}
    for pid, author, kind, n in rows:
        found.setdefault(pid, {})[(author, kind)] = n
    return found


def _figures(pairs: Pairs, counts: dict[int, dict[tuple[int, str], int]]) -> dict[int, Balance]:
    """Each partnership's balance from its entry counts; the readings name nobody (unshown)."""
    return {
        pid: balance_counted(low, high, counts.get(pid, {}), name=str)
        for pid, low, high, _ in pairs.rows
    }


def _balance(found: dict[int, Balance]) -> Chart:
    counts = Counter(_bucket(b.index if b.total else None) for b in found.values())
    return Chart(
        "balance",
        gettext("Two-way balance"),
        gettext(
            "Partnerships by their balance index: 1 when learning flows evenly both ways, 0 when "
            "it flows one way only."
        ),
        (pgettext("chart column", "balance"), pgettext("chart column", "partnerships")),
        [(str(label), float(counts.get(at, 0))) for at, (label, _) in enumerate(BALANCE_BUCKETS)],
    )


def _satisfaction(pairs: Pairs) -> Chart:
    # Ratings only: the text of feedback, private or not, is never shown to managers.
    rated = Feedback.objects.filter(partnership_id__in=pairs.query).order_by()
    counts = Counter(dict(rated.values_list("rating").annotate(n=Count("id"))))
    total = sum(counts.values())
    mean = sum(r * n for r, n in counts.items()) / total if total else 0.0
    chart = Chart(
        "satisfaction",
        gettext("Satisfaction"),
        gettext("How partners rated their partnership, from 1 (poor) to 5 (excellent)."),
        (pgettext("chart column", "rating"), pgettext("chart column", "partners")),
        [
            (gettext("%(rating)s / 5") % {"rating": r}, float(counts.get(r, 0)))
            for r in range(5, 0, -1)
        ],
    )
    chart.note = (
        ngettext(
            "Mean %(mean)s / 5 from %(count)s rating.",
            "Mean %(mean)s / 5 from %(count)s ratings.",
            total,
        )
        % {"mean": number(mean, 1), "count": total}
        if total
        else gettext("No ratings yet.")
    )
    return chart


def _sides(program: Program, ids: Any) -> dict[tuple[int, int], str]:
    """(partnership id, member id) → "mentor", "mentee" or "peer"."""
    roles = dict(program.enrolments.values_list("user_id", "role"))
    sides: dict[tuple[int, int], str] = {}
    pairs = RoundPair.objects.filter(partnership_id__in=ids)
    for pair in pairs.values("partnership_id", "member_low_id", "member_high_id", "mentor_id"):
        for member in (pair["member_low_id"], pair["member_high_id"]):
            if pair["mentor_id"]:
                side = "mentor" if pair["mentor_id"] == member else "mentee"
            else:
                role = roles.get(member, "either")
                side = (
                    role
                    if program.mode == Program.Mode.MENTOR_MENTEE and role != "either"
                    else "peer"
                )
            sides[(pair["partnership_id"], member)] = side
    return sides


def _growth(program: Program, pairs: Pairs) -> Chart:
    ids = pairs.query
    sides = _sides(program, ids)
    owners = {pid: low for pid, low, _, _ in pairs.rows}
    highs = {pid: high for pid, _, high, _ in pairs.rows}
    learned: set[tuple[str, int, int]] = set()
    entries = LearningEntry.objects.filter(partnership_id__in=ids).values_list(
        "partnership_id", "author_id", "kind", "skills"
    )
    for pid, author, kind, skill in entries:
        if skill is None:
            continue
        learner = (
            author if kind == "learned" else (highs[pid] if author == owners[pid] else owners[pid])
        )
        learned.add((sides.get((pid, learner), "peer"), learner, skill))
    changes = LevelChange.objects.filter(partnership_id__in=ids, new__gt=F("old"))
    for pid, user, skill in changes.values_list("partnership_id", "user_id", "skill_id"):
        learned.add((sides.get((pid, user), "peer"), user, skill))
    counts = Counter(side for side, _, _ in learned)
    labels = {
        "mentor": gettext("Mentors learned"),
        "mentee": gettext("Mentees learned"),
        "peer": gettext("Peers learned"),
    }
    shown = ["mentor", "mentee"] if program.mode == Program.Mode.MENTOR_MENTEE else ["peer"]
    shown += [s for s in counts if s not in shown]
    return Chart(
        "growth",
        gettext("Skill growth on both sides"),
        gettext(
            "Distinct skills each side learned (from the learning log and raised skill levels); "
            "growth counts for mentors too."
        ),
        (pgettext("chart column", "side"), pgettext("chart column", "skills learned")),
        [(labels[s], float(counts.get(s, 0))) for s in shown],
    )


def program_charts(program: Program, now: datetime | None = None) -> list[Chart]:
    """Every chart of the program's dashboard, in page order: as of ``now``, or, without it,
    from the cache while nothing they count changed (:mod:`twoway.programs.dashboard_cache`)."""
    if now is None:
        return cached(program, "charts", lambda: program_charts(program, timezone.now()))
    pairs = Pairs.of(program_partnerships(program))
    return [
        _funnel(program, pairs, now),
        _sessions(pairs, now),
        _balance(_figures(pairs, entry_counts(pairs))),
        _satisfaction(pairs),
        _growth(program, pairs),
    ]


PairRow = tuple[int, int, int, str]  # partnership id, member_low id, member_high id, status


@dataclass
class Pairs:
    """The program's partnerships as plain rows, read once and shared by every figure, and the
    query that found them: filtering by it beats sending thousands of ids."""

    rows: list[PairRow]
    query: Any

    @classmethod
    def of(cls, partnerships: Any) -> Pairs:
        rows = partnerships.values_list("pk", "member_low_id", "member_high_id", "status")
        return cls(list(rows), partnerships.values("pk"))


# ---------------------------------------------------------------------------------------------
# Partnerships at risk, and nudging them


@dataclass
class AtRisk:
    partnership: Partnership
    reason: str
    quiet: bool
    one_sided: bool

    @property
    def names(self) -> str:
        return f"{name_of(self.partnership.member_low)} ⇄ {name_of(self.partnership.member_high)}"


def at_risk(program: Program, now: datetime | None = None) -> list[AtRisk]:
    """Active program partnerships with no session in N weeks, or learning flowing one way: as
    of ``now``, or, without it, from the cache (as :func:`program_charts`)."""
    if now is None:
        return cached(program, "at_risk", lambda: at_risk(program, timezone.now()))
    weeks = settings.PARTNERSHIP_QUIET_WEEKS
    quiet_since = now - timedelta(weeks=weeks)
    active = program_partnerships(program).filter(status=Partnership.Status.ACTIVE)
    quiet = set(
        active.filter(started_at__lte=quiet_since)
        .annotate(last=Max("sessions__starts_at", filter=~Q(sessions__status="cancelled")))
        .filter(Q(last__isnull=True) | Q(last__lt=quiet_since))
        .values_list("pk", flat=True)
    )
    pairs = Pairs.of(active)
    counts = entry_counts(pairs)
    figures = _figures(pairs, counts)
    risky = [pid for pid, *_ in pairs.rows if pid in quiet or figures[pid].one_sided]
    found = []
    for partnership in active.filter(pk__in=risky).select_related(
        "member_low__profile", "member_high__profile"
    ):
        pid = partnership.pk
        balance = balance_counted(
            partnership.member_low, partnership.member_high, counts.get(pid, {})
        )
        one_sided = balance.one_sided
        reasons = [_no_session(weeks)] if pid in quiet else []
        reasons += [balance.reading] if one_sided else []
        found.append(AtRisk(partnership, "; ".join(reasons), pid in quiet, one_sided))
    return found


def _no_session(weeks: int) -> str:
    return ngettext("no session in %(count)s week", "no session in %(count)s weeks", weeks) % {
        "count": weeks
    }


def partnership_nudge(*, user: User, program: Program, partnership_id: int) -> int:
    """A manager nudges both partners of an at-risk program partnership; once a week at most.

    Returns how many people were told (0 when they were nudged this week already).
    """
    program = program_manage(user=user, program_id=program.pk)
    risks = at_risk(program, timezone.now())
    risk = next((r for r in risks if r.partnership.pk == partnership_id), None)
    if risk is None:
        raise Http404(gettext("This partnership is not at risk in this program."))
    period = period_key(timedelta(weeks=1))
    kind = Kind.NO_RECENT_SESSION if risk.quiet else Kind.BALANCE_ONE_SIDED
    counts = entry_counts(Pairs.of(Partnership.objects.filter(pk=partnership_id)))
    told = 0
    for member in risk.partnership.members:
        partner = risk.partnership.partner_of(member)
        with speaking_to(member):  # each partner reads the nudge in their own language
            title = gettext("%(program)s: how are things with %(partner)s?") % {
                "program": program.name,
                "partner": name_of(partner),
            }
            body = _nudge_body(risk, counts.get(partnership_id, {}))
        sent = notify(
            recipient=member,
            kind=kind,
            title=title,
            body=body,
            url=risk.partnership.get_absolute_url(),
            actor=user,
            dedupe_key=f"program:{program.pk}:nudge:{partnership_id}:{period}",
        )
        told += sent is not None
    return told


def _nudge_body(risk: AtRisk, counts: dict[tuple[int, str], int]) -> str:
    """What the manager noticed, said again in the active language (the reader's)."""
    reasons = [_no_session(settings.PARTNERSHIP_QUIET_WEEKS)] if risk.quiet else []
    if risk.one_sided:
        low, high = risk.partnership.member_low, risk.partnership.member_high
        reasons.append(balance_counted(low, high, counts).reading)
    return gettext(
        "Your program manager noticed: %(reasons)s. Schedule a session, set a goal for each of "
        "you, and log what you learn."
    ) % {"reasons": "; ".join(reasons)}
