"""Qt's own buttons and menus are Chinese, like the rest of the UI."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from classgroup_desktop.ui.qt_translations import install_qt_translations


def test_standard_buttons_read_in_chinese(qapp, qtbot):
    assert install_qt_translations(qapp)
    box = QMessageBox(QMessageBox.Icon.Question, "归档班级", "归档？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert not texts & {"Yes", "Cancel"}, texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "") != "OK"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
