"""Forms for the partnership pages. They only shape input; the services hold the rules."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twoway.core.errors import TEXT_MAX
from twoway.core.times import when
from twoway.partnerships.models import LearningEntry, Partnership, Session
from twoway.people.models import Teaching


def _skill_choices(skills: Any) -> list[tuple[str, str]]:
    return [(s.slug, s.name) for s in skills]


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say hello, and what you hope to learn and share."),
    )
    learn_skills = forms.MultipleChoiceField(
        label=_("Skills I'd like to learn from you"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    teach_skills = forms.MultipleChoiceField(
        label=_("Skills I can teach you"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, learn: Any = (), teach: Any = (), **kwargs: Any) -> None:
        """``learn`` and ``teach`` are the skills that fit both ways (what they teach that I
        want, and the reverse); a new form starts with all of them ticked, so a request sent
        as it is proposes that focus rather than none."""
        super().__init__(*args, **kwargs)
        for name, skills in (("learn_skills", learn), ("teach_skills", teach)):
            choices = _skill_choices(skills)
            _choices(self, name, choices)
            self.fields[name].initial = [slug for slug, _ in choices]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementForm(forms.ModelForm[Partnership]):
    class Meta:
        model = Partnership
        fields = ["cadence", "planned_end", "expectations"]
        labels = {
            "cadence": _("Cadence"),
            "planned_end": _("Planned end date"),
            "expectations": _("What we expect"),
        }
        widgets = {
            "planned_end": forms.DateInput(attrs={"type": "date"}),
            "expectations": forms.Textarea(attrs={"rows": 3}),
        }


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    skill = forms.CharField(label=_("Skill (optional)"), max_length=80, required=False)


class GoalProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    done = forms.BooleanField(label=_("Done"), required=False)


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    # Zone names are identifiers, the same in every language: browsers must not translate them.
    tz = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        widget=forms.Select(attrs={"translate": "no"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda (one item per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(Session.Status.HELD, _("Held")), (Session.Status.CANCELLED, _("Cancelled"))]
    )


class AgendaForm(forms.Form):
    text = forms.CharField(label=_("Agenda item"), max_length=300)


class LearningForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you logging?"),
        choices=LearningEntry.Kind.choices,
        widget=forms.RadioSelect,
        initial=LearningEntry.Kind.LEARNED,
    )
    text = forms.CharField(
        label=_("In a few words"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills"), required=False, widget=forms.CheckboxSelectMultiple
    )
    session = forms.TypedChoiceField(
        label=_("Session"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, skills: Any = (), sessions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "skills", _skill_choices(skills))
        _choices(
            self,
            "session",
            [("", gettext("Not tied to a session"))]
            + [(s.pk, when(s.starts_at, zoneinfo.ZoneInfo(s.timezone))) for s in sessions],
        )


class EndForm(forms.Form):
    early = forms.TypedChoiceField(
        label=_("How is it ending?"),
        choices=[("0", _("We're done: complete it")), ("1", _("End it early"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    reason = forms.CharField(
        label=_("Reason (needed when ending early)"), max_length=300, required=False
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was this partnership?"),
        choices=[(str(n), f"{n} / 5") for n in range(5, 0, -1)],
        coerce=int,
    )
    text = forms.CharField(
        label=_("Your feedback"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    managers_only = forms.BooleanField(label=_("Share only with program managers"), required=False)


class LevelsForm(forms.Form):
    """One level field per skill the member may update ("level_<slug>")."""

    def __init__(self, *args: Any, levels: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for skill, level in levels:
            teaches = level > 0
            self.fields[f"level_{skill.slug}"] = forms.TypedChoiceField(
                # A skill only learned so far has no level: choosing one adds it to what the
                # member can teach, so the field says so rather than doing it silently.
                label=_level_label(skill.name, teaches),
                choices=[("0", "—" if teaches else gettext("— (keep it only in what I learn)"))]
                + [(str(value), label) for value, label in Teaching.Level.choices],
                coerce=int,
                initial=str(level),
                required=False,
                help_text=""
                if teaches
                else gettext("Choosing a level adds it to your Can teach list."),
            )
        self.skills = {f"level_{skill.slug}": skill for skill, _level in levels}
        self.adds = {name for name, field in self.fields.items() if field.help_text}


def _level_label(skill: str, teaches: bool) -> str:
    if teaches:
        return gettext("%(skill)s level") % {"skill": skill}
    return gettext("%(skill)s: add to what I teach") % {"skill": skill}
