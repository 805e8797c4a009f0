from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from twoway.people.models import Learning, Profile, Skill, SkillAlias, SkillName, Teaching
from twoway.people.services import skill_merge
from twoway.people.skill_names import translated_languages


class SkillAliasInline(admin.TabularInline[SkillAlias, Skill]):
    model = SkillAlias
    fields = ["alias"]
    extra = 1


class SkillNameForm(forms.ModelForm[SkillName]):
    language = forms.ChoiceField(choices=[])

    class Meta:
        model = SkillName
        fields = ["language", "name", "is_alias"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [(c, names[c]) for c in translated_languages()]


class SkillNameInline(admin.TabularInline[SkillName, Skill]):
    """The skill's names in the other languages: one display name per language, and aliases."""

    model = SkillName
    form = SkillNameForm
    fields = ["language", "name", "is_alias"]
    extra = 1


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Skill.objects.all(),
        label="Merge into",
        help_text="The skill to keep. The selected skills become its aliases and are deleted.",
    )


@admin.action(description="Merge into…")
def merge_into(
    modeladmin: SkillAdmin, request: HttpRequest, queryset: QuerySet[Skill]
) -> HttpResponse | None:
    """Two steps: pick the skill to keep, then every selected skill is folded into it."""
    form = MergeForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        target = form.cleaned_data["target"]
        merged = [s.name for s in queryset.exclude(pk=target.pk)]
        for source in queryset.exclude(pk=target.pk):
            skill_merge(source=source, target=target)
        modeladmin.message_user(
            request,
            f"Merged {', '.join(merged) or 'nothing'} into {target.name}.",
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge skills",
        "skills": queryset,
        "form": form,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/people/skill/merge.html", context)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["name", "category", "source", "teachers", "learners"]
    list_filter = ["source", "category"]
    search_fields = ["name", "aliases__alias", "names__name"]
    readonly_fields = ["slug", "key", "compact", "created_at"]
    inlines = [SkillAliasInline, SkillNameInline]
    actions = [merge_into]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_teach=Count("teachings", distinct=True), n_learn=Count("learnings", distinct=True)
            )
        )

    @admin.display(ordering="n_teach")
    def teachers(self, obj: Any) -> int:
        return int(obj.n_teach)

    @admin.display(ordering="n_learn")
    def learners(self, obj: Any) -> int:
        return int(obj.n_learn)


class TeachingInline(admin.TabularInline[Teaching, Profile]):
    model = Teaching
    autocomplete_fields = ["skill"]
    extra = 0


class LearningInline(admin.TabularInline[Learning, Profile]):
    model = Learning
    autocomplete_fields = ["skill"]
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["display_name", "handle", "team", "timezone", "open_to_partners", "capacity"]
    list_filter = ["open_to_partners", "timezone"]
    search_fields = ["display_name", "handle", "team", "user__email"]
    raw_id_fields = ["user"]
    inlines = [TeachingInline, LearningInline]


@admin.register(Teaching)
class TeachingAdmin(admin.ModelAdmin[Teaching]):
    list_display = ["profile", "skill", "level"]
    list_select_related = ["profile", "skill"]
    autocomplete_fields = ["skill"]
    raw_id_fields = ["profile"]
    search_fields = ["profile__display_name", "skill__name"]


@admin.register(Learning)
class LearningAdmin(admin.ModelAdmin[Learning]):
    list_display = ["profile", "skill", "priority"]
    list_select_related = ["profile", "skill"]
    autocomplete_fields = ["skill"]
    raw_id_fields = ["profile"]
    search_fields = ["profile__display_name", "skill__name"]
