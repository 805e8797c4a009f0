"""SCIM resources as plain data: what a directory may write, checked, and PATCH applied to it.

A resource is handled as a JSON document with canonical attribute names (``userName``, not
``username``). POST and PUT bodies are read by :func:`user_input` / :func:`group_input`; a PATCH
is applied to the stored document by :func:`patch` and the result read by the same functions, so
a change is checked the same way however it arrives. Attributes outside the published schemas
(discovery.py) are ignored, as are read-only ones (``id``, ``meta``, ``groups``).

Errors are django-scim2's ``SCIMException`` subclasses, which its views answer as SCIM errors.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django_scim.exceptions import BadRequestError

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_EMAILS = 10
NAME_MAX = 150


@dataclass(frozen=True)
class Spec:
    """The attributes of one resource type: simple ones, and complex ones with their parts."""

    urn: str
    simple: tuple[str, ...]
    complex: dict[str, tuple[str, ...]]
    multi: tuple[str, ...]

    def canonical(self, name: str) -> str | None:
        """The attribute's canonical name (SCIM names are case-insensitive), None if unknown."""
        for known in (*self.simple, *self.complex):
            if known.lower() == name.lower():
                return known
        return None

    def part(self, attribute: str, name: str) -> str | None:
        return next((p for p in self.complex[attribute] if p.lower() == name.lower()), None)


USER = Spec(
    urn=USER_URN,
    simple=("userName", "externalId", "displayName", "active"),
    complex={
        "name": ("formatted", "familyName", "givenName"),
        "emails": ("value", "type", "primary"),
    },
    multi=("emails",),
)
GROUP = Spec(
    urn=GROUP_URN,
    simple=("displayName", "externalId"),
    complex={"members": ("value", "$ref", "type")},
    multi=("members",),
)


def invalid(detail: str, scim_type: str = "invalidValue") -> BadRequestError:
    return BadRequestError(detail, scim_type=scim_type)


# ---------------------------------------------------------------------------------------------
# Reading a whole resource (POST, PUT, and the result of a PATCH)


def canonical_document(body: Any, spec: Spec) -> dict[str, Any]:
    """The known, writable attributes of ``body`` under their canonical names."""
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.", "invalidSyntax")
    document: dict[str, Any] = {}
    for key, value in body.items():
        if key == spec.urn and isinstance(value, dict):  # attributes nested under the schema
            document.update(canonical_document(value, spec))
            continue
        name = spec.canonical(_strip_urn(key, spec))
        if name is None or value is None:
            continue
        document[name] = _canonical_value(name, value, spec)
    return document


def _strip_urn(key: str, spec: Spec) -> str:
    prefix = spec.urn + ":"
    return key[len(prefix) :] if key.lower().startswith(prefix.lower()) else key


def _canonical_value(name: str, value: Any, spec: Spec) -> Any:
    if name not in spec.complex:
        return value
    if name in spec.multi:
        items = value if isinstance(value, list) else [value]
        return [_canonical_parts(name, item, spec) for item in items]
    return _canonical_parts(name, value, spec)


def _canonical_parts(name: str, value: Any, spec: Spec) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(f"Each value of {name} must be an object.")
    parts = {spec.part(name, key): part for key, part in value.items() if part is not None}
    return {key: part for key, part in parts.items() if key is not None}


@dataclass
class UserInput:
    """A checked SCIM User: what the account gets, and the attributes to store and give back."""

    user_name: str
    external_id: str
    email: str
    display_name: str
    active: bool
    attributes: dict[str, Any] = field(default_factory=dict)


def user_input(body: Any) -> UserInput:
    """Check a User resource; raises BadRequestError (400, ``invalidValue``) naming the problem."""
    document = canonical_document(body, USER)
    user_name = _text(document.get("userName"), "userName", limit=254)
    if not user_name:
        raise invalid("userName is required: send the member's sign-in name, such as their email.")
    attributes: dict[str, Any] = {}
    name = _name(document.get("name"))
    if name:
        attributes["name"] = name
    display_name = _text(document.get("displayName"), "displayName", limit=NAME_MAX)
    if display_name:
        attributes["displayName"] = display_name
    emails = _emails(document.get("emails"))
    if emails:
        attributes["emails"] = emails
    if "active" in document:
        attributes["active"] = boolean(document["active"], "active")
    email = _member_email(emails, user_name)
    return UserInput(
        user_name=user_name,
        external_id=_text(document.get("externalId"), "externalId", limit=254),
        email=email,
        display_name=shown_name(attributes, email),
        active=attributes.get("active", True),
        attributes=attributes,
    )


def shown_name(attributes: dict[str, Any], email: str) -> str:
    """The name other members see: displayName, else the formatted name, else given and family
    names, else the address's local part."""
    name = attributes.get("name", {})
    joined = " ".join(p for p in (name.get("givenName", ""), name.get("familyName", "")) if p)
    chosen = attributes.get("displayName") or name.get("formatted") or joined
    return (chosen or email.split("@")[0]).strip()[:80]


def _text(value: Any, label: str, *, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(f"{label} must be a string.")
    text = value.strip()
    if len(text) > limit:
        raise invalid(f"{label} is too long: keep it under {limit} characters.")
    return text


def boolean(value: Any, label: str) -> bool:
    """A boolean; "true" and "false" as strings too (Entra ID sends them so in PATCH)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise invalid(f"{label} must be true or false.")


def _name(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    parts = _canonical_parts("name", value, USER)
    cleaned = {key: _text(part, f"name.{key}", limit=NAME_MAX) for key, part in parts.items()}
    return {key: part for key, part in cleaned.items() if part}


def _emails(value: Any) -> list[dict[str, Any]]:
    items = value or []
    if len(items) > MAX_EMAILS:
        raise invalid(f"Send at most {MAX_EMAILS} emails.")
    emails = [_email_item(item) for item in items]
    if sum(1 for item in emails if item.get("primary")) > 1:
        raise invalid("Only one email may be primary.")
    return emails


def _email_item(item: dict[str, Any]) -> dict[str, Any]:
    address = _text(item.get("value"), "emails.value", limit=254)
    try:
        validate_email(address)
    except ValidationError:
        raise invalid(f"{address!r} is not an email address (emails.value).") from None
    cleaned: dict[str, Any] = {"value": address}
    kind = _text(item.get("type"), "emails.type", limit=20)
    if kind:
        cleaned["type"] = kind
    if "primary" in item:
        cleaned["primary"] = boolean(item["primary"], "emails.primary")
    return cleaned


def _member_email(emails: list[dict[str, Any]], user_name: str) -> str:
    """The address the member signs in and is reached with: the primary email, else the first
    work one, else the first one, else the userName when it is an address."""
    ranked = sorted(
        emails, key=lambda e: (not e.get("primary"), str(e.get("type", "")).lower() != "work")
    )
    if ranked:
        return str(ranked[0]["value"]).lower()
    try:
        validate_email(user_name)
    except ValidationError:
        raise invalid(
            "A member needs an email address: send emails (a primary work address), or a "
            "userName that is an email address."
        ) from None
    return user_name.lower()


@dataclass
class GroupInput:
    display_name: str
    external_id: str
    member_ids: list[str]


def group_input(body: Any) -> GroupInput:
    """Check a Group resource; members are users' ids (checked against the directory later)."""
    document = canonical_document(body, GROUP)
    display_name = _text(document.get("displayName"), "displayName", limit=200)
    if not display_name:
        raise invalid("displayName is required: send the group's name.")
    member_ids: list[str] = []
    for item in document.get("members") or []:
        if str(item.get("type", "User")).lower() != "user":
            raise invalid("Only users can be group members here: groups inside groups are not.")
        member_id = _text(item.get("value"), "members.value", limit=64)
        if not member_id:
            raise invalid("Each member needs a value: the user's id.")
        if member_id not in member_ids:
            member_ids.append(member_id)
    return GroupInput(
        display_name=display_name,
        external_id=_text(document.get("externalId"), "externalId", limit=254),
        member_ids=member_ids,
    )


# ---------------------------------------------------------------------------------------------
# PATCH (RFC 7644, section 3.5.2)

_PATH = re.compile(r"^(?P<attr>[\w$]+)(?:\[(?P<filter>.+)\])?(?:\.(?P<part>[\w$]+))?$")
_CLAUSE = re.compile(
    r'^\s*(?P<part>[\w$]+)\s+eq\s+(?P<value>"(?:[^"\\]|\\.)*"|true|false)\s*$', re.I
)


@dataclass(frozen=True)
class Path:
    attribute: str
    match: tuple[tuple[str, Any], ...] | None  # the value filter's (part, value) pairs
    part: str | None


def patch(document: dict[str, Any], operations: Any, spec: Spec) -> dict[str, Any]:
    """``document`` with ``operations`` applied (a new dict; the argument is left alone).

    Paths name an attribute, a part (``name.givenName``), or items of a multi-valued one by a
    filter of ``eq`` clauses joined by ``and`` (``emails[type eq "work"].value``,
    ``members[value eq "…"]``). Unknown attributes are ignored, like in a PUT. Operations
    without a path take an object of attributes (which may be paths themselves).
    """
    if not isinstance(operations, list):
        raise invalid("Operations must be a list.", "invalidSyntax")
    result = copy.deepcopy(document)
    for operation in operations:
        if not isinstance(operation, dict):
            raise invalid("Each operation must be an object.", "invalidSyntax")
        _operation(result, operation, spec)
    return result


def _operation(document: dict[str, Any], operation: dict[str, Any], spec: Spec) -> None:
    op = str(operation.get("op", "")).lower()
    if op not in ("add", "remove", "replace"):
        raise invalid(
            f"Unknown op {operation.get('op')!r}: use add, remove or replace.", "invalidSyntax"
        )
    path, value = operation.get("path"), operation.get("value")
    if path:
        _apply(document, op, _parse_path(str(path), spec), value, spec)
    elif op == "remove":
        raise invalid("A remove operation needs a path.", "noTarget")
    elif isinstance(value, dict):
        for key, item in value.items():
            if _strip_urn(key, spec).lower() in ("id", "schemas", "meta"):
                continue  # read-only; Okta sends the id back in its replace
            _apply(document, op, _parse_path(key, spec), item, spec)
    else:
        raise invalid("An operation without a path needs an object as its value.", "invalidSyntax")


def _parse_path(text: str, spec: Spec) -> Path | None:
    """The path, or None for an attribute outside our schema (ignored)."""
    text = _strip_urn(text.strip(), spec)
    found = _PATH.match(text)
    if found is None:
        if text.lower().startswith("urn:"):
            return None  # an extension we do not support (such as Entra's enterprise user)
        raise invalid(f"Cannot read the path {text!r}.", "invalidPath")
    attribute = spec.canonical(found["attr"])
    if attribute is None:
        return None
    match = _parse_filter(found["filter"], attribute, spec) if found["filter"] else None
    part = found["part"]
    if (match is not None or part) and attribute not in spec.complex:
        raise invalid(f"{attribute} has no parts: {text!r} names none.", "invalidPath")
    if part is not None:
        part = spec.part(attribute, part)
        if part is None:
            return None
    return Path(attribute, match, part)


def _parse_filter(text: str, attribute: str, spec: Spec) -> tuple[tuple[str, Any], ...]:
    if attribute not in spec.multi:
        raise invalid(f"{attribute} has a single value: it takes no filter.", "invalidPath")
    clauses = []
    for clause in re.split(r"\s+and\s+", text, flags=re.I):
        found = _CLAUSE.match(clause)
        part = spec.part(attribute, found["part"]) if found else None
        if found is None or part is None:
            raise invalid(
                f'Cannot read the filter {text!r}: use clauses such as value eq "…" joined by and.',
                "invalidFilter",
            )
        raw = found["value"]
        value = raw.lower() == "true" if raw.lower() in ("true", "false") else _unquote(raw)
        clauses.append((part, value))
    return tuple(clauses)


def _unquote(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


def _apply(document: dict[str, Any], op: str, path: Path | None, value: Any, spec: Spec) -> None:
    if path is None:
        return
    name = path.attribute
    if name in spec.multi:
        _apply_multi(document, op, path, value, spec)
    elif name in spec.complex:
        _apply_complex(document, op, path, value, spec)
    elif op == "remove":
        document.pop(name, None)
    else:
        document[name] = value


def _apply_complex(document: dict[str, Any], op: str, path: Path, value: Any, spec: Spec) -> None:
    name, part = path.attribute, path.part
    current = dict(document.get(name) or {})
    if part is not None:
        if op == "remove":
            current.pop(part, None)
        else:
            current[part] = value
    elif op == "remove":
        current = {}
    elif isinstance(value, dict):
        current.update(_canonical_parts(name, value, spec))
    else:
        raise invalid(f"{name} takes an object of its parts.")
    if current:
        document[name] = current
    else:
        document.pop(name, None)


def _apply_multi(document: dict[str, Any], op: str, path: Path, value: Any, spec: Spec) -> None:
    name = path.attribute
    items: list[dict[str, Any]] = list(document.get(name) or [])
    if path.match is None and path.part is None:
        items = _whole_list(items, op, name, value, spec)
    else:
        items = _some_items(items, op, path, value)
    if items:
        document[name] = items
    else:
        document.pop(name, None)


def _whole_list(
    items: list[dict[str, Any]], op: str, name: str, value: Any, spec: Spec
) -> list[dict[str, Any]]:
    given = _canonical_value(name, value, spec) if value is not None else []
    if op == "replace":
        return list(given)
    if op == "add":
        return items + [item for item in given if item not in items and not _same(item, items)]
    if value is None:  # remove without a value: the attribute goes
        return []
    # Entra ID removes members by listing them in the value rather than by a filter.
    gone = {str(item.get("value")) for item in given}
    return [item for item in items if str(item.get("value")) not in gone]


def _same(item: dict[str, Any], items: list[dict[str, Any]]) -> bool:
    """Whether a member with this value is listed already (adding someone twice is a no-op)."""
    return "value" in item and any(str(i.get("value")) == str(item["value"]) for i in items)


def _some_items(
    items: list[dict[str, Any]], op: str, path: Path, value: Any
) -> list[dict[str, Any]]:
    chosen = [i for i, item in enumerate(items) if _matches(item, path.match)]
    if op == "remove":
        if path.part is None:
            return [item for i, item in enumerate(items) if i not in chosen]
        for i in chosen:
            items[i] = {k: v for k, v in items[i].items() if k != path.part}
        return items
    if not chosen:  # nothing matched: add the item the filter describes (Entra ID relies on it)
        items.append(dict(path.match or ()))
        chosen = [len(items) - 1]
    for i in chosen:
        if path.part is not None:
            items[i] = {**items[i], path.part: value}
        elif isinstance(value, dict):
            items[i] = {**items[i], **value}
        else:
            raise invalid(f"{path.attribute} items are objects: send one as the value.")
    return items


def _matches(item: dict[str, Any], match: tuple[tuple[str, Any], ...] | None) -> bool:
    if match is None:
        return True
    return all(_equal(item.get(part), wanted) for part, wanted in match)


def _equal(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, bool):
        return actual is wanted
    return str(actual).lower() == str(wanted).lower() if actual is not None else False
