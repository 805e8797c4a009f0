"""Forms for programs: settings, joining (with extra questions), imports, invitations, and the
manager's small actions (participants, managers, pair rules).

Every POST a programs page reads goes through one of these forms. They check the input's shape
(a number is a number, a choice is one of the choices); the rules live in the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.engine.io.read import split_columns
from twoway.programs.import_rows import COLUMNS, SKILL_COLUMNS
from twoway.programs.import_words import as_sentence, column_name
from twoway.programs.imports import MAX_BYTES, SUFFIXES
from twoway.programs.models import Program, Role


class ProgramForm(forms.ModelForm[Program]):
    questions_text = forms.CharField(
        label=_("Extra enrolment questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line; end a line with * to make it required."),
    )

    class Meta:
        model = Program
        fields = [
            "name", "description", "starts_on", "ends_on", "mode", "objective", "mentor_weight",
            "reverse_weight", "timezone_weight", "exclude_same_team", "require_shared_language",
            "min_overlap_hours", "default_capacity", "open_enrolment", "requires_approval",
        ]  # fmt: skip
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "mode": _("Mode"),
            "objective": _("Objective"),
            "mentor_weight": _("Mentor weight"),
            "reverse_weight": _("Reverse weight"),
            "timezone_weight": _("Time zone weight"),
            "exclude_same_team": _("Keep people of the same team apart"),
            "require_shared_language": _("Require a shared language"),
            "min_overlap_hours": _("Minimum working-hours overlap"),
            "default_capacity": _("Default capacity"),
            "open_enrolment": _("Open enrolment"),
            "requires_approval": _("Requires approval"),
        }
        help_texts = {
            "reverse_weight": _(
                "Mentor–mentee mode: how much what the mentee teaches the mentor counts."
            ),
            "open_enrolment": _("Any member can join from the programs page."),
            "requires_approval": _("People who join by link wait for a manager's approval."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["questions_text"] = "\n".join(
                q["label"] + ("*" if q.get("required") else "") for q in self.instance.questions
            )

    def settings(self) -> dict[str, Any]:
        """The cleaned values as the service's keyword arguments."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["questions"] = self.cleaned_data.get("questions_text", "")
        return data


class JoinForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.EITHER,
        help_text=_("In a mentor–mentee program: which side you'd like. Either is fine too."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        for question in program.questions:
            self.fields[f"q_{question['key']}"] = forms.CharField(
                label=question["label"],
                required=bool(question.get("required")),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[str, str]:
        return {
            q["key"]: self.cleaned_data.get(f"q_{q['key']}", "") for q in self.program.questions
        }


SKILL_HELP = _(
    "Leave empty to find it by its usual names. Name several columns, separated by commas "
    "(e.g. HaveWorkedLanguage, HaveWorkedFramework), to join their skills into one list."
)
USUAL_NAMES_HELP = _("Leave empty to find it by its usual names.")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participants file"),
        help_text=_(
            "CSV (comma, semicolon or tab) or Excel .xlsx, with a header row. Only an email "
            "column is required; name, role (mentor, mentee, either), team, capacity and the "
            "skills people teach and want to learn (skill:level separated by ';') are optional."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in COLUMNS:
            skills = name in SKILL_COLUMNS
            self.fields[f"col_{name}"] = forms.CharField(
                label=_("Column for %(name)s") % {"name": column_name(name)},
                required=False,
                max_length=300 if skills else 100,
                help_text=SKILL_HELP if skills else USUAL_NAMES_HELP,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in COLUMNS:
            text = data.get(f"col_{name}") or ""
            try:
                if text.strip():
                    split_columns(name, text, SKILL_COLUMNS)
            except ValueError as exc:
                self.add_error(f"col_{name}", as_sentence(str(exc)))
        return data

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is over 5 MB. Split it into smaller files."))
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload

    def mapping(self) -> dict[str, str]:
        return {n: self.cleaned_data[f"col_{n}"] for n in COLUMNS if self.cleaned_data[f"col_{n}"]}


PAIR_NOT_RECOGNISED = _(
    "That pair was not recognised. Reload the proposal and pick the pair again."
)
PICK_AGAIN = dict.fromkeys(("required", "invalid", "min_value"), PAIR_NOT_RECOGNISED)


class InvitationForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=80)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; a few words are easy to remember."),
    )


CHOOSE_TWO = _("Choose two people from the search list, then add them.")


class PairForm(forms.Form):
    """A pair by hand: the two participants chosen from the round page's search list."""

    a = forms.IntegerField(min_value=1, error_messages=dict.fromkeys(PICK_AGAIN, CHOOSE_TWO))
    b = forms.IntegerField(min_value=1, error_messages=dict.fromkeys(PICK_AGAIN, CHOOSE_TWO))


class PairSearchForm(forms.Form):
    """The round page's search list: the text typed and the people chosen so far (GET)."""

    q = forms.CharField(max_length=100, required=False, strip=True)
    a = forms.IntegerField(min_value=1, required=False)
    b = forms.IntegerField(min_value=1, required=False)

    def picked(self) -> dict[str, Any]:
        """The search as keyword arguments; a malformed field is left out, never refused."""
        self.is_valid()  # cleaned_data then holds the fields that are well formed
        data = self.cleaned_data
        return {"text": data.get("q") or "", "a": data.get("a"), "b": data.get("b")}


class ParticipantForm(forms.Form):
    """A manager's change to one participant: approve, withdraw or re-enrol, and/or a new role.

    Which actions and roles exist, and when each is allowed, is the service's rule
    (``services.enrolment_set``); this form only reads the two words.
    """

    action = forms.CharField(max_length=20, required=False)
    role = forms.CharField(max_length=20, required=False)


class ManagerForm(forms.Form):
    email = forms.EmailField(label=_("Add a manager by email"))


class PublishForm(forms.Form):
    """Publishing creates every partnership and tells every matched member at once, so the
    manager confirms they reviewed the pairs first."""

    reviewed = forms.BooleanField(
        label=_("I have reviewed the pairs"),
        error_messages={
            "required": _(
                "Nothing was published: tick “I have reviewed the pairs” once you have checked "
                "them, then publish."
            )
        },
    )


class PairRuleForm(forms.Form):
    """Lock, forbid or clear the rule on a pair of a proposal (the buttons under each pair)."""

    a = forms.IntegerField(min_value=1, error_messages=PICK_AGAIN)
    b = forms.IntegerField(min_value=1, error_messages=PICK_AGAIN)
    kind = forms.ChoiceField(
        choices=[("lock", _("Lock")), ("forbid", _("Forbid")), ("clear", _("Clear"))],
        error_messages={
            "required": _("Choose lock, forbid or clear."),
            "invalid_choice": _("Choose lock, forbid or clear."),
        },
    )
