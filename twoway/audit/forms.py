"""The staff page's filters: they check input shape; the query lives on the model's queryset."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.audit.models import Action, AuditEvent, AuditEventQuerySet


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *Action.choices]
    )
    actor = forms.CharField(
        label=_("Done by"), required=False, max_length=254, help_text=_("Part of an email address.")
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=200,
        help_text=_("Found in the target, address, browser or details."),
    )

    def __init__(self, *args: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date can't be before the start date."))
        return data

    def events(self) -> AuditEventQuerySet:
        """The entries the filters select: every entry when none is given, none while a filter
        is invalid. Dates are whole days in the reader's time zone, both ends included."""
        if self.is_bound and not self.is_valid():
            return AuditEvent.objects.none()
        data = self.cleaned_data if self.is_bound else {}
        until = data.get("until")
        return AuditEvent.objects.matching(
            action=data.get("action", ""),
            actor=data.get("actor", "").strip(),
            start=self._midnight(data.get("since")),
            end=self._midnight(until + timedelta(days=1) if until else None),
            text=data.get("q", "").strip(),
        )

    def _midnight(self, day: date | None) -> datetime | None:
        return datetime.combine(day, time.min, tzinfo=self.zone) if day else None

    def described(self) -> dict[str, str]:
        """The filters in force, for the export's own audit entry."""
        data = self.cleaned_data if self.is_bound else {}
        return {name: str(value) for name, value in data.items() if value}
