"""File dialogs: every label in Chinese, and the last folder remembered per purpose."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QWidget

from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.app_settings import AppSettings


def test_qt_file_dialog_has_no_english_label(qtbot, tmp_path):
    dialog = file_dialogs.make_dialog(None, "选择花名册文件", str(tmp_path),
                                      "花名册 (*.xlsx *.csv)")
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel)
              if label.isVisible() and label.text()]
    assert labels, "Qt's own dialog (not a native one) is what this test looks at"
    english = [text for text in labels if re.search(r"[A-Za-z]{3,}", text)]
    assert english == []
    assert "查找范围：" in labels and "文件类型：" in labels


class _Window(QWidget):
    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings


def test_each_purpose_remembers_its_own_folder(qtbot, tmp_path, monkeypatch):
    window = _Window(AppSettings(tmp_path / "window.ini"))
    qtbot.addWidget(window)
    child = QWidget(window)
    members_dir, shots_dir = tmp_path / "名单", tmp_path / "截图"
    members_dir.mkdir()
    shots_dir.mkdir()
    chosen = {file_dialogs.MEMBERS: str(members_dir / "群成员.txt"),
              file_dialogs.SCREENSHOTS: str(shots_dir / "1.png")}
    started_in: list[str] = []

    def run(dialog):
        started_in.append(dialog.directory().absolutePath())
        return [chosen[purpose]]

    monkeypatch.setattr(file_dialogs, "_run", run)
    purpose = file_dialogs.MEMBERS
    assert file_dialogs.open_file(child, purpose, "t", "*") == chosen[purpose]
    purpose = file_dialogs.SCREENSHOTS
    file_dialogs.open_files(child, purpose, "t", "*")
    started_in.clear()
    purpose = file_dialogs.MEMBERS
    file_dialogs.open_file(child, purpose, "t", "*")
    purpose = file_dialogs.SCREENSHOTS
    file_dialogs.open_files(child, purpose, "t", "*")
    assert started_in == [str(members_dir), str(shots_dir)]
    # Kept in the settings file: a restart starts in the same folders.
    again = AppSettings(tmp_path / "window.ini")
    assert again.last_folder(file_dialogs.MEMBERS) == str(members_dir)
    assert again.last_folder(file_dialogs.ROSTER) is None
