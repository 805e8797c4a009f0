"""The erasure page's form: the member's password again, and what becomes of their posts."""

from __future__ import annotations

from django import forms


class EraseForm(forms.Form):
    POSTS = (
        ("keep", "Keep my published posts, signed “A former member”"),
        ("delete", "Delete my posts (and the replies under them)"),
    )

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    posts = forms.ChoiceField(
        label="Your posts", choices=POSTS, initial="keep", widget=forms.RadioSelect
    )

    @property
    def delete_posts(self) -> bool:
        return self.cleaned_data.get("posts") == "delete"
