"""The functions django-scim2's settings name (SCIM_SERVICE_PROVIDER in twoway/settings.py):
which model is a SCIM User, and how every lookup stays inside the requesting directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from twoway.provisioning.models import DirectoryMember


def member_model() -> type[DirectoryMember]:
    """``USER_MODEL_GETTER``: a SCIM User is a member's link to one directory."""
    return DirectoryMember


def directory_scope(model: Any) -> Callable[..., dict[str, Any]]:
    """``GET_EXTRA_MODEL_FILTER_KWARGS_GETTER``: a directory sees only its own resources, in
    reads by id, lists and searches alike (another directory's id is simply not found)."""

    def scope(request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"directory_id": request.scim_directory.pk}  # type: ignore[attr-defined]

    return scope


def list_loader(model: Any) -> Callable[..., QuerySet[Any]]:
    """``GET_QUERYSET_POST_PROCESSOR_GETTER``: members' accounts come in the same query."""

    def load(request: HttpRequest, rows: QuerySet[Any], *args: Any, **kwargs: Any) -> QuerySet[Any]:
        return rows.select_related("user") if model is DirectoryMember else rows

    return load
