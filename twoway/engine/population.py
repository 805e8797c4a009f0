"""People as arrays: the form the compiled kernels read.

Each person's taught and wanted skills are padded rows sorted by skill id; posting lists (CSR)
list, for each skill, who teaches it and who wants it. Languages are bit sets, one bit per
language seen in the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from twoway.engine.model import MatchConfig, Person
from twoway.engine.scoring import priority_multiplier

I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
F32 = NDArray[np.float32]
F64 = NDArray[np.float64]

ROLE_CODES = {"either": 0, "mentor": 1, "mentee": 2}
NO_OFFSET = np.nan


class KernelArrays(NamedTuple):
    """What every scoring kernel reads of each person (``P`` in the kernels), row i person i."""

    teach_skill: I32
    teach_level: I32
    want_skill: I32
    want_mult: F32
    want_own: I32
    role: I32
    group: I32
    offset: F64
    languages: NDArray[np.uint64]
    has_languages: NDArray[np.bool_]


class ConfigParams(NamedTuple):
    """The knobs of a :class:`MatchConfig` the kernels read (``C`` in the kernels).

    Floats are floats and flags are bools whatever the config holds (an int ``min_overlap_hours``
    too), so numba compiles one specialisation of each kernel, the one the warm-up caches.
    """

    peer: bool  # peer mode; else mentor–mentee, which reads role, mentor and reverse
    mentor: float
    reverse: float
    timezone: float
    timezone_floor: float
    min_overlap_hours: float
    apart: bool  # exclude_same_group: keep people of one group apart
    shared_language: bool  # require_shared_language


class Postings(NamedTuple):
    """The skill posting lists (CSR by skill id), as the posting-list walks read them."""

    teachers_ptr: I64  # who teaches each skill, highest level first
    teachers: I32
    teachers_level: I32
    learners_ptr: I64  # who wants each skill, with their multiplier and own level
    learners: I32
    learners_mult: F32
    learners_own: I32


@dataclass(slots=True)
class Population:
    """The engine's working form of a list of people (row i is people[i])."""

    ids: list[str]
    skills: list[str]
    teach_skill: I32  # n × kt, -1 padding, ascending skill ids
    teach_level: I32
    want_skill: I32  # n × kw, -1 padding
    want_priority: I32
    want_mult: F32  # priority multiplier of each want
    want_own: I32  # the person's own level in each wanted skill
    capacity: I32
    role: I32
    group: I32  # -1 when none
    offset: F64  # minutes east of UTC, nan when unknown
    languages: NDArray[np.uint64]  # n × words bit set
    has_languages: NDArray[np.bool_]
    teachers_ptr: I64  # CSR by skill: who teaches it, highest level first
    teachers: I32
    teachers_level: I32
    learners_ptr: I64  # CSR by skill: who wants it, with their multiplier and own level
    learners: I32
    learners_mult: F32
    learners_own: I32

    @property
    def size(self) -> int:
        return len(self.ids)

    def postings(self) -> Postings:
        """The skill posting lists, in the order the posting-list walks read them."""
        return Postings(
            self.teachers_ptr,
            self.teachers,
            self.teachers_level,
            self.learners_ptr,
            self.learners,
            self.learners_mult,
            self.learners_own,
        )

    def kernel_arrays(self) -> KernelArrays:
        """The arrays every scoring kernel takes."""
        return KernelArrays(
            self.teach_skill,
            self.teach_level,
            self.want_skill,
            self.want_mult,
            self.want_own,
            self.role,
            self.group,
            self.offset,
            self.languages,
            self.has_languages,
        )


def config_params(config: MatchConfig) -> ConfigParams:
    """The knobs of a config, as the kernels read them."""
    w = config.weights
    return ConfigParams(
        peer=config.mode == "peer",
        mentor=float(w.mentor),
        reverse=float(w.reverse),
        timezone=float(w.timezone),
        timezone_floor=float(w.timezone_floor),
        min_overlap_hours=float(config.min_overlap_hours),
        apart=bool(config.exclude_same_group),
        shared_language=bool(config.require_shared_language),
    )


def _padded(owner: I64, skill: I64, value: I64, n: int, width: int) -> tuple[I32, I32]:
    """Cells (owner, skill, value) as padded n × width arrays, each row sorted by skill id."""
    width = max(width, 1)
    order = np.lexsort((skill, owner))
    owner, skill, value = owner[order], skill[order], value[order]
    starts = np.zeros(n + 1, dtype=np.int64)
    starts[1:] = np.cumsum(np.bincount(owner, minlength=n))
    column = np.arange(owner.shape[0]) - starts[owner]
    skills = np.full((n, width), -1, dtype=np.int32)
    values = np.zeros((n, width), dtype=np.int32)
    skills[owner, column] = skill
    values[owner, column] = value
    return skills, values


def _skill_cells(
    people: Sequence[Person], table: dict[str, int]
) -> tuple[I64, I64, I64, NDArray[np.bool_]]:
    """Every taught and wanted skill as flat arrays: owner, skill id, value, taught or not.

    Skill ids are given in order of first appearance (each person's taught, then wanted
    skills), one C-level dict call per cell: at a million people that is 11 million cells.
    """
    n = len(people)
    taught = np.fromiter((len(p.teaches) for p in people), dtype=np.int64, count=n)
    sizes = taught + np.fromiter((len(p.learns) for p in people), dtype=np.int64, count=n)
    names = [s for p in people for part in (p.teaches, p.learns) for s in part]
    skill = np.fromiter(
        (table.setdefault(s, len(table)) for s in names), dtype=np.int64, count=len(names)
    )
    value = np.fromiter(
        (int(v) for p in people for part in (p.teaches, p.learns) for v in part.values()),
        dtype=np.int64,
        count=len(names),
    )
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    starts = np.cumsum(sizes) - sizes
    is_taught = np.arange(owner.shape[0]) - starts[owner] < taught[owner]
    return owner, skill, value, is_taught


def _own_levels(owner: I64, skill: I64, level: I64, want_owner: I64, want_skill: I64) -> I64:
    """Each want's owner's teaching level in that skill (0 when they don't teach it)."""
    width = int(max(skill.max(initial=0), want_skill.max(initial=0))) + 1
    keys = owner * width + skill
    order = np.argsort(keys)
    keys, level = keys[order], level[order]
    wanted = want_owner * width + want_skill
    if keys.shape[0] == 0:
        return np.zeros(wanted.shape[0], dtype=np.int64)
    where = np.minimum(np.searchsorted(keys, wanted), keys.shape[0] - 1)
    return np.where(keys[where] == wanted, level[where], 0)


def _postings(skill: I32, size: int, order_key: I32) -> tuple[I64, I64, I64]:
    """CSR over skills of the (row, column) cells listing each skill, order_key descending."""
    rows, cols = np.nonzero(skill >= 0)
    keys = skill[rows, cols].astype(np.int64)
    order = np.lexsort((rows, -order_key[rows, cols], keys))
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.add.at(ptr, keys + 1, 1)
    return np.cumsum(ptr), rows[order], cols[order]


def _interner() -> tuple[dict[str, int], list[str]]:
    return {}, []


def _intern(table: dict[str, int], names: list[str], name: str) -> int:
    code = table.get(name)
    if code is None:
        code = table[name] = len(names)
        names.append(name)
    return code


def build_population(people: Sequence[Person], config: MatchConfig) -> Population:
    """Encode people as arrays. Raises ValueError on a repeated id."""
    skill_ids: dict[str, int] = {}
    group_ids, groups = _interner()
    lang_ids, langs = _interner()
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("Two people share an id; give every person a unique id and try again.")
    n = len(people)
    owner, skill, value, is_taught = _skill_cells(people, skill_ids)
    skills = list(skill_ids)
    t_owner, t_skill, t_level = owner[is_taught], skill[is_taught], value[is_taught]
    w_owner, w_skill, w_prio = owner[~is_taught], skill[~is_taught], value[~is_taught]
    kt = int(np.bincount(t_owner, minlength=1).max())
    kw = int(np.bincount(w_owner, minlength=1).max())
    teach_skill, teach_level = _padded(t_owner, t_skill, t_level, n, kt)
    want_skill, want_priority = _padded(w_owner, w_skill, w_prio, n, kw)
    own = _own_levels(t_owner, t_skill, t_level, w_owner, w_skill)
    _, want_own = _padded(w_owner, w_skill, own, n, kw)
    lang_rows = [[_intern(lang_ids, langs, lang) for lang in p.languages] for p in people]
    mult = np.array([0.0, *(priority_multiplier(p, config.weights) for p in (1, 2, 3))])
    want_mult = mult[np.clip(want_priority, 0, 3)].astype(np.float32)
    want_mult[want_skill < 0] = 0.0
    languages, has_languages = _language_bits(lang_rows, len(langs))
    groups_arr = [(-1 if not p.group else _intern(group_ids, groups, p.group)) for p in people]
    teachers_ptr, t_rows, t_cols = _postings(teach_skill, len(skills), teach_level)
    learners_ptr, l_rows, l_cols = _postings(want_skill, len(skills), np.zeros_like(want_skill))
    return Population(
        ids=ids,
        skills=skills,
        teach_skill=teach_skill,
        teach_level=teach_level,
        want_skill=want_skill,
        want_priority=want_priority,
        want_mult=want_mult,
        want_own=want_own,
        capacity=np.array([max(p.capacity, 0) for p in people], dtype=np.int32),
        role=np.array([ROLE_CODES.get(p.role, 0) for p in people], dtype=np.int32),
        group=np.array(groups_arr, dtype=np.int32),
        offset=np.array(
            [NO_OFFSET if p.utc_offset_minutes is None else p.utc_offset_minutes for p in people],
            dtype=np.float64,
        ),
        languages=languages,
        has_languages=has_languages,
        teachers_ptr=teachers_ptr,
        teachers=t_rows.astype(np.int32),
        teachers_level=teach_level[t_rows, t_cols],
        learners_ptr=learners_ptr,
        learners=l_rows.astype(np.int32),
        learners_mult=want_mult[l_rows, l_cols],
        learners_own=want_own[l_rows, l_cols],
    )


def _language_bits(
    rows: list[list[int]], count: int
) -> tuple[NDArray[np.uint64], NDArray[np.bool_]]:
    words = max(1, (count + 63) // 64)
    bits = np.zeros((len(rows), words), dtype=np.uint64)
    for i, row in enumerate(rows):
        for code in row:
            bits[i, code // 64] |= np.uint64(1) << np.uint64(code % 64)
    return bits, np.array([bool(r) for r in rows], dtype=np.bool_)
