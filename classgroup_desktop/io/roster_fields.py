"""What the cells of a roster mean: header words → fields, and cleaning of names, genders, classes.

Header vocabulary is data (tables below), matched after normalising the header text (spaces,
``*`` required markers and parenthesised hints like ``（必填）`` removed). A column mapping is
``{column index: field key}``; the field keys are:

- ``name``, ``student_no``, ``gender``, ``class``, ``grade``, ``head_teacher``, ``status``
  (备注/状态: a student marked 转出/休学 there is not imported) (student sheets)
- ``guardian.name`` / ``guardian.relation`` / ``guardian.phone`` (one guardian per row: long layout)
- ``guardian:<slot>.<attr>`` (wide layout, several guardians per row; slot is a relation word
  such as 父亲 or a number 1-4)
- ``teacher.name``, ``teacher.subject``, ``teacher.role`` (teacher sheets)
- ``ignore``
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from classgroup_desktop.core.roster import class_key  # noqa: F401 - re-exported
from classgroup_desktop.core.text import to_simplified
from classgroup_desktop.io.spreadsheet import cell_text, number_text

# --- header vocabulary ---------------------------------------------------------------------

_EXACT: dict[str, tuple[str, ...]] = {
    "name": (
        "姓名",
        "学生姓名",
        "学生",
        "学生名字",
        "名字",
        "学生名称",
        "幼儿姓名",
        "儿童姓名",
        "孩子姓名",
        "学员姓名",
        "学员",
        "学生姓名全称",
    ),
    "student_no": (
        "学号",
        "学生学号",
        "学籍号",
        "学生编号",
        "编号",
        "座号",
        "序号",
        "学籍辅号",
        "个人标识码",
        "班内学号",
    ),
    "gender": ("性别", "学生性别"),
    "class": (
        "班级",
        "班别",
        "所在班级",
        "班级名称",
        "班",
        "行政班",
        "班级名",
        "所在班",
        "任教班级",
    ),
    "grade": ("年级", "所在年级"),
    "head_teacher": ("班主任", "班主任姓名"),
    "status": ("备注", "状态", "学籍状态", "在读状态", "在籍状态", "学生状态", "变动情况"),
    "guardian.name": (
        "家长姓名",
        "家长",
        "监护人",
        "监护人姓名",
        "联系人",
        "联系人姓名",
        "家长名字",
        "父母姓名",
        "监护人名字",
    ),
    "guardian.relation": (
        "关系",
        "与学生关系",
        "称谓",
        "与本人关系",
        "监护人关系",
        "家长关系",
        "亲属关系",
        "与孩子关系",
        "关系称谓",
        "家长身份",
        "与学生的关系",
    ),
    "guardian.phone": (
        "联系电话",
        "手机",
        "手机号码",
        "手机号",
        "家长手机",
        "电话",
        "家长电话",
        "联系方式",
        "家长手机号",
        "家长手机号码",
        "监护人电话",
        "监护人手机",
        "监护人手机号",
        "电话号码",
        "家长联系电话",
        "联系人电话",
        "联系人手机",
        "家庭电话",
        "监护人联系电话",
        "联系人手机号",
    ),
    "teacher.name": (
        "教师姓名",
        "老师姓名",
        "教师",
        "老师",
        "任课教师",
        "任课老师",
        "教师名字",
        "教职工姓名",
    ),
    "teacher.subject": (
        "任教学科",
        "学科",
        "科目",
        "任教科目",
        "所教学科",
        "任课学科",
        "教授科目",
        "任教课程",
        "课程",
    ),
    "teacher.role": ("职务", "角色", "职位", "担任职务", "身份", "岗位", "任职", "职责"),
}
HEADER_WORDS: dict[str, str] = {word: field for field, words in _EXACT.items() for word in words}

# Lower rank = stronger claim when two columns both look like the student number.
_STUDENT_NO_RANK = {
    "学号": 0,
    "学生学号": 0,
    "班内学号": 0,
    "学籍号": 1,
    "学生编号": 1,
    "个人标识码": 1,
    "学籍辅号": 1,
    "编号": 2,
    "座号": 3,
    "序号": 4,
}

RELATION_WORDS = ("父亲", "母亲", "爸爸", "妈妈", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷")
_REL = "|".join(RELATION_WORDS)
_ORD = "[一二三四1234]"
_PHONE_WORDS = "联系电话|电话号码|电话|手机号码|手机号|手机|联系方式"
_ORD_VALUE = {"一": "1", "二": "2", "三": "3", "四": "4"}

_SLOT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^({_REL})(?:的)?(?:姓名|名字)?$"), "name"),
    (re.compile(rf"^({_REL})(?:的)?(?:{_PHONE_WORDS})$"), "phone"),
    (re.compile(rf"^第?({_ORD})?(?:家长|监护人|联系人)({_ORD})?(?:姓名|名字)?$"), "name"),
    (
        re.compile(rf"^第?({_ORD})?(?:家长|监护人|联系人)({_ORD})?(?:与学生)?(?:的)?关系$"),
        "relation",
    ),
    (
        re.compile(rf"^第?({_ORD})?(?:家长|监护人|联系人)({_ORD})?(?:的)?(?:{_PHONE_WORDS})$"),
        "phone",
    ),
    (re.compile(rf"^关系({_ORD})$"), "relation"),
    (re.compile(rf"^关系({_ORD})(?:的)?(?:{_PHONE_WORDS})$"), "phone"),
    (re.compile(rf"^关系({_ORD})(?:的)?(?:姓名|名字)$"), "name"),
)

GUARDIAN_ATTRS = ("name", "relation", "phone")
_SLOT_FIELD = re.compile(r"^guardian:(.+)\.(name|relation|phone)$")

FIELD_LABELS: dict[str, str] = {
    "name": "学生姓名",
    "student_no": "学号",
    "gender": "性别",
    "class": "班级",
    "grade": "年级",
    "head_teacher": "班主任",
    "status": "备注/状态",
    "guardian.name": "家长姓名",
    "guardian.relation": "与学生关系",
    "guardian.phone": "家长电话",
    "teacher.name": "教师姓名",
    "teacher.subject": "任教学科",
    "teacher.role": "职务",
    "ignore": "（不导入）",
}
for _slot in (*RELATION_WORDS[:2], "1", "2", "3", "4"):
    _who = f"家长{_slot}" if _slot.isdigit() else _slot
    FIELD_LABELS[f"guardian:{_slot}.name"] = f"{_who}姓名"
    FIELD_LABELS[f"guardian:{_slot}.relation"] = f"{_who}关系"
    FIELD_LABELS[f"guardian:{_slot}.phone"] = f"{_who}电话"


def field_label(field: str) -> str:
    """The Chinese label of a field key (for the import wizard's column chooser)."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    slot = parse_slot_field(field)
    if slot:
        who = f"家长{slot[0]}" if slot[0].isdigit() else slot[0]
        return who + {"name": "姓名", "relation": "关系", "phone": "电话"}[slot[1]]
    return field


def parse_slot_field(field: str) -> tuple[str, str] | None:
    """``"guardian:父亲.phone"`` → ``("父亲", "phone")``; None for other fields."""
    m = _SLOT_FIELD.match(field)
    return (m.group(1), m.group(2)) if m else None


_HEADER_NOISE = re.compile(r"[（(【\[<《].*?[）)】\]>》]|[*＊:：\s\u3000#△▲★☆]")


def normalise_header(value: Any) -> str:
    """Header text without spaces, required markers (``姓名*``) and parenthesised hints."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return _HEADER_NOISE.sub("", text).lower()


def classify_header(value: Any) -> tuple[str | None, int]:
    """The field a header cell names (or None) and its rank among student-number synonyms.

    Traditional headers (學號, 家長姓名, 與學生關係 — rosters from Hong Kong, Macau, Taiwan)
    are read through their Simplified form.
    """
    return _classify_text(normalise_header(value))


@lru_cache(maxsize=4096)
def _classify_text(text: str) -> tuple[str | None, int]:
    found = _classify_simplified(text)
    if found[0] is None and text and not text.isascii():
        simple = to_simplified(text)
        if simple != text:
            found = _classify_simplified(simple)
    return found


def _classify_simplified(text: str) -> tuple[str | None, int]:
    if not text:
        return None, 0
    if text in HEADER_WORDS:
        return HEADER_WORDS[text], _STUDENT_NO_RANK.get(text, 0)
    for pattern, attr in _SLOT_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        groups = [g for g in m.groups() if g]
        if not groups:
            continue  # bare 家长/联系人 are the long layout, handled by HEADER_WORDS
        slot = _ORD_VALUE.get(groups[0], groups[0])
        return f"guardian:{slot}.{attr}", 0
    return None, 0


def detect_mapping(header: list[Any], *, teacher_sheet: bool | None = None) -> dict[int, str]:
    """Column index → field for one header row.

    Repeated long-layout guardian headers (家长, 电话, 家长, 电话) become numbered slots; of several
    student-number candidates the strongest (学号 over 序号) wins; in a teacher sheet a bare 姓名
    means the teacher's name.
    """
    raw: dict[int, tuple[str, int]] = {}
    for col, cell in enumerate(header):
        field, rank = classify_header(cell)
        if field:
            raw[col] = (field, rank)
    fields = {f for f, _ in raw.values()}
    if teacher_sheet is None:
        teacher_sheet = is_teacher_fields(fields)
    mapping: dict[int, str] = {}
    best_no = min((r for f, r in raw.values() if f == "student_no"), default=None)
    seen: dict[str, int] = {}
    for col, (field, rank) in raw.items():
        if teacher_sheet:
            field = {"name": "teacher.name", "head_teacher": "teacher.name"}.get(field, field)
            if field.startswith("guardian") or field in {"student_no", "gender", "status"}:
                field = "ignore"
        elif field.startswith("teacher."):
            field = "ignore"
        if field == "student_no" and rank != best_no:
            field = "ignore"
        count = seen.get(field, 0)
        seen[field] = count + 1
        if count and field.startswith("guardian."):
            field = f"guardian:{count + 1}.{field.split('.', 1)[1]}"
        elif count and field != "ignore":
            field = "ignore"  # a second 姓名 column: keep the first
        mapping[col] = field
    return mapping


def is_teacher_fields(fields: set[str]) -> bool:
    """A header whose fields describe teachers rather than students."""
    teacherish = any(f.startswith("teacher.") for f in fields)
    # a phone column alone does not make it a student sheet: teacher lists have phones too
    studentish = any(
        (f.startswith("guardian") and not f.endswith(".phone")) or f in {"student_no", "gender"}
        for f in fields
    )
    return teacherish and not studentish


def header_score(header: list[Any]) -> int:
    """How much a row looks like a roster header: distinct known fields, +2 for a name column."""
    fields = {classify_header(c)[0] for c in header} - {None}
    if not fields & {"name", "teacher.name", "head_teacher"}:
        return 0
    return len(fields) + 2


# --- names ------------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_NAME = re.compile(f"[{_CJK}]{{2,6}}")
_CJK_DOT_NAME = re.compile(f"[{_CJK}]{{1,10}}(?:·[{_CJK}]{{1,10}}){{1,3}}")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){0,4}")
_DOTS = re.compile(r"\s*[•・．.‧∙⋅･]\s*")
_NOTE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NUMBERING = re.compile(r"^\d{1,3}\s*[、.．]\s*")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")

# Words that turn up in the name column of real rosters but are not people.
NOT_NAMES = frozenset(
    "合计 总计 小计 共计 备注 说明 注意 注释 填表人 审核人 制表人 负责人 班主任 联系人 "
    "男 女 父亲 母亲 爸爸 妈妈 爷爷 奶奶 外公 外婆 姥姥 姥爷 其他 其它 示例 例如 样例 "
    "姓名 学生 学号 性别 代码 名称 "
    "含义 无 暂无 待定 未知 转出 转入 休学 借读 空 以下空白 此行空白 男生 女生 人数 总人数 "
    "班级 年级 学校 日期 签字 签名 盖章 家长 监护人 关系 电话 手机 序号 编号".split()
)
_NOT_NAME_SUFFIX = ("族", "班", "年级", "学校", "小学", "中学", "学期", "人数", "代码")
_LATIN_NOT_NAMES = frozenset(
    {"total", "sum", "note", "notes", "name", "student", "example", "n/a", "na", "none", "null"}
)


def clean_name(value: Any) -> str:
    """A person's name as it should be stored: full-width/stray spaces and invisible characters
    removed inside Chinese names (``张　三`` → ``张三``), Latin names with single spaces, middle
    dots unified to ``·``, a trailing note in brackets (``张三（转入）``) and list numbering
    dropped."""
    if type(value) is str and _CJK_NAME.fullmatch(value):
        return value  # fast path: already a clean Chinese name
    text = _INVISIBLE.sub("", cell_text(value))
    text = unicodedata.normalize("NFKC", text)
    text = _NUMBERING.sub("", text)
    stripped = _NOTE.sub("", text).strip()
    if stripped:
        text = stripped
    if _CJK_CHAR.search(text):
        text = re.sub(r"\s+", "", text)
        text = _DOTS.sub("·", text).strip("·")
    else:
        text = " ".join(text.split())
    return text.strip("*＊#")


def looks_like_person_name(name: str) -> bool:
    """Whether a cleaned cell can be a person's name: 2-6 CJK characters (rare characters such as
    䶮 堃 喆 included), a minority name with ``·``, or a Latin name; never a roster word such as
    合计, 备注, 汉族 or 男."""
    if not name or name in NOT_NAMES:
        return False
    if _CJK_NAME.fullmatch(name) or _CJK_DOT_NAME.fullmatch(name):
        # a header word (班级名称, 家长姓名) is a second header row, never a child
        return not name.endswith(_NOT_NAME_SUFFIX) and _classify_simplified(name)[0] is None
    if len(name) <= 40 and _LATIN_NAME.fullmatch(name):
        return name.lower() not in _LATIN_NOT_NAMES and len(name.replace(" ", "")) >= 2
    return False


EMPTY_VALUES = frozenset({"", "无", "暂无", "/", "-", "--", "—", "——", "空", "null", "none", "n/a"})


def clean_optional(value: Any) -> str | None:
    """Trimmed text, or None for an empty cell or a placeholder such as 无, /, -."""
    text = cell_text(value)
    return None if text.lower() in EMPTY_VALUES else text


_GENDERS = {
    "男": "男",
    "女": "女",
    "1": "男",
    "2": "女",
    "男生": "男",
    "女生": "女",
    "m": "男",
    "f": "女",
    "male": "男",
    "female": "女",
    "男性": "男",
    "女性": "女",
}


def clean_gender(value: Any) -> str | None:
    """男 / 女 from the usual codings (1/2, 男生, M/F); None if unknown."""
    return _GENDERS.get(number_text(value).lower())


def clean_student_no(value: Any) -> str | None:
    """学号 as text: ``12.0`` → ``"12"``; None for empty or placeholder cells."""
    text = number_text(value).replace(" ", "")
    return None if text.lower() in EMPTY_VALUES else text


# --- classes ----------------------------------------------------------------------------------

_NUM = "[0-9一二三四五六七八九十]{1,3}"
_CLASS_IN_TEXT = re.compile(
    rf"(?:(?:{_NUM}|初[一二三]|高[一二三]|[0-9]{{4}}级?)\s*年?级?\s*)?"
    rf"[（(]?\s*{_NUM}\s*[)）]?\s*班"
)
_CLASS_WORDS_NOT_CLASS = frozenset({"班级", "班主任", "班别", "班级名单", "分班"})


def clean_class_name(value: Any) -> str:
    """A class name as stored: inner spaces removed, numbers like ``3.0`` as ``3``."""
    return re.sub(r"\s+", "", number_text(value))


@lru_cache(maxsize=4096)
def class_from_text(text: str) -> str | None:
    """A class name found in a sheet name or title (``三年级(2)班学生名单`` → ``三年级(2)班``)."""
    text = cell_text(text)
    if not text or text in _CLASS_WORDS_NOT_CLASS:
        return None
    m = _CLASS_IN_TEXT.search(text)
    if m and any(ch.isdigit() or ch in "一二三四五六七八九十" for ch in m.group(0)):
        found = m.group(0).strip()
        return re.sub(r"\s+", "", found)
    return None


def combine_grade_class(grade: str | None, klass: str) -> str:
    """年级 + 班级 columns → one class name (``三年级`` + ``2`` → ``三年级(2)班``)."""
    if not grade or grade in klass:
        return klass
    if re.fullmatch(r"\d{1,2}", klass):
        return f"{grade}({klass})班"
    return grade + klass
