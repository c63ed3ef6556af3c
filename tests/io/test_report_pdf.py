"""The printed report: text layer (pdftotext), real characters, masking, pagination."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime

import pytest
from helpers.report_data import CLASS, MONTH, add_log, build_sample

from classgroup_desktop.io.report_pdf import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE_H,
    font_maps_to_radicals,
    layout_report,
    render_page_images,
    report_families,
    write_pdf,
)
from classgroup_desktop.services.report import (
    build_class_report,
    build_school_summary,
    finalise_report,
)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)

NOW = datetime(2026, 4, 2, 9, 0)
RADICALS = re.compile("[\u2e80-\u2fdf]")
FULL_PHONE = re.compile(r"1[3-9]\d{9}")


def pdf_text(path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*cmd, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


@pytest.fixture
def class_pdf(db, tmp_path):
    sample = build_sample(db)
    path = tmp_path / "月报.pdf"
    pages = write_pdf(build_class_report(db, CLASS, MONTH, NOW), path)
    return path, pages, sample


def test_class_report_text_has_every_section_and_the_right_figures(class_pdf):
    path, pages, sample = class_pdf
    text = pdf_text(path)
    squeezed = re.sub(r"\s+", "", text)
    for section in [
        "班级微信群管理月报",
        "2026年3月",
        "浦东新区实验小学",
        "三年级二班",
        "三（2）班家校群",
        "一、月末群成员情况",
        "二、本月成员检查",
        "三、月末需改名成员",
        "四、身份不明成员及处理情况",
        "五、本月事件记录",
        "六、待办事项",
        "七、校验信息",
        "班主任（签字）",
        "学校负责人（签字）",
        "近六个月各次检查的昵称合规率",
        "清退未执行",
    ]:
        assert section in squeezed, section
    assert f"未入群家庭：{len(sample['not_reached'])}户" in squeezed
    for name in sample["not_reached"] + [f"{n}的妈妈" for n in sample["renamed"]]:
        assert name in squeezed
    assert "本月共检查群成员2次" in squeezed
    rate = f"{sample['ok'] / sample['members'] * 100:.1f}%"
    assert rate in squeezed  # compliance rate at month end
    assert "截图0307.png" in squeezed and "入群-1" in squeezed and "监管-3" in squeezed
    assert f"第1页共{pages}页" in squeezed and f"第{pages}页共{pages}页" in squeezed


def test_text_layer_is_real_characters_not_radical_lookalikes(class_pdf):
    path, _, _ = class_pdf
    text = pdf_text(path)
    assert not RADICALS.findall(text), sorted(set(RADICALS.findall(text)))
    for ch in "二月班长一人日":
        assert ch in text


def test_phone_numbers_are_masked_everywhere(class_pdf):
    path, _, _ = class_pdf
    text = re.sub(r"\s+", "", pdf_text(path))
    assert not FULL_PHONE.findall(text)
    assert "139****5678" in text and "138****" in text


def test_report_hashes_are_printed(db, class_pdf):
    path, _, _ = class_pdf
    report = build_class_report(db, CLASS, MONTH, NOW)
    text = re.sub(r"\s+", "", pdf_text(path))
    assert report.content_hash in text
    assert report.chain_head in text


@pytest.mark.parametrize(
    ("students", "low", "high"),
    [(40, 2, 4), (120, 2, 6)],
    ids=["40-member-class", "120-member-class"],
)
def test_page_count_is_sane(db, tmp_path, students, low, high):
    build_sample(db, students=students)
    path = tmp_path / "r.pdf"
    pages = write_pdf(build_class_report(db, CLASS, MONTH, NOW), path)
    assert low <= pages <= high
    assert page_count(path) == pages


def test_long_tables_repeat_their_header_and_never_split_a_row(db, tmp_path):
    build_sample(db)
    for day in range(1, 29):
        for hour in (8, 12, 18):
            add_log(
                db,
                CLASS,
                "reminder",
                datetime(2026, 3, day, hour),
                member=f"成员{day}-{hour}",
                rule="宗旨-2",
                note="在群内闲聊，已提醒仅用于家校沟通。" * (hour // 6),
            )
    report = build_class_report(db, CLASS, MONTH, NOW)
    path = tmp_path / "long.pdf"
    pages = write_pdf(report, path)
    assert pages >= 4
    header = "证据文件与哈希"
    pages_with_rows = [
        n
        for n in range(1, pages + 1)
        if "已提醒仅用于家校沟通" in re.sub(r"\s+", "", pdf_text(path, n))
    ]
    assert len(pages_with_rows) >= 3
    for n in pages_with_rows:
        assert header in re.sub(r"\s+", "", pdf_text(path, n)), f"page {n} lacks the header"
    # first pass geometry: every item inside the text area, so no row crosses a page edge
    ctx, laid_out = layout_report(report, render_probe())
    for page in laid_out:
        for item, y in page:
            assert y >= ctx.mm(MARGIN_TOP) - 0.5
            assert y + item.height <= ctx.mm(PAGE_H - MARGIN_BOTTOM) + 0.5


def render_probe():
    from PySide6.QtGui import QImage

    img = QImage(100, 100, QImage.Format.Format_RGB32)
    img.setDotsPerMeterX(round(150 / 0.0254))
    img.setDotsPerMeterY(round(150 / 0.0254))
    return img


def test_school_summary_pdf(db, tmp_path):
    build_sample(db)
    path = tmp_path / "汇总.pdf"
    write_pdf(build_school_summary(db, MONTH, NOW), path)
    text = re.sub(r"\s+", "", pdf_text(path))
    for part in [
        "班级微信群管理学校汇总",
        "一、各班情况",
        "二、本月上报事项",
        "合计",
        CLASS,
        "在群内发布收款二维码，已上报学校",
        "学校负责人（签字）",
    ]:
        assert part in text, part
    assert not RADICALS.findall(pdf_text(path))


def test_finalised_reprint_prints_the_update_note(db, tmp_path):
    build_sample(db)
    finalise_report(db, CLASS, MONTH, by="李建国", now=NOW)
    add_log(db, CLASS, "reminder", datetime(2026, 3, 30), member="Lily", rule="入群-2")
    path = tmp_path / "reprint.pdf"
    write_pdf(build_class_report(db, CLASS, MONTH), path)
    text = re.sub(r"\s+", "", pdf_text(path))
    assert re.search(r"本报告定稿后有[1-9]\d*项更新", text)
    assert "定稿人：李建国" in text


def test_chosen_fonts_do_not_map_ideographs_to_radicals():
    body, heading = report_families()
    assert body and heading
    for family in {*body, *heading}:
        assert not font_maps_to_radicals(family), family


def test_noto_cjk_is_recognised_as_a_radical_mapping_font():
    from PySide6.QtGui import QFontDatabase

    if "Noto Sans CJK SC" not in QFontDatabase.families():
        pytest.skip("Noto Sans CJK SC not installed")
    assert font_maps_to_radicals("Noto Sans CJK SC")


def test_preview_images_match_the_pdf_page_count(db, tmp_path):
    build_sample(db)
    report = build_class_report(db, CLASS, MONTH, NOW)
    images = render_page_images(report, dpi=50)
    assert len(images) == write_pdf(report, tmp_path / "x.pdf")
    assert images[0].width() < images[0].height()  # portrait A4


def has_emoji_font() -> bool:
    from classgroup_desktop.io.report_fonts import _drawable, ensure_gui_app

    ensure_gui_app()
    return _drawable("🌸")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("🌸高梓萱媽媽🌸", "〔表情〕高梓萱媽媽〔表情〕"),
        ("张三👨\u200d👩\u200d👧妈妈", "张三〔表情〕妈妈"),
        ("（王小明）妈妈", "（王小明）妈妈"),
        ("䶮", "䶮"),
        ("Emily Smith", "Emily Smith"),
    ],
    ids=[
        "emoji-around",
        "zwj-family-emoji",
        "full-width-brackets-kept",
        "rare-ideograph-kept",
        "latin-kept",
    ],
)
def test_nicknames_print_without_empty_boxes(text, shown):
    from classgroup_desktop.io.report_pdf import printable

    # With an emoji font installed Qt draws emoji itself; without one they become 〔表情〕.
    expected = text if has_emoji_font() else shown
    assert printable(text) == expected


def test_emoji_nickname_and_rare_name_in_the_pdf(db, tmp_path):
    from helpers.report_data import add_audit, make_class, parent, teacher, unknown

    make_class(db, "一班", 2)
    members = [teacher("李建国"), parent("王子涵"), unknown("🌸花开富贵🌸"), unknown("王䶮")]
    add_audit(db, "一班", datetime(2026, 3, 3), members)
    path = tmp_path / "e.pdf"
    write_pdf(build_class_report(db, "一班", MONTH, NOW), path)
    text = re.sub(r"\s+", "", pdf_text(path))
    if has_emoji_font():
        assert "花开富贵" in text  # emoji drawn as pictures, no text of their own
    else:
        assert "〔表情〕花开富贵〔表情〕" in text
    assert "王䶮" in text


def test_wrapped_lines_never_start_with_closing_punctuation():
    from PySide6.QtGui import QFontMetricsF

    from classgroup_desktop.io.report_layout import NO_LINE_START, Ctx, _wrap

    ctx = Ctx(device=render_probe(), k=150 / 25.4)
    fm = QFontMetricsF(ctx.font(10.5), ctx.device)
    text = "、".join(f"王{i}妈妈 → 王{i}的妈妈" for i in range(40)) + "。"
    for width_mm in (40, 61, 77, 100):
        lines = _wrap(text, fm, ctx.mm(width_mm))
        assert "".join(lines) == text
        assert all(line[0] not in NO_LINE_START for line in lines[1:] if line)


def test_every_page_footer_names_the_program_and_its_version(class_pdf):
    import classgroup_desktop

    path, pages, _sample = class_pdf
    assert pages >= 2
    note = f"班级群管家 {classgroup_desktop.__version__}"
    for number in range(1, pages + 1):
        lines = [line.strip() for line in pdf_text(path, number).splitlines() if line.strip()]
        footer = " ".join(lines[-3:])
        assert f"第{number}页共{pages}页" in footer.replace(" ", ""), lines[-3:]
        assert note in footer, lines[-3:]
