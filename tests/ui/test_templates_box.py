"""设置 › 消息模板: the template chooser names each template in Chinese and lists its
placeholders."""

from __future__ import annotations

from classgroup_desktop.services import template_catalog
from classgroup_desktop.ui.settings.templates_box import TemplatesBox


def test_the_chooser_shows_each_templates_chinese_name_and_its_placeholders(qtbot):
    box = TemplatesBox(lambda: {"teacher": "周老师", "class": "三(2)班"})
    qtbot.addWidget(box)
    defaults = template_catalog.default_templates()
    box.load(defaults, {})
    shown = {box.combo.itemData(i): box.combo.itemText(i) for i in range(box.combo.count())}
    assert shown == template_catalog.template_names()
    assert shown["rename_reminder"].startswith("改名提醒")
    box.select("rename_reminder")
    assert "{群昵称} 成员的群昵称" in box.placeholder_label.text()
