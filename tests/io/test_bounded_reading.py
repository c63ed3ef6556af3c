"""No roster file can exhaust memory or time: a sheet's content is measured before any cell is
allocated, and a sheet reaching past 20,000 rows × 200 columns is refused in Chinese.

Before this, one cell at XFD1048576 in a 5 KB .xlsx made calamine ask for 512 GiB and abort
the process (exit 134); XFD20000 or ZZ1048576 grew it to 12 GB. The subprocess tests run the
real CLI under a 500 MB address-space limit and a 10 s timeout, so a regression fails instead
of taking the machine down.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import pytest
from helpers.far_cells import far_ods, far_xls, far_xlsx, xlsx_with_cells
from helpers.roster_files import write_csv

from classgroup_desktop.core.errors import BadInputError
from classgroup_desktop.io.roster_reader import read_roster
from classgroup_desktop.io.sheet_extent import MAX_COLUMNS, MAX_ROWS
from classgroup_desktop.io.spreadsheet import read_sheets

LIMIT_BYTES = 500 * 1024 * 1024


def _run_cli_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    return subprocess.run(
        [sys.executable, "-m", "classgroup_desktop.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=10,
        preexec_fn=limit,
        env={"PYTHONPATH": ".", "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
    )


def _openpyxl_far(path, ref):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "三(2)班"
    ws.append(["学号", "姓名", "性别"])
    ws.append([1, "王小明", "男"])
    ws[ref] = "x"
    wb.save(path)
    return path


FAR_FILES = {
    "xlsx XFD1048576": lambda p: far_xlsx(p / "far.xlsx", "XFD1048576"),
    "xlsx XFD20000": lambda p: far_xlsx(p / "far.xlsx", "XFD20000"),
    "xlsx ZZ1048576": lambda p: far_xlsx(p / "far.xlsx", "ZZ1048576"),
    "xlsx by openpyxl XFD1048576": lambda p: _openpyxl_far(p / "far.xlsx", "XFD1048576"),
    "xls IV65536": lambda p: far_xls(p / "far.xls"),
    "ods XFD1048575": lambda p: far_ods(p / "far.ods"),
}


@pytest.mark.parametrize("make", FAR_FILES.values(), ids=FAR_FILES.keys())
def test_a_far_cell_is_refused_quickly_within_500_mb(tmp_path, make):
    path = make(tmp_path)
    assert path.stat().st_size < 10_000
    start = time.monotonic()
    done = _run_cli_bounded("--db", str(tmp_path / "t.db"), "import-roster", str(path))
    assert time.monotonic() - start < 10
    assert done.returncode == 2, done.stderr[-2000:]
    assert "超出了名单表格的合理范围" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("make", FAR_FILES.values(), ids=FAR_FILES.keys())
def test_the_refusal_names_the_far_cell_and_sheet(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(BadInputError) as info:
        read_roster(path)
    assert info.value.sheet == "三(2)班"
    ref = info.value.message.split("在 ", 1)[1].split(" ", 1)[0]
    assert ref[:2] in {"XF", "ZZ", "IV"}, info.value.message


def test_a_far_cell_without_a_value_is_only_formatting_and_is_ignored(tmp_path):
    path = far_xlsx(tmp_path / "styled.xlsx", "XFD1048576", styled_only=True)
    result = read_roster(path)
    assert [s.name for s in result.classes[0].students] == ["王小明"]


def test_a_lying_dimension_is_not_trusted(tmp_path):
    path = xlsx_with_cells(tmp_path / "dim.xlsx", "", dimension="A1:XFD1048576")
    assert [s.name for s in read_roster(path).classes[0].students] == ["王小明"]


def test_content_just_inside_the_limits_is_read(tmp_path):
    ref = f"GR{MAX_ROWS}"  # column 200, row 20,000
    path = far_xlsx(tmp_path / "edge.xlsx", ref)
    (sheet,) = read_sheets(path)
    assert len(sheet.rows) == MAX_ROWS and len(sheet.rows[-1]) == MAX_COLUMNS
    assert sheet.rows[-1][-1] == "x"


def test_cells_without_a_reference_are_placed_by_position(tmp_path):
    # r attributes are optional in SpreadsheetML: a long run of bare <c> still reaches far
    body = '<row r="3">' + "<c><v>1</v></c>" * (MAX_COLUMNS + 5) + "</row>"
    path = xlsx_with_cells(tmp_path / "bare.xlsx", body)
    with pytest.raises(BadInputError, match="超出了名单表格的合理范围"):
        read_sheets(path)


def test_a_csv_with_too_many_rows_stops_with_a_message(tmp_path):
    path = write_csv(
        tmp_path / "big.csv", [["学号", "姓名"]] + [[i, "王小明"] for i in range(MAX_ROWS + 5)]
    )
    with pytest.raises(BadInputError, match=f"超过 {MAX_ROWS} 行"):
        read_sheets(path)


def test_csv_rows_padded_with_empty_cells_do_not_count_as_wide(tmp_path):
    # Excel pads every CSV row up to the widest column, e.g. a stray cell far to the right
    path = tmp_path / "padded.csv"
    path.write_text("学号,姓名" + "," * 16_000 + "\n1,王小明" + "," * 16_000 + "\n", "utf-8")
    (sheet,) = read_sheets(path)
    assert sheet.rows == [["学号", "姓名"], ["1", "王小明"]]


def test_a_csv_wider_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("学号,姓名," + ",".join("x" * (MAX_COLUMNS + 1)) + "\n", "utf-8")
    with pytest.raises(BadInputError, match=f"最多 {MAX_COLUMNS} 列"):
        read_sheets(path)


def test_a_merged_range_past_the_content_is_not_walked_cell_by_cell(tmp_path):
    from classgroup_desktop.io.spreadsheet import _fill_vertical_merges

    rows = [["王小明", ""], ["", ""]]
    start = time.monotonic()
    _fill_vertical_merges(rows, [((0, 0), (1_048_575, 16_383))] * 2000)
    assert time.monotonic() - start < 1
    assert rows == [["王小明", ""], ["王小明", ""]]


def test_a_member_list_workbook_with_a_far_cell_is_refused_too(tmp_path):
    from classgroup_desktop.io.members_reader import read_members_file

    with pytest.raises(BadInputError, match="超出了名单表格的合理范围"):
        read_members_file(far_xlsx(tmp_path / "members.xlsx", "XFD1048576"))


def test_many_large_sheets_together_are_refused_before_they_are_allocated():
    from classgroup_desktop.io.sheet_extent import MAX_CELLS, SheetExtent, check_extents

    sheets = [SheetExtent(f"S{i}", last_row=15_000, last_col=150) for i in range(2)]
    assert sum(s.cells for s in sheets) > MAX_CELLS
    with pytest.raises(BadInputError, match="工作簿的内容过多"):
        check_extents("big.xlsx", sheets)
    check_extents("ok.xlsx", sheets[:1])
