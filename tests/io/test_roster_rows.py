"""Rows stay rows: a row never becomes part of another student, a header is never a student,
one child on two sheets is one student, and a cut-off last row says so instead of inventing a
guardian (issue 12, cases 2, 3, 4 and 7)."""

from __future__ import annotations

from helpers.roster_files import write_csv, write_xlsx

from classgroup_desktop.io.roster_reader import read_roster

HEADER = ["学号", "姓名", "性别", "家长姓名", "与学生关系", "联系电话"]


def _students(result):
    (klass,) = result.classes
    return {s.name: s for s in klass.students}


def _warned(result, sheet, row, *words):
    return any(
        w.sheet == sheet and w.row == row and all(word in w.message for word in words)
        for w in result.warnings
    )


# --- case 3: an empty name is not the student above ------------------------------------------


def test_a_row_with_its_own_student_number_but_no_name_is_not_glued_to_the_student_above(
    tmp_path,
):
    path = write_csv(
        tmp_path / "三(2)班.csv",
        [
            HEADER,
            [1, "王小明", "男", "王爸爸", "爸爸", "13800000001"],
            [2, "", "女", "李妈妈", "妈妈", "13800000002"],
        ],
    )
    result = read_roster(path)
    wang = _students(result)["王小明"]
    assert [g.name for g in wang.guardians] == ["王爸爸"]
    assert _warned(result, "三(2)班", 3, "没有学生姓名", "学号 2", "已跳过")


def test_a_nameless_row_with_a_gender_but_no_number_is_skipped_too(tmp_path):
    path = write_csv(
        tmp_path / "三(2)班.csv",
        [
            HEADER,
            ["", "王小明", "男", "王爸爸", "爸爸", "13800000001"],
            ["", "", "女", "李妈妈", "妈妈", "13800000002"],
        ],
    )
    result = read_roster(path)
    assert [g.name for g in _students(result)["王小明"].guardians] == ["王爸爸"]
    assert _warned(result, "三(2)班", 3, "性别", "已跳过")


def test_a_guardian_only_row_of_the_long_layout_is_merged_with_a_note(tmp_path):
    path = write_csv(
        tmp_path / "三(2)班.csv",
        [
            HEADER,
            [1, "王小明", "男", "王爸爸", "爸爸", "13800000001"],
            ["", "", "", "王妈妈", "妈妈", "13800000011"],
            [2, "李华", "女", "李妈妈", "妈妈", "13800000002"],
        ],
    )
    result = read_roster(path)
    assert [g.name for g in _students(result)["王小明"].guardians] == ["王爸爸", "王妈妈"]
    assert _warned(result, "三(2)班", 3, "第 3 行→王小明", "并入")


def test_a_guardian_row_repeating_the_number_of_the_student_above_is_a_continuation(tmp_path):
    path = write_csv(
        tmp_path / "三(2)班.csv",
        [
            HEADER,
            [1, "王小明", "男", "王爸爸", "爸爸", "13800000001"],
            [1, "", "男", "王妈妈", "妈妈", "13800000011"],
        ],
    )
    result = read_roster(path)
    assert [g.name for g in _students(result)["王小明"].guardians] == ["王爸爸", "王妈妈"]


def test_a_name_that_is_a_formula_without_a_cached_value_is_not_glued_above(tmp_path):
    # openpyxl (and school systems built on it) write formulas without their results
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "三(2)班": [
                HEADER,
                [1, "王小明", "男", "王爸爸", "爸爸", "13800000001"],
                [2, '=CONCAT("李","华")', "女", "李妈妈", "妈妈", "13800000002"],
            ]
        },
    )
    result = read_roster(path)
    assert [g.name for g in _students(result)["王小明"].guardians] == ["王爸爸"]
    assert _warned(result, "三(2)班", 3, "B3", "公式", "没有保存计算结果")


def test_numbered_empty_template_rows_are_skipped_with_one_note(tmp_path):
    rows = [HEADER, [1, "王小明", "男", "王爸爸", "爸爸", "13800000001"]]
    rows += [[n, "", "", "", "", ""] for n in range(2, 40)]
    result = read_roster(write_csv(tmp_path / "三(2)班.csv", rows))
    assert list(_students(result)) == ["王小明"]
    notes = [w for w in result.warnings if "只有学号" in w.message]
    assert len(notes) == 1 and "38 行" in notes[0].message


# --- case 7: a header is never a student -----------------------------------------------------


def test_a_lookup_tables_header_under_the_students_is_not_a_student(tmp_path):
    path = write_xlsx(
        tmp_path / "导入模板.xlsx",
        {
            "三(2)班": [
                ["学号", "姓名", "性别"],
                [1, "王小明", "男"],
                [2, "李华", "女"],
                [],
                ["班级ID", "班级名称", "所属年级"],
                [301, "三年级(2)班", "三年级"],
                [302, "三年级(3)班", "三年级"],
            ]
        },
    )
    result = read_roster(path)
    assert sorted(_students(result)) == ["李华", "王小明"]
    assert _warned(result, "三(2)班", 5, "另一张表的表头", "班级名称", "2 行")


def test_a_header_word_in_the_name_column_is_never_a_student(tmp_path):
    path = write_csv(
        tmp_path / "三(2)班.csv",
        [["学号", "姓名"], [1, "王小明"], ["编号", "家长姓名"], [2, "李华"]],
    )
    assert sorted(_students(read_roster(path))) == ["王小明"]


def test_the_header_repeated_on_each_printed_page_is_skipped_and_reading_goes_on(tmp_path):
    path = write_csv(
        tmp_path / "三(2)班.csv",
        [["学号", "姓名*"], [1, "王小明"], ["学号", "姓名"], [2, "李华"]],
    )
    assert sorted(_students(read_roster(path))) == ["李华", "王小明"]


# --- case 4: one child on two sheets ---------------------------------------------------------


def test_the_same_student_on_two_sheets_of_one_class_is_one_student(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "三(2)班男生": [HEADER, [1, "王小明", "男", "王爸爸", "爸爸", "13800000001"]],
            "三(2)班家长": [HEADER, [1, "王小明", "", "王妈妈", "妈妈", "13800000011"]],
        },
    )
    result = read_roster(path)
    (klass,) = result.classes
    assert [s.name for s in klass.students] == ["王小明"]
    assert {g.name for g in klass.students[0].guardians} == {"王爸爸", "王妈妈"}
    assert _warned(result, "三(2)班家长", 2, "王小明", "三(2)班男生", "合并")


def test_the_same_name_without_numbers_on_two_sheets_is_one_student(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"三(2)班": [["姓名", "性别"], ["王小明", "男"]], "三(2)班补充": [["姓名"], ["王小明"]]},
    )
    result = read_roster(path)
    assert [s.name for s in result.classes[0].students] == ["王小明"]
    assert any("合并" in w.message for w in result.warnings)


def test_different_numbers_of_the_same_name_stay_two_students(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "三(2)班": [["学号", "姓名"], [1, "王小明"]],
            "三(2)班补充": [["学号", "姓名"], [9, "王小明"]],
        },
    )
    assert len(read_roster(path).classes[0].students) == 2


def test_the_same_name_in_two_classes_is_two_students(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "三(1)班": [["学号", "姓名"], [1, "王小明"]],
            "三(2)班": [["学号", "姓名"], [1, "王小明"]],
        },
    )
    result = read_roster(path)
    assert sorted(len(c.students) for c in result.classes) == [1, 1]
    assert not any("合并" in w.message for w in result.warnings)


# --- case 2: a cut-off file ------------------------------------------------------------------

FULL = (
    "学号,姓名,性别,家长姓名,与学生关系,联系电话\r\n"
    "1,王小明,男,王建国,父亲,13800000001\r\n"
    "2,李华,女,张丽,母亲,13800000002\r\n"
    "3,吴小宝,男,吴建国,父亲,13800000003\r\n"
)


def test_a_csv_cut_inside_a_guardian_name_warns_and_invents_no_guardian(tmp_path):
    data = FULL.encode("utf-8")
    cut = data.index("吴建国".encode()) + len("吴".encode())
    path = tmp_path / "三(2)班.csv"
    path.write_bytes(data[:cut])
    result = read_roster(path)
    wu = _students(result)["吴小宝"]
    assert all(g.name != "吴" for g in wu.guardians)
    assert _warned(result, "三(2)班", 4, "截断", "“吴”")


def test_a_csv_ending_inside_quotes_warns_naming_the_row(tmp_path):
    text = FULL.replace("13800000003", '"13800000003 或 1390').rstrip("\r\n")
    path = tmp_path / "三(2)班.csv"
    path.write_text(text, "utf-8")
    result = read_roster(path)
    assert _warned(result, "三(2)班", 4, "引号内结束")
    assert all(
        g.phone is None or "1390" not in g.phone for g in _students(result)["吴小宝"].guardians
    )


def test_a_short_last_line_that_ends_properly_is_kept_but_doubted(tmp_path):
    path = tmp_path / "三(2)班.csv"
    path.write_text(FULL + "4,赵六,男\r\n", "utf-8")
    result = read_roster(path)
    assert "赵六" in _students(result)
    assert _warned(result, "三(2)班", 5, "只有 3 格", "其他行有 6 格")


def test_a_complete_csv_gets_no_cut_warning(tmp_path):
    path = tmp_path / "三(2)班.csv"
    path.write_text(FULL, "utf-8")
    assert read_roster(path).warnings == []
