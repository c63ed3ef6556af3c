"""What `import-roster` says about files it cannot trust: a cut-off CSV (issue 12, case 2), a
FIFO or device, an unknown encoding — each in Chinese, with the row where it applies."""

from __future__ import annotations

import json
import os

from classgroup_desktop.cli.main import main

ROWS = [
    (1, "王小明", "男", "王建国", "父亲", "13800000001"),
    (2, "李华", "女", "张丽", "母亲", "13800000002"),
    (3, "陈思远", "男", "陈志强", "父亲", "13800000003"),
    (4, "吴小宝", "男", "吴建国", "父亲", "13800000004"),
    (5, "赵六", "女", "赵丽娟", "母亲", "13800000005"),
]


def _csv() -> bytes:
    lines = ["学号,姓名,性别,家长姓名,与学生关系,联系电话"]
    lines += [",".join(str(c) for c in row) for row in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_csv_cut_mid_row_imports_with_a_warning_naming_the_row(tmp_path, capsys):
    data = _csv()
    cut = data.index("吴建国".encode()) + len("吴".encode())
    path = tmp_path / "三(2)班.csv"
    path.write_bytes(data[:cut])
    code, out, err = run(
        capsys, "--db", str(tmp_path / "x.db"), "import-roster", str(path), "--dry-run", "--json"
    )
    assert code == 0, err
    warnings = json.loads(out)["warnings"]
    cut_warnings = [w for w in warnings if "截断" in w["message"]]
    assert [w["row"] for w in cut_warnings] == [5]
    assert "“吴”" in cut_warnings[0]["message"]


def test_a_fifo_given_as_roster_is_refused_with_exit_2(tmp_path, capsys):
    fifo = tmp_path / "花名册.csv"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "import-roster", str(fifo))
    assert code == 2 and "命名管道" in err and "0 字节" not in err


def test_an_unknown_encoding_is_named_not_reported_as_a_missing_name_column(tmp_path, capsys):
    path = tmp_path / "名单.csv"
    path.write_bytes("Name,Stadt\r\nMüller,Köln\r\nZoë,Düsseldorf\r\n".encode("latin-1"))
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "import-roster", str(path))
    assert code == 2 and "无法识别文件编码" in err and "没有找到学生姓名列" not in err
