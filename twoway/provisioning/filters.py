"""SCIM filters (``?filter=userName eq "…"``) as database queries, inside one directory.

django-scim2's own parsers write raw SQL against one table; ours turn the filter into a Django
``Q`` (scim2-filter-parser's transpiler) over the attributes we keep, so the query runs on
SQLite and PostgreSQL alike and always within the requesting directory. A filter naming an
attribute we do not keep is refused (400, ``invalidFilter``) rather than ignored.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django_scim.exceptions import BadRequestError
from scim2_filter_parser.attr_paths import AttrPath
from scim2_filter_parser.parser import SCIMParserError
from scim2_filter_parser.transpilers.django_q_object import get_query

from twoway.provisioning.models import DirectoryGroup, DirectoryMember
from twoway.provisioning.resources import GROUP_URN, USER_URN

AttrMap = dict[tuple[str, str | None, str | None], str]


def _with_urn(attr_map: AttrMap, urn: str) -> AttrMap:
    """The same attributes written with their schema's URN in front, as some clients do."""
    return {**attr_map, **{(a, s, urn): field for (a, s, _), field in attr_map.items()}}


USER_FIELDS: AttrMap = _with_urn(
    {
        ("id", None, None): "scim_id",
        ("userName", None, None): "user_name",
        ("externalId", None, None): "external_id",
        ("displayName", None, None): "attributes__displayName",
        ("name", "givenName", None): "attributes__name__givenName",
        ("name", "familyName", None): "attributes__name__familyName",
        ("name", "formatted", None): "attributes__name__formatted",
        ("emails", None, None): "user__email",
        ("emails", "value", None): "user__email",
        ("active", None, None): "user__is_active",
        ("meta", "created", None): "created_at",
        ("meta", "lastModified", None): "updated_at",
    },
    USER_URN,
)
GROUP_FIELDS: AttrMap = _with_urn(
    {
        ("id", None, None): "scim_id",
        ("displayName", None, None): "display_name",
        ("externalId", None, None): "external_id",
        ("members", None, None): "links__member__scim_id",
        ("members", "value", None): "links__member__scim_id",
        ("meta", "created", None): "created_at",
        ("meta", "lastModified", None): "updated_at",
    },
    GROUP_URN,
)
# Parts a filter may name only inside a value filter, which the member's address stands for:
# emails[type eq "work"].value eq "…" compares the address.
IGNORED = {("emails", "type"), ("emails", "primary")}


def _q(query: str, attr_map: AttrMap) -> Q:
    try:
        paths = list(AttrPath(query, {}))
        known = {(a.lower(), (s or "").lower()) for a, s, _ in attr_map}
        for path in paths:
            key = (path.attr_name.lower(), (path.sub_attr or "").lower())
            if key not in known and key not in {(a.lower(), s.lower()) for a, s in IGNORED}:
                raise BadRequestError(
                    f"Cannot filter on {path.attr_name}"
                    f"{'.' + path.sub_attr if path.sub_attr else ''}: filters may use "
                    f"{', '.join(sorted({_label(k) for k in attr_map}))}.",
                    scim_type="invalidFilter",
                )
        found = get_query(query, attr_map)
    except (SCIMParserError, ValueError, AttributeError, TypeError) as exc:
        raise BadRequestError(
            f"Cannot read the filter {query!r}: {exc}", scim_type="invalidFilter"
        ) from None
    return found if found is not None else Q()


def _label(key: tuple[str, str | None, str | None]) -> str:
    return key[0] + (f".{key[1]}" if key[1] else "")


class MemberFilter:
    """django-scim2's ``USER_FILTER_PARSER``."""

    attr_map = USER_FIELDS

    @classmethod
    def search(cls, query: str, request: HttpRequest | None = None) -> QuerySet[Any]:
        rows = DirectoryMember.objects.filter(_q(query, cls.attr_map))
        return rows.filter(directory=request.scim_directory).select_related("user")  # type: ignore[union-attr]


class GroupFilter:
    """django-scim2's ``GROUP_FILTER_PARSER``."""

    attr_map = GROUP_FIELDS

    @classmethod
    def search(cls, query: str, request: HttpRequest | None = None) -> QuerySet[Any]:
        rows = DirectoryGroup.objects.filter(_q(query, cls.attr_map)).distinct()
        return rows.filter(directory=request.scim_directory)  # type: ignore[union-attr]
