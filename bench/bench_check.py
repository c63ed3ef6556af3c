"""Benchmark: checking a 500-member WeChat group (WeChat's maximum) against a 60-student roster.

The member list mixes what real groups hold: compliant nicknames, decorated ones (emoji,
brackets, spaces), slang relations (麻麻, 老爸, Dad), 的, traditional characters, names in pinyin,
homophones, phone numbers, teachers with titles, strangers (花开富贵, 微信用户), truncated names,
parents under their own name (the roster's guardians) and phrases around a student's name
(高山流水, 夏天的风: weighed with jieba's dictionary).

Two thirds of the families' nicknames are compliant (as in a group the teacher already looks
after), the rest messy. Reported, median of ``--repeat`` runs:
  cold — every memo cleared before the run (roster index, cosmetic keys, pinyin), as the first
         check after the app starts (OpenCC and pypinyin already imported);
  warm — the same check again (what re-checking after an edit costs).
Then cold time at 100 / 250 / 500 members, to show the check is linear in members. The word
dictionary is read once per process on its first lookup, like OpenCC's and pypinyin's: its
import and first-load cost are reported on their own lines.
Target: cold check of 500 members < 20 ms. Run: ``python bench/bench_check.py [--repeat N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classgroup_desktop.core import name_index, nickname_reader, text  # noqa: E402
from classgroup_desktop.core.naming import MemberInput, check_members  # noqa: E402
from classgroup_desktop.core.roster import (  # noqa: E402
    ClassRoster,
    Guardian,
    Student,
    Teacher,
    TeacherRole,
)

_t = time.perf_counter()
from classgroup_desktop.io import word_dictionary  # noqa: E402

IMPORT_WORDS_MS = (time.perf_counter() - _t) * 1000

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曾单欧阳司马"
ADULT_GIVEN = ["建国", "秀英", "丽华", "志强", "春花", "永刚", "桂兰", "海燕", "建华", "玉梅"]
GIVEN = ["子涵", "欣怡", "梓萱", "浩然", "宇轩", "雨桐", "思远", "一诺", "俊熙", "佳怡", "明轩",
         "语嫣", "晨曦", "嘉懿", "若溪", "天佑", "堃", "喆", "䶮", "小米", "思成", "娜娜"]


def make_roster(n: int = 60) -> ClassRoster:
    rng = random.Random(7)
    surnames = list(SURNAMES[:-4]) + ["欧阳", "司马"]
    names: list[str] = []
    while len(names) < n - 2:
        name = rng.choice(surnames) + rng.choice(GIVEN)
        if name not in names:
            names.append(name)
    names += [names[0], names[0][:2] if len(names[0]) > 2 else names[1]]  # a namesake, a prefix
    names[1:3] = ["高山", "夏天"]  # names that are also everyday words
    students = tuple(
        Student(nm, f"{i:02d}", guardians=(
            Guardian(nm[0] + rng.choice(ADULT_GIVEN), "父亲", f"139{i:08d}"),
            Guardian(rng.choice(surnames) + rng.choice(ADULT_GIVEN), "母亲", f"138{i:08d}")))
        for i, nm in enumerate(names, start=1))
    teachers = (Teacher("李建国", "语文", TeacherRole.HEAD), Teacher("周文华", "数学"),
                Teacher("Emily Smith", "英语"), Teacher("王芳", "体育"), Teacher("赵敏", "科学"))
    return ClassRoster("基准班", students, teachers)


def make_members(roster: ClassRoster, n: int) -> list[MemberInput]:
    rng = random.Random(n)
    from pypinyin import lazy_pinyin

    out: list[MemberInput] = [MemberInput(t.name) for t in roster.teachers]
    # A real group is mostly compliant: two thirds of the families use a compliant nickname.
    compliant = [lambda s: f"{s}妈妈", lambda s: f"{s}爸爸", lambda s: s,
                 lambda s: f"🌸{s}妈妈🌸", lambda s: f"{s}（爸爸）", lambda s: f"{s} 妈妈"]
    messy = [
        lambda s: f"{s} 麻麻", lambda s: f"{s}的妈妈", lambda s: f"{s}老爸", lambda s: f"{s}Dad",
        lambda s: f"{s}媽媽", lambda s: "".join(lazy_pinyin(s)) + "mama",
        lambda s: f"{s}妈妈13800138000", lambda s: f"{s}奶奶", lambda s: f"三年级{s}爸爸",
    ]
    strangers = ["花开富贵", "微信用户", "Lily", "老王", "静待花开", "周老师", "黄老师", "班主任",
                 "宝宝妈", "😊😊", "高山流水", "夏天的风", "岁月安然"]
    guardians = [g.name for st in roster.students for g in st.guardians]
    while len(out) < n:
        roll = rng.random()
        if roll < 0.85:
            student = rng.choice(roster.students).name
            forms = compliant if rng.random() < 0.67 else messy
            out.append(MemberInput(rng.choice(forms)(student)))
        elif roll < 0.90:
            out.append(MemberInput(rng.choice(strangers)))
        elif roll < 0.95:
            out.append(MemberInput(rng.choice(guardians)))  # a parent under their own name
        else:
            student = rng.choice(roster.students).name
            out.append(MemberInput(f"{student}妈"[: rng.randint(1, len(student) + 1)] + "…",
                                   truncated=True))
    return out[:n]


def clear_memos() -> None:
    name_index._cached_index.cache_clear()
    name_index.name_key.cache_clear()
    nickname_reader._compliant_keys.cache_clear()
    for fn in (text.cosmetic_key, text.char_readings, text.name_readings, text.name_pinyin_keys,
               text._surname_heteronyms):
        fn.cache_clear()


def timed(roster: ClassRoster, members: list[MemberInput], repeat: int,
          cold: bool) -> tuple[float, float]:
    """Median wall time and median CPU time of a check, in ms. CPU time is what the check itself
    costs; on a busy machine (other processes on the cores) wall time also counts waiting."""
    wall, cpu = [], []
    for _ in range(repeat):
        if cold:
            clear_memos()
        start, start_cpu = time.perf_counter(), time.process_time()
        check_members(roster, members, words=word_dictionary.word_frequency)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    roster = make_roster()
    members = make_members(roster, 500)
    t0 = time.perf_counter()
    check_members(roster, members[:5])  # load OpenCC and pypinyin's dictionaries
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    word_dictionary.word_frequency("高山")  # read jieba's dictionary
    words_ms = (time.perf_counter() - t0) * 1000
    result = check_members(roster, members, words=word_dictionary.word_frequency)
    flags = {f: sum(f in v.flags for v in result.verdicts) for f in ("guardian", "phrase")}
    print(f"机器：{platform.platform()}，Python {platform.python_version()}，"
          f"{os.cpu_count()} 核；花名册 {len(roster.students)} 名学生、"
          f"{len(roster.teachers)} 位老师；负载 {os.getloadavg()[0]:.1f}")
    print(f"500 人结果：{result.counts}")
    print(f"其中家长本名 {flags['guardian']} 人，姓名在词语里 {flags['phrase']} 人")
    print(f"首次加载 OpenCC + pypinyin 词典：{load_ms:.0f} ms（只在第一次检查时发生）")
    print(f"导入 io.word_dictionary：{IMPORT_WORDS_MS:.1f} ms；首次读入 jieba 词典："
          f"{words_ms:.0f} ms（只在第一次查词时发生）\n")
    timed(roster, members, 5, cold=True)  # warm up the interpreter before measuring
    header = (f"{'成员数':>6} | {'冷 墙钟':>8} | {'冷 CPU':>8} | {'热 墙钟':>8} | {'热 CPU':>8} |"
              f" {'冷 CPU µs/人':>12}")
    print(header + "\n" + "-" * 72)
    for n in (100, 250, 500):
        subset = members[:n]
        cold, cold_cpu = timed(roster, subset, args.repeat, cold=True)
        warm, warm_cpu = timed(roster, subset, args.repeat, cold=False)
        print(f"{n:>9} | {cold:>8.2f} | {cold_cpu:>8.2f} | {warm:>8.2f} | {warm_cpu:>8.2f} |"
              f" {cold_cpu * 1000 / n:>12.1f}")
    index_ms = []
    for _ in range(args.repeat):
        clear_memos()
        t = time.process_time()
        name_index.build_index(roster)
        index_ms.append((time.process_time() - t) * 1000)
    print(f"\n（毫秒，{args.repeat} 次中位数）其中建花名册索引（每个花名册一次，CPU）："
          f"{statistics.median(index_ms):.2f} ms")
    cold500, cold500_cpu = timed(roster, members, args.repeat, cold=True)
    verdict = "达标" if cold500_cpu < 20 else "未达标"
    print(f"500 人完整检查（冷）中位数：墙钟 {cold500:.2f} ms，CPU {cold500_cpu:.2f} ms；"
          f"目标 < 20 ms：{verdict}")


if __name__ == "__main__":
    main()
