"""Forms for the availability page and for finding, proposing and picking times."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from twoway.scheduling.models import Weekday
from twoway.scheduling.services import WINDOW_WORDS, WINDOWS_MAX
from twoway.scheduling.slots import OFFER_MAX, Window, window_problems

LENGTHS = [
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
]
CLOCK = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WindowForm(forms.Form):
    """One row: a weekday and a from–to clock time, in the member's own zone."""

    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Choose a day")), *Weekday.choices],
        coerce=int,
        empty_value=None,
    )
    start = forms.TimeField(label=_("From"), widget=CLOCK)
    end = forms.TimeField(label=_("To"), widget=CLOCK)

    @property
    def window(self) -> Window | None:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if all(data.get(name) is not None for name in ("weekday", "start", "end")):
            return Window(data["weekday"], data["start"], data["end"])
        return None


class BaseWindowFormSet(forms.BaseFormSet[WindowForm]):
    """The rows of the week; the rules (end after start, no overlaps) are ``window_problems``,
    shown beside the field they concern."""

    def kept(self) -> list[WindowForm]:
        return [
            form
            for form in self.forms
            if form.window is not None and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]

    def clean(self) -> None:
        rows = self.kept()
        windows = [form.window for form in rows if form.window is not None]
        for i, name, message in window_problems(windows, WINDOW_WORDS):
            rows[i].add_error(name, message)

    def windows(self) -> list[Window]:
        return [form.window for form in self.kept() if form.window is not None]


WindowFormSet = forms.formset_factory(
    WindowForm,
    formset=BaseWindowFormSet,
    extra=1,
    can_delete=True,
    max_num=WINDOWS_MAX,
    validate_max=True,
)


def window_formset(
    data: Any = None, *, windows: list[Window] | None = None, add_row: bool = False
) -> BaseWindowFormSet:
    """The formset for the page: the saved windows and one empty row; or the posted rows (every
    one optional: a row left empty is dropped), with one more when ``add_row``."""
    if data is None:
        initial = [{"weekday": w.weekday, "start": w.start, "end": w.end} for w in windows or []]
        return cast(BaseWindowFormSet, WindowFormSet(initial=initial))
    data = data.copy()
    data["form-INITIAL_FORMS"] = "0"
    if add_row:
        total = data.get("form-TOTAL_FORMS", "0")
        rows = int(total) if total.isdigit() else 0
        data["form-TOTAL_FORMS"] = str(min(rows, WINDOWS_MAX) + 1)
    return cast(BaseWindowFormSet, WindowFormSet(data))


class FindForm(forms.Form):
    minutes = forms.TypedChoiceField(label=_("How long"), choices=LENGTHS, coerce=int)

    def __init__(self, *args: Any, length: int = 60, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if length not in dict(LENGTHS):  # the pair's usual length, from a session they planned
            minutes = ngettext("%(count)s minute", "%(count)s minutes", length) % {"count": length}
            choices = sorted([*LENGTHS, (length, minutes)], key=lambda choice: choice[0])
            self.fields["minutes"].choices = choices  # type: ignore[attr-defined]


class StartsField(forms.Field):
    """Ticked times, sent as ISO instants; the service checks they are still free for both."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[datetime]:
        try:
            starts = [datetime.fromisoformat(v) for v in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose times from the list.")) from None
        if any(s.tzinfo is None for s in starts):
            raise forms.ValidationError(_("Choose times from the list."))
        if len(starts) > OFFER_MAX:
            raise forms.ValidationError(
                _("Propose at most %(count)s times.") % {"count": OFFER_MAX}
            )
        return starts


class ProposeForm(forms.Form):
    """The times found, all ticked: the proposer sends the ones they want."""

    slots = StartsField(
        label=_("Times to propose"),
        error_messages={"required": _("Tick at least one time to propose.")},
    )
    minutes = forms.IntegerField(min_value=15, max_value=480, widget=forms.HiddenInput)
    link = forms.URLField(
        label=_("Video link (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Leave it empty and we make a video room (Jitsi Meet, no account needed)."),
    )


class PickForm(forms.Form):
    slot = forms.IntegerField(min_value=1)
