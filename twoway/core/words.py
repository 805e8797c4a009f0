"""Small pieces of plain English shared by the texts members read (notifications, emails)."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` with its noun in the right number: "1 week", "3 weeks", "0 sessions"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
