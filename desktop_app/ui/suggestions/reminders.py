"""督办提醒 tab: overdue and due-soon suggestions with unit, deadline and working days; print preview and Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.suggestions import deadline_label
from ...errors import UserError
from ...ops import suggestion_reports
from ...reports.pdf.reminders import days_text
from ..context import AppContext
from ..print_preview import render_and_preview
from ..widgets.filter_table import FilterTable
from ..widgets.messages import show_error
from ..widgets.table_model import Column, RowTableModel
from .model import FLAG_BRUSH

_BACKGROUND = int(Qt.BackgroundRole)


class ReminderModel(RowTableModel):
    """Reminder rows, overdue red and due-soon amber."""

    def data(self, index, role=Qt.DisplayRole):
        if role == _BACKGROUND and index.isValid():
            return FLAG_BRUSH.get(self.row(index.row()).get("flag"))
        return super().data(index, role)


class RemindersTab(QWidget):
    """Signals:
        open_requested(int): the clerk double-clicked a reminder: show that suggestion.
    """

    open_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self.model = ReminderModel([
            Column("title", "意见建议", 260),
            Column("unit_name", "承办单位", 150, text=lambda r: r.get("unit_name") or "（未交办）"),
            Column("pending", "待办环节", 70),
            Column("deadline", "办理期限", 130,
                   text=lambda r: deadline_label(r.get("deadline"), r.get("deadline_provisional"))),
            Column("days", "状况", 100, text=days_text, sort_key=lambda r: -r["days"]),
            Column("date", "提出日期", 96),
            Column("submitter_names", "提出人", 140),
        ], self)
        self.table = FilterTable(self.model, search_placeholder="在督办清单中搜索标题、单位…", unit="件")
        self.summary = QLabel()
        self.summary.setObjectName("reminders_summary")
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        self.preview_button = QPushButton("打印预览…")
        self.preview_button.clicked.connect(self.preview)
        self.excel_button = QPushButton("导出Excel…")
        self.excel_button.clicked.connect(lambda: self.export_excel())
        for button in (self.refresh_button, self.preview_button, self.excel_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(lambda row: self.open_requested.emit(row["id"]))

    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def refresh(self) -> list[dict]:
        rows = suggestion_reports.reminder_rows(self.ctx.db, self.day())
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r["flag"] == "overdue")
        self.summary.setText(f"截至 {self.day().isoformat()}：已逾期 {overdue} 件（红色），"
                             f"即将到期 {len(rows) - overdue} 件（黄色）。")
        return rows

    def _render_pdf(self, path: Path) -> Path:
        return suggestion_reports.write_reminders(self.ctx.db, self.model.rows(), path, today=self.day())

    def preview(self) -> Path | None:
        self.refresh()
        return render_and_preview(self, self._render_pdf, f"督办提醒清单_{self.day().isoformat()}.pdf",
                                  title="督办提醒清单预览")

    def export_excel(self, target: str | None = None) -> Path | None:
        self.refresh()
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, "导出督办提醒清单",
                                                    f"督办提醒清单_{self.day().isoformat()}.xlsx",
                                                    "Excel 工作簿 (*.xlsx)")
            if not target:
                return None
        path = Path(target)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            return suggestion_reports.write_reminders(self.ctx.db, self.model.rows(), path, today=self.day())
        except OSError as err:
            show_error(self, UserError(f"无法写入 {path}：{err}"))
            return None
