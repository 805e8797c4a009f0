"""Pages: onboarding, profiles, editing your own profile, the teach/learn lists, the directory.

Every page is for signed-in members. Editing views only ever act on ``request.user``'s profile:
no URL takes another member's id for a change.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.core.page_cache import fragment
from twoway.core.times import reader_zone
from twoway.core.web import AuthedRequest, form_errors, is_htmx
from twoway.people import page_cache, photos, services
from twoway.people.forms import (
    DirectoryForm,
    LearningForm,
    PhotoForm,
    ProfileBasicsForm,
    ProfileEditForm,
    TeachingForm,
    autocomplete_attrs,
)
from twoway.people.models import Learning, Profile, ResolvedSkill, Skill, Teaching

DIRECTORY_PAGE_SIZE = 24
# The growth chart runs until now: a cached profile is drawn again at least this often.
GROWTH_SLOT_SECONDS = 300


def _own_profile(request: AuthedRequest) -> Profile:
    return services.profile_ensure(user=request.user)


# --- Profiles ---------------------------------------------------------------------------------


@login_required
@require_GET
def me(request: AuthedRequest) -> HttpResponse:
    return redirect(_own_profile(request))


@login_required
@require_GET
def profile(request: AuthedRequest, handle: str) -> HttpResponse:
    """A member's profile. Others see the same page whoever they are (but for the growth chart's
    time zone), so it is kept rendered per reader zone (page_cache.py); the owner's own view
    (prompts, private learning) is rendered for them."""
    found = Profile.objects.filter(handle=handle, user__is_active=True)
    owner_id = found.values_list("user_id", flat=True).first()
    if owner_id is None:
        raise Http404(gettext("No member has this handle."))
    if owner_id == request.user.pk:
        return render(request, "people/profile.html", {"page": _profile_page(request, handle)})
    zone = reader_zone(request.user).key
    slot = int(time.time() // GROWTH_SLOT_SECONDS)
    key = f"people:profile:{owner_id}:{page_cache.profile_versions(owner_id)}:{zone}:{slot}"
    page = fragment(key, lambda: _profile_page(request, handle))
    return render(request, "people/profile.html", {"page": page})


def _profile_page(request: AuthedRequest, handle: str) -> dict[str, str]:
    """The title, description and rendered body of ``handle``'s profile for this reader."""
    member = get_object_or_404(
        Profile.objects.with_skills().select_related("user").filter(user__is_active=True),
        handle=handle,
    )
    own = member.user_id == request.user.pk
    context = {"member": member, "own": own}
    return {
        "title": member.display_name,
        "description": gettext("%(name)s on Twoway: %(headline)s")
        % {"name": member.display_name, "headline": member.headline},
        "body": render_to_string("people/_profile_body.html", context, request=request),
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest) -> HttpResponse:
    mine = _own_profile(request)
    form = ProfileEditForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid() and _save_profile(form):
        # The member may have just chosen another language: the next page speaks it already.
        with translation.override(mine.interface_language or translation.get_language()):
            messages.success(request, gettext("Your profile is saved."))
        return redirect(mine)
    return _edit_page(request, mine, form=form)


def _edit_page(
    request: AuthedRequest,
    mine: Profile,
    *,
    form: ProfileEditForm | None = None,
    photo_form: PhotoForm | None = None,
) -> HttpResponse:
    context = {
        "form": form or ProfileEditForm(instance=mine),
        "photo_form": photo_form or PhotoForm(),
        "member": mine,
        **_panels(mine),
    }
    return render(request, "people/edit.html", context)


# --- Photos -----------------------------------------------------------------------------------


@login_required
@require_POST
def photo_upload(request: AuthedRequest) -> HttpResponse:
    """Upload (or replace) your photo; a refused file is explained on the edit page."""
    mine = _own_profile(request)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _edit_page(request, mine, photo_form=form)
    services.profile_photo_set(profile=mine, photo=form.cleaned_data["photo"])
    messages.success(request, gettext("Your photo is saved."))
    return redirect("people:edit")


@login_required
@require_POST
def photo_remove(request: AuthedRequest) -> HttpResponse:
    if services.profile_photo_remove(profile=_own_profile(request)):
        messages.success(request, gettext("Your photo is removed: your initial shows instead."))
    return redirect("people:edit")


@login_required
@require_GET
def photo(request: AuthedRequest, key: str, thumb: bool) -> FileResponse:
    """A member's photo, for signed-in members (like the profile); 404 once it is replaced or
    the account is deactivated."""
    get_object_or_404(Profile.objects.filter(user__is_active=True), photo=key)
    try:
        opened = photos.photo_open(key, thumb)
    except FileNotFoundError:
        raise Http404(gettext("This photo is gone.")) from None
    response = FileResponse(opened, content_type="image/webp")
    # A new photo gets a new address, so this one never changes; "private": members only.
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def _save_profile(form: ProfileBasicsForm) -> bool:
    """Save a profile form through the people service; a refusal lands on the form."""
    try:
        services.profile_update(profile=form.instance, **form.cleaned_data)
    except ValidationError as exc:
        form_errors(form, exc)
        return False
    return True


# --- Onboarding -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def onboarding(request: AuthedRequest) -> HttpResponse:
    """Step 1 of 3: the basics."""
    mine = _own_profile(request)
    form = ProfileBasicsForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid() and _save_profile(form):
        return redirect("people:onboarding_teach")
    return render(request, "people/onboarding_basics.html", {"form": form, "step": 1})


@login_required
@require_GET
def onboarding_teach(request: AuthedRequest) -> HttpResponse:
    """Step 2 of 3: what I can teach."""
    mine = _own_profile(request)
    panel = _panel(mine, "teach")
    return render(request, "people/onboarding_skills.html", {"panel": panel, "step": 2})


@login_required
@require_GET
def onboarding_learn(request: AuthedRequest) -> HttpResponse:
    """Step 3 of 3: what I want to learn."""
    mine = _own_profile(request)
    panel = _panel(mine, "learn")
    return render(request, "people/onboarding_skills.html", {"panel": panel, "step": 3})


@login_required
@require_POST
def onboarding_finish(request: AuthedRequest) -> HttpResponse:
    mine = _own_profile(request)
    missing = mine.missing
    if not missing:
        messages.success(request, gettext("Your profile is ready. Welcome to Twoway!"))
        return redirect(mine)
    messages.warning(request, gettext("Almost there: add %(needs)s.") % {"needs": _join(missing)})
    return redirect(mine.onboarding_step)


@login_required
@require_GET
def onboarding_next(request: AuthedRequest) -> HttpResponse:
    """Where a member goes after joining (the email link): the first onboarding step still to
    do, or home once the profile is complete."""
    return redirect(_own_profile(request).onboarding_step or "home")


def _join(items: list[str]) -> str:
    """ "a, b and c", in the reader's language."""
    if len(items) == 1:
        return items[0]
    return pgettext("a list's last two items", "%(items)s and %(last)s") % {
        "items": ", ".join(items[:-1]),
        "last": items[-1],
    }


# --- Teach and learn lists (htmx partials, plain POST fallbacks) ------------------------------


@dataclass(frozen=True)
class Kind:
    """What differs between the teach list and the learn list."""

    name: str
    form_class: type[TeachingForm] | type[LearningForm]
    model: type[Teaching] | type[Learning]
    rank: str
    text: str

    def rows(self, profile: Profile) -> Any:
        return self.model.objects.filter(profile=profile).select_related("skill")

    def save(self, profile: Profile, data: dict[str, Any]) -> ResolvedSkill:
        if self.name == "teach":
            _, resolved = services.teaching_set(
                profile=profile, skill_text=data["skill"], level=data["level"], note=data["note"]
            )
        else:
            _, resolved = services.learning_set(
                profile=profile,
                skill_text=data["skill"],
                priority=data["priority"],
                why=data["why"],
            )
        return resolved

    def remove(self, profile: Profile, skill: Skill) -> bool:
        remove = services.teaching_remove if self.name == "teach" else services.learning_remove
        return remove(profile=profile, skill=skill)


KINDS = {
    "teach": Kind("teach", TeachingForm, Teaching, rank="level", text="note"),
    "learn": Kind("learn", LearningForm, Learning, rank="priority", text="why"),
}


def _panel(
    profile: Profile,
    kind: str,
    form: TeachingForm | LearningForm | None = None,
    resolved: ResolvedSkill | None = None,
) -> dict[str, Any]:
    spec = KINDS[kind]
    form = form or spec.form_class()
    form.fields["skill"].widget.attrs.update(autocomplete_attrs(kind))
    rows = list(spec.rows(profile))
    items = [
        {"skill": r.skill, "value": getattr(r, spec.rank), "text": getattr(r, spec.text)}
        for r in rows
    ]
    replace_value = next(
        (i["value"] for i in items if resolved and i["skill"] == resolved.skill), None
    )
    return {
        "kind": kind,
        "items": items,
        "form": form,
        "resolved": resolved,
        "rank": spec.rank,
        "replace_value": replace_value,
        "choices": _rank_choices(spec),
        "add_name": f"people:{kind}_add",
        "update_name": f"people:{kind}_update",
        "remove_name": f"people:{kind}_remove",
    }


def _rank_choices(spec: Kind) -> list[tuple[int, str]]:
    """The level (or priority) select's options, a priority saying what it is."""
    choices = spec.form_class.base_fields[spec.rank].choices  # type: ignore[attr-defined]
    if spec.name == "teach":
        return [(value, str(label)) for value, label in choices]
    return [
        (value, gettext("priority: %(priority)s") % {"priority": label}) for value, label in choices
    ]


def _panels(profile: Profile) -> dict[str, Any]:
    return {"teach_panel": _panel(profile, "teach"), "learn_panel": _panel(profile, "learn")}


def _after_change(request: AuthedRequest, panel: dict[str, Any]) -> HttpResponse:
    if is_htmx(request):
        return render(request, "people/_skills_panel.html", {"panel": panel})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("people:edit")
    return redirect(target)


@login_required
@require_POST
def skill_add(request: AuthedRequest, kind: str) -> HttpResponse:
    """Add (or update) a skill on your own teach or learn list; optionally replace another."""
    mine, spec = _own_profile(request), KINDS[kind]
    form = spec.form_class(request.POST)
    resolved = None
    if form.is_valid():
        try:
            resolved = spec.save(mine, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.is_valid():
        replaced = Skill.objects.filter(slug=request.POST.get("replace", "")).first()
        if replaced is not None and resolved is not None and replaced != resolved.skill:
            spec.remove(mine, replaced)
            services.skill_discard_if_unused(skill=replaced)
        form = spec.form_class()
    elif not is_htmx(request):
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return _after_change(request, _panel(mine, kind, form, resolved))


@login_required
@require_POST
def skill_update(request: AuthedRequest, kind: str, slug: str) -> HttpResponse:
    """Change the level (or priority) of a skill already on your list."""
    mine, spec = _own_profile(request), KINDS[kind]
    row = get_object_or_404(spec.rows(mine), skill__slug=slug)
    # Only the level (or priority) changes: the skill and its note or reason stay as they are.
    data = {"skill": row.skill.name, spec.rank: request.POST.get(spec.rank), spec.text: ""}
    form = spec.form_class(data)
    if form.is_valid():
        try:
            spec.save(mine, {**form.cleaned_data, spec.text: getattr(row, spec.text)})
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _after_change(request, _panel(mine, kind, None if form.is_valid() else form))


@login_required
@require_POST
def skill_remove(request: AuthedRequest, kind: str, slug: str) -> HttpResponse:
    mine, spec = _own_profile(request), KINDS[kind]
    skill = get_object_or_404(Skill, slug=slug)
    spec.remove(mine, skill)
    return _after_change(request, _panel(mine, kind))


@login_required
@require_GET
def skill_options(request: AuthedRequest) -> HttpResponse:
    """Autocomplete: <option>s for a <datalist>, from the catalogue."""
    text = request.GET.get("skill") or request.GET.get("teaches") or request.GET.get("learns")
    skills = Skill.objects.search(text or "")[:12] if text else Skill.objects.none()
    return render(request, "people/_skill_options.html", {"skills": skills})


# --- Directory --------------------------------------------------------------------------------


@login_required
@require_GET
def directory(request: AuthedRequest) -> HttpResponse:
    """The member search. Its results are the same for every member asking the same thing, so
    they are kept rendered per query until a member or a skill changes (page_cache.py)."""
    form = DirectoryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    key = f"people:directory:{page_cache.members_version()}:{query}"
    results = fragment(key, lambda: _directory_results(request, filters))
    # A history restore (back button after hx-push-url) needs the whole page.
    if is_htmx(request) and not request.headers.get("HX-History-Restore-Request"):
        return HttpResponse(results)
    # The form (its time zone list alone is hundreds of options) is the same per query too.
    search_form = fragment(
        f"{key}:form",
        lambda: render_to_string("people/_directory_form.html", {"form": form}, request=request),
    )
    context = {"search_form": search_form, "results": results, "mine": _own_profile(request)}
    return render(request, "people/directory.html", context)


def _directory_results(request: AuthedRequest, filters: dict[str, Any]) -> str:
    search = services.directory_search(
        teaches=filters.get("teaches", ""),
        learns=filters.get("learns", ""),
        team=filters.get("team", ""),
        timezone=filters.get("timezone", ""),
        open_only=filters.get("open", False),
    )
    page = Paginator(search.profiles, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "search": search}
    return render_to_string("people/_directory_results.html", context, request=request)
