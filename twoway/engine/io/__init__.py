"""Reading people from CSV/XLSX and writing match results, for the ``twoway match`` command.

The input contract (see docs/cli.md): one row per person with ``id`` (required, unique),
``teaches`` (``skill[:level]`` separated by ``;``), ``learns`` (``skill[:priority]``) and optional
``name``, ``email``, ``capacity``, ``role``, ``group``, ``timezone`` and ``languages``. A column
mapping lets a sheet keep its own column names (``teaches`` → ``have``); ``teaches``, ``learns``
and ``languages`` may read several columns, whose cells are joined into one list.

Every problem in the file is collected (up to :data:`MAX_ERRORS`) and raised as one
:class:`InputError`, each with the row the user sees in a spreadsheet (the header is row 1) and the
sheet's own column name. Writes are atomic: a failed run leaves no output file behind.
"""

from twoway.engine.io.cells import (
    LEVELS,
    PRIORITIES,
    Scale,
    SkillListParser,
    parse_capacity,
    parse_languages,
    parse_role,
    parse_skills,
    parse_timezone,
)
from twoway.engine.io.read import (
    CONTRACT_COLUMNS,
    LIST_COLUMNS,
    MAX_ERRORS,
    REQUIRED_COLUMNS,
    CellError,
    InputError,
    PeopleFile,
    read_people,
    split_columns,
)
from twoway.engine.io.write import (
    PAIR_COLUMNS,
    UNMATCHED_COLUMNS,
    atomic_writers,
    result_document,
    write_csv,
    write_json,
)

__all__ = [
    "LEVELS",
    "PRIORITIES",
    "Scale",
    "SkillListParser",
    "CONTRACT_COLUMNS",
    "LIST_COLUMNS",
    "MAX_ERRORS",
    "PAIR_COLUMNS",
    "REQUIRED_COLUMNS",
    "UNMATCHED_COLUMNS",
    "CellError",
    "InputError",
    "PeopleFile",
    "atomic_writers",
    "parse_capacity",
    "parse_languages",
    "parse_role",
    "parse_skills",
    "parse_timezone",
    "read_people",
    "result_document",
    "split_columns",
    "write_csv",
    "write_json",
]
