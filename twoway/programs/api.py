"""Programs API: programs, enrolment, imports (dry run and commit), match rounds (run, status,
preview, lock or forbid, add by hand, publish) and the dashboard's figures.

Every endpoint calls the same service as the pages. Refusals: 404 when the caller can't see the
program, 403 when they take part but don't manage it, 409 when the state forbids the action, 422
for bad input (an import's problems come back as fields named "row N, column C"). The schemas
and the converters that fill them live in :mod:`twoway.programs.schemas`.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.params.functions import Form as FormField

from twoway.core.api import SHORT_TEXT_MAX, Clean, error_response, errors
from twoway.core.web import AuthedRequest
from twoway.programs import dashboard, imports, publish, rounds, services
from twoway.programs.import_words import said
from twoway.programs.models import Program, Round, RoundPair
from twoway.programs.round_words import unmatched_words
from twoway.programs.schemas import (
    DashboardOut,
    EnrolmentChangeIn,
    EnrolmentOut,
    ImportOut,
    InvitationOut,
    JoinIn,
    NudgeOut,
    PairIn,
    PairOut,
    PreviewOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
    PublishOut,
    RoundOut,
    RuleIn,
    RuleOut,
    enrolment_out,
    import_out,
    invitation_out,
    pair_out,
    program_out,
    round_out,
)

router = Router(tags=["programs"])
# An import's column name for one of ours (ninja loses the default of Form[ShortText]).
ColumnName = Annotated[str, Clean(SHORT_TEXT_MAX), FormField("")]
PAGE = 100


def _questions(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("questions") is not None:
        data["questions"] = [q if isinstance(q, str) else dict(q) for q in data["questions"]]
    return data


def _manage(request: AuthedRequest, program_id: int) -> Program:
    return services.program_manage(user=request.user, program_id=program_id)


def _round(request: AuthedRequest, program_id: int, round_id: int) -> Round:
    program = _manage(request, program_id)
    return rounds.round_get(user=request.user, program=program, round_id=round_id)


# --- Programs ---------------------------------------------------------------------------------


@router.get("/programs", response={200: list[ProgramOut], **errors()})
def program_list(request: AuthedRequest) -> Any:
    """Programs the caller manages or takes part in."""
    found = services.programs_for(user=request.user)
    return [program_out(p, request.user) for p in found["managed"] + found["joined"]]


@router.post("/programs", response={201: ProgramOut, **errors(403)})
def program_create(request: AuthedRequest, payload: ProgramIn) -> Any:
    """Create a program (program managers and staff); the caller becomes its manager."""
    data = _questions(payload.dict())
    program = services.program_create(user=request.user, **data)
    return Status(201, program_out(program, request.user))


@router.get("/programs/{program_id}", response={200: ProgramOut, **errors(404)})
def program_detail(request: AuthedRequest, program_id: int) -> Any:
    program = services.program_get(user=request.user, program_id=program_id)
    return program_out(program, request.user)


@router.patch("/programs/{program_id}", response={200: ProgramOut, **errors(403, 404)})
def program_update(request: AuthedRequest, program_id: int, payload: ProgramPatch) -> Any:
    """Change a program's details or matching rules; only the fields sent change."""
    program = _manage(request, program_id)
    data = _questions(payload.dict(exclude_unset=True))
    program = services.program_update(user=request.user, program=program, **data)
    return program_out(program, request.user)


# --- Enrolment --------------------------------------------------------------------------------


@router.get(
    "/programs/{program_id}/participants", response={200: list[EnrolmentOut], **errors(403, 404)}
)
def participant_list(request: AuthedRequest, program_id: int) -> Any:
    program = _manage(request, program_id)
    rows = program.enrolments.select_related("user__profile", "program").order_by("id")
    return [enrolment_out(e) for e in rows]


@router.post("/programs/{program_id}/join", response={201: EnrolmentOut, **errors(404, 409)})
def program_join(request: AuthedRequest, program_id: int, payload: JoinIn) -> Any:
    """Join an open program, or any program with its invite token."""
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise HttpError(404, gettext("No such program."))
    enrolment = services.enrolment_join(
        user=request.user, program=program, role=payload.role, answers=payload.answers,
        token=payload.token,
    )  # fmt: skip
    return Status(201, enrolment_out(enrolment))


@router.post(
    "/programs/{program_id}/participants/{enrolment_id}",
    response={200: EnrolmentOut, **errors(403, 404, 409)},
)
def participant_change(
    request: AuthedRequest, program_id: int, enrolment_id: int, payload: EnrolmentChangeIn
) -> Any:
    """Approve, withdraw or re-enrol a participant, or change their role."""
    program = _manage(request, program_id)
    enrolment = services.enrolment_set(
        user=request.user, program=program, enrolment_id=enrolment_id, action=payload.action,
        role=payload.role,
    )  # fmt: skip
    return enrolment_out(enrolment)


# --- Imports ----------------------------------------------------------------------------------


@router.post("/programs/{program_id}/imports", response={201: ImportOut, **errors(403, 404)})
def import_check(
    request: AuthedRequest,
    program_id: int,
    file: File[UploadedFile],
    email: ColumnName = "",
    name: ColumnName = "",
    role: ColumnName = "",
    team: ColumnName = "",
    capacity: ColumnName = "",
    teaches: ColumnName = "",
    learns: ColumnName = "",
) -> Any:
    """The dry run: upload a CSV or XLSX file (multipart, field ``file``); the other fields name
    the file's column for each of ours when its usual names don't fit. ``teaches`` and ``learns``
    may name several columns separated by commas, whose skill lists are joined. Nothing is
    enrolled."""
    program = _manage(request, program_id)
    mapping = {"email": email, "name": name, "role": role, "team": team, "capacity": capacity,
               "teaches": teaches, "learns": learns}  # fmt: skip
    batch = imports.import_check(
        user=request.user, program=program, filename=file.name or "upload.csv",
        data=file.read(imports.MAX_BYTES + 1), mapping=mapping,
    )  # fmt: skip
    return Status(201, import_out(batch))


@router.get(
    "/programs/{program_id}/imports/{import_id}", response={200: ImportOut, **errors(403, 404)}
)
def import_detail(request: AuthedRequest, program_id: int, import_id: int) -> Any:
    """The report, and while the worker imports it the status ("queued", "running",
    "committed" or "failed") and progress (0 to 1)."""
    program = _manage(request, program_id)
    return import_out(imports.import_get(user=request.user, program=program, batch_id=import_id))


@router.post(
    "/programs/{program_id}/imports/{import_id}/commit",
    response={202: ImportOut, **errors(403, 404, 409)},
)
def import_commit(request: AuthedRequest, program_id: int, import_id: int) -> Any:
    """Invite everyone in a checked file, all or nothing, in the background: poll the import
    until its status is "committed" (or "failed", nothing imported). 422 lists every problem;
    409 when it is imported already or another import of the program is on its way."""
    program = _manage(request, program_id)
    try:
        batch = imports.import_commit(user=request.user, program=program, batch_id=import_id)
    except imports.ImportFailed as exc:
        fields = [
            {"field": f"row {e['row']}, column {e['column']!r}", "message": said(e["message"])}
            for e in exc.report.errors
        ]
        return error_response(422, "invalid", str(exc), fields)
    return Status(202, import_out(batch))


@router.get(
    "/programs/{program_id}/invitations",
    response={200: list[InvitationOut], **errors(403, 404)},
)
def invitation_list(request: AuthedRequest, program_id: int) -> Any:
    """People invited by email who haven't accepted yet (the same for members and newcomers)."""
    program = _manage(request, program_id)
    return [invitation_out(i) for i in program.invitations.waiting().order_by("id")]


# --- Rounds -----------------------------------------------------------------------------------


@router.get("/programs/{program_id}/rounds", response={200: list[RoundOut], **errors(403, 404)})
def round_list(request: AuthedRequest, program_id: int) -> Any:
    return [round_out(r) for r in _manage(request, program_id).rounds.all()]


@router.post("/programs/{program_id}/rounds", response={202: RoundOut, **errors(403, 404, 409)})
def round_start(request: AuthedRequest, program_id: int) -> Any:
    """Run a match round in the background (re-runs the open proposal if there is one).
    Poll the round until its status is "proposed" (or "failed")."""
    round_ = rounds.round_start(user=request.user, program=_manage(request, program_id))
    return Status(202, round_out(round_))


@router.get(
    "/programs/{program_id}/rounds/{round_id}", response={200: RoundOut, **errors(403, 404)}
)
def round_status(request: AuthedRequest, program_id: int, round_id: int) -> Any:
    """A round's status and progress, and once proposed its quality summary."""
    return round_out(_round(request, program_id, round_id))


@router.get(
    "/programs/{program_id}/rounds/{round_id}/preview",
    response={200: PreviewOut, **errors(403, 404)},
)
def round_preview(request: AuthedRequest, program_id: int, round_id: int, page: int = 1) -> Any:
    """The proposal: pairs with their two-way explanation (100 a page) and the unmatched."""
    round_ = _round(request, program_id, round_id)
    pairs = round_.pairs.select_related("member_low__profile", "member_high__profile")
    total = pairs.count()
    pages = max(1, -(-total // PAGE))
    page = min(max(page, 1), pages)
    unmatched = round_.unmatched.select_related("user__profile") if page == 1 else []
    return {
        "round": round_out(round_),
        "page": page,
        "pages": pages,
        "pairs": [pair_out(p) for p in pairs[(page - 1) * PAGE : page * PAGE]],
        "unmatched": [
            {
                "user": u.user_id,
                "name": u.user.profile.display_name,
                "reason": u.reason,
                "detail": unmatched_words(u.reason, u.detail),
            }
            for u in unmatched
        ],  # fmt: skip
    }


@router.post(
    "/programs/{program_id}/rounds/{round_id}/rerun",
    response={202: RoundOut, **errors(403, 404, 409)},
)
def round_rerun(request: AuthedRequest, program_id: int, round_id: int) -> Any:
    """Run an unpublished round again, keeping every lock and prohibition."""
    round_ = rounds.round_rerun(user=request.user, round_=_round(request, program_id, round_id))
    return Status(202, round_out(round_))


@router.post("/programs/{program_id}/rules", response={200: RuleOut, **errors(403, 404)})
def pair_rule(request: AuthedRequest, program_id: int, payload: RuleIn) -> Any:
    """Lock a pair (kept in every run), forbid it (never proposed), or clear the rule."""
    program = _manage(request, program_id)
    kind = "" if payload.kind == "clear" else payload.kind
    rounds.pair_rule_set(user=request.user, program=program, a_id=payload.a, b_id=payload.b,
                         kind=kind)  # fmt: skip
    return {"a": min(payload.a, payload.b), "b": max(payload.a, payload.b), "kind": payload.kind}


@router.post(
    "/programs/{program_id}/rounds/{round_id}/pairs",
    response={201: PairOut, **errors(403, 404, 409)},
)
def pair_add(request: AuthedRequest, program_id: int, round_id: int, payload: PairIn) -> Any:
    """Add a pair by hand (it is locked); ``warning`` names any rule it breaks."""
    round_ = _round(request, program_id, round_id)
    row = rounds.pair_add(user=request.user, round_=round_, a_id=payload.a, b_id=payload.b)
    row = RoundPair.objects.select_related("member_low__profile", "member_high__profile").get(
        pk=row.pk
    )
    return Status(201, pair_out(row))


@router.post(
    "/programs/{program_id}/rounds/{round_id}/publish",
    response={200: PublishOut, **errors(403, 404, 409)},
)
def round_publish(request: AuthedRequest, program_id: int, round_id: int) -> Any:
    """Create the partnerships and tell both partners. Publishing again creates nothing."""
    result = publish.round_publish(user=request.user, round_=_round(request, program_id, round_id))
    return {"round": round_out(result.round), "created": result.created, "linked": result.linked}


# --- Dashboard --------------------------------------------------------------------------------


@router.get("/programs/{program_id}/dashboard", response={200: DashboardOut, **errors(403, 404)})
def program_dashboard(request: AuthedRequest, program_id: int) -> Any:
    """Every chart's figures (as on the dashboard page) and the partnerships at risk."""
    program = _manage(request, program_id)
    charts = [
        {"key": c.key, "title": c.title, "description": c.description,
         "columns": list(c.columns), "rows": [{"label": k, "value": v} for k, v in c.rows],
         "note": c.note, "csv_url": f"/programs/{program.pk}/dashboard/{c.key}.csv"}
        for c in dashboard.program_charts(program)
    ]  # fmt: skip
    risks = [
        {"partnership": r.partnership.pk, "partners": r.names, "reason": r.reason}
        for r in dashboard.at_risk(program)
    ]
    return {"charts": charts, "at_risk": risks}


@router.post(
    "/programs/{program_id}/dashboard/nudge/{partnership_id}",
    response={200: NudgeOut, **errors(403, 404)},
)
def nudge(request: AuthedRequest, program_id: int, partnership_id: int) -> Any:
    """Nudge both partners of an at-risk partnership (at most once a week)."""
    program = _manage(request, program_id)
    told = dashboard.partnership_nudge(
        user=request.user, program=program, partnership_id=partnership_id
    )
    return {"told": told}
