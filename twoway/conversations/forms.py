"""The one form of the messages: a message's text. The services hold the rules."""

from __future__ import annotations

from django import forms

from twoway.core.errors import TEXT_MAX


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Message",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message"}),
    )
