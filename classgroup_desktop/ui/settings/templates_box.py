"""消息模板 in the settings: pick a template, edit its text, see it filled with sample data,
reset it to the default. Only texts that differ from the default are kept as custom."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from classgroup_desktop.core.errors import UserError


def _catalog():
    from classgroup_desktop.services import template_catalog

    return template_catalog


class TemplatesBox(QGroupBox):
    """The template editor; ``sample`` gives the preview's teacher and class names."""

    def __init__(self, sample: Callable[[], dict[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("消息模板"), parent)
        self._sample = sample
        self._texts: dict[str, str] = {}
        self._defaults: dict[str, str] = {}
        self._current: str | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("模板：")))
        self.combo = QComboBox()
        self.combo.setObjectName("templateCombo")
        self.combo.currentIndexChanged.connect(self._show)
        row.addWidget(self.combo, 1)
        layout.addLayout(row)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("templateEdit")
        self.edit.textChanged.connect(self._edited)
        layout.addWidget(self.edit, 1)
        self.placeholder_label = QLabel()
        self.placeholder_label.setWordWrap(True)
        self.placeholder_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.placeholder_label)
        layout.addWidget(QLabel(self.tr("预览（示例数据）：")))
        self.preview_label = QLabel()
        self.preview_label.setObjectName("templatePreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_label.setStyleSheet(
            "QLabel { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 6px; }")
        layout.addWidget(self.preview_label)
        reset = QPushButton(self.tr("恢复默认文字"))
        reset.setObjectName("resetTemplate")
        reset.clicked.connect(self.reset)
        reset_row = QHBoxLayout()
        reset_row.addStretch(1)
        reset_row.addWidget(reset)
        layout.addLayout(reset_row)

    def load(self, defaults: dict[str, str], custom: dict[str, str]) -> None:
        """Show the defaults overlaid with the teacher's custom texts."""
        self._defaults = dict(defaults)
        self._texts = {k: custom.get(k) or v for k, v in defaults.items()}
        names = _catalog().template_names()
        self.combo.blockSignals(True)
        self.combo.clear()
        for key in defaults:
            self.combo.addItem(names.get(key, key), key)
        self.combo.blockSignals(False)
        self._current = None
        self._show()

    def select(self, key: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(key))

    def custom(self) -> dict[str, str]:
        """The texts that differ from the default (what is stored): a later improvement of a
        default then reaches every teacher who did not customise it."""
        return {k: v for k, v in self._texts.items() if v.strip() and v != self._defaults.get(k)}

    def reset(self) -> None:
        key = self.combo.currentData()
        if key:
            self.edit.setPlainText(self._defaults.get(key, ""))

    def _show(self, *_args: Any) -> None:
        key = self.combo.currentData()
        self._current = None
        self.edit.setPlainText(self._texts.get(key, "") if key else "")
        self._current = key
        if key:
            from classgroup_desktop.core.templates import CHINESE_NAMES, placeholders

            help_text = _catalog().template_placeholders()
            # The default's placeholders, named in Chinese even if a default still says {teacher}.
            used = dict.fromkeys(
                CHINESE_NAMES.get(p, p) for p in placeholders(self._defaults.get(key, "")))
            self.placeholder_label.setText(self.tr("可用占位符（连同花括号写入）：") + "；".join(
                f"{{{p}}} {help_text.get(p, '')}".rstrip() for p in used))

    def _edited(self) -> None:
        if self._current is not None:
            self._texts[self._current] = self.edit.toPlainText()
        self.update_preview()

    def update_preview(self) -> None:
        from classgroup_desktop.core.templates import render

        rule = None
        try:
            from classgroup_desktop.services.log import get_rule

            rule = get_rule("宗旨-2")
        except (ImportError, UserError):
            pass
        sample = {
            "nickname": "王小明的妈妈", "suggestion": "王小明妈妈",
            "lines": "@王小明的妈妈 请改为“王小明妈妈”\n@Lily 请改为“李华妈妈”",
            "rule_code": "宗旨-2", "rule_title": getattr(rule, "title", ""),
            "rule_text": getattr(rule, "text", ""), "detail": "",
            **self._sample(),
        }
        self.preview_label.setText(render(self.edit.toPlainText(), **sample))
