"""The erasure page's form: the member's password again, and what becomes of their posts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    POSTS = (
        ("keep", _("Keep my published posts, signed “A former member”")),
        ("delete", _("Delete my posts (and the replies under them)")),
    )

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
    posts = forms.ChoiceField(
        label=_("Your posts"), choices=POSTS, initial="keep", widget=forms.RadioSelect
    )

    @property
    def delete_posts(self) -> bool:
        return self.cleaned_data.get("posts") == "delete"
