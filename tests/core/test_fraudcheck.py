"""防诈骗检查: a message asking for money gets a warning with 家长-5's advice; an impersonating
sender is named first; links alone are a mild notice; ordinary notices and refusals pass."""

from __future__ import annotations

import pytest

from classgroup_desktop.core.fraudcheck import fraudcheck

POSITIVES = [
    ("各位家长，请扫码缴纳材料费200元。", "材料费"),
    ("本学期资料费每人50元，请转账给我。", "资料费"),
    ("报名费请发红包给我。", "报名费"),
    ("请各位家长扫描下方二维码付款。", "付款"),
    ("书本费通过微信支付即可。", "微信支付"),
    ("请用支付宝转给王老师。", "支付宝"),
    ("班费请打到这个银行卡：6222 0000 1111。", "班费"),
    ("请点击链接缴费，今天截止。", "缴费"),
    ("收款码发群里了，大家交一下。", "收款码"),
    ("每位学生交￥35，明天前。", "￥35"),
    ("补课费用300元，私信我账号。", "300元"),
    ("请家长汇款到以下账户。", "汇款"),
    ("不要忘记缴费哦，截止到周五。", "缴费"),
]

NEGATIVES = [
    "家长会签到表放在教室门口。",
    "下周一开始扫地值日轮换。",
    "请勿在群内转账，学校不会通过微信群收费。",
    "群内禁止发红包。",
    "明天春游，请带好水和帽子。",
    "请按时完成作业，家长签字。",
    "二年级3班下周三家长会，下午2点开始。",
]

INFO_ONLY = [
    "请点击链接填写问卷调查。",
    "学校公众号二维码见附件，欢迎关注。",
    "请用孩子的学籍账号登录平台查看通知。",
]


@pytest.mark.parametrize(("text", "word"), POSITIVES, ids=[p[0] for p in POSITIVES])
def test_money_request_is_warned_with_phone_advice(text, word):
    warnings = fraudcheck(text)
    assert len([w for w in warnings if w.level == "warning"]) == 1
    w = warnings[0]
    assert w.rule == "家长-5" and word in w.message
    assert "电话" in w.message
    assert text[w.start : w.end] == w.span


@pytest.mark.parametrize("text", NEGATIVES, ids=NEGATIVES)
def test_ordinary_notices_and_refusals_pass(text):
    assert fraudcheck(text) == []


@pytest.mark.parametrize("text", INFO_ONLY, ids=INFO_ONLY)
def test_links_and_codes_without_money_are_a_mild_notice(text):
    warnings = fraudcheck(text)
    assert warnings and all(w.level == "info" for w in warnings)


def test_impersonating_sender_named_first():
    verdict = {"nickname": "李建国老师", "flags": ["impersonation"], "status": "unknown"}
    warnings = fraudcheck("请扫码交材料费", sender_verdict=verdict)
    assert warnings[0].category == "impersonation" and "李建国老师" in warnings[0].message
    assert warnings[1].category in {"money", "payment_channel"}


def test_impersonation_flag_alone_warns_even_without_money():
    warnings = fraudcheck("家长们好，明天开会。", sender_flags=["impersonation"])
    assert [w.category for w in warnings] == ["impersonation"]


def test_sender_verdict_as_object():
    class V:
        nickname = "王老师"
        flags = ("impersonation",)

    assert fraudcheck("你好", sender_verdict=V())[0].category == "impersonation"


def test_unflagged_sender_adds_nothing():
    assert fraudcheck("明天开会", sender_verdict={"nickname": "张三妈妈", "flags": []}) == []


IMPERSONATION_MESSAGES = [
    (
        "claims_present_teacher",
        {
            "nickname": "李建国老师",
            "flags": ["impersonation"],
            "impersonates": "李建国",
            "genuine": "李建国",
            "genuine_ok": True,
        },
        ["发消息的“李建国老师”不是群里已核实的李建国老师本人", "“李建国”", "冒充者", "家长-5"],
    ),
    (
        "genuine_not_compliant",
        {
            "nickname": "数学老师",
            "flags": ["impersonation"],
            "impersonates": "王芳",
            "genuine": "数学-王芳",
            "genuine_ok": False,
        },
        ["不是群里王芳老师本人", "“数学-王芳”"],
    ),
    (
        "no_such_teacher",
        {"nickname": "黄老师", "flags": ["impersonation"]},
        ["发消息的“黄老师”自称老师，但与本班花名册上的老师对不上", "电话"],
    ),
    (
        "two_members_same_nickname",
        {
            "nickname": "李建国",
            "flags": ["duplicate", "impersonation"],
            "impersonates": "李建国",
            "same_nickname": 2,
        },
        ["群里有 2 位成员的昵称都是“李建国”", "冒充李建国老师", "看不出这条消息是谁发的"],
    ),
]


@pytest.mark.parametrize(
    ("verdict", "words"),
    [c[1:] for c in IMPERSONATION_MESSAGES],
    ids=[c[0] for c in IMPERSONATION_MESSAGES],
)
def test_impersonation_warning_explains_plainly_and_comes_first(verdict, words):
    warnings = fraudcheck("请各位家长扫码交材料费", sender_verdict=verdict)
    assert [w.category for w in warnings][0] == "impersonation"
    assert len(warnings) == 2 and warnings[1].rule == "家长-5"
    for word in words:
        assert word in warnings[0].message
