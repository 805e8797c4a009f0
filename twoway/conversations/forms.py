"""The one form of the messages: a message's text. The services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.core.errors import TEXT_MAX


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write a message")}),
    )
