"""Directory groups and what membership means: a team on the member's profile, or an enrolment
in a program (docs/security.md, "SCIM provisioning").

A group maps to nothing until staff choose in the admin (``DirectoryGroup.maps_to``). Joining a
team group sets the profile's team; leaving it clears it (or sets another team group's team the
member is still in). Joining a program group enrols the member (as "either", like an import);
leaving it withdraws them unless another group of theirs maps to the same program.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_scim.exceptions import BadRequestError

from twoway.accounts.models import User
from twoway.audit.models import Action
from twoway.audit.services import record
from twoway.people.services import profile_ensure
from twoway.programs.models import Enrolment, Role
from twoway.programs.services import enrol_member
from twoway.provisioning.models import (
    Directory,
    DirectoryGroup,
    DirectoryGroupMember,
    DirectoryMember,
)
from twoway.provisioning.resources import GroupInput

Mapping = tuple[str, Any, str]  # DirectoryGroup.mapping(): (maps_to, program id, team)


@transaction.atomic
def group_write(
    *,
    directory: Directory,
    group: DirectoryGroup | None,
    data: GroupInput,
    request: HttpRequest | None = None,
) -> DirectoryGroup:
    """Create (``group`` None) or replace a group: its name and its whole member list."""
    wanted = _members_in(directory, data.member_ids)
    created = group is None
    group = group or DirectoryGroup(directory=directory)
    before: Mapping | None = None if created else group.mapping()
    renamed = not created and group.display_name != data.display_name
    group.display_name, group.external_id = data.display_name, data.external_id
    group.updated_at = timezone.now()
    group.save()
    if before is not None and before != group.mapping():  # a team group renamed: a new team
        _remap(group, before)
    added, removed = _members_set(group, wanted)
    if created:
        record(
            Action.SCIM_GROUP_CREATE,
            actor=directory,
            target=group,
            request=request,
            members=len(added),
        )
    elif added or removed or renamed:
        record(
            Action.SCIM_GROUP_UPDATE,
            actor=directory,
            target=group,
            request=request,
            added=len(added),
            removed=len(removed),
            renamed=renamed,
        )
    return group


def _members_in(directory: Directory, ids: list[str]) -> list[DirectoryMember]:
    """The directory's users with these ids; 400 naming the first id it does not have."""
    found = {
        m.scim_id: m
        for m in DirectoryMember.objects.filter(
            directory=directory, scim_id__in=ids
        ).select_related("user")
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise BadRequestError(
            f"This directory has no user with the id {missing[0]!r}: create the user first.",
            scim_type="invalidValue",
        )
    return [found[i] for i in ids]


def _members_set(
    group: DirectoryGroup, wanted: list[DirectoryMember]
) -> tuple[list[DirectoryMember], list[DirectoryMember]]:
    current = {link.member_id: link.member for link in group.links.select_related("member__user")}
    added = [m for m in wanted if m.pk not in current]
    keep = {m.pk for m in wanted}
    removed = [m for pk, m in current.items() if pk not in keep]
    DirectoryGroupMember.objects.bulk_create(
        [DirectoryGroupMember(group=group, member=m) for m in added]
    )
    DirectoryGroupMember.objects.filter(group=group, member__in=removed).delete()
    mapping = group.mapping()
    for member in added:
        _joined(mapping, member.user)
    for member in removed:
        _left(mapping, member.user)
    return added, removed


@transaction.atomic
def group_delete(
    *, directory: Directory, group: DirectoryGroup, request: HttpRequest | None = None
) -> None:
    """The group goes; its members leave it first (teams cleared, enrolments withdrawn)."""
    members = [link.member.user for link in group.links.select_related("member__user")]
    mapping = group.mapping()
    group.links.all().delete()
    for user in members:
        _left(mapping, user)
    record(
        Action.SCIM_GROUP_DELETE,
        actor=directory,
        target=group,
        request=request,
        members=len(members),
    )
    group.delete()


@transaction.atomic
def group_mapping_set(
    *,
    group: DirectoryGroup,
    maps_to: str,
    program: Any = None,
    team_name: str = "",
    actor: User | None = None,
) -> DirectoryGroup:
    """Staff choose what the group means; its current members follow at once."""
    if maps_to == DirectoryGroup.Maps.PROGRAM and program is None:
        raise ValueError("Choose the program this group enrols its members in.")
    before = DirectoryGroup.objects.get(pk=group.pk).mapping()
    group.maps_to = maps_to
    group.program = program if maps_to == DirectoryGroup.Maps.PROGRAM else None
    group.team_name = team_name.strip() if maps_to == DirectoryGroup.Maps.TEAM else ""
    group.save(update_fields=["maps_to", "program", "team_name"])
    if before != group.mapping():
        _remap(group, before)
        record(
            Action.SCIM_GROUP_MAP,
            actor=actor,
            target=group,
            maps_to=maps_to,
            program=getattr(program, "name", ""),
            team=group.team,
        )
    return group


def _remap(group: DirectoryGroup, before: Mapping) -> None:
    users = _users_of(group)
    for user in users:
        _left(before, user, leaving=group)
    after = group.mapping()
    for user in users:
        _joined(after, user)


def _users_of(group: DirectoryGroup) -> list[User]:
    links = group.links.select_related("member__user")
    return [link.member.user for link in links]


def _joined(mapping: Mapping, user: User) -> None:
    maps_to, program_id, team = mapping
    if maps_to == DirectoryGroup.Maps.TEAM and team:
        _team_set(user, team)
    elif maps_to == DirectoryGroup.Maps.PROGRAM and program_id:
        from twoway.programs.models import Program

        enrol_member(program=Program.objects.get(pk=program_id), user=user, role=Role.EITHER)


def _left(mapping: Mapping, user: User, *, leaving: DirectoryGroup | None = None) -> None:
    """Undo what the mapping gave, unless another of the member's groups gives it too.

    ``leaving`` is a group the member is still linked to but whose old mapping is being undone.
    """
    maps_to, program_id, team = mapping
    others = [g for g in _groups_of(user) if g != leaving]
    if maps_to == DirectoryGroup.Maps.TEAM and team:
        profile = profile_ensure(user=user)
        if profile.team == team and team not in {g.team for g in others}:
            _team_set(user, next((g.team for g in others if g.team), ""))
    elif maps_to == DirectoryGroup.Maps.PROGRAM and program_id:
        if program_id in {g.program_id for g in others if g.maps_to == g.Maps.PROGRAM}:
            return
        _withdraw(user, program_id)


def _groups_of(user: User) -> Iterable[DirectoryGroup]:
    return DirectoryGroup.objects.filter(links__member__user=user)


def _team_set(user: User, team: str) -> None:
    profile = profile_ensure(user=user)
    if profile.team != team:
        profile.team = team
        # A save, not an update: receivers keep suggestions and dashboards true.
        profile.save(update_fields=["team", "updated_at"])


def _withdraw(user: User, program_id: int) -> None:
    live = (Enrolment.Status.ACTIVE, Enrolment.Status.PENDING)
    for enrolment in Enrolment.objects.filter(program_id=program_id, user=user, status__in=live):
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.save(update_fields=["status", "updated_at"])
