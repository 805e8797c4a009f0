"""People API: your own profile and skill lists, other members' profiles, the skills catalogue.

Privacy: schemas describing other members (``ProfileOut``, ``ProfileCardOut``) have no email field
at all; only ``MeOut`` (the caller's own profile) carries one.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from twoway.core.api import LIST_MAX, ShortText, SmallInt, Text, errors
from twoway.core.page_cache import fragment
from twoway.core.web import AuthedRequest
from twoway.people import page_cache, photos, services
from twoway.people.models import Learning, Profile, ResolvedSkill, Skill, Teaching

router = Router(tags=["people"])

PAGE_SIZE = 24


# --- Schemas ----------------------------------------------------------------------------------


class SkillOut(Schema):
    name: str = Field(description="The canonical name, the same in every language.")
    label: str = Field(
        description="The name in the reader's language; the canonical name where it has none."
    )
    slug: str
    category: str
    source: str

    @staticmethod
    def resolve_label(obj: Skill) -> str:
        return obj.label


class TeachingOut(Schema):
    skill: SkillOut
    level: int = Field(description="1 (beginner) to 5 (expert)")
    note: str


class LearningOut(Schema):
    skill: SkillOut
    priority: int = Field(description="1 (low), 2 (medium) or 3 (high)")
    priority_label: str
    why: str

    @staticmethod
    def resolve_priority_label(obj: Learning) -> str:
        return obj.get_priority_display()


class ProfileOut(Schema):
    handle: str
    url: str
    display_name: str
    headline: str
    bio: str
    role: str
    organisation: str
    team: str
    years_experience: int | None
    timezone: str
    languages: list[str]
    open_to_partners: bool
    capacity: int
    is_complete: bool
    photo_url: str | None = Field(
        description="The 256 px square photo (WebP, signed-in members only); null without one."
    )
    photo_thumb_url: str | None = Field(description="The 64 px thumbnail; null without a photo.")
    teaches: list[TeachingOut]
    learns: list[LearningOut]

    @staticmethod
    def resolve_url(obj: Profile) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_photo_url(obj: Profile) -> str | None:
        return obj.photo_url or None

    @staticmethod
    def resolve_photo_thumb_url(obj: Profile) -> str | None:
        return obj.photo_thumb_url or None

    @staticmethod
    def resolve_languages(obj: Profile) -> list[str]:
        return obj.language_list

    @staticmethod
    def resolve_teaches(obj: Profile) -> list[Teaching]:
        return list(obj.teaches.all())

    @staticmethod
    def resolve_learns(obj: Profile) -> list[Learning]:
        return list(obj.learns.all())


class MeOut(ProfileOut):
    email: str = Field(description="Your own email. Never shown for other members.")
    interface_language: str = Field(
        description="The language Twoway speaks to you (pages, emails, calendar files): a code "
        'of `LANGUAGES` ("en", "de", "es", "fr"), or "" for whatever your browser asks for.'
    )
    missing: list[str] = Field(description="What your profile still needs to be complete.")

    @staticmethod
    def resolve_email(obj: Profile) -> str:
        return obj.user.email

    @staticmethod
    def resolve_missing(obj: Profile) -> list[str]:
        return obj.missing


class ProfileCardOut(Schema):
    handle: str
    url: str
    display_name: str
    headline: str
    team: str
    timezone: str
    open_to_partners: bool
    teaches: list[TeachingOut]
    learns: list[LearningOut]

    resolve_url = staticmethod(ProfileOut.resolve_url)
    resolve_teaches = staticmethod(ProfileOut.resolve_teaches)
    resolve_learns = staticmethod(ProfileOut.resolve_learns)


class SkillMatchOut(Schema):
    text: str
    name: str = Field(description="The canonical name, or the tidied text when unknown.")
    known: bool = Field(description="True when the text names a skill that already exists.")
    skill: SkillOut | None
    suggestion: SkillOut | None = Field(description="A close spelling worth offering.")


class ProfilePage(Schema):
    count: int
    page: int
    pages: int
    teaches: SkillMatchOut | None
    learns: SkillMatchOut | None
    items: list[ProfileCardOut]


class ProfilePatch(Schema):
    display_name: ShortText | None = None
    handle: ShortText | None = None
    headline: ShortText | None = None
    bio: Text | None = None
    role: ShortText | None = None
    organisation: ShortText | None = None
    team: ShortText | None = None
    years_experience: SmallInt | None = None
    timezone: ShortText | None = None
    languages: list[ShortText] | None = Field(None, max_length=LIST_MAX)
    interface_language: ShortText | None = Field(
        None, description='A language code ("de"), or "" (or null) for your browser\'s choice.'
    )
    open_to_partners: bool | None = None
    capacity: SmallInt | None = None


class TeachingIn(Schema):
    level: SmallInt = Field(description="1 (beginner) to 5 (expert)")
    note: ShortText = ""


class LearningIn(Schema):
    priority: SmallInt = Field(description="1 (low), 2 (medium) or 3 (high)")
    why: ShortText = ""


class SkillChangeOut(Schema):
    """The saved row, and how the skill text was understood."""

    new_skill: bool = Field(description="True when the text was new and a skill was created.")
    suggestion: SkillOut | None = Field(description="A close catalogue spelling, if any.")


class TeachingSetOut(TeachingOut, SkillChangeOut):
    pass


class LearningSetOut(LearningOut, SkillChangeOut):
    pass


# --- Helpers ----------------------------------------------------------------------------------


def _me(request: AuthedRequest) -> Profile:
    profile = services.profile_ensure(user=request.user)
    return Profile.objects.with_skills().select_related("user").get(pk=profile.pk)


def _with_resolution(row: Teaching | Learning, resolved: ResolvedSkill) -> Any:
    row.new_skill = resolved.created  # type: ignore[union-attr]
    row.suggestion = resolved.suggestion  # type: ignore[union-attr]
    return row


def _owned_skill(text: str) -> Skill:
    skill = services.skill_find(text)
    if skill is None:
        raise Http404(gettext("There is no skill called “%(skill)s”.") % {"skill": text})
    return skill


# --- Your own profile -------------------------------------------------------------------------


@router.get("/me", response={200: MeOut, **errors()}, summary="Your own profile")
def me_get(request: AuthedRequest) -> Profile:
    return _me(request)


@router.patch("/me", response={200: MeOut, **errors()}, summary="Change your profile")
def me_patch(request: AuthedRequest, payload: ProfilePatch) -> Profile:
    """Send only the fields to change. `languages` is a list of names; `interface_language` is
    one of the site's language codes, or "" for whatever your browser asks for."""
    changes = payload.dict(exclude_unset=True)
    if isinstance(changes.get("languages"), list):
        changes["languages"] = ", ".join(changes["languages"])
    services.profile_update(profile=_me(request), **changes)
    return _me(request)


@router.post("/me/photo", response={200: MeOut, **errors()}, summary="Upload your photo")
def photo_upload(request: AuthedRequest, photo: File[UploadedFile]) -> Profile:
    """Multipart, field `photo`: a JPEG, PNG or WebP image up to 5 MB and 40 megapixels. It is
    cropped square (256 px and a 64 px thumbnail) and stored without its metadata (no EXIF, no
    GPS position); it replaces any photo you had. A refused file answers 422 naming `photo`."""
    try:
        prepared = photos.photo_prepare(photo)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None
    services.profile_photo_set(profile=_me(request), photo=prepared)
    return _me(request)


@router.delete("/me/photo", response={204: None, **errors()}, summary="Remove your photo")
def photo_delete(request: AuthedRequest) -> Status[None]:
    """Your initial shows again. Answers 204 whether or not you had a photo."""
    services.profile_photo_remove(profile=_me(request))
    return Status(204, None)


@router.put(
    "/me/teaches/{path:skill}",
    response={200: TeachingSetOut, **errors()},
    summary="Add or update a skill you can teach",
)
def teaches_put(request: AuthedRequest, skill: str, payload: TeachingIn) -> Any:
    """`skill` is any spelling (name, alias or slug): "k8s" is saved as Kubernetes.

    An unknown skill is created, and a close catalogue spelling comes back as `suggestion`.
    """
    teaching, resolved = services.teaching_set(
        profile=_me(request), skill_text=skill, level=payload.level, note=payload.note
    )
    return _with_resolution(teaching, resolved)


@router.delete(
    "/me/teaches/{path:skill}",
    response={204: None, **errors(404)},
    summary="Remove a skill you can teach",
)
def teaches_delete(request: AuthedRequest, skill: str) -> Status[None]:
    if not services.teaching_remove(profile=_me(request), skill=_owned_skill(skill)):
        message = gettext("“%(skill)s” is not on your list of skills you can teach.")
        raise Http404(message % {"skill": skill})
    return Status(204, None)


@router.put(
    "/me/learns/{path:skill}",
    response={200: LearningSetOut, **errors()},
    summary="Add or update a skill you want to learn",
)
def learns_put(request: AuthedRequest, skill: str, payload: LearningIn) -> Any:
    """`skill` is any spelling (name, alias or slug); unknown skills are created."""
    learning, resolved = services.learning_set(
        profile=_me(request), skill_text=skill, priority=payload.priority, why=payload.why
    )
    return _with_resolution(learning, resolved)


@router.delete(
    "/me/learns/{path:skill}",
    response={204: None, **errors(404)},
    summary="Remove a skill you want to learn",
)
def learns_delete(request: AuthedRequest, skill: str) -> Status[None]:
    if not services.learning_remove(profile=_me(request), skill=_owned_skill(skill)):
        message = gettext("“%(skill)s” is not on your list of skills to learn.")
        raise Http404(message % {"skill": skill})
    return Status(204, None)


# --- Other members ----------------------------------------------------------------------------


@router.get(
    "/profiles",
    response={200: ProfilePage, **errors()},
    summary="Search members (complete profiles only)",
)
def profiles_search(
    request: AuthedRequest,
    teaches: ShortText = "",
    learns: ShortText = "",
    team: ShortText = "",
    timezone: ShortText = "",
    open: bool = False,
    page: int = 1,
) -> Any:
    """Skill filters accept any spelling; `teaches`/`learns` in the answer say how they resolved.

    The answer is the same for every caller asking the same thing, so its JSON is kept until a
    member or a skill changes (people/page_cache.py)."""
    from twoway.api import api

    asked = (teaches, learns, team, timezone, open, page)
    digest = hashlib.sha256(repr(asked).encode()).hexdigest()
    key = f"people:api:profiles:{page_cache.members_version()}:{digest}"
    body = fragment(key, lambda: _search_json(request, *asked))
    return HttpResponse(body, content_type=api.get_content_type())


def _search_json(
    request: AuthedRequest,
    teaches: str,
    learns: str,
    team: str,
    timezone: str,
    open: bool,
    page: int,
) -> Any:
    from twoway.api import api

    search = services.directory_search(
        teaches=teaches, learns=learns, team=team, timezone=timezone, open_only=open
    )
    paginator = Paginator(search.profiles, PAGE_SIZE)
    current = paginator.get_page(page)
    answer = {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "teaches": search.teaches,
        "learns": search.learns,
        "items": list(current),
    }
    data = ProfilePage.from_orm(answer).model_dump()
    return api.renderer.render(request, data, response_status=200)


@router.get(
    "/profiles/{handle}", response={200: ProfileOut, **errors(404)}, summary="A member's profile"
)
def profile_get(request: AuthedRequest, handle: str) -> Any:
    """The same answer for every caller (no email, nothing private), so its JSON is kept per
    profile version (people/page_cache.py)."""
    owner_id = (
        Profile.objects.filter(handle=handle, user__is_active=True)
        .values_list("user_id", flat=True)
        .first()
    )
    if owner_id is None:
        raise Http404(gettext("No member has this handle."))
    key = f"people:api:profile:{owner_id}:{page_cache.profile_versions(owner_id)}"
    from twoway.api import api  # the assembled API: its renderer writes every answer

    body = fragment(key, lambda: _profile_json(request, handle))
    return HttpResponse(body, content_type=api.get_content_type())


def _profile_json(request: AuthedRequest, handle: str) -> Any:
    """The profile as ninja answers it: ``ProfileOut`` through the API's JSON renderer."""
    from twoway.api import api

    profile = get_object_or_404(
        Profile.objects.with_skills().filter(user__is_active=True), handle=handle
    )
    data = ProfileOut.from_orm(profile).model_dump()
    return api.renderer.render(request, data, response_status=200)


@router.patch(
    "/profiles/{handle}",
    response={200: MeOut, **errors(403, 404)},
    summary="Change a profile (only your own)",
)
def profile_patch(request: AuthedRequest, handle: str, payload: ProfilePatch) -> Profile:
    """The same as PATCH /api/me when `handle` is yours; anyone else's profile is refused."""
    target = get_object_or_404(Profile, handle=handle)
    if target.user_id != request.user.pk:
        raise PermissionDenied(gettext("You can only change your own profile."))
    return me_patch(request, payload)


# --- Skills catalogue -------------------------------------------------------------------------


@router.get("/skills", response={200: list[SkillOut], **errors()}, summary="Search the catalogue")
def skills_search(request: AuthedRequest, q: ShortText = "", limit: int = 20) -> list[Skill]:
    """Skills whose name or an alias contains `q` (all skills, alphabetically, when empty)."""
    skills = Skill.objects.search(q) if q.strip() else Skill.objects.all()
    return list(skills.order_by("name")[: min(max(limit, 1), 100)])


@router.get(
    "/skills/normalise",
    response={200: SkillMatchOut, **errors()},
    summary="How free text maps onto the catalogue",
)
def skills_normalise(request: AuthedRequest, text: ShortText) -> Any:
    """Read-only: "k8s" → Kubernetes (known). Unknown text is not created here."""
    return Skill.objects.lookup(text)
