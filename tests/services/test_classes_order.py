"""Classes are listed as a school lists them: grade, then class number."""

from __future__ import annotations

import pytest

from classgroup_desktop.core.roster import class_sort_key
from classgroup_desktop.services.classes import create_class, list_classes


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["五年级(3)班", "三年级(2)班", "四年级(1)班"],
            ["三年级(2)班", "四年级(1)班", "五年级(3)班"],
        ),
        (["三年级(10)班", "三年级(2)班"], ["三年级(2)班", "三年级(10)班"]),
        (["十一年级1班", "九年级1班"], ["九年级1班", "十一年级1班"]),
        (["初二3班", "初二1班", "初一5班"], ["初一5班", "初二1班", "初二3班"]),
    ],
    ids=["grade-words-not-code-points", "class-10-after-class-2", "eleven-after-nine",
         "digits-inside-names"],
)
def test_class_sort_key_orders_by_grade_then_class(names, expected):
    assert sorted(names, key=class_sort_key) == expected


def test_list_classes_uses_school_order(db):
    for name in ["五年级(3)班", "三年级(2)班", "四年级(1)班"]:
        create_class(db, name)
    assert [c.name for c in list_classes(db)] == ["三年级(2)班", "四年级(1)班", "五年级(3)班"]
