"""群聊巡查 rules: true cases flagged with their words, look-alikes never flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgroup_desktop.core.chat_parse import ChatEvent, ChatMessage
from classgroup_desktop.core.chat_review import review_messages
from classgroup_desktop.core.chat_rules import load_rule_book, normalise

RULES_JSON = Path(__file__).parents[2] / "resources" / "chat_rules.json"
DATA = json.loads(RULES_JSON.read_text(encoding="utf-8"))
BOOK = load_rule_book(DATA)

TEACHER = ({"kind": "teacher", "teacher": "李建国", "students": [], "relation": None}, ())
PARENT = ({"kind": "parent", "teacher": None, "students": ["张三"], "relation": "妈妈"}, ())
IMPOSTOR = ({"kind": "teacher", "teacher": "李建国", "students": [], "relation": None},
            ("impersonation",))
UNKNOWN = ({"kind": None, "teacher": None, "students": [], "relation": None}, ())
IDS = {"李建国": TEACHER, "张三妈妈": PARENT, "李建国老师": IMPOSTOR, "代购小王": UNKNOWN,
       "李四爸爸": ({"kind": "parent", "teacher": None, "students": ["李四"],
                     "relation": "爸爸"}, ())}


def review(*pairs, students=("张三", "李四")):
    msgs = [ChatMessage(i, None, who, "text", text) for i, (who, text) in enumerate(pairs, 1)]
    return review_messages("三年级(2)班", msgs, IDS, BOOK, students)


def flags_of(sender, text):
    (rm,) = review((sender, text)).messages
    return {f.rule: f.words for f in rm.flags}


TRUE_CASES = [
    ("张三妈妈", "我家做代购，需要的加 微 信", "家长-3", "代购"),
    ("张三妈妈", "加.微.信领取优惠券", "家长-3", "加微信"),
    ("张三妈妈", "請加微信了解", "家长-3", "加微信"),
    ("张三妈妈", "有需要的加ＶＸ", "家长-3", "加vx"),
    ("张三妈妈", "暑假培训班报名有优惠", "家长-3", "培训班"),
    ("张三妈妈", "水果团购，价格便宜，电话13812345678", "家长-3", "团购"),
    ("张三妈妈", "复制这段话打开淘宝 ￥AbCdEf1234￥", "家长-3", "淘宝"),
    ("张三妈妈", "帮我砍一刀 https://mobile.yangkeduo.com/x", "宗旨-2", "砍一刀"),
    ("张三妈妈", "麻烦大家帮忙投票，投3号，谢谢", "宗旨-2", "帮忙投票"),
    ("张三妈妈", "早安[图片]", "宗旨-2", None),
    ("张三妈妈", "出闲置，九成新自行车", "宗旨-2", "出闲置"),
    ("张三妈妈", "抢红包啦，手气最佳发下一个", "宗旨-2", "抢红包"),
    ("张三妈妈", "学校食堂太差了，我要投诉", "家长-1", "投诉"),
    ("张三妈妈", "老师也太不负责了吧", "家长-1", None),
    ("张三妈妈", "大家一起去教育局讨个说法", "家长-2", "讨个说法"),
    ("张三妈妈", "我们联名抵制这个决定", "家长-2", "联名"),
    ("张三妈妈", "你是不是脑残", "宗旨-3", "脑残"),
    ("张三妈妈", "傻 逼", "宗旨-3", "傻逼"),
    ("李建国", "你有病吧", "宗旨-3", "你有病"),
    ("李四爸爸", "请大家扫码支付资料费30元", "家长-5", "资料费"),
    ("李建国老师", "各位家长请转账材料费到这个收款码", "家长-5", "材料费"),
    ("李建国老师", "各位家长请转账材料费到这个收款码", "入群-1", "李建国老师"),
    ("代购小王", "大家好", "入群-1", "代购小王"),
    ("李建国", "张三这次数学考了全班倒数第一", "教师-4", None),
]


@pytest.mark.parametrize(
    "sender,text,rule,word", TRUE_CASES, ids=[f"{s}: {t} → {r}" for s, t, r, _ in TRUE_CASES]
)
def test_true_case_is_flagged_citing_rule_and_words(sender, text, rule, word):
    flags = flags_of(sender, text)
    assert rule in flags
    assert flags[rule], "every flag names the words that triggered it"
    if word is not None:
        assert word in flags[rule]


LOOK_ALIKES = [
    ("李建国", "本学期教辅资料费每人35元，请在学校缴费系统按时缴费。"),
    ("李建国", "下周班委改选，请同学们回家和家长商量后投票。"),
    ("李建国", "明天的课程安排：语文、数学、英语。"),
    ("李建国", "请各位家长不要在群里发广告，也不要加陌生人微信。"),
    ("张三妈妈", "老师，今天的作业是什么？"),
    ("张三妈妈", "请问明天几点放学？我来接孩子"),
    ("张三妈妈", "收到"),
    ("张三妈妈", "谢谢老师"),
    ("张三妈妈", "老师辛苦了"),
    ("张三妈妈", "老师太辛苦了，谢谢"),
    ("张三妈妈", "12. 张三妈妈 收到"),
    ("张三妈妈", "大家一起加油"),
    ("张三妈妈", "张三妈妈的手机号换了"),
    ("张三妈妈", "明天的课程是什么？"),
    ("张三妈妈", "老师早上好，孩子今天发烧请假一天"),
    ("张三妈妈", "请勿相信陌生人让转账的消息"),
    ("张三妈妈", "提醒大家：不要加微信领红包，都是骗子"),
    ("张三妈妈", "#接龙\n周五秋游报名\n1. 张三妈妈 参加\n2. 李四爸爸 参加"),
    ("李四爸爸", "班委投票什么时候截止？"),
    ("李建国", "请家长扫码填写问卷：https://www.wjx.cn/vm/abc.aspx"),
    ("李四爸爸", "孩子的USB小台灯忘在教室了"),
]


@pytest.mark.parametrize("sender,text", LOOK_ALIKES, ids=[f"{s}: {t}" for s, t in LOOK_ALIKES])
def test_look_alike_is_not_flagged(sender, text):
    assert flags_of(sender, text) == {}


def test_teacher_answering_a_flagged_complaint_in_the_group_is_teacher_6():
    got = review(("张三妈妈", "老师也太不负责了，我要投诉"),
                 ("李四爸爸", "收到"),
                 ("李建国", "张三妈妈，您说的不是这样的，我来解释一下"))
    assert [m.rules for m in got.messages] == [("家长-1",), (), ("教师-6",)]


def test_teacher_notice_after_a_complaint_is_not_an_answer():
    got = review(("张三妈妈", "我要投诉"), ("李建国", "明天上午8点开家长会，请准时参加。"))
    assert got.messages[1].rules == ()


def test_invite_by_a_parent_is_parent_4_and_by_the_teacher_is_not():
    msgs = [
        ChatMessage(1, None, None, "system", "“张三妈妈”邀请“王五”加入了群聊",
                    ChatEvent("invite", "张三妈妈", ("王五",))),
        ChatMessage(2, None, None, "system", "“李建国”邀请“赵六”加入了群聊",
                    ChatEvent("invite", "李建国", ("赵六",))),
        ChatMessage(3, None, None, "system", "你邀请“钱七”加入了群聊",
                    ChatEvent("invite", None, ("钱七",))),
    ]
    got = review_messages("班", msgs, IDS, BOOK)
    assert [m.rules for m in got.messages] == [("家长-4",), (), ()]
    assert got.messages[0].flags[0].words == ("张三妈妈",)


def test_teacher_self_bubble_is_teacher_and_may_ask_for_fees():
    msgs = [ChatMessage(1, None, None, "text", "请家长们按时缴费，资料费30元", self_sent=True)]
    got = review_messages("班", msgs, IDS, BOOK)
    assert got.messages[0].identity["kind"] == "teacher-self"
    assert got.messages[0].flags == ()


def test_class_allowed_word_is_not_flagged_and_added_word_is():
    book = load_rule_book(DATA, extra_words={"家长-3": ["奶茶店"]}, allowed=["二手"])
    msgs = [ChatMessage(1, None, "张三妈妈", "text", "班级二手书交换角"),
            ChatMessage(2, None, "张三妈妈", "text", "新开的奶茶店欢迎光临")]
    got = review_messages("班", msgs, IDS, book)
    assert [m.rules for m in got.messages] == [(), ("家长-3",)]


def test_flag_spans_point_at_the_original_words():
    text = "有需要的加 微 信哦"
    (rm,) = review(("张三妈妈", text)).messages
    (start, end), = rm.flags[0].spans
    assert text[start:end] == "加 微 信"


def test_json_flag_shape_is_rule_words_reason():
    (rm,) = review(("张三妈妈", "加微信")).messages
    assert set(rm.flags[0].to_dict()) == {"rule", "words", "reason"}


@given(st.text(max_size=40))
def test_normalise_sources_always_point_inside_the_text(text):
    n = normalise(text)
    assert len(n.squeezed) == len(n.squeezed_src)
    assert all(0 <= i < len(text) for i in n.squeezed_src)
    assert list(n.squeezed_src) == sorted(n.squeezed_src)


@given(st.text(alphabet=st.sampled_from(list("加微信 .·、*-_ＶＸ代購团购收到老师")), max_size=30))
def test_matching_never_raises_and_quotes_real_text(text):
    for hit in BOOK.match(text):
        for s, e in hit.spans:
            assert 0 <= s < e <= len(text)
