"""Forms for writing posts and leaving replies. The rules themselves live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from twoway.posts.models import COMMENT_MAX_LENGTH, EXCERPT_MAX_LENGTH, TITLE_MAX_LENGTH, Post
from twoway.posts.services import CommentFields, PostFields, split_names


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Post"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "markdown-input", "translate": "no"}),
        help_text=_(
            "Markdown: **bold**, _italic_, [a link](https://example.org), lists, "
            "```code```. HTML is cleaned: scripts, styles and frames are removed."
        ),
    )
    excerpt = forms.CharField(
        label=_("Excerpt"),
        max_length=EXCERPT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "translate": "no"}),
        help_text=_(
            "One or two sentences for the list and link previews. Left empty, the start "
            "of the post is used."
        ),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas, e.g. reverse mentoring, career."),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        help_text=_("Skills the post is about, separated by commas, e.g. SQL, Figma."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Post.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Post.Visibility.PUBLIC,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Post.Status.choices, initial=Post.Status.DRAFT
    )

    @classmethod
    def for_post(cls, post: Post, data: Any = None) -> PostForm:
        initial = {
            "title": post.title,
            "body": post.body,
            "excerpt": post.excerpt,
            "tags": ", ".join(t.name for t in post.tags.all()),
            "skills": ", ".join(s.name for s in post.skills.all()),
            "visibility": post.visibility,
            "status": post.status,
        }
        return cls(data, initial=initial)

    def to_fields(self) -> PostFields:
        data = self.cleaned_data
        return PostFields(
            title=data["title"],
            body=data["body"],
            excerpt=data["excerpt"],
            tags=split_names(data["tags"]),
            skills=split_names(data["skills"]),
            status=data["status"],
            visibility=data["visibility"],
        )


class CommentForm(forms.Form):
    """The "Leave a Reply" form. ``leave_empty`` is a honeypot: people never see it."""

    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("Enter your name, as you'd like it shown above your reply.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address. It is not published."),
            "invalid": _("Enter your email address, like jo@example.org. It is not published."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"required": _("Write your comment before posting it.")},
        widget=forms.Textarea(attrs={"rows": 6, "translate": "no"}),
        help_text=_("Markdown works: **bold**, _italic_, [a link](https://example.org)."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": _("Enter a web address like https://example.org, or leave it empty.")
        },
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    notify_replies = forms.BooleanField(label=_("Notify me of replies by email"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    leave_empty = forms.CharField(label=_("Leave this field empty"), required=False)

    def to_fields(self) -> CommentFields:
        data = self.cleaned_data
        return CommentFields(
            name=data["name"],
            email=data["email"],
            body=data["body"],
            website=data.get("website") or "",
            parent_id=data.get("parent"),
            notify_replies=bool(data.get("notify_replies")),
            honeypot=data.get("leave_empty") or "",
        )
