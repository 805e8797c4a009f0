"""Network workflows: visibility, "who can help me with X?", and introductions.

Refusals follow partnerships': Http404 when the caller may not know something exists,
PermissionDenied when it is someone else's move, ``Refused`` (409) when the state forbids it,
ValidationError for bad input, naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from twoway.accounts.models import User
from twoway.core.errors import Refused, clean_text
from twoway.core.i18n import speaking_to
from twoway.network.graph import Network, Node, network_of
from twoway.network.models import Introduction, NetworkSettings
from twoway.notifications.models import Kind
from twoway.notifications.services import notify
from twoway.people.models import Skill, Teaching, name_of

INTRODUCTIONS_URL = "/network/introductions/"


def visibility_of(*, user: User) -> str:
    """The member's choice; "connections" when they never chose."""
    row = NetworkSettings.objects.filter(user=user).first()
    return row.visibility if row else NetworkSettings.Visibility.CONNECTIONS


@transaction.atomic
def visibility_set(*, user: User, visibility: str) -> NetworkSettings:
    """Choose who sees my network: "connections" or "me"."""
    if visibility not in NetworkSettings.Visibility.values:
        raise ValidationError({"visibility": gettext('Choose "connections" or "me".')})
    row, _ = NetworkSettings.objects.update_or_create(
        user=user, defaults={"visibility": visibility}
    )
    return row


# ---------------------------------------------------------------------------------------------
# Who can help


@dataclass
class Helper:
    node: Node
    level: int
    vias: list[Node]


def skill_named(text: str) -> Skill:
    """The catalogue skill free text names (aliases too: "k8s" → Kubernetes), or a clear error."""
    if not (text or "").strip():
        raise ValidationError({"skill": gettext("Type a skill, e.g. Kubernetes.")})
    match = Skill.objects.lookup(text)
    if match.skill is None:
        if match.suggestion:
            message = gettext("We don't know the skill “%(text)s”. Did you mean %(suggestion)s?")
        else:
            message = gettext("We don't know the skill “%(text)s”.")
        names = {"text": text.strip(), "suggestion": getattr(match.suggestion, "name", "")}
        raise ValidationError({"skill": message % names})
    return match.skill


def helpers_rank(network: Network, skill: Skill) -> list[Helper]:
    """People in the network (not the owner) who teach the skill: 1 step before 2, then level."""
    levels = dict(
        Teaching.objects.filter(
            skill=skill, profile__user_id__in=[n for n in network.nodes if n != network.owner]
        ).values_list("profile__user_id", "level")
    )
    found = [
        Helper(
            node=network.nodes[uid],
            level=level,
            vias=network.vias(uid) if network.nodes[uid].distance == 2 else [],
        )
        for uid, level in levels.items()
    ]
    return sorted(found, key=lambda h: (h.node.distance, -h.level, h.node.name, h.node.user_id))


def who_can_help(*, user: User, text: str) -> tuple[Skill, list[Helper]]:
    """Resolve the skill, then rank who teaches it within two steps of ``user``."""
    skill = skill_named(text)
    return skill, helpers_rank(network_of(owner=user, viewer=user), skill)


# ---------------------------------------------------------------------------------------------
# Introductions


def _member(handle: str, field: str) -> User:
    user = User.objects.filter(profile__handle=handle).first()
    if user is None:
        raise ValidationError(
            {field: gettext("Nobody has the handle “%(handle)s”.") % {"handle": handle}}
        )
    return user


@transaction.atomic
def introduction_request(
    *, requester: User, target_handle: str, via_handle: str, skill: str, message: str
) -> Introduction:
    """Ask a direct connection (``via``) to introduce me to one of their connections.

    The target must be two steps away through ``via`` in the requester's visible network.
    """
    found_skill = skill_named(skill)
    text = clean_text(message, "message", limit=1000)
    target = _member(target_handle, "target")
    via = _member(via_handle, "via")
    network = network_of(owner=requester, viewer=requester)
    node = network.nodes.get(target.pk)
    if node is None or node.distance != 2:
        raise ValidationError(
            {"target": gettext("Introductions are for people two steps away in your network.")}
        )
    if via.pk not in {n.user_id for n in network.vias(target.pk)}:
        message = gettext("%(via)s isn't connected to %(target)s.")
        raise ValidationError({"via": message % {"via": name_of(via), "target": name_of(target)}})
    try:
        with transaction.atomic():
            intro = Introduction.objects.create(
                requester=requester, via=via, target=target, skill=found_skill, message=text
            )
    except IntegrityError:
        message = gettext(
            "You already asked for an introduction to %(target)s for %(skill)s. "
            "Wait for the answer."
        )
        raise Refused(
            message % {"target": name_of(target), "skill": found_skill.name},
            "duplicate_introduction",
        ) from None
    with speaking_to(via):
        names = {"requester": name_of(requester), "target": name_of(target)}
        notify(
            recipient=via,
            kind=Kind.OTHER,
            title=gettext("%(requester)s asks you for an introduction to %(target)s") % names,
            body=gettext("For %(skill)s: %(message)s")
            % {"skill": found_skill.name, "message": text},
            url=INTRODUCTIONS_URL,
            actor=requester,
            dedupe_key=f"introduction-{intro.pk}",
        )
    return intro


def introduction_get(*, user: User, introduction_id: int) -> Introduction:
    """An introduction the user takes part in; 404 for anyone else."""
    intro = (
        Introduction.objects.select_related(
            "requester__profile", "via__profile", "target__profile", "skill"
        )
        .filter(pk=introduction_id)
        .first()
    )
    if intro is None or user.pk not in (intro.requester_id, intro.via_id, intro.target_id):
        raise Http404(gettext("No such introduction."))
    if user.pk == intro.target_id and intro.status != Introduction.Status.FORWARDED:
        raise Http404(gettext("No such introduction."))
    return intro


@transaction.atomic
def introduction_answer(
    *, user: User, introduction_id: int, action: str, note: str = ""
) -> Introduction:
    """The person in between forwards the introduction or declines it, kindly."""
    intro = introduction_get(user=user, introduction_id=introduction_id)
    if user.pk != intro.via_id:
        raise PermissionDenied(
            gettext("Only %(name)s can answer this introduction.") % {"name": name_of(intro.via)}
        )
    intro = Introduction.objects.select_for_update().get(pk=intro.pk)
    if intro.status != Introduction.Status.PENDING:
        raise Refused(gettext("This introduction is already answered."), "already_answered")
    if action not in ("forward", "decline"):
        raise ValidationError({"action": gettext('Choose "forward" or "decline".')})
    intro.status = (
        Introduction.Status.FORWARDED if action == "forward" else Introduction.Status.DECLINED
    )
    intro.note = clean_text(note, "note", required=False, limit=300)
    intro.answered_at = timezone.now()
    intro.save(update_fields=["status", "note", "answered_at"])
    _tell_introduction(intro)
    return intro


def _tell_introduction(intro: Introduction) -> None:
    requester, via, target = intro.requester, intro.via, intro.target
    names = {
        "via": name_of(via),
        "requester": name_of(requester),
        "target": name_of(target),
        "skill": intro.skill.name,
        "message": intro.message,
    }
    if intro.status == Introduction.Status.FORWARDED:
        with speaking_to(target):
            notify(
                recipient=target,
                kind=Kind.OTHER,
                title=gettext("%(via)s introduces you to %(requester)s") % names,
                body=gettext("%(requester)s would like your help with %(skill)s: %(message)s")
                % names,
                url=reverse("people:profile", args=[requester.profile.handle]),
                actor=via,
            )
        url = reverse("people:profile", args=[target.profile.handle])
    else:
        url = INTRODUCTIONS_URL
    with speaking_to(requester):
        if intro.status == Introduction.Status.FORWARDED:
            title = gettext("%(via)s introduced you to %(target)s") % names
        else:
            title = gettext("%(via)s can't introduce you to %(target)s this time") % names
        notify(
            recipient=requester, kind=Kind.OTHER, title=title, body=intro.note, url=url, actor=via
        )


def introductions_for(*, user: User) -> dict[str, list[Introduction]]:
    """To answer (I'm in between), sent (mine), and received (forwarded to me)."""
    base = Introduction.objects.select_related(
        "requester__profile", "via__profile", "target__profile", "skill"
    )
    return {
        "to_answer": list(base.filter(via=user).order_by("status", "-created_at", "-id")),
        "sent": list(base.filter(requester=user)),
        "received": list(base.filter(target=user, status=Introduction.Status.FORWARDED)),
    }


def handle_of(user: User) -> str:
    profile = getattr(user, "profile", None)
    return profile.handle if profile is not None else ""
