"""The import wizard's three pages (file, column mapping, summary) and the column chooser.

The pages show; the wizard (``import_wizard.ImportWizard``) holds the state and does the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from classgroup_desktop.ui import file_dialogs
from classgroup_desktop.ui.roster.import_models import MappingModel

if TYPE_CHECKING:
    from classgroup_desktop.ui.roster.import_wizard import ImportWizard

KIND_LABELS = {"students": "学生名单", "teachers": "教师名单", "ignored": "不导入"}
ROSTER_FILTER = "花名册 (*.xlsx *.xlsm *.xls *.csv *.ods);;所有文件 (*)"


def fields():
    from classgroup_desktop.services import roster_preview

    return roster_preview


def field_choices(kind: str) -> list[str]:
    """The field keys offered in the mapping column, for a student or a teacher sheet."""
    return fields().field_keys(kind)


class FieldDelegate(QStyledItemDelegate):
    """A combo box of fields for the 导入为 column of the mapping table."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("fieldCombo")
        current = index.data(MappingModel.FIELD_ROLE)
        choices = field_choices(self.wizard.current_kind())
        if current not in choices:
            choices.append(current)
        for key in choices:
            combo.addItem(fields().field_label(key), key)
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802
        pos = editor.findData(index.data(MappingModel.FIELD_ROLE))
        editor.setCurrentIndex(max(pos, 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("第 1 步：选择花名册文件"))
        self.setSubTitle(self.tr("支持 Excel（.xlsx/.xls）和 CSV。学校下发的表格可以直接用，"
                                 "标题行、说明行会自动跳过。"))
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPathEdit")
        # A real path box: type or paste a path and press Enter to load it.
        self.path_edit.setPlaceholderText(self.tr("输入文件路径后按回车，或点“浏览…”"))
        self.path_edit.returnPressed.connect(self.load_typed_path)
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("文件："), row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow("", self.status)
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("importClassCombo")
        self.class_combo.setEditable(True)
        self.class_combo.setMinimumContentsLength(16)
        self.class_combo.lineEdit().setPlaceholderText(self.tr("按表格中的班级"))
        self.class_combo.currentTextChanged.connect(lambda _t: self.completeChanged.emit())
        form.addRow(self.tr("导入到班级："), self.class_combo)
        hint = QLabel(self.tr("表格里有“班级”列、或工作表名称/标题含班级名时可以留空；"
                              "否则请选择或输入班级名称。同一个班的不同写法（三年级(2)班、"
                              "三(2)班）导入到已有班级，只有新的班级才会新建。"))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow("", hint)

    def browse(self) -> None:
        name = file_dialogs.open_file(self, file_dialogs.ROSTER, self.tr("选择花名册文件"),
                                      self.tr(ROSTER_FILTER), start=self.w.start_dir)
        if name:
            self.w.load_file(Path(name))

    def load_typed_path(self) -> None:
        """Enter in the path box: load the typed path (quotes from 复制为路径 removed)."""
        text = self.path_edit.text().strip().strip('"')
        if text:
            file_dialogs.remember(self, file_dialogs.ROSTER, text)
            self.w.load_file(Path(text))

    def isComplete(self) -> bool:  # noqa: N802
        # A file without any class information needs a class name typed or chosen here.
        named = self.w.has_class_info or bool(self.class_combo.currentText().strip())
        return bool(self.w.previews) and not self.w.busy and named


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("第 2 步：核对表头和各列的含义"))
        self.setSubTitle(self.tr("蓝色一行是识别出的表头。如果某列识别错了，在右侧“导入为”中改正。"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.currentIndexChanged.connect(self.show_sheet)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for key, label in KIND_LABELS.items():
            self.kind_combo.addItem(self.tr(label), key)
        self.kind_combo.activated.connect(self._kind_changed)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerSpin")
        self.header_spin.setRange(1, 40)
        self.header_spin.valueChanged.connect(self._header_changed)
        top.addWidget(QLabel(self.tr("工作表：")))
        top.addWidget(self.sheet_combo, 1)
        top.addWidget(QLabel(self.tr("内容：")))
        top.addWidget(self.kind_combo)
        top.addWidget(QLabel(self.tr("表头在第")))
        top.addWidget(self.header_spin)
        top.addWidget(QLabel(self.tr("行")))
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.preview = QTableView()
        self.preview.setObjectName("previewTable")
        self.preview.setModel(wizard.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setDefaultSectionSize(96)
        splitter.addWidget(self.preview)
        self.mapping = QTableView()
        self.mapping.setObjectName("mappingTable")
        self.mapping.setModel(wizard.mapping_model)
        self.mapping.setItemDelegateForColumn(MappingModel.COL_FIELD, FieldDelegate(wizard))
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping.verticalHeader().setVisible(False)
        header = self.mapping.horizontalHeader()
        header.resizeSection(0, 36)
        header.resizeSection(1, 110)
        header.setStretchLastSection(True)
        splitter.addWidget(self.mapping)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

    def initializePage(self) -> None:  # noqa: N802
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for preview in self.w.previews:
            kind = self.w.sheet_state(preview.name)["kind"]
            self.sheet_combo.addItem(f"{preview.name}（{self.tr(KIND_LABELS[kind])}）",
                                     preview.name)
        first = next((i for i, p in enumerate(self.w.previews)
                      if self.w.sheet_state(p.name)["kind"] != "ignored"), 0)
        self.sheet_combo.setCurrentIndex(first)
        self.sheet_combo.blockSignals(False)
        self.show_sheet()

    def show_sheet(self, *_args: Any) -> None:
        name = self.sheet_combo.currentData()
        if name is None:
            return
        self.w.current_sheet = name
        state = self.w.sheet_state(name)
        preview = self.w.preview_of(name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(state["kind"]))
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(max(1, len(preview.rows)))
        self.header_spin.setValue(state["header_row"] or 1)
        self.header_spin.blockSignals(False)
        self.w.refresh_tables()
        self._open_editors()
        self.note.setText(self.tr("班级（来自工作表名或标题）：{c}").format(c=preview.class_name)
                          if preview.class_name else "")

    def _open_editors(self) -> None:
        # Persistent combo boxes: the mapping reads as a form, one click to change a column.
        model = self.w.mapping_model
        for row in range(model.rowCount()):
            self.mapping.openPersistentEditor(model.index(row, MappingModel.COL_FIELD))

    def _kind_changed(self, _index: int) -> None:
        self.w.set_sheet_kind(self.kind_combo.currentData())
        self.sheet_combo.setItemText(
            self.sheet_combo.currentIndex(),
            f"{self.w.current_sheet}（{self.tr(KIND_LABELS[self.kind_combo.currentData()])}）")
        self._open_editors()

    def _header_changed(self, value: int) -> None:
        self.w.set_header_row(value)
        self._open_editors()


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("第 3 步：确认导入"))
        self.setSubTitle(self.tr("下面是导入后将发生的变化，现在还没有写入。点“导入”完成。"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("导入"))
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("summaryStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.danger = QLabel()
        self.danger.setObjectName("summaryDanger")
        self.danger.setWordWrap(True)
        self.danger.setStyleSheet("QLabel { color: #a12a1c; font-weight: bold; }")
        self.danger.setVisible(False)
        layout.addWidget(self.danger)
        self.classes_view = QTableView()
        self.classes_view.setObjectName("summaryClasses")
        self.classes_view.setModel(wizard.summary_model)
        self.classes_view.verticalHeader().setVisible(False)
        self.classes_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.classes_view)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.changes_view = QTableView()
        self.changes_view.setObjectName("summaryChanges")
        self.changes_view.setModel(wizard.changes_model)
        self.changes_view.verticalHeader().setVisible(False)
        self.changes_view.setWordWrap(False)
        self.changes_view.horizontalHeader().setStretchLastSection(True)
        splitter.addWidget(self.changes_view)
        self.warnings_view = QTableView()
        self.warnings_view.setObjectName("summaryWarnings")
        self.warnings_view.setModel(wizard.warnings_model)
        self.warnings_view.verticalHeader().setVisible(False)
        self.warnings_view.horizontalHeader().setStretchLastSection(True)
        self.warnings_view.setWordWrap(True)
        # A long 提示 wraps onto as many lines as it needs (the tooltip has it whole too);
        # rows re-fit when the hints change and when the column's width does.
        wizard.warnings_model.modelReset.connect(self.warnings_view.resizeRowsToContents)
        self.warnings_view.horizontalHeader().sectionResized.connect(
            lambda *_: self.warnings_view.resizeRowsToContents())
        splitter.addWidget(self.warnings_view)
        # The changes (old → new) need the width; the hints wrap.
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def initializePage(self) -> None:  # noqa: N802
        self.w.run_dry_run()

    def isComplete(self) -> bool:  # noqa: N802
        return self.w.dry_report is not None and not self.w.busy
