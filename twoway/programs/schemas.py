"""The programs API's input and output schemas, and the converters that turn rows into the
output schemas' dicts (:func:`program_out`, :func:`enrolment_out`, :func:`round_out`…)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from ninja import Field, Schema

from twoway.core.api import LIST_MAX, Clean, Finite, Id, SaneDate, ShortText, SmallInt, Text
from twoway.programs.import_words import report_said, said
from twoway.programs.models import Enrolment, ImportBatch, Invitation, Program, Round, RoundPair
from twoway.programs.round_words import warning_words

if TYPE_CHECKING:
    from twoway.accounts.models import User


class QuestionOut(Schema):
    key: str
    label: str
    required: bool


class QuestionIn(Schema):
    key: ShortText
    label: ShortText
    required: bool


class ProgramIn(Schema):
    name: ShortText
    description: Annotated[str, Clean(4000)] = ""
    starts_on: SaneDate | None = None
    ends_on: SaneDate | None = None
    mode: ShortText = Field("peer", description='"peer", "mentor-mentee" or "circles".')
    objective: ShortText = Field("welfare", description='"welfare" or "stable".')
    mentor_weight: Finite = Field(1.0, ge=0, le=10)
    reverse_weight: Finite = Field(
        0.5, ge=0, le=10, description="Mentor–mentee: weight of what mentees teach."
    )
    timezone_weight: Finite = Field(0.5, ge=0, le=1)
    exclude_same_team: bool = False
    require_shared_language: bool = True
    min_overlap_hours: Finite = Field(4.0, ge=0, le=8)
    default_capacity: SmallInt = 1
    open_enrolment: bool = False
    requires_approval: bool = False
    questions: list[QuestionIn | ShortText] = Field(default_factory=list, max_length=LIST_MAX)


class ProgramPatch(Schema):
    name: ShortText | None = None
    description: Annotated[str, Clean(4000)] | None = None
    starts_on: SaneDate | None = None
    ends_on: SaneDate | None = None
    mode: ShortText | None = None
    objective: ShortText | None = None
    mentor_weight: Finite | None = Field(None, ge=0, le=10)
    reverse_weight: Finite | None = Field(None, ge=0, le=10)
    timezone_weight: Finite | None = Field(None, ge=0, le=1)
    exclude_same_team: bool | None = None
    require_shared_language: bool | None = None
    min_overlap_hours: Finite | None = Field(None, ge=0, le=8)
    default_capacity: SmallInt | None = None
    open_enrolment: bool | None = None
    requires_approval: bool | None = None
    questions: list[QuestionIn | ShortText] | None = Field(None, max_length=LIST_MAX)


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
    user_id: int = Field(description="The member's id, as pair and rule endpoints take it.")
    email: str
    display_name: str
    role: str
    status: str
    source: str
    team: str
    capacity: int
    answers: dict[str, str]


class JoinIn(Schema):
    role: ShortText = "either"
    answers: dict[ShortText, Text] = Field(default_factory=dict, max_length=LIST_MAX)
    token: ShortText = Field(
        "", description="The invite link's token, for programs not open to all."
    )


class EnrolmentChangeIn(Schema):
    action: ShortText = Field("", description='"approve", "withdraw", "reenrol" or "".')
    role: ShortText = Field("", description='A new role ("mentor", "mentee", "either") or "".')


class ImportOut(Schema):
    id: int
    filename: str
    status: str = Field(description='"checked", "queued", "running", "committed" or "failed".')
    progress: float = Field(description="0 to 1 while the worker imports.")
    attempt: int
    error: str = Field(description="Why a failed import stopped (nothing was imported).")
    mapping: dict[str, str]
    report: dict[str, Any] = Field(
        description="errors [{row, column, message}], rows [{row, email, action, note…}] with "
        'action "invite" or "already", warnings, columns used and counts {invite, already, '
        "errors}."
    )


class InvitationOut(Schema):
    id: int
    email: str
    name: str
    role: str
    team: str
    status: str = Field(description='"invited": they join by accepting the emailed link.')
    sent: bool


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
    a: Id = Field(description="A participant's user id.")
    b: Id
    kind: ShortText = Field(description='"lock", "forbid" or "clear".')


class RuleOut(Schema):
    a: int
    b: int
    kind: str


class PairIn(Schema):
    a: Id
    b: Id


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
        "user_id": e.user_id,
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
        "warning": warning_words(p.warning), "mentor": p.mentor_id,
        "partnership": p.partnership_id,
    }  # fmt: skip


def import_out(batch: ImportBatch) -> dict[str, Any]:
    fields = ("id", "filename", "status", "progress", "attempt", "mapping")
    shown = {f: getattr(batch, f) for f in fields}
    # Problems, warnings and notes in the caller's language (stored in English).
    return {**shown, "error": said(batch.error), "report": report_said(batch.report)}


def invitation_out(i: Invitation) -> dict[str, Any]:
    fields = ("id", "email", "name", "role", "team")
    return {**{f: getattr(i, f) for f in fields}, "status": "invited", "sent": bool(i.sent_at)}
