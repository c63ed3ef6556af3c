"""The demo school: a clearly fictional 示例实验小学（虚构） for ``--demo`` (GUI and CLI).

``ensure_demo_data`` fills an empty demo database by running a list of seeding steps. The roster
step writes a generated .xlsx (school-wide sheet with a 班级 column, guardians one per row, a
teachers sheet) to a temp folder and imports it through ``import_roster``, so the demo exercises
the real import path. Every name and phone number here is made up (phones are 138-0000-xxxx).

Other features add their own demo data by appending a step to ``_SEED_STEPS``.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from classgroup_desktop.core.logchain import LogEntry
from classgroup_desktop.core.naming import MemberInput
from classgroup_desktop.services.audit import run_check
from classgroup_desktop.services.settings import SCHOOL_NAME, TEACHER_NAME, set_setting
from classgroup_desktop.store.db import Database
from classgroup_desktop.store.models import ClassGroupRow, LogEntryRow

DEMO_SCHOOL = "示例实验小学（虚构）"
DEMO_TEACHER = "李建国"

# (no, name, gender, ((guardian name, relation, phone), ...))
DemoStudent = tuple[str, str, str, tuple[tuple[str, str, str], ...]]

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN_BOY = (
    "浩宇轩然子涵博文俊杰晨阳思远泽楷皓轩明哲一鸣梓豪宇航天佑嘉懿铭睿承泽煜祺智宸正豪昊然家豪"
)
_GIVEN_GIRL = (
    "欣怡梓涵诗涵雨桐可馨子萱思彤佳怡一诺语嫣紫萱梦琪若汐雨欣静怡书瑶婉清依诺梓萱欣妍乐瑶悦然"
)
_FATHER_GIVEN = "建华志强国庆海涛伟东永刚立新文军晓明建军红兵德胜振华卫东小龙"
_MOTHER_GIVEN = "丽娟秀英红梅晓燕桂芳海燕春花美玲丽华玉兰雪梅秀兰艳红慧敏静"
_SPECIAL_NAMES = {
    "张伟",
    "欧阳娜娜",
    "司马云飞",
    "吴堃",
    "王䶮",
    "李喆",
    "王一一",
    "王二二",
    "上官婉清",
    "诸葛明远",
    "阿依古丽·买买提",
    "高梓萱",
    "周杰",
    "李四",
}


def _pairs(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(0, len(text) - 1, 2)]


def _phone(counter: list[int]) -> str:
    counter[0] += 1
    return f"1380000{counter[0]:04d}"


def _family(
    rng: random.Random, surname: str, counter: list[int]
) -> tuple[tuple[str, str, str], ...]:
    father = surname + rng.choice(_pairs(_FATHER_GIVEN))
    mother = rng.choice(_SURNAMES) + rng.choice(_pairs(_MOTHER_GIVEN))
    return ((father, "爸爸", _phone(counter)), (mother, "妈妈", _phone(counter)))


def _make_class(
    seed: int, size: int, specials: list[DemoStudent], counter: list[int]
) -> list[DemoStudent]:
    """``size`` students: the hand-written ``specials`` first, the rest generated."""
    rng = random.Random(seed)
    students: list[DemoStudent] = list(specials)
    used = {s[1] for s in students} | _SPECIAL_NAMES
    while len(students) < size:
        gender = rng.choice("男女")
        surname = rng.choice(_SURNAMES)
        name = surname + rng.choice(_pairs(_GIVEN_BOY if gender == "男" else _GIVEN_GIRL))
        if name in used:
            continue
        used.add(name)
        students.append(("", name, gender, _family(rng, surname, counter)))
    rng.shuffle(students)
    return [(str(i + 1), name, gender, fam) for i, (_, name, gender, fam) in enumerate(students)]


def _demo_classes() -> dict[str, list[DemoStudent]]:
    counter = [0]
    p = lambda: _phone(counter)  # noqa: E731 - short local helper keeps the tables readable
    twins_family = (("王建华", "爸爸", p()), ("赵丽娟", "妈妈", p()), ("王德胜", "爷爷", p()))
    class_3_2 = [
        ("", "张伟", "男", (("张志强", "爸爸", p()), ("刘秀英", "妈妈", p()))),
        ("", "张伟", "男", (("张海涛", "爸爸", p()), ("陈红梅", "奶奶", p()))),
        ("", "欧阳娜娜", "女", (("欧阳文军", "爸爸", p()), ("林美玲", "妈妈", p()))),
        ("", "司马云飞", "男", (("司马振华", "爸爸", p()),)),
        ("", "吴堃", "男", (("吴立新", "爸爸", p()), ("郑晓燕", "妈妈", p()))),
        ("", "王䶮", "男", (("王永刚", "爸爸", p()), ("孙桂芳", "外婆", p()))),
        ("", "李喆", "女", (("李卫东", "爸爸", p()), ("何雪梅", "妈妈", p()))),
        ("", "王一一", "女", twins_family),
        ("", "王二二", "女", twins_family),
        ("", "高梓萱", "女", (("高国庆", "爸爸", p()), ("马丽华", "妈妈", p()))),
        ("", "周杰", "男", (("周德胜", "外公", p()), ("吴秀兰", "妈妈", p()))),
        ("", "李四", "男", (("李建军", "爸爸", p()),)),
    ]
    class_4_1 = [
        ("", "上官婉清", "女", (("上官明", "爸爸", p()), ("许静", "妈妈", p()))),
        ("", "张伟", "男", (("张小龙", "爸爸", p()),)),
        ("", "陈可馨", "女", (("陈爷爷", "爷爷", p()), ("陈奶奶", "奶奶", p()))),
    ]
    class_5_3 = [
        ("", "诸葛明远", "男", (("诸葛红兵", "爸爸", p()), ("丁艳红", "妈妈", p()))),
        ("", "阿依古丽·买买提", "女", (("买买提·吐尔逊", "爸爸", p()),)),
        ("", "刘一诺", "女", (("刘文军", "外公", p()), ("黄慧敏", "姥姥", p()))),
    ]
    return {
        "三年级(2)班": _make_class(32, 45, class_3_2, counter),
        "四年级(1)班": _make_class(41, 42, class_4_1, counter),
        "五年级(3)班": _make_class(53, 40, class_5_3, counter),
    }


DEMO_CLASSES: dict[str, list[DemoStudent]] = _demo_classes()

# (class, teacher, subject, role as written in a school's sheet)
DEMO_TEACHERS: tuple[tuple[str, str, str, str], ...] = (
    ("三年级(2)班", "李建国", "语文", "班主任"),
    ("三年级(2)班", "王芳", "数学", "任课老师"),
    ("三年级(2)班", "Emily Smith", "英语", "外教"),
    ("三年级(2)班", "赵敏", "科学", "任课老师"),
    ("四年级(1)班", "陈静", "数学", "班主任"),
    ("四年级(1)班", "李建国", "道德与法治", "任课老师"),
    ("四年级(1)班", "Emily Smith", "英语", "外教"),
    ("五年级(3)班", "孙丽", "语文", "班主任"),
    ("五年级(3)班", "周强", "体育", "任课老师"),
    ("五年级(3)班", "Emily Smith", "英语", "外教"),
)


def write_demo_roster(folder: Path) -> Path:
    """Write the demo school's roster as a school office would send it; returns the path."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "全校学生"
    ws.append([f"{DEMO_SCHOOL} 2025学年学生及家长联系名单"])
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["班级", "学号", "姓名*", "性别", "家长姓名", "与学生关系", "联系电话"])
    ws.append(["说明：*为必填项；性别填 1（男）或 2（女）；每位家长占一行。"])
    for class_name, students in DEMO_CLASSES.items():
        for no, name, gender, family in students:
            for g_name, relation, phone in family:
                ws.append(
                    [
                        class_name,
                        int(no),
                        name,
                        1 if gender == "男" else 2,
                        g_name,
                        relation,
                        int(phone),
                    ]
                )
    ws.append([])
    ws.append([f"合计：{sum(len(s) for s in DEMO_CLASSES.values())}人"])
    wt = wb.create_sheet("教师")
    wt.append(["班级", "教师姓名", "任教学科", "职务"])
    for row in DEMO_TEACHERS:
        wt.append(list(row))
    path = folder / "示例实验小学花名册.xlsx"
    wb.save(path)
    return path


def _seed_settings(db: Database) -> None:
    set_setting(db, SCHOOL_NAME, DEMO_SCHOOL)
    set_setting(db, TEACHER_NAME, DEMO_TEACHER)


def _seed_roster(db: Database) -> None:
    from classgroup_desktop.services.roster import import_roster

    with tempfile.TemporaryDirectory(prefix="classgroup-demo-") as tmp:
        import_roster(db, write_demo_roster(Path(tmp)))
    from classgroup_desktop.services.classes import update_class

    for name in DEMO_CLASSES:
        update_class(
            db,
            name,
            wechat_group_name=f"{name}家校群",
            school_year="2025-2026",
            grade=name.split("级")[0] + "级",
        )


def seed_demo_log(db: Database) -> None:
    """A few weeks of plausible history on members of the demo member lists (skipped if the log
    is not empty): rename and conduct reminders, clear-outs, an escalation, a voided entry."""
    from classgroup_desktop.services.classes import list_classes
    from classgroup_desktop.services.log import add_entry, void_entry

    with db.read() as s:
        if s.scalar(select(LogEntryRow.id).limit(1)) is not None:
            return
    names = [c.name for c in list_classes(db)]
    if not names:
        return
    first = "三年级(2)班" if "三年级(2)班" in names else names[0]
    second = "四年级(1)班" if "四年级(1)班" in names else None
    today = datetime.now().replace(hour=9, minute=0, second=0, microsecond=0)

    def add(
        days: int,
        kind: str,
        member: str | None,
        rule: str | None,
        note: str,
        class_name: str = first,
        evidence: Sequence[Path] = (),
    ) -> LogEntry:
        when = today - timedelta(days=days)
        return add_entry(
            db,
            class_name,
            kind,
            member=member,
            rule=rule,
            note=note,
            occurred_at=when,
            evidence=evidence,
            now=when + timedelta(hours=1),
        )

    with tempfile.TemporaryDirectory(prefix="classgroup-demo-") as tmp:
        shot = Path(tmp) / "广告截图.png"
        shot.write_bytes(_demo_png())
        add(20, "reminder", "李喆麻麻", "入群-2", "群昵称不规范，已@提醒改为“李喆妈妈”。")
        add(18, "reminder", "花开富贵", "家长-3", "在群内转发培训班广告，已提醒。", evidence=[shot])
        add(9, "reminder", "花开富贵", "家长-3", "再次发布推销链接。")
        add(7, "clear-out", "微信用户", "入群-1", "无法确认身份，联系不上，按规定移出。")
        wrong = add(5, "reminder", "李四 爸爸", "宗旨-2", "深夜在群内闲聊。")
        void_entry(
            db,
            wrong.id,
            "记错了成员，闲聊的是另一位家长。",
            now=today - timedelta(days=5) + timedelta(hours=2),
        )
        add(4, "clear-out", "李老师", "监管-3", "冒充老师在群内发收款二维码，截图留存后移出。")
        add(3, "escalation", "李老师", "监管-3", "已电话报告学校德育处，并提醒家长勿转账。")
        add(2, "note", None, None, "家委会协助在群内重申群规。")
        if second:
            add(
                6, "reminder", "平安是福", "入群-2", "请改为学生姓名+爸爸/妈妈。", class_name=second
            )


def _demo_png() -> bytes:
    """A small grey PNG standing in for a screenshot (made here: the services layer has no Qt)."""
    import struct
    import zlib

    width, height = 120, 60
    raw = b"".join(b"\x00" + bytes([200, 200, 200]) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def seed_demo_audits(db: Database) -> None:
    """Three saved audits per demo class (about six weeks, then two weeks ago, and today), so the
    history, the diff and the monthly report's comparison with last month have data.

    Older lists are the current one before some families joined or fixed their nicknames, and
    with an advertiser who was cleared out since.
    """
    from classgroup_desktop.io.members_reader import parse_member_text

    latest = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    for class_name, text in DEMO_MEMBER_LISTS.items():
        members = parse_member_text(text)
        verdicts = run_check(db, class_name, members, source="演示").result.verdicts
        for days, joined_limit, slang_limit in ((45, 5, 8), (14, 3, 4)):
            older: list[MemberInput] = []
            joined = slang = 0
            for m, v in zip(members, verdicts, strict=True):
                parent_ok = v.status == "ok" and v.identity.kind == "parent"
                if parent_ok and joined < joined_limit and v.position % 7 == 3:
                    joined += 1  # joined the group since
                elif parent_ok and v.identity.relation == "妈妈" and slang < slang_limit:
                    slang += 1  # fixed the nickname since
                    older.append(MemberInput(m.nickname.replace("妈妈", "麻麻")))
                else:
                    older.append(m)
            older.append(MemberInput("宝宝辅导班招生"))  # cleared out since
            run_check(db, class_name, older, source="演示：粘贴的群成员名单", save=True,
                      now=latest - timedelta(days=days))
        run_check(db, class_name, members, source="演示：粘贴的群成员名单", save=True, now=latest)


# Seeding steps, run in order on an empty demo database. Other features append theirs
# (e.g. a saved audit of DEMO_MEMBER_LISTS, demo log entries) with one line each.
_SEED_STEPS: list[Callable[[Database], None]] = [_seed_settings, _seed_roster]
_SEED_STEPS.append(seed_demo_audits)
_SEED_STEPS.append(seed_demo_log)


def ensure_demo_data(db: Database) -> None:
    """Fill the demo database with the fictional school, once (no-op if it has classes)."""
    with db.read() as s:
        if s.scalar(select(func.count()).select_from(ClassGroupRow)):
            return
    for step in _SEED_STEPS:
        step(db)


def _member_list(class_name: str) -> str:
    """A pasted WeChat member list for a demo class: mostly compliant, with the usual mess."""
    students = DEMO_CLASSES[class_name]
    teachers = [t for t in DEMO_TEACHERS if t[0] == class_name]
    rng = random.Random(class_name)
    lines = [f"{t[1]}" if t[3] == "班主任" else f"{t[2]}-{t[1]}" for t in teachers]
    messy: dict[str, list[str]] = {
        "三年级(2)班": [
            "张伟爸爸",
            "张伟妈妈",
            "欧阳娜娜妈妈",
            "司马云飞爸爸",
            "吴堃的妈妈",
            "王䶮外婆",
            "李喆麻麻",
            "王一一王二二妈妈",
            "王一一爷爷",
            "🌸高梓萱媽媽🌸",
            "🌸周杰妈妈🌸",
            "周杰外公",
            "李四 爸爸",
            "Li Zhe Baba",
            "花开富贵",
            "微信用户",
            "李老师",
            "吴堃的妈妈",
        ],
        "四年级(1)班": [
            "上官婉清爸爸",
            "上官婉清妈妈",
            "张伟爸",
            "陈可馨爷爷",
            "陈可馨奶奶",
            "平安是福",
            "微信用户",
            "陈老师",
            "Shangguan Wanqing Mama",
        ],
        "五年级(3)班": [
            "诸葛明远爸爸",
            "诸葛明远妈妈",
            "阿依古丽爸爸",
            "刘一诺外公",
            "刘一诺姥姥",
            "岁月静好",
            "孙老师（班主任）",
            "微信用户",
            "Liu Yinuo Mama",
        ],
    }
    special_names = {s[1] for s in students if s[1] in _SPECIAL_NAMES}
    regular = [s for s in students if s[1] not in special_names]
    rng.shuffle(regular)
    for _, name, _, family in regular[: max(0, 50 - len(lines) - len(messy[class_name]))]:
        relation = family[rng.randrange(len(family))][1]
        lines.append(f"{name}{relation}")
    lines.extend(messy[class_name])
    head, tail = lines[:1], lines[1:]
    rng.shuffle(tail)
    return "\n".join(head + tail) + "\n"


# Pasted member lists for each demo class (about 50 lines each): the CHECK feature saves an
# audit of these in the demo database.
DEMO_MEMBER_LISTS: dict[str, str] = {name: _member_list(name) for name in DEMO_CLASSES}
