"""Merging a file row's guardians into the stored ones: what the file does not say is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.phone import mask_phone
from classgroup_desktop.core.roster import Guardian as G
from classgroup_desktop.core.roster_merge import encoding_lost, merge_guardians

DAD = G("王建国", "爸爸", "13800000001")
MUM = G("刘梅", "妈妈", "13900000001")
ALL = ("name", "relation", "phone")


@pytest.mark.parametrize(
    "incoming, present, after, removed",
    [
        pytest.param([G(None, None, "13800000001")], ("phone",), [DAD, MUM], [],
                     id="a phone-only file keeps names, relations and the second guardian"),
        pytest.param([G(None, None, "13700000009")], ("phone",),
                     [DAD, MUM, G(None, None, "13700000009")], [],
                     id="an unknown phone without a relation is added, nobody removed"),
        pytest.param([G("王建国", "爸爸", "13700000001")], ALL,
                     [G("王建国", "爸爸", "13700000001"), MUM], [],
                     id="same father by name: his phone changes"),
        pytest.param([G(None, "父亲", "13700000001")], ("relation", "phone"),
                     [G("王建国", "爸爸", "13700000001"), MUM], [],
                     id="父亲 column is the stored 爸爸: phone changes, name kept"),
        pytest.param([G("赵大海", "爸爸", "13700000001")], ALL,
                     [MUM, G("赵大海", "爸爸", "13700000001")], [DAD],
                     id="the file states 爸爸 for someone else: he is replaced"),
        pytest.param([G("赵大海", "家长", "13700000001")], ALL,
                     [DAD, MUM, G("赵大海", "家长", "13700000001")], [],
                     id="a generic 家长 replaces no one"),
        pytest.param([G("王建国", None, None)], ALL, [DAD, MUM], [],
                     id="empty cells never clear a stored value"),
        pytest.param([], ALL, [DAD, MUM], [], id="a row without guardians keeps them all"),
    ],
)
def test_merge_guardians(incoming, present, after, removed):
    merge = merge_guardians([DAD, MUM], incoming, present)
    assert list(merge.guardians) == after
    assert list(merge.removed) == removed
    assert merge.changed == (after != [DAD, MUM])
    assert [c.loss for c in merge.changes if c.new is None] == [True] * len(removed)


def test_a_removal_names_the_guardian_and_masks_the_phone():
    merge = merge_guardians([DAD], [G("赵大海", "爸爸", "13700000001")], ALL)
    assert [(c.field, c.old, c.new, c.loss) for c in merge.changes] == [
        ("家长", "爸爸 王建国 138****0001", None, True),
        ("家长", None, "爸爸 赵大海 137****0001", False),
    ]


guardians = st.lists(
    st.builds(
        G,
        st.sampled_from([None, "王建国", "刘梅", "赵大海"]),
        st.sampled_from([None, "爸爸", "妈妈", "家长"]),
        st.sampled_from([None, "13800000001", "13900000001", "13700000001"]),
    ),
    max_size=3,
)


@given(guardians, guardians)
def test_a_phone_only_file_never_removes_or_blanks_anything(stored, incoming):
    thin = [G(None, None, g.phone) for g in incoming if g.phone]
    merge = merge_guardians(stored, thin, ("phone",))
    assert not merge.removed
    kept = list(merge.guardians)
    for g in stored:  # every stored guardian is still there, unchanged
        assert g in kept
        kept.remove(g)


@given(guardians, guardians)
def test_every_phone_in_the_changes_is_masked(stored, incoming):
    merge = merge_guardians(stored, incoming, ALL)
    for c in merge.changes:
        for text in (c.old or "", c.new or ""):
            assert "00000001" not in text


@pytest.mark.parametrize(
    "old, new, lost",
    [
        pytest.param("赵䶮", "赵岩", ("䶮",), id="䶮 is not in GBK"),
        pytest.param("赵䶮", "赵?", ("䶮",), id="written as a question mark"),
        pytest.param("张三", "张叁", (), id="a real correction"),
        pytest.param("赵䶮", "王䶮", (), id="the GBK character changed too"),
        pytest.param("赵䶮", "赵䶮一", (), id="length differs"),
    ],
)
def test_encoding_lost(old, new, lost):
    assert encoding_lost(old, new) == lost


@pytest.mark.parametrize(
    "phone, masked",
    [("13800138001", "138****8001"), ("075512345601", "0755******01"), ("12345", "*****"),
     (None, "")],
)
def test_roster_changes_mask_phones_with_the_one_masking(phone, masked):
    assert mask_phone(phone) == masked
