"""Member-list intake: pasted text, WeChat 接龙, .txt in any encoding, .csv and .xlsx columns."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.members_reader import parse_member_text, read_members_file


def names(members) -> list[str]:
    return [m.nickname for m in members]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("张三妈妈\n李四爸爸\n", ["张三妈妈", "李四爸爸"], id="one nickname a line"),
        pytest.param("张三妈妈\r\n\r\n  李四 爸爸  \r\n", ["张三妈妈", "李四 爸爸"],
                     id="CRLF, blank lines and outer spaces dropped, inner space kept"),
        pytest.param("1. 张三妈妈\n2、李四爸爸\n3) 王五\n4）赵六\n5：钱七", [
            "张三妈妈", "李四爸爸", "王五", "赵六", "钱七"], id="numbering styles stripped"),
        pytest.param("①张三妈妈\n②李四爸爸", ["张三妈妈", "李四爸爸"], id="circled numbers"),
        pytest.param("(1) 张三妈妈\n（2）李四爸爸", ["张三妈妈", "李四爸爸"],
                     id="bracketed numbers"),
        pytest.param("#接龙\n请家长按格式接龙：\n例 张三妈妈\n\n1. 王小明妈妈\n2. 吴堃爸爸\n",
                     ["王小明妈妈", "吴堃爸爸"], id="接龙 header before the first numbered line"),
        pytest.param("21张伟妈妈\n05张伟爸爸", ["21张伟妈妈", "05张伟爸爸"],
                     id="digits glued to a name are part of it"),
        pytest.param("1 张三妈妈\n2 李四爸爸\n3 王五", ["张三妈妈", "李四爸爸", "王五"],
                     id="numbered with spaces when most lines are"),
        pytest.param("05 张伟\n李四爸爸\n王五\n赵六", ["05 张伟", "李四爸爸", "王五", "赵六"],
                     id="a single digits-space name is kept whole"),
        pytest.param("1\t张三妈妈\n2\t李四爸爸", ["张三妈妈", "李四爸爸"],
                     id="pasted from a spreadsheet with a number column"),
        pytest.param("\ufeff张三妈妈", ["张三妈妈"], id="byte order mark"),
        pytest.param("🌸周杰妈妈🌸\nEmily Smith", ["🌸周杰妈妈🌸", "Emily Smith"],
                     id="emoji and Latin kept verbatim"),
        pytest.param("", [], id="empty text"),
        pytest.param("\n \n\t\n", [], id="only blank lines"),
    ],
)
def test_parse_member_text(text, expected):
    assert names(parse_member_text(text)) == expected


def test_names_cut_with_an_ellipsis_are_marked_truncated():
    members = parse_member_text("欧阳娜娜…\nliangsich...\n张三妈妈")
    assert [m.truncated for m in members] == [True, True, False]
    assert members[0].nickname == "欧阳娜娜…"


def test_txt_file_in_gbk_and_utf8_bom(tmp_path):
    gbk = tmp_path / "名单.txt"
    gbk.write_bytes("1. 张三妈妈\n2. 吴堃爸爸\n".encode("gb18030"))
    assert names(read_members_file(gbk)) == ["张三妈妈", "吴堃爸爸"]
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeff张三妈妈\n刘䶮爸爸\n".encode())
    assert names(read_members_file(bom)) == ["张三妈妈", "刘䶮爸爸"]


def test_csv_with_a_nickname_column(tmp_path):
    path = tmp_path / "members.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([["序号", "群昵称", "备注"], [1, "张三妈妈", "x"], [2, "李四 爸爸", ""],
                     [3, "", ""], [4, "Lily", "新"]])
    assert names(read_members_file(path)) == ["张三妈妈", "李四 爸爸", "Lily"]


def test_xlsx_with_title_row_and_header(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["三年级(2)班群成员"])
    ws.append(["序号", "微信昵称"])
    ws.append([1, "张三妈妈"])
    ws.append([2, "🌸周杰妈妈🌸"])
    path = tmp_path / "members.xlsx"
    wb.save(path)
    assert names(read_members_file(path)) == ["张三妈妈", "🌸周杰妈妈🌸"]


def test_xlsx_without_header_uses_first_text_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    for i, n in enumerate(["张三妈妈", "李四爸爸"], start=1):
        ws.append([i, n])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    assert names(read_members_file(path)) == ["张三妈妈", "李四爸爸"]


@pytest.mark.parametrize(
    ("make", "filename"),
    [
        pytest.param(lambda p: None, "missing.txt", id="missing file"),
        pytest.param(lambda p: p.write_text("\n\n", encoding="utf-8"), "empty.txt",
                     id="no names at all"),
        pytest.param(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "shot.xlsx",
                     id="an image named .xlsx"),
        pytest.param(lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 10), "binary.txt",
                     id="binary content"),
    ],
)
def test_bad_files_raise_a_chinese_error_naming_the_file(tmp_path, make, filename):
    path = tmp_path / filename
    make(path)
    with pytest.raises(BadInputError) as info:
        read_members_file(path)
    assert filename in info.value.full_message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)
