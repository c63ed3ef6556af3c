"""A re-import is a merge: a thinner file keeps what it does not say, and every change is listed
field by field (issue 12, case 1); guardians are replaced only when the file states their
relation for someone else."""

from __future__ import annotations

from helpers.roster_files import SIMPLE_HEADER, write_csv, write_xlsx
from sqlalchemy import func, select

from classgroup_desktop.services.roster import import_roster
from classgroup_desktop.services.roster_edit import list_students
from classgroup_desktop.store.models import GuardianRow

CLASS = "三年级(2)班"
SURNAMES = "王李张刘陈杨黄吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"


def _long_roster() -> tuple[list[list[object]], dict[str, list[tuple[str, str, str]]]]:
    """41 students, the first four with a mother as second guardian (45 guardians); the last
    one is 赵䶮, whose name a GBK file cannot hold."""
    rows: list[list[object]] = []
    family: dict[str, list[tuple[str, str, str]]] = {}
    for i in range(1, 42):
        name = "赵䶮" if i == 41 else f"{SURNAMES[i - 1]}小{'一二三四五六七八九十'[i % 10]}"
        dad = (f"{name[0]}建国", "爸爸", f"138{i:08d}")
        family[name] = [dad]
        rows.append([i, name, "男" if i % 2 else "女", *dad])
        if i <= 4:
            mum = (f"刘{name[-1]}梅", "妈妈", f"139{i:08d}")
            family[name].append(mum)
            rows.append([i, name, "男" if i % 2 else "女", *mum])
    return rows, family


def _guardian_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(GuardianRow))


def test_thin_csv_over_a_full_roster_keeps_every_guardian_and_reports_the_rename(db, tmp_path):
    rows, family = _long_roster()
    import_roster(db, write_xlsx(tmp_path / "full.xlsx", {CLASS: [SIMPLE_HEADER, *rows]}))
    assert _guardian_count(db) == 45
    # The office's next file: 学号, 姓名, 家长手机 only, saved by Excel as a GBK CSV, in which
    # 赵䶮 became 赵岩. Student 2 gives the mother's phone, not the father's.
    thin = [["学号", "姓名", "家长手机"]]
    for no, (name, guardians) in enumerate(family.items(), start=1):
        phone = guardians[1][2] if no == 2 else guardians[0][2]
        thin.append([no, "赵岩" if name == "赵䶮" else name, phone])
    path = write_csv(tmp_path / "thin.csv", thin, encoding="gbk")

    dry = import_roster(db, path, class_name=CLASS, dry_run=True)
    report = import_roster(db, path, class_name=CLASS)

    for r in (dry, report):
        [c] = r.classes
        assert (c.added, c.left, c.updated) == ((), (), ("赵岩",))
        assert c.guardians == 45
        assert [ch.to_dict() for ch in r.changes] == [
            {"class": CLASS, "student": "赵岩", "field": "姓名", "old": "赵䶮", "new": "赵岩",
             "loss": False}
        ]
        [warning] = [w for w in r.warnings if "䶮" in w.message]
        assert "GBK" in warning.message and "编码" in warning.message
    assert _guardian_count(db) == 45
    stored = {s.name: s for s in list_students(db, CLASS)}
    assert "赵岩" in stored and "赵䶮" not in stored
    for name, guardians in family.items():
        st = stored["赵岩" if name == "赵䶮" else name]
        assert [(g.name, g.relation, g.phone) for g in st.guardians] == guardians, name
        assert st.gender is not None  # no 性别 column: the stored gender stays


def test_guardian_replaced_only_when_the_file_states_that_relation_for_someone_else(
    db, tmp_path
):
    first = [
        [1, "王小明", "男", "王建国", "爸爸", 13800000001],
        [1, "王小明", "男", "刘梅", "妈妈", 13900000001],
        [2, "李小红", "女", "李强", "爸爸", 13800000002],
        [2, "李小红", "女", "张芳", "妈妈", 13900000002],
    ]
    import_roster(db, write_xlsx(tmp_path / "v1.xlsx", {CLASS: [SIMPLE_HEADER, *first]}))
    second = [
        [1, "王小明", "男", "赵大海", "爸爸", 13700000001],  # 爸爸 is now someone else
        [2, "李小红", "女", "李强", "爸爸", 13700000002],  # same father, new phone
    ]
    report = import_roster(db, write_xlsx(tmp_path / "v2.xlsx", {CLASS: [SIMPLE_HEADER, *second]}))
    changes = [(ch.student, ch.field, ch.old, ch.new, ch.loss) for ch in report.changes]
    assert changes == [
        ("王小明", "家长", "爸爸 王建国 138****0001", None, True),
        ("王小明", "家长", None, "爸爸 赵大海 137****0001", False),
        ("李小红", "家长 李强的电话", "138****0002", "137****0002", False),
    ]
    stored = {s.name: [(g.name, g.relation, g.phone) for g in s.guardians]
              for s in list_students(db, CLASS)}
    assert stored == {
        "王小明": [("刘梅", "妈妈", "13900000001"), ("赵大海", "爸爸", "13700000001")],
        "李小红": [("李强", "爸爸", "13700000002"), ("张芳", "妈妈", "13900000002")],
    }


def test_changes_list_students_left_back_and_fields_old_to_new(db, tmp_path):
    first = [[1, "王小明", "男", "王建国", "爸爸", 13800000001],
             [2, "李小红", "女", "李强", "爸爸", 13800000002],
             [3, "张小华", "男", "张伟", "爸爸", 13800000003],
             [4, "刘小东", "男", "刘洋", "爸爸", 13800000004],
             [5, "陈小西", "男", "陈晨", "爸爸", 13800000005]]
    import_roster(db, write_xlsx(tmp_path / "v1.xlsx", {CLASS: [SIMPLE_HEADER, *first]}))
    second = [first[0], [2, "李小红", "男", "李强", "父亲", 13800000002], *first[2:4]]
    import_roster(db, write_xlsx(tmp_path / "v2.xlsx", {CLASS: [SIMPLE_HEADER, *second]}))
    third = [*first, [6, "周小北", "女", "周平", "妈妈", 13800000006]]
    report = import_roster(db, write_xlsx(tmp_path / "v3.xlsx", {CLASS: [SIMPLE_HEADER, *third]}))
    changes = [(ch.student, ch.field, ch.old, ch.new, ch.loss) for ch in report.changes]
    assert changes == [
        ("李小红", "性别", "男", "女", False),
        ("陈小西", "状态", "离班", "在读", False),
        ("周小北", "状态", None, "新增", False),
    ]
    # 父亲 for a stored 爸爸 is no change; the second import listed the leaver as a loss.
    assert report.classes[0].reactivated == ("陈小西",)


def test_gbk_file_without_student_numbers_keeps_the_student_whose_name_it_lost(db, tmp_path):
    first = [["姓名", "家长手机"], ["赵䶮", 13800000001], ["王小明", 13800000002]]
    import_roster(db, write_csv(tmp_path / "v1.csv", first), class_name=CLASS)
    second = [["姓名", "家长手机"], ["赵岩", 13800000001], ["王小明", 13800000002]]
    report = import_roster(db, write_csv(tmp_path / "v2.csv", second, encoding="gbk"),
                           class_name=CLASS)
    c = report.classes[0]
    assert (c.added, c.left, c.updated) == ((), (), ("赵岩",))  # not a new student + a leaver
    assert any("GBK" in w.message and "䶮" in w.message for w in report.warnings)
