"""Named versions of what pages cache, read from the database so every process agrees.

A cached page or fragment (twoway/core/page_cache.py) puts in its key the version of each thing it
shows: ``posts`` for the public post pages and feeds, ``profile:<id>`` for one member's profile,
``directory`` for the member search. Signal receivers in the owning apps call :func:`stamps_bump`
in the same transaction as the change, so from the change's commit on, every process computes a
new key and renders afresh; the old entries expire on their own.

A version is a random number, not a counter: after a restore, a rolled-back test or a bump that
races another, a version that comes back can only point at a page rendered while it was current.
A key never bumped gets its first version when first read.
"""

from __future__ import annotations

import secrets

from django.db import connection

from twoway.core.models import Stamp

_TABLE = Stamp._meta.db_table
_UPSERT = (
    f'INSERT INTO {_TABLE} ("key", version) VALUES (%s, %s) '  # noqa: S608 (our table's name)
    'ON CONFLICT ("key") DO UPDATE SET version = EXCLUDED.version'
)
_FIRST = (
    f'INSERT INTO {_TABLE} ("key", version) VALUES (%s, %s) '  # noqa: S608
    'ON CONFLICT ("key") DO NOTHING'
)


def _new_version() -> int:
    return secrets.randbits(62)


def stamps_bump(*keys: str) -> None:
    """Give each key a new version, in the caller's transaction (keys in a fixed order, so two
    transactions bumping the same keys queue rather than deadlock)."""
    rows = [(key, _new_version()) for key in sorted(set(keys))]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)


def stamps_read(*keys: str) -> tuple[int, ...]:
    """The current version of each key, in order: one query (two the first time a key is read)."""
    found = _select(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        with connection.cursor() as cursor:
            cursor.executemany(_FIRST, [(key, _new_version()) for key in sorted(set(missing))])
        found.update(_select(missing))
    return tuple(found[key] for key in keys)


def _select(keys: tuple[str, ...] | list[str]) -> dict[str, int]:
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key", version FROM {_TABLE} WHERE "key" IN ({marks})', keys)  # noqa: S608
        return dict(cursor.fetchall())
