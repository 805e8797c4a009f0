"""The programs API's input and output schemas, and the converters that turn rows into the
output schemas' dicts (:func:`program_out`, :func:`enrolment_out`, :func:`round_out`…)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ninja import Field, Schema

from twoway.programs.models import Enrolment, ImportBatch, Program, Round, RoundPair

if TYPE_CHECKING:
    from twoway.accounts.models import User


class QuestionOut(Schema):
    key: str
    label: str
    required: bool


class ProgramIn(Schema):
    name: str
    description: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    mode: str = Field("peer", description='"peer" or "mentor-mentee".')
    objective: str = Field("welfare", description='"welfare" or "stable".')
    mentor_weight: float = 1.0
    reverse_weight: float = Field(0.5, description="Mentor–mentee: weight of what mentees teach.")
    timezone_weight: float = 0.5
    exclude_same_team: bool = False
    require_shared_language: bool = True
    min_overlap_hours: float = 4.0
    default_capacity: int = 1
    open_enrolment: bool = False
    requires_approval: bool = False
    questions: list[QuestionOut | str] = Field(default_factory=list)


class ProgramPatch(Schema):
    name: str | None = None
    description: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    mode: str | None = None
    objective: str | None = None
    mentor_weight: float | None = None
    reverse_weight: float | None = None
    timezone_weight: float | None = None
    exclude_same_team: bool | None = None
    require_shared_language: bool | None = None
    min_overlap_hours: float | None = None
    default_capacity: int | None = None
    open_enrolment: bool | None = None
    requires_approval: bool | None = None
    questions: list[QuestionOut | str] | None = None


class ProgramOut(Schema):
    id: int
    name: str
    description: str
    starts_on: date | None
    ends_on: date | None
    mode: str
    objective: str
    mentor_weight: float
    reverse_weight: float
    timezone_weight: float
    exclude_same_team: bool
    require_shared_language: bool
    min_overlap_hours: float
    default_capacity: int
    open_enrolment: bool
    requires_approval: bool
    questions: list[QuestionOut]
    url: str
    managing: bool = Field(description="True when the caller manages this program.")


class EnrolmentOut(Schema):
    id: int
    email: str
    display_name: str
    role: str
    status: str
    source: str
    team: str
    capacity: int
    answers: dict[str, str]


class JoinIn(Schema):
    role: str = "either"
    answers: dict[str, str] = Field(default_factory=dict)
    token: str = Field("", description="The invite link's token, for programs not open to all.")


class EnrolmentChangeIn(Schema):
    action: str = Field("", description='"approve", "withdraw", "reenrol" or "".')
    role: str = Field("", description='A new role ("mentor", "mentee", "either") or "".')


class ImportOut(Schema):
    id: int
    filename: str
    status: str
    mapping: dict[str, str]
    report: dict[str, Any] = Field(
        description="errors [{row, column, message}], rows [{row, email, action, note…}], "
        "warnings, columns used and counts {enrol, invite, already, errors}."
    )


class RoundOut(Schema):
    id: int
    number: int
    status: str
    stage: str
    progress: float = Field(description="0 to 1.")
    attempt: int
    error: str
    summary: dict[str, Any]
    url: str


class PairOut(Schema):
    id: int
    a: int = Field(description="User id (the lower of the two).")
    a_name: str
    b: int
    b_name: str
    score: float
    percent: float
    balance: float
    a_teaches_b: list[list[Any]] = Field(
        description="[skill, teacher level, learner level, priority]"
    )
    b_teaches_a: list[list[Any]]
    why: str
    locked: bool
    manual: bool
    warning: str
    mentor: int | None
    partnership: int | None


class UnmatchedOut(Schema):
    user: int
    name: str
    reason: str
    detail: str


class PreviewOut(Schema):
    round: RoundOut
    page: int
    pages: int
    pairs: list[PairOut]
    unmatched: list[UnmatchedOut]


class RuleIn(Schema):
    a: int = Field(description="A participant's user id.")
    b: int
    kind: str = Field(description='"lock", "forbid" or "clear".')


class RuleOut(Schema):
    a: int
    b: int
    kind: str


class PairIn(Schema):
    a: int
    b: int


class PublishOut(Schema):
    round: RoundOut
    created: int = Field(
        description="Partnerships created by this call (0 when already published)."
    )
    linked: int


class ChartRowOut(Schema):
    label: str
    value: float


class ChartOut(Schema):
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[ChartRowOut]
    note: str
    csv_url: str


class RiskOut(Schema):
    partnership: int
    partners: str
    reason: str


class DashboardOut(Schema):
    charts: list[ChartOut]
    at_risk: list[RiskOut]


class NudgeOut(Schema):
    told: int


# --- Converters -------------------------------------------------------------------------------


def program_out(program: Program, user: User) -> dict[str, Any]:
    data = {
        name: getattr(program, name) for name in ProgramOut.model_fields if hasattr(program, name)
    }
    data.update(id=program.pk, url=program.get_absolute_url(), managing=program.is_manager(user))
    return data


def enrolment_out(e: Enrolment) -> dict[str, Any]:
    profile = getattr(e.user, "profile", None)
    return {
        "id": e.pk,
        "email": e.user.email,
        "display_name": profile.display_name if profile else e.user.display_name,
        "role": e.role,
        "status": e.status,
        "source": e.source,
        "team": e.team or (profile.team if profile else ""),
        "capacity": e.effective_capacity,
        "answers": e.answers,
    }


def round_out(r: Round) -> dict[str, Any]:
    fields = ("id", "number", "status", "stage", "progress", "attempt", "error", "summary")
    return {**{f: getattr(r, f) for f in fields}, "url": r.get_absolute_url()}


def pair_out(p: RoundPair) -> dict[str, Any]:
    return {
        "id": p.pk, "a": p.member_low_id, "a_name": p.member_low.profile.display_name,
        "b": p.member_high_id, "b_name": p.member_high.profile.display_name, "score": p.score,
        "percent": p.percent, "balance": p.balance, "a_teaches_b": p.low_teaches,
        "b_teaches_a": p.high_teaches, "why": p.why, "locked": p.locked, "manual": p.manual,
        "warning": p.warning, "mentor": p.mentor_id, "partnership": p.partnership_id,
    }  # fmt: skip


def import_out(batch: ImportBatch) -> dict[str, Any]:
    fields = ("id", "filename", "status", "mapping", "report")
    return {f: getattr(batch, f) for f in fields}
