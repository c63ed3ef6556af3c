"""Text rosters and member lists in every encoding a school PC writes are read; anything else is
refused naming the encodings tried (not "没有找到学生姓名列"); FIFOs and devices are refused
before they are opened; full-width commas and tabs separate cells."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.members_reader import read_members_file
from classgroup_desktop.io.roster_reader import read_roster
from classgroup_desktop.io.text_encoding import decode_text

ROSTER = (
    "学号,姓名,性别,家长姓名,与学生关系,联系电话\r\n"
    "1,王小明,男,王建国,父亲,13800000001\r\n"
    "2,李华,女,张丽,母亲,13800000002\r\n"
    "3,陈思远,男,陈志强,爸爸,13800000003\r\n"
)
TRADITIONAL = (
    "學號,姓名,性別,家長姓名,與學生關係,聯繫電話\r\n"
    "1,王小明,男,王建國,父親,13800000001\r\n"
    "2,李華,女,張麗,母親,13800000002\r\n"
    "3,陳思遠,男,陳志強,爸爸,13800000003\r\n"
)

ENCODINGS = {
    "UTF-8": lambda t: t.encode("utf-8"),
    "UTF-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "UTF-16 LE with BOM (Excel Unicode text)": lambda t: t.encode("utf-16"),
    "UTF-16 BE with BOM": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "UTF-16 LE without BOM": lambda t: t.encode("utf-16-le"),
    "GBK": lambda t: t.encode("gbk"),
    "GB18030": lambda t: t.encode("gb18030"),
}


@pytest.mark.parametrize("encode", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_a_roster_in_any_common_encoding_is_read(tmp_path, encode):
    path = tmp_path / "三(2)班.csv"
    path.write_bytes(encode(ROSTER))
    students = read_roster(path).classes[0].students
    assert [s.name for s in students] == ["王小明", "李华", "陈思远"]
    assert students[0].guardians[0].name == "王建国"


def test_a_big5_roster_is_read_as_big5_not_as_gbk_nonsense(tmp_path):
    path = tmp_path / "三(2)班.csv"
    path.write_bytes(TRADITIONAL.encode("cp950"))
    students = read_roster(path).classes[0].students
    assert [s.name for s in students] == ["王小明", "李華", "陳思遠"]
    assert students[0].guardians[0].relation == "父親"


def test_a_gbk_roster_is_not_mistaken_for_big5(tmp_path):
    # these bytes decode as Big5 too; the GB reading has the common characters
    data = ROSTER.encode("gbk")
    data.decode("cp950")  # the premise: both decodings succeed
    assert decode_text(tmp_path / "x.csv", data) == ROSTER


@pytest.mark.parametrize(
    "encoding, expected",
    [("gbk", "gb18030"), ("cp950", "cp950"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le")],
)
def test_the_read_result_names_the_encoding_of_a_text_roster(tmp_path, encoding, expected):
    text = TRADITIONAL if encoding == "cp950" else ROSTER
    path = tmp_path / "三(2)班.csv"
    path.write_bytes(text.encode(encoding))
    assert read_roster(path).encoding == expected


def test_a_gb18030_only_character_keeps_the_file_gb(tmp_path):
    text = "姓名\r\n赵䶮\r\n王小明\r\n"
    assert decode_text(tmp_path / "x.csv", text.encode("gb18030")) == text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("Müller,Café,Ñandú,Zoë\r\n".encode("latin-1") * 5, id="latin-1"),
        pytest.param(bytes(range(0x80, 0x100)) * 8, id="high bytes"),
        pytest.param("姓名\r\n王小明\r\n".encode()[:-4] + b"\xff\xfe\xfd", id="broken"),
    ],
)
def test_a_file_in_no_known_encoding_names_the_encodings_tried(tmp_path, data):
    path = tmp_path / "名单.csv"
    path.write_bytes(data)
    with pytest.raises(BadInputError) as info:
        read_roster(path)
    assert "无法识别文件编码" in info.value.message
    for name in ("UTF-8", "UTF-16", "GB18030", "Big5"):
        assert name in info.value.message


@given(st.text(alphabet=st.characters(codec="gbk", min_codepoint=0x4E00), min_size=1))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_decoding_never_raises_anything_but_a_user_error(tmp_path, text):
    for codec in ("gbk", "utf-8", "cp950"):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        try:
            decode_text(tmp_path / "x.txt", data)
        except BadInputError:
            pass


@pytest.mark.parametrize(
    "sep", [pytest.param("，", id="full-width comma"), pytest.param("\t", id="tab")]
)
def test_full_width_commas_and_tabs_separate_cells(tmp_path, sep):
    path = tmp_path / "三(2)班.csv"
    path.write_text(ROSTER.replace(",", sep), "utf-8")
    students = read_roster(path).classes[0].students
    assert [(s.student_no, s.name, s.gender) for s in students][:2] == [
        ("1", "王小明", "男"),
        ("2", "李华", "女"),
    ]


def test_a_full_width_comma_inside_a_comma_separated_cell_stays_in_the_cell(tmp_path):
    path = tmp_path / "三(2)班.csv"
    path.write_text("学号,姓名,备注\r\n1,王小明,住校，周五回家\r\n2,李华,\r\n", "utf-8")
    assert [s.name for s in read_roster(path).classes[0].students] == ["王小明", "李华"]


def test_a_member_list_in_utf16_or_big5_is_read(tmp_path):
    path = tmp_path / "members.txt"
    path.write_bytes("王小明爸爸\n李華媽媽\n".encode("utf-16"))
    assert [m.nickname for m in read_members_file(path)] == ["王小明爸爸", "李華媽媽"]
    path.write_bytes("王小明爸爸\n李華媽媽\n陳思遠爺爺\n".encode("cp950"))
    assert [m.nickname for m in read_members_file(path)][1] == "李華媽媽"


# --- not a regular file ---------------------------------------------------------------------


def _fifo(tmp_path, name):
    path = tmp_path / name
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "reader, what",
    [
        pytest.param(read_roster, "花名册", id="roster"),
        pytest.param(read_members_file, "成员名单", id="members"),
    ],
)
def test_a_fifo_is_refused_at_once_not_read_as_an_empty_file(tmp_path, reader, what):
    path = _fifo(tmp_path, "花名册.csv")
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: _catch(reader, path, outcome), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # blocked in open(): unblock it so the test run can end
        with open(path, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    (error,) = outcome
    assert isinstance(error, BadInputError)
    assert "命名管道" in error.message and what in error.message and "0 字节" not in error.message


def _catch(reader, path, outcome):
    try:
        reader(path)
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        outcome.append(exc)


@pytest.mark.parametrize("reader", [read_roster, read_members_file], ids=["roster", "members"])
def test_a_device_is_refused_as_a_device(reader):
    with pytest.raises(BadInputError) as info:
        reader("/dev/urandom")
    assert "设备" in info.value.message and "0 字节" not in info.value.message


@pytest.mark.parametrize("reader", [read_roster, read_members_file], ids=["roster", "members"])
def test_a_folder_is_refused_as_a_folder(tmp_path, reader):
    with pytest.raises(BadInputError, match="文件夹"):
        reader(tmp_path)
