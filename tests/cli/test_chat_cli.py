"""``chat-review``: the JSON shape of the issue, text output, files, stdin, exit 2 on bad input."""

from __future__ import annotations

import io
import json

import pytest

from tests.cli.test_check_cli import CLASS, dbfile, run  # noqa: F401 - fixtures

CHAT = ("李建国:\n明天开家长会，资料费请在学校缴费系统缴费。\n张三妈妈:\n收到\n"
        "花开富贵:\n代购面膜，加 微 信 13812345678 优惠\n“张三妈妈”邀请“王五”加入了群聊\n")


@pytest.fixture
def chat_file(tmp_path):
    path = tmp_path / "聊天.txt"
    path.write_text(CHAT, encoding="gbk")
    return str(path)


def test_json_matches_the_issue_shape(capsys, dbfile, chat_file):  # noqa: F811
    code, out, _ = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, chat_file, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"class", "messages", "counts", "joined", "pending_closed"}
    assert data["class"] == CLASS
    for m in data["messages"]:
        assert set(m) == {"position", "time", "sender", "kind", "text", "identity", "flags",
                          "event"}
        assert set(m["identity"]) == {"kind", "teacher", "students", "relation"}
        for f in m["flags"]:
            assert set(f) == {"rule", "words", "reason"}
    assert [m["position"] for m in data["messages"]] == [1, 2, 3, 4]
    assert [m["kind"] for m in data["messages"]] == ["text", "text", "text", "system"]
    assert data["messages"][3]["event"] == {"type": "invite", "actor": "张三妈妈",
                                            "members": ["王五"]}
    assert data["messages"][0]["flags"] == [] and data["messages"][1]["flags"] == []
    ad = {f["rule"]: f["words"] for f in data["messages"][2]["flags"]}
    assert "加微信" in ad["家长-3"] and ad["入群-1"] == ["花开富贵"]
    assert data["counts"] == {"messages": 4, "flagged": 2,
                              "by_rule": {"入群-1": 1, "家长-3": 1, "家长-4": 1}}
    assert data["joined"] == ["王五"] and data["pending_closed"] == []
    assert "13812345678" not in out and "138****5678" in data["messages"][2]["text"]


def test_text_output_masks_phone_numbers_and_names_the_rule(capsys, dbfile, chat_file):  # noqa: F811
    code, out, _ = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, chat_file)
    assert code == 0
    assert "13812345678" not in out and "138****5678" in out
    assert "家长-3" in out and "新入群" in out


def test_stdin_and_save(capsys, dbfile, monkeypatch):  # noqa: F811
    monkeypatch.setattr("sys.stdin", io.StringIO(CHAT))
    code, out, _ = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, "-", "--save",
                       "--json")
    assert code == 0 and json.loads(out)["review_id"] == 1
    code, out, _ = run(capsys, "--db", dbfile, "chat-reviews", "--class", CLASS, "--json")
    assert json.loads(out)["reviews"][0]["flagged"] == 2


def test_csv_table_with_header_synonyms(capsys, dbfile, tmp_path):  # noqa: F811
    path = tmp_path / "chat.csv"
    path.write_text("群聊记录导出\n发送时间,发言人,消息内容\n2026-11-03 08:12,张三妈妈,收到\n"
                    "2026-11-03 08:13,花开富贵,拼多多砍一刀\n", encoding="utf-8-sig")
    code, out, _ = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, str(path),
                       "--json")
    data = json.loads(out)
    assert code == 0
    assert [(m["time"], m["sender"]) for m in data["messages"]] == [
        ("2026-11-03T08:12", "张三妈妈"), ("2026-11-03T08:13", "花开富贵")]
    assert "宗旨-2" in data["counts"]["by_rule"]


def test_xlsx_table(capsys, dbfile, tmp_path):  # noqa: F811
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["时间", "昵称", "内容"])
    ws.append(["2026/11/3 08:12", "张三妈妈", "老师，作业是什么？"])
    path = tmp_path / "chat.xlsx"
    wb.save(path)
    code, out, _ = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, str(path),
                       "--json")
    assert code == 0
    assert json.loads(out)["messages"][0]["flags"] == []


@pytest.mark.parametrize(
    "setup,needle",
    [
        (lambda p: None, "无法读取"),
        (lambda p: p.write_bytes(b"\x00\x01\x02PK"), "不是"),
        (lambda p: p.write_text("a,b\n1,2\n", encoding="utf-8"), "表头"),
        (lambda p: p.mkdir(), "文件夹"),
        (lambda p: p.write_text("", encoding="utf-8"), "空"),
    ],
    ids=["missing", "binary", "table without header", "a folder", "empty"],
)
def test_unreadable_input_exits_2_with_a_chinese_message(capsys, dbfile, tmp_path, setup,  # noqa: F811
                                                         needle):
    path = tmp_path / ("x.csv" if needle == "表头" else "x.txt")
    setup(path)
    code, out, err = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, str(path))
    assert code == 2
    assert needle in err and "Traceback" not in err
    assert out == ""


def test_no_input_exits_2(capsys, dbfile):  # noqa: F811
    code, _, err = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS)
    assert code == 2 and "聊天记录" in err


def test_chat_words_add_and_allow_change_the_review(capsys, dbfile, tmp_path):  # noqa: F811
    path = tmp_path / "c.txt"
    path.write_text("张三妈妈:\n新开的奶茶店欢迎光临\n李四爸爸:\n班级二手书交换\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "--db", dbfile, "chat-words", "--add", "家长-3", "奶茶店",
                       "--class", CLASS, "--allow", "二手书", "--json")
    assert code == 0 and json.loads(out)["add"] == {"家长-3": ["奶茶店"]}
    _, out, _ = run(capsys, "--db", dbfile, "chat-review", "--class", CLASS, str(path), "--json")
    rules = [[f["rule"] for f in m["flags"]] for m in json.loads(out)["messages"]]
    assert rules == [["家长-3"], []]
    code, _, err = run(capsys, "--db", dbfile, "chat-words", "--add", "家长-9", "x")
    assert code == 2 and "没有词表" in err
