"""发布前检查: warns on rankings, name+score lists, named negative information and discussions of
one student (教师-4, 教师-5) — and stays quiet on the look-alikes teachers write every day."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.selfcheck import COMMON_SURNAMES, selfcheck

NAMES = ["王小明", "张三", "李四", "陈思远", "赵一诺"]

# (draft, expected categories (set), a span that must be quoted or None)
POSITIVES = [
    ("本次期中考试班级排名已出，请家长查看。", {"ranking"}, "排名"),
    ("孩子们的名次我发在下面。", {"ranking"}, "名次"),
    ("王小明本次考了第1名。", {"ranking"}, "第1名"),
    ("恭喜获得第三名的同学！", {"ranking"}, "第三名"),
    ("本次数学前十名名单如下。", {"ranking"}, "前十名"),
    ("倒数第二的同学要加油。", {"ranking"}, "倒数第二"),
    ("我们班这次是年级第一！", {"ranking"}, "年级第一"),
    ("全班第5的同学进步很大。", {"ranking"}, "全班第5"),
    ("成绩从高到低如下：", {"ranking"}, "成绩从高到低"),
    ("按分数排序如下。", {"ranking"}, "分数排序"),
    ("排行榜已更新。", {"ranking"}, "排行榜"),
    ("张三 98，李四：95分", {"score_list"}, "张三 98"),
    ("王小明：100分", {"score_list"}, "王小明：100分"),
    ("刘洋 92 周杰 88 吴凡 75", {"score_list"}, "刘洋 92"),
    ("孙悦 95分。", {"score_list"}, "孙悦 95分"),
    ("3号 98分，5号 95分，7号 60分", {"score_list"}, None),
    ("本次最高分是陈思远。", {"extreme_with_name"}, "最高分是陈思远"),
    ("赵一诺得了最低分，需要加油。", {"extreme_with_name"}, "赵一诺得了最低分"),
    ("满分的有张三。", {"extreme_with_name"}, "满分的有张三"),
    ("小明今天没交作业。", {"negative_info"}, "小明今天没交作业"),
    ("张三数学不及格。", {"negative_info"}, "张三数学不及格"),
    ("李四课间打架，已批评教育。", {"negative_info"}, "李四课间打架"),
    ("王小明上课违纪，被扣分。", {"negative_info"}, "王小明上课违纪"),
    ("陈思远这次是倒数。", {"negative_info", "ranking"}, "倒数"),
    ("全班就赵一诺最差，拖后腿了。", {"negative_info"}, "赵一诺最差"),
    ("周杰同学今天迟到了。", {"negative_info"}, "周杰同学今天迟到"),
    ("李四又在课上玩手机。", {"negative_info"}, "李四又在课上玩手机"),
    ("张三作业抄袭，请注意。", {"negative_info"}, "张三作业抄袭"),
    ("关于张三的问题，大家说说看法。", {"individual_problem"}, "张三的问题"),
    ("王小明家长请加强管教。", {"individual_problem"}, "王小明家长请"),
    ("请家长督促李四按时完成。", {"individual_problem"}, None),
    ("陈思远屡次被提醒。", {"individual_problem"}, "陈思远屡次"),
]

NEGATIVES = [
    "请同学们复习第1单元。",
    "明天学习第3课。",
    "第二节课改为体育。",
    "第10周开始期中复习。",
    "这是本学期第2次家长会。",
    "放学请在校门口排队。",
    "家长会签到表请在门口填写。",
    "本次考试班级平均分85分，整体不错。",
    "座位按学号排序。",
    "明天上午8点到校，带好文具。",
    "请家长督促孩子按时完成作业。",
    "表扬张三认真完成作业！",
    "张三从不迟到，值得学习。",
    "请没交作业的同学尽快补交。",
    "以下同学获得三好学生（排名不分先后）：张三、李四。",
    "期中考试将在第12周进行，共3门。",
    "请各位同学带好雨具。",
    "第一名单已确认，明天公布活动分组。",
    "今天语文作业：第5页第3题。",
    "数学作业：练习册第20页，订正错题。",
    "明天下午3点开家长会，请准时参加。",
    "王小明的家长：孩子的校服放在门卫室了。",
]


@pytest.mark.parametrize(("text", "categories", "span"), POSITIVES, ids=[p[0] for p in POSITIVES])
def test_warns_on_forbidden_content(text, categories, span):
    warnings = selfcheck(text, NAMES)
    assert categories <= {w.category for w in warnings}
    if span:
        assert any(span in w.span for w in warnings), [w.span for w in warnings]
    for w in warnings:
        assert w.rule in {"教师-4", "教师-5"}
        assert text[w.start : w.end] == w.span


@pytest.mark.parametrize("text", NEGATIVES, ids=NEGATIVES)
def test_stays_quiet_on_look_alikes(text):
    assert selfcheck(text, NAMES) == []


def test_discussion_of_one_student_cites_teacher_5():
    warnings = selfcheck("关于张三的问题，大家说说看法。", NAMES)
    assert {w.rule for w in warnings} == {"教师-5"}


def test_negative_information_needs_a_named_student():
    assert selfcheck("有同学今天没交作业。", NAMES) == []
    assert selfcheck("张三今天没交作业。", NAMES)


def test_roster_names_recognised_only_when_given():
    # 欧阳娜娜 is not a common-surname name and not in the list: nothing to recognise.
    assert selfcheck("欧阳娜娜今天没交作业。", []) == []
    assert selfcheck("欧阳娜娜今天没交作业。", ["欧阳娜娜"])


def test_warnings_are_in_text_order():
    warnings = selfcheck("第一名张三。李四不及格。", NAMES)
    assert [w.start for w in warnings] == sorted(w.start for w in warnings)


@given(st.text(max_size=80))
def test_never_crashes_and_spans_match_offsets(text):
    for w in selfcheck(text, NAMES):
        assert text[w.start : w.end] == w.span


# Without a roster (发布前检查 with no class chosen): name-like tokens are recognised.
# (draft, category, quoted span)
NAME_FREE_POSITIVES = [
    ("张伟这次又没交作业，上课还打人。", "negative_info", "张伟这次又没交作业"),
    ("最高分98分（高梓萱）", "extreme_with_name", "最高分98分（高梓萱）"),
    ("全班最低分（周杰，45分），要加油。", "extreme_with_name", "最低分（周杰，45分）"),
    ("本次最高分是高梓萱。", "extreme_with_name", "最高分是高梓萱"),
    ("高梓萱考了最高分。", "extreme_with_name", "高梓萱考了最高分"),
    ("王轩然上课不听讲，作业错误很多。", "negative_info", "王轩然上课不听讲"),
    ("今天刘洋又打架了。", "negative_info", "刘洋又打架"),
    ("孙悦数学不及格。", "negative_info", "孙悦数学不及格"),
    ("吴凡课上玩手机，已没收。", "negative_info", "吴凡课上玩手机"),
    ("其中李强考试作弊。", "negative_info", "李强考试作弊"),
    ("另外，陈浩作业马虎。", "negative_info", "陈浩作业马虎"),
    ("张伟同学上课讲话。", "negative_info", "张伟同学上课讲话"),
]

# Look-alikes: no name, a negated behaviour, or a surname character that starts an ordinary word.
NAME_FREE_NEGATIVES = [
    "请同学们按时交作业。",
    "大家不要打闹。",
    "同学之间不要打架。",
    "成绩不及格的同学请参加补考。",
    "全班没有不及格的。",
    "万一不及格也别灰心。",
    "周一没交作业的同学请补交。",
    "高年级有同学打架，请家长教育孩子。",
    "王老师今天有事，数学课改为自习。",
    "明天又要考试，不及格的同学要补考。",
    "毛笔字不合格的同学重写。",
    "最高分和最低分相差20分。",
    "本次最高分98分，最低分60分。",
    "最高分是多少？请大家猜一猜。",
    "张三从不打架，值得表扬。",
]


@pytest.mark.parametrize(
    ("text", "category", "span"), NAME_FREE_POSITIVES, ids=[p[0] for p in NAME_FREE_POSITIVES]
)
def test_name_like_tokens_warn_without_a_roster(text, category, span):
    warnings = selfcheck(text, [])
    assert category in {w.category for w in warnings}
    assert any(w.span == span for w in warnings), [w.span for w in warnings]
    for w in warnings:
        assert w.rule == "教师-4" and text[w.start : w.end] == w.span


@pytest.mark.parametrize("text", NAME_FREE_NEGATIVES, ids=NAME_FREE_NEGATIVES)
@pytest.mark.parametrize("names", [[], NAMES], ids=["no roster", "roster"])
def test_name_free_look_alikes_stay_quiet(text, names):
    assert selfcheck(text, names) == []


# With the roster: the added negative-information words.
ROSTER_NEGATIVES = [
    ("王轩然上课不听讲，作业错误很多。", "王轩然上课不听讲"),
    ("赵一诺最近作业马虎。", "赵一诺最近作业马虎"),
    ("陈思远最近成绩下滑明显。", "陈思远最近成绩下滑"),
    ("小明课间打闹，摔坏了椅子。", "小明课间打闹"),
]


@pytest.mark.parametrize(("text", "span"), ROSTER_NEGATIVES, ids=[r[0] for r in ROSTER_NEGATIVES])
def test_added_negative_words_with_roster_names(text, span):
    warnings = selfcheck(text, NAMES + ["王轩然"])
    assert any(w.category == "negative_info" and span in w.span for w in warnings), [
        (w.category, w.span) for w in warnings
    ]


def test_negated_behaviour_with_a_roster_name_passes():
    assert selfcheck("提醒一下，张三不要打闹。", NAMES) == []
    assert selfcheck("李四不再迟到了，进步很大！", NAMES) == []


# Given-name characters (none of them also starts an ordinary word with a surname, like 文明).
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰涛超秀霞平刚桂英华梓萱浩宇轩然涵诺悦凡"


@given(
    surname=st.sampled_from(sorted(COMMON_SURNAMES)),
    given_name=st.text(alphabet=GIVEN_CHARS, min_size=1, max_size=2),
    bridge=st.sampled_from(["", "这次", "又", "上课", "今天又", "数学"]),
    word=st.sampled_from(["没交作业", "不及格", "打架", "不听讲", "作弊", "成绩下滑"]),
)
def test_any_name_like_token_before_bad_behaviour_warns(surname, given_name, bridge, word):
    text = f"{surname}{given_name}{bridge}{word}。"
    warnings = selfcheck(text, [])
    assert any(w.category == "negative_info" and w.start == 0 for w in warnings), text
    # … but not when it is said the other way round, without a name at the clause start.
    assert selfcheck(f"请大家{bridge}不要{word}。", []) == []
