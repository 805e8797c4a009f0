"""The partnerships API's input and output schemas. No email ever appears in them."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from ninja import Field, Schema

from twoway.core.api import (
    LIST_MAX,
    Id,
    MemberOut,
    SaneDate,
    ShortText,
    SmallInt,
    Text,
    member,
)
from twoway.partnerships import calendar, learning
from twoway.partnerships.models import (
    AgendaItem,
    Feedback,
    Goal,
    LearningEntry,
    LevelChange,
    Partnership,
    Request,
    RequestMessage,
    Session,
)
from twoway.partnerships.sessions import AGENDA_MAX


class FlowOut(Schema):
    skill: str
    teacher_level: int
    learner_level: int
    priority: int


class SuggestionOut(Schema):
    member: MemberOut
    percent: int = Field(description="Match percentage, 0–100.")
    two_way: bool
    explanation: str
    caveat: str = Field(description="Why a one-way suggestion ranks low; empty otherwise.")
    i_can_teach: list[FlowOut]
    they_can_teach: list[FlowOut]
    mark: str = Field(description='"saved", "hidden" or "".')
    request_pending: bool


class MarkIn(Schema):
    kind: ShortText = Field(description='"hidden" or "saved".')


class MarkOut(Schema):
    handle: str
    kind: str


class MessageOut(Schema):
    author: MemberOut
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj: RequestMessage) -> dict[str, str]:
        return member(obj.author)


class RequestOut(Schema):
    id: int
    sender: MemberOut
    receiver: MemberOut
    message: str
    learn_skills: list[str] = Field(description="Skills the sender would like to learn.")
    teach_skills: list[str] = Field(description="Skills the sender can teach.")
    status: str
    decline_reason: str
    created_at: datetime
    expires_at: datetime
    partnership_id: int | None
    thread: list[MessageOut]

    @staticmethod
    def resolve_sender(obj: Request) -> dict[str, str]:
        return member(obj.sender)

    @staticmethod
    def resolve_receiver(obj: Request) -> dict[str, str]:
        return member(obj.receiver)

    @staticmethod
    def resolve_learn_skills(obj: Request) -> list[str]:
        return [s.name for s in obj.learn_skills.all()]

    @staticmethod
    def resolve_teach_skills(obj: Request) -> list[str]:
        return [s.name for s in obj.teach_skills.all()]

    @staticmethod
    def resolve_thread(obj: Request) -> list[RequestMessage]:
        return list(obj.thread.select_related("author__profile"))


class RequestsOut(Schema):
    received: list[RequestOut]
    sent: list[RequestOut]
    closed: list[RequestOut]


class RequestIn(Schema):
    receiver: ShortText = Field(description="The receiver's profile handle.")
    message: Text
    learn_skills: list[ShortText] = Field([], max_length=LIST_MAX)
    teach_skills: list[ShortText] = Field([], max_length=LIST_MAX)


class ReasonIn(Schema):
    reason: ShortText = ""


class TextIn(Schema):
    text: Text


class PartnershipOut(Schema):
    id: int
    members: list[MemberOut]
    status: str
    cadence: str
    planned_end: date | None
    expectations: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str
    url: str

    @staticmethod
    def resolve_members(obj: Partnership) -> list[dict[str, str]]:
        return [member(m) for m in obj.members]

    @staticmethod
    def resolve_url(obj: Partnership) -> str:
        return obj.get_absolute_url()


class GoalOut(Schema):
    id: int
    owner: MemberOut = Field(description="The partner who wants to learn this.")
    text: str
    skill: str | None
    progress: int
    done: bool

    @staticmethod
    def resolve_owner(obj: Goal) -> dict[str, str]:
        return member(obj.owner)

    @staticmethod
    def resolve_skill(obj: Goal) -> str | None:
        return obj.skill.name if obj.skill else None


class AgendaItemOut(Schema):
    id: int
    author: MemberOut
    text: str

    @staticmethod
    def resolve_author(obj: AgendaItem) -> dict[str, str]:
        return member(obj.author)


class SessionOut(Schema):
    id: int
    starts_at: datetime
    local_start: datetime
    timezone: str
    duration_minutes: int
    place: str
    link: str
    status: str
    agenda: list[AgendaItemOut]
    ics_url: str

    @staticmethod
    def resolve_agenda(obj: Session) -> list[AgendaItem]:
        return list(obj.agenda.select_related("author__profile"))

    @staticmethod
    def resolve_ics_url(obj: Session) -> str:
        return f"/api/sessions/{obj.pk}/ics"


class EntryOut(Schema):
    id: int
    author: MemberOut
    kind: str = Field(description='"learned" (from the partner) or "shared" (with the partner).')
    text: str
    skills: list[str]
    session_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_author(obj: LearningEntry) -> dict[str, str]:
        return member(obj.author)

    @staticmethod
    def resolve_skills(obj: LearningEntry) -> list[str]:
        return [s.name for s in obj.skills.all()]


class DirectionOut(Schema):
    teacher: MemberOut
    learner: MemberOut
    count: int
    learned_entries: int
    shared_entries: int
    skills: list[str]


class BalanceOut(Schema):
    index: float = Field(description="min/max of the two directions' counts: 1 = even.")
    reading: str
    directions: list[DirectionOut]
    one_sided: bool


class PartnershipDetailOut(PartnershipOut):
    goals: list[GoalOut]
    sessions: list[SessionOut]
    learning: list[EntryOut]
    balance: BalanceOut
    feed_url: str

    @staticmethod
    def resolve_goals(obj: Partnership) -> list[Goal]:
        return list(obj.goals.select_related("skill", "owner__profile"))

    @staticmethod
    def resolve_sessions(obj: Partnership) -> list[Session]:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_learning(obj: Partnership) -> list[LearningEntry]:
        entries = obj.learning_entries.select_related("author__profile")
        return list(entries.prefetch_related("skills"))

    @staticmethod
    def resolve_balance(obj: Partnership) -> dict[str, Any]:
        return balance_out(obj)

    @staticmethod
    def resolve_feed_url(obj: Partnership, context: Any) -> str:
        return calendar_feed_url(obj, getattr(context.get("request"), "user", None))


class AgreementIn(Schema):
    cadence: ShortText | None = None
    planned_end: SaneDate | None = None
    expectations: Text | None = None


class GoalIn(Schema):
    text: ShortText
    skill: ShortText = ""


class GoalPatch(Schema):
    progress: SmallInt | None = None
    done: bool | None = None
    text: ShortText | None = None


class SessionIn(Schema):
    date: SaneDate
    time: time
    timezone: ShortText
    duration_minutes: SmallInt = 60
    place: ShortText = ""
    link: ShortText = ""
    agenda: list[ShortText] = Field([], max_length=AGENDA_MAX)


class StatusIn(Schema):
    status: ShortText = Field(description='"held" or "cancelled".')


class EntryIn(Schema):
    kind: ShortText = "learned"
    text: Text
    skills: list[ShortText] = Field([], max_length=LIST_MAX)
    session_id: Id | None = None


class EndIn(Schema):
    early: bool = False
    reason: ShortText = ""


class FeedbackIn(Schema):
    rating: SmallInt
    text: Text = ""
    managers_only: bool = False


class FeedbackOut(Schema):
    author: MemberOut
    rating: int
    text: str
    managers_only: bool
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Feedback) -> dict[str, str]:
        return member(obj.author)


class LevelIn(Schema):
    skill: ShortText
    level: SmallInt


class LevelChangeOut(Schema):
    skill: str
    old: int
    new: int
    partnership_id: int | None
    at: datetime

    @staticmethod
    def resolve_skill(obj: LevelChange) -> str:
        return obj.skill.name


class FeedUrlOut(Schema):
    feed_url: str


# --- Suggestions ------------------------------------------------------------------------------


def balance_out(partnership: Partnership) -> dict[str, Any]:
    balance = learning.balance_of(partnership)
    return {
        "index": round(balance.index, 3),
        "reading": balance.reading,
        "one_sided": balance.one_sided,
        "directions": [
            {
                "teacher": member(d.teacher),
                "learner": member(d.learner),
                "count": d.count,
                "learned_entries": d.learned,
                "shared_entries": d.shared,
                "skills": list(d.skills),
            }
            for d in (balance.one, balance.two)
        ],
    }


def calendar_feed_url(partnership: Partnership, member: Any = None) -> str:
    """The feed's address as ``member`` copies it (naming them, so it speaks their language)."""
    return calendar.feed_url(partnership, member)
