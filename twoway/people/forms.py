"""Forms for onboarding, profile editing, the teach/learn lists and the directory filters."""

from __future__ import annotations

import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from twoway.people.models import (
    LEVEL_MESSAGE,
    PRIORITY_MESSAGE,
    Learning,
    Profile,
    Teaching,
)
from twoway.people.photos import PreparedPhoto, photo_prepare

# Offered in selects; the API and the model accept any IANA name.
COMMON_TIMEZONES = [
    "UTC",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/Mexico_City",
    "America/New_York",
    "America/Toronto",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Atlantic/Reykjavik",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Manila",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Pacific/Auckland",
]


def timezone_choices(current: str | None = None) -> list[tuple[str, str]]:
    zones = list(COMMON_TIMEZONES)
    if current and current not in zones:
        zones.insert(0, current)
    return [(zone, zone.replace("_", " ")) for zone in zones]


class TimezoneField(forms.ChoiceField):
    """A select of common zones that also takes any other IANA name (the browser's, filled in by
    app.js, may not be in the list); the model's validator still checks it."""

    def valid_value(self, value: Any) -> bool:
        return super().valid_value(value) or value in zoneinfo.available_timezones()


def interface_language_field(profile: Profile) -> forms.ChoiceField:
    """The language Twoway speaks to the member: a new profile starts with the page's."""
    return forms.ChoiceField(
        label=_("Language of Twoway"),
        choices=[("", _("Whatever my browser asks for")), *settings.LANGUAGES],
        required=False,
        initial=profile.interface_language if profile.pk else translation.get_language(),
        help_text=_("Pages, emails and calendar files come in this language."),
    )


class ProfileBasicsForm(forms.ModelForm[Profile]):
    """Onboarding step 1: who you are, where and when you are, how many partners you can take."""

    timezone = TimezoneField(choices=timezone_choices, label=_("Time zone"))
    # Onboarding starts from the browser's zone while the field is still at the default (app.js).
    prefill_browser_timezone = True

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "timezone",
            "languages",
            "interface_language",
            "open_to_partners",
            "capacity",
        ]
        labels = {
            "display_name": _("Display name"),
            "headline": _("Headline"),
            "languages": _("Languages"),
            "open_to_partners": _("Open to new partners"),
            "capacity": _("Capacity"),
        }
        help_texts = {
            "headline": _("One line about you, e.g. “Backend engineer learning product design”."),
            "languages": _("Languages you can hold a conversation in, separated by commas."),
            "capacity": _("How many partners you can take on at once (1–5)."),
        }
        widgets = {
            "languages": forms.TextInput(attrs={"placeholder": _("English, Spanish")}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["timezone"]).choices = timezone_choices(
            self.instance.timezone
        )
        self.fields["languages"].required = True
        self.fields["interface_language"] = interface_language_field(self.instance)
        self.fields["capacity"].widget.attrs.update(min=1, max=5)
        default = Profile._meta.get_field("timezone").default
        if (
            self.prefill_browser_timezone
            and not self.is_bound
            and self.instance.timezone == default
        ):
            self.fields["timezone"].widget.attrs["data-browser-timezone"] = default


class ProfileEditForm(ProfileBasicsForm):
    """Everything on your own profile page."""

    # A saved zone, even UTC, is the member's choice: the edit page never changes it by itself.
    prefill_browser_timezone = False

    class Meta(ProfileBasicsForm.Meta):
        fields = [
            *ProfileBasicsForm.Meta.fields,
            "handle",
            "role",
            "organisation",
            "team",
            "years_experience",
            "bio",
        ]
        labels = {
            **ProfileBasicsForm.Meta.labels,
            "handle": _("Handle"),
            "role": _("Role or job title"),
            "organisation": _("Organisation"),
            "team": _("Team"),
            "years_experience": _("Years of experience"),
            "bio": _("Bio"),
        }
        help_texts = {
            **ProfileBasicsForm.Meta.help_texts,
            "handle": _(
                "Your profile's address: /people/&lt;handle&gt;/. Letters, numbers and dashes."
            ),
            "bio": _("Up to 2,000 characters."),
        }


class PhotoForm(forms.Form):
    """A profile photo; ``cleaned_data["photo"]`` is the checked, cleaned ``PreparedPhoto``."""

    photo = forms.FileField(
        label=_("Choose a photo"),
        help_text=_(
            "JPEG, PNG or WebP, up to 5 MB. We crop it square and remove the camera and "
            "location details stored in the file."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choose a photo to upload.")},
    )

    def clean_photo(self) -> PreparedPhoto:
        return photo_prepare(self.cleaned_data["photo"])


class TeachingForm(forms.Form):
    skill = forms.CharField(
        max_length=80,
        label=_("Skill"),
        widget=forms.TextInput(attrs={"list": "skill-options-teach", "autocomplete": "off"}),
        help_text=_("Type any skill; we match common spellings (js → JavaScript)."),
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=Teaching.Level.choices,
        initial=Teaching.Level.COMPETENT,
        error_messages={"invalid_choice": LEVEL_MESSAGE},
    )
    note = forms.CharField(max_length=200, required=False, label=_("Note (optional)"))


class LearningForm(forms.Form):
    skill = forms.CharField(
        max_length=80,
        label=_("Skill"),
        widget=forms.TextInput(attrs={"list": "skill-options-learn", "autocomplete": "off"}),
        help_text=_("Type any skill; we match common spellings (k8s → Kubernetes)."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=Learning.Priority.choices,
        initial=Learning.Priority.MEDIUM,
        error_messages={"invalid_choice": PRIORITY_MESSAGE},
    )
    why = forms.CharField(max_length=300, required=False, label=_("Why (optional)"))


class DirectoryForm(forms.Form):
    teaches = forms.CharField(
        required=False,
        label=_("Can teach"),
        widget=forms.TextInput(attrs={"list": "skill-options-teach", "type": "search"}),
    )
    learns = forms.CharField(
        required=False,
        label=_("Wants to learn"),
        widget=forms.TextInput(attrs={"list": "skill-options-learn", "type": "search"}),
    )
    team = forms.CharField(
        required=False, label=_("Team"), widget=forms.TextInput(attrs={"type": "search"})
    )
    timezone = forms.ChoiceField(required=False, label=_("Time zone"))
    open = forms.BooleanField(required=False, label=_("Open to new partners only"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["timezone"]).choices = [
            ("", _("Any time zone")),
            *timezone_choices(),
        ]
        for name, kind in (("teaches", "teach"), ("learns", "learn")):
            self.fields[name].widget.attrs.update(autocomplete_attrs(kind))


def autocomplete_attrs(kind: str) -> dict[str, str]:
    """htmx attributes that fill the skill <datalist> from the catalogue as the member types."""
    return {
        "hx-get": reverse("people:skill_options"),
        "hx-trigger": "input changed delay:250ms",
        "hx-target": f"#skill-options-{kind}",
        "hx-swap": "innerHTML",
        "hx-push-url": "false",
        "autocomplete": "off",
    }
