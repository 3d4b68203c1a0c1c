"""The roster import preview: every row's action and problems by row number, before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget,
)

from ...errors import UserError
from ...ops import roster_import
from ..widgets.filter_table import FilterTable
from ..widgets.messages import show_error
from ..widgets.table_model import Column, RowTableModel
from ..widgets.screen_fit import fit_to_screen

ACTION_TEXT = {"insert": "新增", "update": "更新", "unchanged": "无变化", "error": "有错误"}


def _changes_text(row) -> str:
    return "、".join(row.changes) if row.changes else ""


class PreviewModel(RowTableModel):
    def row_is_muted(self, row: dict) -> bool:
        return row["action"] == "unchanged"


class ImportPreviewDialog(QDialog):
    """确定导入 stays disabled while any row has an error, unless the clerk chooses to skip those rows."""

    def __init__(self, preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("导入名册：预览")
        fit_to_screen(self, 980, 620)
        summary = QLabel(preview.summary_text())
        summary.setWordWrap(True)
        self.summary_label = summary

        self.model = PreviewModel([
            Column("row", "行号", 56, numeric=True),
            Column("name", "姓名", 90),
            Column("action", "处理", 70, text=lambda r: ACTION_TEXT.get(r["action"], r["action"])),
            Column("changes", "更新的项目", 160),
            Column("problems", "问题", 520),
        ])
        self.model.set_rows([
            {"id": r.row, "row": r.row, "name": r.values.get("name") or "", "action": r.action,
             "changes": _changes_text(r), "problems": "；".join(r.problems + r.notes)}
            for r in preview.rows
        ])
        self.table = FilterTable(self.model, search_placeholder="搜索姓名、行号或问题", unit="行")
        self.action_combo = self.table.add_column_combo("action", "全部行", list(ACTION_TEXT.values()))
        if preview.has_errors:
            self.action_combo.set_value("有错误")

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if preview.warnings:
            warnings = QListWidget()
            warnings.addItems(preview.warnings)
            warnings.setMaximumHeight(80)
            layout.addWidget(warnings)
        layout.addWidget(self.table, 1)
        # The 问题 column is cut off for long messages; the chosen row's problems are shown here in full.
        self.detail_label = QLabel()
        self.detail_label.setObjectName("rowDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.detail_label)
        self.table.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self._show_detail()

        self.skip_check = QCheckBox(f"跳过 {len(preview.error_rows)} 行有错误的数据，只导入其余各行")
        self.skip_check.setVisible(preview.has_errors)
        self.skip_check.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_check)
        hint = QLabel("导入在一个步骤内完成，导入后可用“编辑 → 撤销”（Ctrl+Z）整体撤销。")
        layout.addWidget(hint)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.Ok)
        self.import_button.setText("确定导入")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        # The refused rows in the template's layout with their 错误原因: corrected, the file imports as it is.
        self.errors_button = QPushButton("导出错误行…")
        self.errors_button.setToolTip("把有错误的行连同错误原因另存为 Excel，改正后可直接再导入")
        self.errors_button.setVisible(preview.has_errors)
        self.errors_button.clicked.connect(lambda: self.export_errors())
        self.buttons.addButton(self.errors_button, QDialogButtonBox.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def _show_detail(self) -> None:
        row = self.table.current_row()
        if row is None:
            first = next((r for r in self.table.visible_rows() if r["problems"]), None)
            self.detail_label.setText("选中一行可在这里看到该行问题的完整说明。" if first is None else
                                      f"第 {first['row']} 行 {first['name']}：{first['problems']}")
            return
        problems = row["problems"] or ACTION_TEXT.get(row["action"], row["action"])
        self.detail_label.setText(f"第 {row['row']} 行 {row['name']}：{problems}")

    def export_errors(self, path: str | None = None) -> Path | None:
        """导出错误行: the refused rows to ``path`` (asked for when None); the path written, or None."""
        if path is None:
            source = Path(self.preview.source)
            suggested = Path.home() / f"{source.stem}-错误行.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "导出错误行", str(suggested), "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        try:
            changes = roster_import.write_refused(self.preview, path)
        except (UserError, OSError) as err:
            show_error(self, err, "无法导出错误行")
            return None
        self.summary_label.setText(f"{self.preview.summary_text()}\n{changes.message}")
        return changes.value

    @property
    def skip_errors(self) -> bool:
        return self.preview.has_errors and self.skip_check.isChecked()

    def _update_buttons(self, *_args) -> None:
        writable = len(self.preview.by_action("insert")) + len(self.preview.by_action("update"))
        blocked = self.preview.has_errors and not self.skip_check.isChecked()
        self.import_button.setEnabled(writable > 0 and not blocked)
