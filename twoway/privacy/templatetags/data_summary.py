"""Filters for the export's readable summary: which shape a JSON value has, and a key in words."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.privacy.headings import HEADINGS

register = template.Library()


@register.filter
def shape(value: Any) -> str:
    """ "table" (a list of flat records), "list", "record" (a dict) or "value"."""
    if isinstance(value, dict):
        return "record"
    if isinstance(value, list):
        flat = all(isinstance(v, dict) and not _nested(v) for v in value)
        return "table" if value and flat else "list"
    return "value"


def _nested(record: dict[str, Any]) -> bool:
    return any(isinstance(v, dict | list) for v in record.values())


@register.filter
def words(key: str) -> str:
    """A JSON key as a heading in the reader's language: "my_learning_log" → "My learning log"."""
    if key in HEADINGS:
        return str(HEADINGS[key])
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]
