"""Properties of the PATCH engine (plain functions, no database): group membership behaves as a
set whichever shape the directory sends, and the stored document is never changed in place."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from twoway.provisioning.resources import GROUP, USER, group_input, patch, user_input

IDS = st.sampled_from(["u1", "u2", "u3", "u4"])
STEP = st.tuples(
    st.sampled_from(["add", "remove-value", "remove-filter"]), st.lists(IDS, max_size=3)
)


def _operation(kind: str, ids: list[str]) -> dict[str, Any]:
    values = [{"value": i} for i in ids]
    if kind == "add":
        return {"op": "Add", "path": "members", "value": values}
    if kind == "remove-value":  # Entra ID's shape
        return {"op": "Remove", "path": "members", "value": values}
    clause = " or ".join(f'value eq "{i}"' for i in ids[:1]) or 'value eq "none"'
    return {"op": "remove", "path": f"members[{clause}]"}


@given(st.lists(IDS, unique=True), st.lists(STEP, max_size=8))
def test_membership_patches_act_as_set_operations(start: list[str], steps: list[Any]) -> None:
    document = {"displayName": "Data", "members": [{"value": i} for i in start]}
    before = copy.deepcopy(document)
    expected = set(start)
    result = document
    for kind, ids in steps:
        result = patch(result, [_operation(kind, ids)], GROUP)
        if kind == "add":
            expected |= set(ids)
        elif kind == "remove-value":
            expected -= set(ids)
        else:
            expected -= set(ids[:1])
    assert document == before
    members = group_input(result).member_ids
    assert set(members) == expected and len(members) == len(expected)


NAMES = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=20)


@given(NAMES, NAMES)
def test_a_replaced_name_part_reads_back_and_the_other_part_stays(
    given_name: str, family: str
) -> None:
    document = {
        "userName": "dana@corp.example",
        "name": {"givenName": "Dana", "familyName": family},
    }
    result = patch(
        document, [{"op": "replace", "path": "name.givenName", "value": given_name}], USER
    )
    checked = user_input(result)
    assert checked.attributes["name"] == {
        "givenName": given_name.strip(),
        "familyName": family.strip(),
    }
    assert checked.display_name == f"{given_name.strip()} {family.strip()}"[:80]
