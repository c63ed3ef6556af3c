"""发布前检查: warn before a teacher posts something the notice forbids (教师-4, 教师-5). Pure.

Transparent patterns, no model: each rule below is a regular expression (or a name + word
co-occurrence inside one sentence) with the rule code it protects and a sentence saying why.
Students are recognised by the roster's names (full name, or the given name of a 3-character
name), and — for names the roster does not have — by a common surname followed by 同学.
Without a roster (or for a name it lacks) a *name-like* token — a common surname and one or two
more characters at the start of a clause — is enough when it is directly followed by bad
behaviour or results (张伟这次又没交作业) or sits next to 最高分/最低分 (最高分98分（高梓萱）);
characters and words that are not names (全班, 成绩, 王老师, 周一, 万一 …) keep look-alikes quiet.
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
    "不听讲",
    "不认真听讲",
    "开小差",
    "走神",
    "错误很多",
    "错误较多",
    "错误百出",
    "错得很多",
    "作业马虎",
    "马虎",
    "粗心",
    "潦草",
    "成绩下滑",
    "成绩下降",
    "下滑",
    "打人",
    "打闹",
    "没写作业",
    "没做作业",
    "不写作业",
    "不守纪律",
    "扰乱课堂",
    "被投诉",
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
# Negators whose last character is not itself one: 不要打闹, 不再迟到, 没有打架.
_NEGATOR_PHRASES = ("不要", "不能", "不会", "不再", "不准", "不许", "不得", "没有", "别再")
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
    return any(before.endswith(n) for n in _NEGATORS + _NEGATOR_PHRASES)


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


# --- names the roster does not give (发布前检查 without a class) ------------------------------
#
# Without a roster a name is only *name-like*: a common surname and one or two more characters,
# at the start of a clause (or after 今天/其中 …), directly followed — perhaps after a few
# everyday bridge words (这次, 又, 上课, 数学 …) — by a word about bad behaviour or results.
# Characters that do not occur in given names (的, 们, 班, 老, 师, 绩 …) and a few common
# surname-initial words (全体, 周一, 万一 …) keep 全班/成绩/王老师/明天 from reading as names.

NAME_FREE_NEGATIVE: tuple[str, ...] = (
    "又没交作业",
    "没交作业",
    "没有交作业",
    "未交作业",
    "不交作业",
    "没写作业",
    "没做作业",
    "不写作业",
    "不及格",
    "不合格",
    "打人",
    "打架",
    "打闹",
    "骂人",
    "说脏话",
    "违纪",
    "不守纪律",
    "作弊",
    "抄袭",
    "旷课",
    "逃课",
    "不听讲",
    "不认真听讲",
    "上课讲话",
    "上课睡觉",
    "玩手机",
    "开小差",
    "欺负",
    "偷东西",
    "撒谎",
    "顶撞",
    "捣乱",
    "扰乱课堂",
    "考砸",
    "考得差",
    "退步",
    "成绩下滑",
    "成绩下降",
    "作业马虎",
    "错误很多",
    "错误百出",
    "屡教不改",
    "被批评",
    "被罚",
    "罚站",
    "拖后腿",
    "最差",
    "倒数",
)
_BRIDGE = (
    r"(?:这次|这回|本次|今天|昨天|今早|上午|下午|本周|这周|上周|又在|又|还在|还|也|总是|老是|"
    r"经常|常常|一直|再次|多次|屡次|竟然|居然|上课时?|在课上|课上|课堂上|在课间|课间|"
    r"在班上|在学校|语文|数学|英语|科学|考试|测验|作业|期中|期末|成绩|同学)"
)
_NAME_FREE_NEG = re.compile(
    rf"(?:{_BRIDGE}){{0,3}}("
    + "|".join(sorted(map(re.escape, NAME_FREE_NEGATIVE), key=len, reverse=True))
    + ")"
)
# Characters that do not occur in the given part of a name (function words, school words).
_NOT_IN_NAMES = frozenset(
    "的了是在有也都又还不没要会就们班天次个些上下里说让把被给对跟同老师这那每各请最绩课业考试题"
    "作级校期末分数和与或及等时候该里面"
)
# Common words that start with a surname character and are not names.
_NOT_NAMES = (
    "全体", "全部", "全员", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天",
    "万一", "于是", "关于", "任何", "应当", "高年", "低年", "安全", "文明", "方面", "毕业",
    "解决", "单元", "连续", "游戏", "宁可", "尚未", "包括", "左右", "江湖", "明早", "明晚",
    "常常", "常规", "车上", "路上", "高中", "初中", "金秋", "毛笔", "高分", "低分", "白纸",
    "石头", "程序", "方法", "段落", "章节", "项目", "马上", "时间", "成语", "周末",
)  # fmt: skip
_CLAUSE_START = "，,。！？!?；;：:、（(「“\"'…—-~～ \t\n"
_NAME_PREFIXES = ("今天", "昨天", "今早", "本周", "这周", "上周", "这次", "本次", "其中", "另外",
                  "还有", "尤其是", "特别是", "批评", "通报")  # fmt: skip


def _name_like(text: str, start: int, length: int) -> bool:
    """Does ``text[start:start+length]`` look like a Chinese name (surname + 1–2 characters)?"""
    token = text[start : start + length]
    if len(token) != length or token[0] not in COMMON_SURNAMES:
        return False
    if any(not ("\u4e00" <= c <= "\u9fff") or c in _NOT_IN_NAMES for c in token[1:]):
        return False
    return not token.startswith(_NOT_NAMES)


def _at_clause_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in _CLAUSE_START or text[:pos].endswith(_NAME_PREFIXES)


_EXTREME = r"(最高分|最低分)"
_BRACKETED_AFTER_EXTREME = re.compile(
    _EXTREME + r"[^。！？!?\n；;（(]{0,12}?[（(]\s*([\u4e00-\u9fff]{2,3}?)\s*(?:同学)?"
    r"[\s，,、:：]*(?:\d{1,3}(?:\.\d+)?\s*分?)?\s*[）)]"
)
_NAME_AFTER_EXTREME = re.compile(_EXTREME + r"\s*(?:是|为|[:：])\s*")
_EXTREME_AFTER_NAME = re.compile(
    r"\s*(?:同学)?(?:这次|本次)?(?:得了|考了|拿了|获得了?|是)?" + _EXTREME
)


def _name_free(sentence: str, base: int) -> list[CheckWarning]:
    """Warnings for name-like tokens the roster does not give (see the comment above)."""
    out: list[CheckWarning] = []

    def warn(category: str, why: str, start: int, end: int) -> None:
        out.append(
            CheckWarning("教师-4", category, why, sentence[start:end], base + start, base + end)
        )

    negative_why = "点名发布了学生的负面信息（看起来是学生姓名）"
    extreme_why = "点名说出了最高分/最低分，家长可以对比学生成绩（看起来是学生姓名）"
    for i, ch in enumerate(sentence):
        if ch not in COMMON_SURNAMES or not _at_clause_start(sentence, i):
            continue
        for length in (2, 3):
            if not _name_like(sentence, i, length):
                continue
            m = _NAME_FREE_NEG.match(sentence, i + length)
            if m and not _negated(sentence, m.start(1), m.group(1)):
                warn("negative_info", negative_why, i, m.end())
                break
            m = _EXTREME_AFTER_NAME.match(sentence, i + length)
            if m:
                warn("extreme_with_name", extreme_why, i, m.end())
                break
    for m in _BRACKETED_AFTER_EXTREME.finditer(sentence):
        name = m.group(2)
        if _name_like(name, 0, len(name)):
            warn("extreme_with_name", extreme_why, m.start(), m.end())
    for m in _NAME_AFTER_EXTREME.finditer(sentence):
        for length in (3, 2):
            nxt = m.end() + length
            after = sentence[nxt : nxt + 2]
            if _name_like(sentence, m.end(), length) and (
                not after or not ("\u4e00" <= after[0] <= "\u9fff") or after == "同学"
            ):
                warn("extreme_with_name", extreme_why, m.start(), nxt)
                break
    return out


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
        found.extend(_name_free(sentence, base))
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
