"""Forms for the network and circle pages (services check the rules; forms shape the input)."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from twoway.network.models import CIRCLE_MAX, CIRCLE_MIN, NetworkSettings

TEXT = forms.Textarea(attrs={"rows": 3})


def _people(n: int) -> str:
    return ngettext("%(n)d person", "%(n)d people", n) % {"n": n}


# Choices are made once at import: the label is written in the reader's language when shown.
_people_lazy = lazy(_people, str)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who can see my network"),
        choices=NetworkSettings.Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("“Only me” also keeps your connections out of other people's networks."),
    )


class HelpForm(forms.Form):
    skill = forms.CharField(label=_("Who can help me with"), max_length=80)


class IntroductionForm(forms.Form):
    target = forms.SlugField(widget=forms.HiddenInput)
    via = forms.SlugField(widget=forms.HiddenInput)
    skill = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message for the introduction"), max_length=1000, widget=TEXT)


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("A note (optional)"), max_length=300, required=False)


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    theme = forms.CharField(
        label=_("Theme"),
        max_length=200,
        required=False,
        help_text=_("What the circle is about."),
    )
    skill = forms.CharField(
        label=_("Skill"),
        max_length=80,
        required=False,
        help_text=_("A skill the circle focuses on, e.g. Kubernetes."),
    )
    capacity = forms.IntegerField(
        min_value=CIRCLE_MIN, max_value=CIRCLE_MAX, initial=CIRCLE_MAX, label=_("Members (3–6)")
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z) for z in sorted(zoneinfo.available_timezones())]
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=5, max_value=480, initial=60
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("A room or a video link."),
    )
    agenda = forms.CharField(label=_("Agenda"), max_length=2000, required=False, widget=TEXT)


class LearningForm(forms.Form):
    learned_from = forms.ChoiceField(label=_("I learned from"))
    skills = forms.CharField(
        label=_("Skills"),
        max_length=300,
        required=False,
        help_text=_("Skills, separated by commas."),
    )
    text = forms.CharField(label=_("What I learned"), max_length=2000, widget=TEXT)

    def __init__(self, *args: object, members: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["learned_from"].choices = members  # type: ignore[attr-defined]


class QueueForm(forms.Form):
    themes = forms.CharField(
        max_length=300,
        required=False,
        label=_("Themes (optional)"),
        help_text=_("Skills you'd like the circle to be about, separated by commas."),
    )
    size = forms.TypedChoiceField(
        label=_("Preferred size (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("No preference"))]
        + [(n, _people_lazy(n)) for n in range(CIRCLE_MIN, CIRCLE_MAX + 1)],
    )

    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]
