"""统计 tab of the suggestion page: the figures of any period, previewed and exported as the county's PDF/Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ...domain.suggestions import RESULT_CLASSES
from ...errors import UserError
from ...ops import suggestion_reports
from ...reports.pdf.suggestion_stats import breakdown_rows, percent
from ..context import AppContext
from ..print_preview import render_and_preview
from ..widgets.dates import DateEdit, DateError
from ..widgets.messages import show_error


def _table(headers: list[str], text_column: int | None = None) -> QTableWidget:
    """``text_column`` (a unit's or result's name) takes the spare width; numbers keep to their contents."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    header = table.horizontalHeader()
    if text_column is None:
        header.setSectionResizeMode(QHeaderView.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(text_column, QHeaderView.Stretch)
    return table


class _Item(QTableWidgetItem):
    """Numbers and percentages sort by value, text by text (a header click on 办结率 ranks the units)."""

    def _key(self) -> tuple:
        try:
            return (0, float(self.text().rstrip("%")), "")
        except ValueError:
            return (1, 0.0, self.text())

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self._key() < other._key() if isinstance(other, _Item) else super().__lt__(other)


def _sortable(table: QTableWidget) -> QTableWidget:
    """Rows keep the statistics' order until the clerk clicks a header."""
    table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def _fill(table: QTableWidget, rows: list[list]) -> None:
    sorting = table.isSortingEnabled()
    table.setSortingEnabled(False)   # filling a sorted table would move rows while they are written
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, _Item("" if value is None else str(value)))
    table.setSortingEnabled(sorting)


class StatisticsTab(QWidget):
    """Period (default: this year) → 总体, 分类, 办理结果 and 承办单位 tables; 打印预览, 导出PDF, 导出Excel."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        year = dt.date.today().year
        self.start_edit, self.end_edit = DateEdit(), DateEdit()
        self.start_edit.set_iso(f"{year}-01-01")
        self.end_edit.set_iso(f"{year}-12-31")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("统计期间："))
        bar.addWidget(self.start_edit)
        bar.addWidget(QLabel("至"))
        bar.addWidget(self.end_edit)
        self.count_button = QPushButton("统计")
        self.count_button.clicked.connect(self.refresh)
        self.preview_button = QPushButton("打印预览…")
        self.preview_button.clicked.connect(self.preview)
        self.excel_button = QPushButton("导出Excel…")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button = QPushButton("导出PDF…")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        for button in (self.count_button, self.preview_button, self.excel_button, self.pdf_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("stats_summary")
        self.summary.setWordWrap(True)
        self.overview = _table(["收集件数", "办结件数", "办结率", "按期办结", "按期办结率", "满意率", "基本满意率"])
        self.overview.setMaximumHeight(64)
        self.breakdown = _sortable(_table(["类别", "项目", "件数"], 1))
        self.classes = _table(["类别", "办理结果", "件数", "占办结比"], 1)
        self.units = _sortable(_table(["承办单位", "交办", "办结", "按期办结", "办结率", "按期办结率", "满意率"], 0))
        left = QVBoxLayout()
        left.addWidget(QLabel("分类统计"))
        left.addWidget(self.breakdown, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("办理结果"))
        right.addWidget(self.classes)
        right.addWidget(QLabel("承办单位办理情况"))
        right.addWidget(self.units, 1)
        tables = QHBoxLayout()
        tables.addLayout(left, 2)
        tables.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.overview)
        layout.addLayout(tables, 1)
        self.stats: dict | None = None

    def period(self) -> tuple[str, str]:
        try:
            start, end = self.start_edit.iso(), self.end_edit.iso()
        except DateError as err:
            raise UserError(f"统计期间有误：{err}。") from None
        if not start or not end:
            raise UserError("请填写统计期间的起止日期，例如 2026-01-01 至 2026-12-31。")
        if start > end:
            raise UserError(f"统计期间的开始日期 {start} 晚于结束日期 {end}，请改正。")
        return start, end

    def refresh(self) -> dict | None:
        try:
            start, end = self.period()
        except UserError as err:
            show_error(self, err)
            return None
        s = self.stats = suggestion_reports.gather_statistics(self.ctx.db, start, end)
        self.summary.setText(
            f"{start} 至 {end}：收集 {s['total']} 件，办结 {s['done']} 件，按期办结 {s['on_time']} 件，"
            f"已评价 {s['evaluated']} 件（满意 {s['evaluations']['满意']}、基本满意 {s['evaluations']['基本满意']}、"
            f"不满意 {s['evaluations']['不满意']}）。")
        _fill(self.overview, [[s["total"], s["done"], percent(s["done_rate"]), s["on_time"],
                               percent(s["on_time_rate"]), percent(s["satisfied_rate"]),
                               percent(s["basically_satisfied_rate"])]])
        _fill(self.breakdown, [[category, label, count] for category, items in breakdown_rows(s)
                               for label, count in items])
        _fill(self.classes, [[k, v, s["classes"][k], percent(s["class_shares"][k])] for k, v in RESULT_CLASSES.items()])
        _fill(self.units, [[u["unit_name"], u["assigned"], u["done"], u["on_time"], percent(u["done_rate"]),
                            percent(u["on_time_rate"]), percent(u["satisfied_rate"])] for u in s["units"]])
        return s

    def _render(self, path: Path) -> Path:
        stats = self.stats or self.refresh()
        if stats is None:
            raise UserError("请先填写正确的统计期间。")
        return suggestion_reports.write_statistics(self.ctx.db, stats, path)

    def file_name(self, suffix: str) -> str:
        start, end = self.period()
        return f"意见建议办理情况统计_{start}_{end}{suffix}"

    def preview(self) -> Path | None:
        if self.refresh() is None:
            return None
        return render_and_preview(self, self._render, self.file_name(".pdf"), title="意见建议统计预览")

    def export(self, suffix: str, target: str | None = None) -> Path | None:
        """Write the statistics to ``target`` (asked for when None)."""
        if self.refresh() is None:
            return None
        if target is None:
            kind = "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
            target, _ = QFileDialog.getSaveFileName(self, "导出统计", self.file_name(suffix), kind)
            if not target:
                return None
        path = Path(target)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        try:
            return self._render(path)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入 {path}：{err}"))
            return None
