"""The roster reader on the spreadsheets schools really send (built in tmp_path)."""

from __future__ import annotations

import zipfile

import pytest
from helpers.roster_files import (
    SIMPLE_HEADER,
    simple_rows,
    write_csv,
    write_encrypted_xlsx,
    write_xls,
    write_xlsx,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.core.roster import Guardian, TeacherRole
from classgroup_desktop.io.roster_fields import (
    class_from_text,
    clean_gender,
    clean_name,
    looks_like_person_name,
)
from classgroup_desktop.io.roster_reader import SheetOverride, read_roster, sniff
from classgroup_desktop.io.spreadsheet import cell_text, number_text, phone_text


def only_class(result):
    assert len(result.classes) == 1
    return result.classes[0]


def names(pc):
    return [s.name for s in pc.students]


# --- layout of the sheet ----------------------------------------------------------------------


def test_header_found_below_merged_title_and_blank_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"Sheet1": [["XX小学2025学年学生名单"], [], [], SIMPLE_HEADER, *simple_rows(3)]},
        merges={"Sheet1": ["A1:F1"]},
    )
    preview = sniff(path)[0]
    assert preview.header_row == 4
    assert preview.mapping[1] == "name" and preview.mapping[5] == "guardian.phone"
    pc = only_class(read_roster(path, class_name="一班"))
    assert names(pc) == ["王小明", "李小红", "赵大勇"]
    assert pc.class_name == "一班"


@pytest.mark.parametrize(
    "header",
    [
        ["学号", "姓名", "性别", "家长姓名", "关系", "联系电话"],
        ["序号", "学生姓名", "性别", "监护人", "与学生关系", "手机"],
        ["编号", "学生", "性别", "联系人", "称谓", "手机号码"],
        ["学号*", "姓名*", "性别（1男2女）", "家长*", "关系", "家长手机"],
        ["学号", " 姓 名 ", "性别", "家长姓名", "关系", "电话"],
    ],
    ids=[
        "plain",
        "student-name-guardian-mobile",
        "bare-student-contact-title",
        "required-markers-and-hints",
        "spaced-header",
    ],
)
def test_header_synonyms_map_to_the_same_fields(tmp_path, header):
    path = write_xlsx(
        tmp_path / "r.xlsx", {"S": [header, [7, "王小明", 1, "王大明", "爸爸", 13800138000]]}
    )
    st_ = only_class(read_roster(path, class_name="一班")).students[0]
    assert (st_.name, st_.student_no, st_.gender) == ("王小明", "7", "男")
    assert st_.guardians == (Guardian("王大明", "爸爸", "13800138000"),)


def test_instruction_line_under_header_is_skipped_silently(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"S": [["学号", "姓名*", "性别"], ["说明：*为必填项，性别填1或2"], [1, "王小明", 2]]},
    )
    result = read_roster(path, class_name="一班")
    assert names(only_class(result)) == ["王小明"]
    assert result.warnings == []
    assert only_class(result).students[0].gender == "女"


def test_first_sheet_of_instructions_is_ignored(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "填表说明": [["1. 每位学生一行"], ["2. 家长电话填手机号"]],
            "三年级(2)班": [SIMPLE_HEADER, *simple_rows(2)],
        },
    )
    kinds = [(p.name, p.kind) for p in sniff(path)]
    assert kinds == [("填表说明", "ignored"), ("三年级(2)班", "students")]
    assert only_class(read_roster(path)).class_name == "三年级(2)班"


def test_hidden_lookup_sheet_is_ignored(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"名单": [SIMPLE_HEADER, *simple_rows(2)], "代码表": [["姓名", "性别"], ["男生", "1"]]},
        hidden=["代码表"],
    )
    assert [p.kind for p in sniff(path)] == ["students", "ignored"]
    assert len(only_class(read_roster(path, class_name="一班")).students) == 2


# --- cells ------------------------------------------------------------------------------------


def test_floats_phones_as_numbers_and_spaces_in_names(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                [1.0, "张　三", 1.0, "张 大山", "父亲", 13800138000.0],
                [2.0, " 李 四 ", 2.0, "李妈", "母亲", "138-0013-8001"],
                [3.0, "Emily  Smith", 2.0, "Tom Smith", "Father", "+86 138 0013 8002"],
            ]
        },
    )
    pc = only_class(read_roster(path, class_name="一班"))
    assert [(s.name, s.student_no, s.gender) for s in pc.students] == [
        ("张三", "1", "男"),
        ("李四", "2", "女"),
        ("Emily Smith", "3", "女"),
    ]
    assert [s.guardians[0].phone for s in pc.students] == [
        "13800138000",
        "13800138001",
        "13800138002",
    ]
    assert pc.students[0].guardians[0].name == "张大山"


def test_footer_and_lookup_table_below_students_never_become_students(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                *simple_rows(3),
                [],
                ["合计:42人"],
                ["性别代码", "含义"],
                [1, "男"],
                [2, "女"],
                ["民族", "汉族"],
            ]
        },
    )
    result = read_roster(path, class_name="一班")
    assert names(only_class(result)) == ["王小明", "李小红", "赵大勇"]
    assert [(w.sheet, w.row) for w in result.warnings] == [("S", 6)]
    assert "合计行之后" in result.warnings[0].message


def test_notes_under_students_without_footer_become_warnings_with_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                *simple_rows(2),
                [],
                [None, "备注：转入学生请另表登记"],
                [None, "汉族"],
                [None, "填表人"],
                [None, "1、张三"],
            ]
        },
    )
    result = read_roster(path, class_name="一班")
    assert names(only_class(result)) == ["王小明", "李小红", "张三"]
    assert [w.row for w in result.warnings] == [5, 6, 7]
    assert all("不像学生姓名" in w.message for w in result.warnings)


def test_empty_rows_between_students_are_skipped(tmp_path):
    path = write_csv(
        tmp_path / "r.csv", [SIMPLE_HEADER, simple_rows(1)[0], [], ["", "", ""], simple_rows(2)[1]]
    )
    result = read_roster(path, class_name="一班")
    assert names(only_class(result)) == ["王小明", "李小红"]
    assert result.warnings == []


# --- layouts ----------------------------------------------------------------------------------


def test_long_layout_one_row_per_guardian_gives_one_student(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                [1, "王小明", "男", "王大明", "爸爸", 13800000001],
                [1, "王小明", "男", "李秀英", "妈妈", 13800000002],
                [None, None, None, "王德胜", "爷爷", 13800000003],
                [2, "李小红", "女", "李强", "爸爸", 13800000004],
            ]
        },
    )
    pc = only_class(read_roster(path, class_name="一班"))
    assert names(pc) == ["王小明", "李小红"]
    assert [g.relation for g in pc.students[0].guardians] == ["爸爸", "妈妈", "爷爷"]


def test_long_layout_with_student_cells_merged_down(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                [1, "王小明", "男", "王大明", "爸爸", 13800000001],
                [None, None, None, "李秀英", "妈妈", 13800000002],
                [2, "李小红", "女", "李强", "爸爸", 13800000004],
            ]
        },
        merges={"S": ["A2:A3", "B2:B3", "C2:C3"]},
    )
    pc = only_class(read_roster(path, class_name="一班"))
    assert [(s.name, len(s.guardians)) for s in pc.students] == [("王小明", 2), ("李小红", 1)]


def test_wide_layout_father_mother_columns(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                ["学号", "姓名", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话"],
                [1, "王小明", "王大明", 13800000001, "李秀英", 13800000002],
                [2, "李小红", None, None, "赵丽", 13800000003],
            ]
        },
    )
    pc = only_class(read_roster(path, class_name="一班"))
    assert pc.students[0].guardians == (
        Guardian("王大明", "父亲", "13800000001"),
        Guardian("李秀英", "母亲", "13800000002"),
    )
    assert pc.students[1].guardians == (Guardian("赵丽", "母亲", "13800000003"),)


def test_wide_layout_relation_and_phone_pairs_without_names(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                ["姓名*", "性别*", "关系一", "关系一手机号", "关系二", "关系二手机号"],
                ["王小明", 1, "妈妈", 13800000001, "奶奶", 13800000002],
            ]
        },
    )
    st_ = only_class(read_roster(path, class_name="一班")).students[0]
    assert st_.guardians == (
        Guardian(None, "妈妈", "13800000001"),
        Guardian(None, "奶奶", "13800000002"),
    )


def test_bare_repeated_guardian_headers_become_two_guardians(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                ["姓名", "家长", "电话", "家长", "电话"],
                ["王小明", "王大明", 13800000001, "李秀英", 13800000002],
            ]
        },
    )
    st_ = only_class(read_roster(path, class_name="一班")).students[0]
    assert [g.name for g in st_.guardians] == ["王大明", "李秀英"]


# --- classes and teachers ------------------------------------------------------------------------


def test_class_column_makes_one_class_per_value(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "全校": [
                ["班级", "姓名", "学号"],
                ["一年级(1)班", "王小明", 1],
                ["一年级(2)班", "李小红", 1],
                ["一年级(1)班", "赵大勇", 2],
            ]
        },
    )
    result = read_roster(path)
    assert {c.class_name: names(c) for c in result.classes} == {
        "一年级(1)班": ["王小明", "赵大勇"],
        "一年级(2)班": ["李小红"],
    }


def test_grade_and_class_columns_combine(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", {"S": [["年级", "班级", "姓名"], ["三年级", 2, "王小明"]]}
    )
    assert only_class(read_roster(path)).class_name == "三年级(2)班"


def test_one_sheet_per_class_named_by_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"一(1)班": [SIMPLE_HEADER, *simple_rows(2)], "一(2)班": [SIMPLE_HEADER, *simple_rows(3)]},
    )
    result = read_roster(path)
    assert [(c.class_name, len(c.students)) for c in result.classes] == [
        ("一(1)班", 2),
        ("一(2)班", 3),
    ]
    picked = read_roster(path, class_name="一(2)班")
    assert [(c.class_name, len(c.students)) for c in picked.classes] == [("一(2)班", 3)]


def test_class_name_taken_from_title_row(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {"Sheet1": [["三年级（2）班学生花名册"], SIMPLE_HEADER, *simple_rows(1)]},
    )
    assert only_class(read_roster(path)).class_name == "三年级（2）班"


def test_without_any_class_information_the_class_is_left_open(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [SIMPLE_HEADER, *simple_rows(1)]})
    assert only_class(read_roster(path)).class_name is None


def test_teachers_sheet_in_the_same_workbook(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "学生": [SIMPLE_HEADER, *simple_rows(2)],
            "任课教师": [
                ["姓名", "学科", "角色", "电话"],
                ["李建国", "语文", "班主任", 13900000000],
                ["Emily Smith", "英语", "任课老师", None],
                ["王芳", "数学", "副班主任", None],
            ],
        },
    )
    pc = only_class(read_roster(path, class_name="三年级(2)班"))
    assert [(t.name, t.subject, t.role) for t in pc.teachers] == [
        ("李建国", "语文", TeacherRole.HEAD),
        ("Emily Smith", "英语", TeacherRole.SUBJECT),
        ("王芳", "数学", TeacherRole.SUBJECT),
    ]


def test_teacher_sheet_with_class_column_and_head_in_subject(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "学生": [["班级", "姓名"], ["1班", "王小明"], ["2班", "李小红"]],
            "教师": [
                ["班级", "教师姓名", "任教学科"],
                ["1班", "李建国", "语文（班主任）"],
                ["2班", "王芳", "数学"],
            ],
        },
    )
    teachers = {
        c.class_name: [(t.name, t.subject, t.role) for t in c.teachers]
        for c in read_roster(path).classes
    }
    assert teachers == {
        "1班": [("李建国", "语文", TeacherRole.HEAD)],
        "2班": [("王芳", "数学", TeacherRole.SUBJECT)],
    }


def test_two_students_with_the_same_name_stay_two(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                [12, "张伟", "男", "张志强", "爸爸", 13800000001],
                [31, "张伟", "男", "张海涛", "爸爸", 13800000002],
                [31, "张伟", "男", "陈红梅", "奶奶", 13800000003],
            ]
        },
    )
    pc = only_class(read_roster(path, class_name="一班"))
    assert [(s.name, s.student_no, len(s.guardians)) for s in pc.students] == [
        ("张伟", "12", 1),
        ("张伟", "31", 2),
    ]


def test_mapping_override_from_the_import_wizard(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [["A", "B", "C"], ["x", "王小明", 13800000001]]})
    with pytest.raises(BadInputError):
        read_roster(path, class_name="一班")
    result = read_roster(
        path,
        {
            "S": SheetOverride(
                header_row=1, columns={1: "name", 2: "guardian.phone"}, kind="students"
            )
        },
        class_name="一班",
    )
    assert only_class(result).students[0].guardians[0].phone == "13800000001"


# --- file formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_encoding_chinese_excel_saves(tmp_path, encoding):
    path = write_csv(
        tmp_path / "r.csv",
        [
            SIMPLE_HEADER,
            [1, "王小明", "男", "王大明", "爸爸", "13800000001"],
            [2, "吴堃", "男", "吴立新", "爸爸", "13800000002"],
        ],
        encoding=encoding,
        delimiter="\t" if encoding == "utf-16" else ",",
    )
    assert names(only_class(read_roster(path, class_name="一班"))) == ["王小明", "吴堃"]


def test_csv_saved_with_an_xlsx_name_is_read_as_csv(tmp_path):
    path = write_csv(tmp_path / "花名册.xlsx", [SIMPLE_HEADER, *simple_rows(2)], encoding="gbk")
    assert names(only_class(read_roster(path, class_name="一班"))) == ["王小明", "李小红"]


def test_legacy_xls_file(tmp_path):
    pytest.importorskip("xlwt", reason="xlwt (test extra) writes the .xls fixture")
    path = write_xls(
        tmp_path / "old.xls",
        {
            "三年级2班": [
                ["XX小学花名册"],
                SIMPLE_HEADER,
                [1.0, "张　三", 1.0, "张大山", "父亲", 13800138000.0],
            ]
        },
    )
    pc = only_class(read_roster(path))
    assert pc.class_name == "三年级2班"
    assert (pc.students[0].name, pc.students[0].student_no) == ("张三", "1")
    assert pc.students[0].guardians[0].phone == "13800138000"


def test_xlsx_with_an_xls_name_is_read_by_content(tmp_path):
    path = write_xlsx(tmp_path / "r.xls", {"S": [SIMPLE_HEADER, *simple_rows(1)]})
    assert names(only_class(read_roster(path, class_name="一班"))) == ["王小明"]


# --- bad input --------------------------------------------------------------------------------


def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))  # ~1000:1
    return path


BAD_FILES = {
    "not-a-spreadsheet-pdf": lambda p: (p.write_bytes(b"%PDF-1.4\n..."), p)[1],
    "binary-garbage": lambda p: (p.write_bytes(b"\x00\x01\x02garbage" * 100), p)[1],
    "truncated-zip": lambda p: (
        p.write_bytes(
            write_xlsx(
                p.with_suffix(".full.xlsx"), {"S": [SIMPLE_HEADER, *simple_rows(3)]}
            ).read_bytes()[:700]
        ),
        p,
    )[1],
    "empty-file": lambda p: (p.write_bytes(b""), p)[1],
    "empty-workbook": lambda p: write_xlsx(p, {"Sheet1": []}),
    "no-name-column": lambda p: write_xlsx(p, {"S": [["学号", "电话"], [1, 13800000000]]}),
    "zip-not-excel": lambda p: _zip_with(p, {"readme.txt": "hello"}),
    "word-document": lambda p: _zip_with(p, {"word/document.xml": "<w/>"}),
    "too-large": lambda p: _sparse(p, 51 * 1024 * 1024),
    "unreadable-encoding": lambda p: (
        p.write_bytes("姓名\n王小明\n".encode() + b"\xff\xfe\xfa\x80" * 3),
        p,
    )[1],
}


def _zip_with(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _sparse(path, size):
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(size)
    return path


@pytest.mark.parametrize("make", list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_bad_files_raise_a_chinese_error_naming_the_file(tmp_path, make):
    path = make(tmp_path / "花名册.xlsx")
    with pytest.raises(BadInputError) as info:
        read_roster(path, class_name="一班")
    assert "花名册.xlsx" in info.value.full_message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)
    assert "请" in info.value.message  # says what to do


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx")
    with pytest.raises(BadInputError, match="压缩炸弹"):
        read_roster(path)


def test_password_protected_workbook_is_refused(tmp_path):
    path = write_encrypted_xlsx(tmp_path / "locked.xlsx", {"S": [SIMPLE_HEADER, *simple_rows(1)]})
    with pytest.raises(BadInputError, match="密码"):
        read_roster(path)


# --- normalisers (hypothesis) ---------------------------------------------------------------------


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.none(), st.booleans()))
def test_cell_normalisers_never_raise(value):
    cell_text(value)
    number_text(value)
    phone_text(value)
    name = clean_name(value)
    looks_like_person_name(name)
    clean_gender(value)
    class_from_text(cell_text(value))


@given(st.text(alphabet="张王李欧阳䶮堃喆　 \u3000\t", min_size=1, max_size=8))
def test_clean_name_removes_every_kind_of_space_in_chinese_names(text):
    cleaned = clean_name(text)
    assert " " not in cleaned and "\u3000" not in cleaned and "\t" not in cleaned


@given(st.integers(min_value=13000000000, max_value=19999999999))
def test_phone_stored_as_float_comes_back_as_11_digits(number):
    assert phone_text(float(number)) == str(number)


@pytest.mark.parametrize(
    "name, ok",
    [
        ("张三", True),
        ("欧阳娜娜", True),
        ("王䶮", True),
        ("吴堃", True),
        ("李喆", True),
        ("阿依古丽·买买提", True),
        ("Emily Smith", True),
        ("合计", False),
        ("汉族", False),
        ("男", False),
        ("备注：转入学生", False),
        ("1", False),
        ("三年级二班", False),
        ("", False),
        ("王", False),
    ],
    ids=lambda v: str(v),
)
def test_what_counts_as_a_person_name(name, ok):
    assert looks_like_person_name(clean_name(name)) is ok


# --- doubtful rows are kept but warned about ----------------------------------------------------


def test_one_row_per_student_same_name_without_number_stays_two_with_warning(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                ["姓名", "父亲电话"],
                ["张伟", 13800000001],
                ["李小红", 13800000002],
                ["张伟", 13800000003],
            ]
        },
    )
    result = read_roster(path, class_name="一班")
    assert names(only_class(result)) == ["张伟", "李小红", "张伟"]
    assert [(w.row, "同名" in w.message) for w in result.warnings] == [(4, True)]


def test_phone_in_scientific_notation_or_malformed_is_warned(tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        [
            SIMPLE_HEADER,
            [1, "王小明", "男", "王大明", "爸爸", "1.38001E+10"],
            [2, "李小红", "女", "李强", "爸爸", "12345"],
        ],
    )
    result = read_roster(path, class_name="一班")
    assert [w.row for w in result.warnings] == [2, 3]
    assert "科学计数法" in result.warnings[0].message
    assert "不是有效的手机号" in result.warnings[1].message


def test_template_example_row_is_skipped_with_warning(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "S": [
                SIMPLE_HEADER,
                ["示例", "张三", "男", "张大山", "爸爸", 13800000000],
                *simple_rows(1),
            ]
        },
    )
    result = read_roster(path, class_name="一班")
    assert names(only_class(result)) == ["王小明"]
    assert [(w.row, w.message) for w in result.warnings] == [(2, "示例行，已跳过。")]


def test_student_number_column_preferred_over_serial_number(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx", {"S": [["序号", "学号", "姓名"], [1, "2025031", "王小明"]]}
    )
    assert only_class(read_roster(path, class_name="一班")).students[0].student_no == "2025031"


def test_forcing_a_sheet_to_students_without_a_name_column_is_a_clear_error(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"S": [SIMPLE_HEADER, *simple_rows(1)]})
    with pytest.raises(BadInputError, match="学生姓名"):
        read_roster(path, {"S": SheetOverride(columns={0: "student_no"}, kind="students")}, "一班")


def test_subject_teacher_of_several_classes(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        {
            "学生": [["班级", "姓名"], ["三(1)班", "王小明"], ["三(2)班", "李小红"]],
            "教师": [
                ["教师姓名", "任教学科", "任教班级"],
                ["Emily Smith", "英语", "三(1)班、三(2)班"],
            ],
        },
    )
    teachers = {c.class_name: [t.name for t in c.teachers] for c in read_roster(path).classes}
    assert teachers == {"三(1)班": ["Emily Smith"], "三(2)班": ["Emily Smith"]}


_CELL = st.one_of(
    st.sampled_from(
        ["姓名", "学号", "家长", "电话", "班级", "合计:3人", "说明：必填", "张三", "示例"]
    ),
    st.text(max_size=8),
    st.integers(-5, 10**12).map(str),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=6), max_size=12))
def test_any_csv_content_reads_or_fails_with_a_user_error(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "r.csv"
    write_csv(path, rows)
    try:
        result = read_roster(path, class_name="一班")
    except BadInputError as exc:
        assert exc.message
        return
    for pc in result.classes:
        assert all(looks_like_person_name(s.name) for s in pc.students)


@pytest.mark.parametrize(
    "rows",
    [
        [["姓名", "备注"], ["王小明", ""], ["李小红", "已转出"], ["赵大勇", "过敏体质"]],
        [["姓名", "学籍状态"], ["王小明", "在读"], ["李小红", "休学"], ["赵大勇", "在读"]],
        [["姓名"], ["王小明"], ["李小红（转学）"], ["赵大勇"]],
    ],
    ids=["remark-column", "status-column", "note-in-name-cell"],
)
def test_students_marked_as_gone_are_not_imported(tmp_path, rows):
    result = read_roster(write_xlsx(tmp_path / "r.xlsx", {"S": rows}), class_name="一班")
    assert names(only_class(result)) == ["王小明", "赵大勇"]
    assert [(w.row, w.message.startswith("李小红标注为")) for w in result.warnings] == [(3, True)]
