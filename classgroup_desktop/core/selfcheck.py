"""发布前检查: warn before a teacher posts something the notice forbids (教师-4, 教师-5). Pure.

Transparent patterns, no model: each rule below is a regular expression (or a name + word
co-occurrence inside one sentence) with the rule code it protects and a sentence saying why.
Students are recognised by the roster's names (full name, or the given name of a 3-character
name), and — for names the roster does not have — by a common surname followed by 同学.
Each warning quotes the offending span with its offsets in the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_N = r"[0-9０-９一二三四五六七八九十两百]+"
# 百家姓: the most common surnames, used only to recognise "X某同学" names missing from the roster.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚"
    "符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆"
    "农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋"
    "商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


@dataclass(frozen=True, slots=True)
class CheckWarning:
    """One finding in a draft: the rule it would break, why, and the quoted span [start, end)."""

    rule: str
    category: str
    message: str
    span: str
    start: int
    end: int
    level: str = "warning"  # "warning" | "info"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "level": self.level,
            "message": self.message,
            "span": self.span,
            "start": self.start,
            "end": self.end,
        }


# The contract calls the result type ``Warning``; an alias keeps the builtin unshadowed elsewhere.
Warning = CheckWarning  # noqa: A001


@dataclass(frozen=True, slots=True)
class Pattern:
    category: str
    rule: str
    regex: re.Pattern[str]
    why: str


# Patterns that are a problem on their own, whoever is named.
PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "ranking", "教师-4", re.compile(r"排名(?!不分先后)|名次|排行榜?"), "可能公布了成绩排名"
    ),
    Pattern("ranking", "教师-4", re.compile(rf"第\s*{_N}\s*名(?![单额])"), "可能公布了名次"),
    Pattern(
        "ranking", "教师-4", re.compile(rf"前\s*{_N}\s*名(?![单额])"), "可能公布了名次（前几名）"
    ),
    Pattern(
        "ranking", "教师-4", re.compile(rf"倒数(?!计时)(?:第\s*{_N}\s*名?)?"), "可能公布了倒数名次"
    ),
    Pattern(
        "ranking",
        "教师-4",
        re.compile(
            rf"(?:全班|班级|班上|班里|年级|全年级|全校|考了?)\s*第\s*{_N}(?!\s*[单课节周次天页题组排号个批轮期章届])"
        ),
        "可能公布了名次",
    ),
    Pattern(
        "ranking",
        "教师-4",
        re.compile(r"(?:成绩|分数)[^。！？\n]{0,6}(?:从高到低|从低到高|排序|排列)"),
        "按成绩排序会让家长对比学生成绩",
    ),
    Pattern(
        "score_list",
        "教师-4",
        re.compile(r"(?:\d{1,2}\s*号\s*[:：]?\s*\d{1,3}(?:\.\d+)?\s*分[，,、；;\s]*){2,}"),
        "按学号列出了分数，家长可以对比学生成绩",
    ),
)

# Words that, in one sentence with a named student, make it that student's negative information.
NEGATIVE_WORDS: tuple[str, ...] = (
    "没交作业",
    "没有交作业",
    "未交作业",
    "不交作业",
    "没交",
    "未交",
    "没完成",
    "没有完成",
    "未完成",
    "不及格",
    "不合格",
    "打架",
    "违纪",
    "批评",
    "倒数",
    "最差",
    "拖后腿",
    "迟到",
    "早退",
    "旷课",
    "逃课",
    "作弊",
    "抄袭",
    "骂人",
    "说脏话",
    "不认真",
    "不听话",
    "扣分",
    "退步",
    "考砸",
    "考得差",
    "警告",
    "处分",
    "欺负",
    "偷东西",
    "撒谎",
    "顶撞",
    "上课讲话",
    "上课睡觉",
    "捣乱",
    "玩手机",
    "罚站",
    "被罚",
    "差生",
    "落后",
    "没带",
    "忘带",
    "屡教不改",
)
# Words that, with a named student, turn a message into a discussion of that student's problem.
DISCUSSION_WORDS: tuple[str, ...] = (
    "的问题",
    "这个问题",
    "问题很",
    "问题比较",
    "情况不好",
    "表现不好",
    "表现差",
    "表现欠佳",
    "家长要多",
    "家长多",
    "家长请",
    "请家长",
    "家长要",
    "家长必须",
    "家长应该",
    "管教",
    "督促",
    "多次提醒",
    "屡次",
)
# Words that, with a named student, single out a best/worst score.
EXTREME_WORDS: tuple[str, ...] = ("最高分", "最低分", "满分", "最高", "最低", "第一名", "最后一名")

_NEGATORS = ("不", "没", "未", "无", "别", "勿", "禁止")
_SENTENCE = re.compile(r"[^。！？!?\n；;]+")
_SCORE_AFTER_NAME = r"\s*[:：]?\s*(\d{1,3}(?:\.\d+)?)\s*(分)?(?![\d号日月岁点人个次元年天页题])"


def _name_forms(student_names: Iterable[str]) -> list[str]:
    """Full names plus the given name of 3+ character names (王小明 → 小明), longest first."""
    forms: set[str] = set()
    for raw in student_names:
        name = "".join(str(raw).split())
        if len(name) < 2:
            continue
        forms.add(name)
        if len(name) >= 3 and name[0] in COMMON_SURNAMES:
            forms.add(name[1:])
    return sorted(forms, key=len, reverse=True)


def _find_names(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """Spans of student names in ``text``: roster forms, then 'surname+1-2 chars' before 同学."""
    spans: list[tuple[int, int]] = []
    taken = [False] * len(text)
    for form in forms:
        for m in re.finditer(re.escape(form), text):
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end()))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    for m in re.finditer(r"([\u4e00-\u9fff]{2,3}?)同学(?!们)", text):
        start, end = m.span(1)
        # "请各位同学" has no surname at its start; "张三同学" does.
        while start < end - 1 and text[start] not in COMMON_SURNAMES:
            start += 1
        if text[start] in COMMON_SURNAMES and end - start >= 2 and not any(taken[start:end]):
            spans.append((start, end))
    return sorted(spans)


def _negated(text: str, pos: int, word: str) -> bool:
    if word.startswith(_NEGATORS):
        return False
    before = text[max(0, pos - 2) : pos]
    return any(before.endswith(n) for n in _NEGATORS)


def _word_hits(sentence: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    hits = []
    taken = [False] * len(sentence)
    for word in sorted(words, key=len, reverse=True):
        for m in re.finditer(re.escape(word), sentence):
            if any(taken[m.start() : m.end()]) or _negated(sentence, m.start(), word):
                continue
            hits.append((m.start(), m.end(), word))
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(hits)


def _score_lists(text: str, forms: list[str]) -> list[CheckWarning]:
    """Names followed by scores: a roster name with a number, or ≥2 'surname+name score' pairs."""
    out = []
    for form in forms:
        for m in re.finditer(re.escape(form) + _SCORE_AFTER_NAME, text):
            score = float(m.group(1))
            if score <= 150:
                out.append((m.start(), m.end()))
    generic = re.compile(r"([\u4e00-\u9fff]{2,3})" + _SCORE_AFTER_NAME)
    pairs = [
        m
        for m in generic.finditer(text)
        if m.group(1)[0] in COMMON_SURNAMES and float(m.group(2)) <= 150
    ]
    with_unit = [m for m in pairs if m.group(3)]
    if len(pairs) >= 2 or with_unit:
        out.extend(m.span() for m in (pairs if len(pairs) >= 2 else with_unit))
    warnings = []
    for s, e in sorted(set(out)):
        span = text[s:e].rstrip()
        warnings.append(
            CheckWarning(
                "教师-4",
                "score_list",
                "列出了学生姓名和分数，家长可以对比学生成绩",
                span,
                s,
                s + len(span),
            )
        )
    return warnings


def selfcheck(text: str, student_names: Iterable[str] = ()) -> list[CheckWarning]:
    """Warnings for a draft group message, in text order (empty list = nothing found).

    Finds: rankings and places (排名, 名次, 第N名, 前N名, 倒数, 年级第一, sorting by score),
    names listed with scores, a best/worst score with a name, a named student's negative
    information (教师-4), and a discussion of one named student's problem (教师-5).
    """
    forms = _name_forms(student_names)
    found: list[CheckWarning] = []
    for p in PATTERNS:
        for m in p.regex.finditer(text):
            span = m.group(0).rstrip("，,、；; ")
            found.append(
                CheckWarning(p.rule, p.category, p.why, span, m.start(), m.start() + len(span))
            )
    found.extend(_score_lists(text, forms))

    for sm in _SENTENCE.finditer(text):
        sentence, base = sm.group(0), sm.start()
        names = _find_names(sentence, forms)
        if not names:
            continue
        for category, rule, words, why in (
            (
                "extreme_with_name",
                "教师-4",
                EXTREME_WORDS,
                "点名说出了最高分/最低分，家长可以对比学生成绩",
            ),
            ("negative_info", "教师-4", NEGATIVE_WORDS, "点名发布了学生的负面信息"),
            (
                "individual_problem",
                "教师-5",
                DISCUSSION_WORDS,
                "在群里讨论个别学生的问题；请改为与家长电话或当面沟通",
            ),
        ):
            for ws, we, _word in _word_hits(sentence, words):
                ns, ne = min(names, key=lambda n: abs(n[0] - ws))
                start, end = min(ns, ws), max(ne, we)
                found.append(
                    CheckWarning(rule, category, why, sentence[start:end], base + start, base + end)
                )
    return _dedupe(found)


def _dedupe(found: list[CheckWarning]) -> list[CheckWarning]:
    """Drop a warning whose span lies inside another warning's span of the same rule."""
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    kept: list[CheckWarning] = []
    for w in found:
        if any(
            k.rule == w.rule and k.category == w.category and k.start <= w.start and w.end <= k.end
            for k in kept
        ):
            continue
        kept.append(w)
    return kept
