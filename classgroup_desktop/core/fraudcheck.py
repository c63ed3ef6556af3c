"""防诈骗检查 of a group message: does it ask parents for money, a transfer or a scan? Pure.

The real case behind the notice: an impostor with the head teacher's avatar and name collected a
fake 材料费 from nineteen families. So a message asking for payment gets a warning and the advice
of 家长-5: phone the teacher on a number you already have before paying anything. When the
sender's nickname was flagged as impersonating a teacher, that warning comes first and says
plainly whom the sender pretends to be (the service judges the sender against the class's latest
audit, see ``services.text_checks.sender_verdict``).

Decision on links and QR codes: schools do post links (questionnaires, notices). A link, 扫码 or
二维码 *without* any money word is reported at level "info" (open only official links; phone the
teacher if in doubt); together with a money word it is a full warning. Negated mentions
(请勿转账, 不要发红包) are not requests and are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from classgroup_desktop.core.selfcheck import CheckWarning

# Words asking for money or payment, always worth a warning unless negated.
MONEY_WORDS: tuple[str, ...] = (
    "收款码",
    "收款",
    "转账",
    "转给",
    "红包",
    "材料费",
    "报名费",
    "资料费",
    "书本费",
    "班费",
    "押金",
    "付款",
    "支付",
    "缴费",
    "交费",
    "缴纳",
    "汇款",
    "打款",
    "微信支付",
    "支付宝",
    "银行卡",
    "银行账号",
    "收款账号",
    "对公账户",
    "代收",
    "收费",
    "退费",
    "退款",
)
# Words that are fine on their own but are how money is collected: links, QR codes, accounts.
CHANNEL_WORDS: tuple[str, ...] = (
    "链接",
    "网址",
    "扫码",
    "二维码",
    "扫一扫",
    "账号",
    "http",
    "www.",
)
AMOUNT_RE = re.compile(r"(?:[¥￥]\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:元|块钱)(?![旦宵]))")
_NEGATORS = (
    "不要",
    "请勿",
    "切勿",
    "不得",
    "禁止",
    "勿",
    "不用",
    "无需",
    "不需要",
    "不会",
    "不必",
    "谨防",
    "防止",
    "警惕",
)

ADVICE = (
    "请先不要付款、转账或扫码。请用您手机里原来保存的号码直接打电话给班主任核实"
    "（不要用消息里留的号码或链接）。《班级微信群管理》家长-5：家长可另致电老师确认信息。"
)


# "不要忘记缴费" asks for payment even though 不要 comes first: these words undo a negator.
_UNDO = ("忘", "记得", "按时", "及时", "尽快", "错过", "拖延", "迟")


def _negated(text: str, pos: int) -> bool:
    before = re.split(r"[，,。！？!?\n；;]", text[max(0, pos - 8) : pos])[-1]  # same clause only
    for n in _NEGATORS:
        i = before.rfind(n)
        if i >= 0:
            return not any(u in before[i + len(n) :] for u in _UNDO)
    return False


def _hits(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    taken = [False] * len(text)
    for word in sorted(words, key=len, reverse=True):
        for m in re.finditer(re.escape(word.lower()), lowered):
            if any(taken[m.start() : m.end()]) or _negated(lowered, m.start()):
                continue
            spans.append(m.span())
            for i in range(m.start(), m.end()):
                taken[i] = True
    return sorted(spans)


def _sender_flags(sender_verdict: Any, sender_flags: Iterable[str]) -> set[str]:
    flags = set(sender_flags)
    if sender_verdict is not None:
        raw = (
            sender_verdict.get("flags")
            if isinstance(sender_verdict, Mapping)
            else getattr(sender_verdict, "flags", ())
        )
        flags.update(raw or ())
    return flags


def _field(sender_verdict: Any, name: str) -> Any:
    if sender_verdict is None:
        return None
    if isinstance(sender_verdict, Mapping):
        return sender_verdict.get(name)
    return getattr(sender_verdict, name, None)


def _sender_name(sender_verdict: Any) -> str:
    return str(_field(sender_verdict, "nickname") or "")


def impersonation_message(sender_verdict: Any = None) -> str:
    """The plain sentence telling a parent the sender is probably an impostor.

    Uses what the service adds to a verdict when it knows it: ``impersonates`` (the teacher's
    name the sender claims), ``genuine`` (that teacher's own nickname in the group),
    ``genuine_ok`` (the teacher's nickname was compliant in the audit) and ``same_nickname``
    (how many members of the group show exactly the sender's nickname).
    """
    name = _sender_name(sender_verdict)
    who = f"发消息的“{name}”" if name else "发消息的人"
    teacher = _field(sender_verdict, "impersonates")
    genuine = _field(sender_verdict, "genuine")
    twins = int(_field(sender_verdict, "same_nickname") or 0)
    advice = "不要付款、不要扫码，请先用您原来保存的号码打电话向老师核实（家长-5）。"
    if twins > 1:
        title = f"{teacher}老师" if teacher else "老师"
        return (
            f"群里有 {twins} 位成员的昵称都是“{name}”，其中有人疑似冒充{title}，"
            f"看不出这条消息是谁发的：很可能是冒充者。{advice}"
        )
    if teacher:
        verified = "已核实的" if _field(sender_verdict, "genuine_ok") else ""
        where = f"（群里的{teacher}老师昵称是“{genuine}”）" if genuine and genuine != name else ""
        return f"{who}不是群里{verified}{teacher}老师本人{where}：很可能是冒充者。{advice}"
    return f"{who}自称老师，但与本班花名册上的老师对不上：很可能是冒充者。{advice}"


def fraudcheck(
    text: str, *, sender_verdict: Any = None, sender_flags: Iterable[str] = ()
) -> list[CheckWarning]:
    """Warnings for a message seen in the group (empty list = no sign of a money request).

    ``sender_verdict`` (a check ``Verdict`` or its dict) or ``sender_flags`` tell whether the
    sender's nickname was flagged "impersonation"; if so, that warning is first, explained by
    :func:`impersonation_message`.
    """
    out: list[CheckWarning] = []
    flags = _sender_flags(sender_verdict, sender_flags)
    if "impersonation" in flags:
        name = _sender_name(sender_verdict)
        out.append(
            CheckWarning(
                "入群-1",
                "impersonation",
                impersonation_message(sender_verdict),
                name,
                0,
                0,
            )
        )
    money = _hits(text, MONEY_WORDS) + [
        m.span() for m in AMOUNT_RE.finditer(text) if not _negated(text, m.start())
    ]
    channels = _hits(text, CHANNEL_WORDS)
    if money:
        # One warning for the whole request (the advice once), quoting every money word found.
        spans = sorted(set(money) | set(channels))
        words = "、".join(dict.fromkeys(text[s:e] for s, e in spans))
        first_s, first_e = spans[0]
        out.append(
            CheckWarning(
                "家长-5",
                "money" if not channels else "payment_channel",
                f"消息要求付款或涉及钱款（{words}）。{ADVICE}",
                text[first_s:first_e],
                first_s,
                first_e,
            )
        )
    else:
        for s, e in channels:
            out.append(
                CheckWarning(
                    "家长-5",
                    "link",
                    "消息含链接、二维码或账号：只打开学校官方渠道的链接，"
                    "若要求登录、填写银行卡或付款，请先电话向老师确认。",
                    text[s:e],
                    s,
                    e,
                    level="info",
                )
            )
    return out
