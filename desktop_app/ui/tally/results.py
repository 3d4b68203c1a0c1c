"""The live results panel: per candidate 同意/反对/弃权 (or 测评 ratings), valid/invalid, who is elected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..vote_outcome import (  # noqa: F401  (the page reads them here)
    ELECTED_WORD, alarming, hall_outcome_text, outcome_text, summary_text,
)


def threshold_text(result: dict) -> str:
    total = result["total_deputies"]
    if result["type"] == "测评":
        return f"全体代表 {total} 人；满意率 =（满意 + 基本满意）÷ 有效票"
    return f"全体代表 {total} 人，通过需同意票超过半数，即至少 {total // 2 + 1} 票"


def status_of(result: dict, name: str, provisional: bool = False) -> str:
    if provisional:
        return ""     # nobody is 当选 before the last ballot is entered
    if not result["valid"]:
        return "—"
    if name in result["elected"]:
        return ELECTED_WORD.get(result["type"], "")
    if name in result["tied"]:
        return "票数相等"
    return ""


def table_rows(result: dict, provisional: bool = False) -> tuple[list[str], list[list[str]]]:
    """Headers and text rows of the results table for any kind of item (no verdicts while provisional)."""
    kind = result["type"]
    if kind == "测评":
        headers = ["项目", "满意", "基本满意", "不满意", "弃权", "满意率"]
        rows = [[s["name"], str(s["satisfied"]), str(s["basically_satisfied"]), str(s["unsatisfied"]),
                 str(s["abstain"]), f"{s['rate'] * 100:.2f}%"] for s in result["satisfaction"] or []]
        return headers, rows
    if kind == "表决":
        headers = ["事项", "赞成", "反对", "弃权", "结果"]
        rows = [[r["name"], str(r["agree"]), str(r["oppose"]), str(r["abstain"]),
                 ("通过" if result["adopted"] else "未通过") if result["valid"] and not provisional else "—"]
                for r in result["results"]]
        return headers, rows
    first = "候选人" if kind == "选举" else "项目"
    headers = [first, "同意", "反对", "弃权", "结果"]
    rows = []
    for r in result["results"]:
        name = r["name"] + ("（另选）" if r["write_in"] else "")
        rows.append([name, str(r["agree"]), str(r["oppose"]), str(r["abstain"]),
                     status_of(result, r["name"], provisional)])
    return headers, rows


class ResultsPanel(QWidget):
    """Shows one count (the dict of domain.ballots.count) and where counting stands; ``show_result(None)`` empties it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("resultSummary")
        font = QFont(self.font())
        font.setPointSize(12)
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)   # 计票中（已录入 x / 收回 y） makes the line long: wrap, never widen the page
        self.threshold = QLabel()
        self.threshold.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, 0)   # columns come with the first result (no bare "1 2 3" headers)
        self.table.setObjectName("resultTable")
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Interactive + one resize when the rows change shape: ResizeToContents would re-measure the whole
        # table on every cell written, which costs a frame's time per saved ballot.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._shape: tuple = ()
        self.outcome = QLabel()
        self.outcome.setObjectName("resultOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.threshold)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)
        self.result: dict | None = None
        self.counting = None

    def show_result(self, result: dict | None, counting=None) -> None:
        """``counting`` (domain.counting.Counting) words the result as provisional until counting is complete."""
        self.result = result
        self.counting = counting
        if result is None:
            self.summary.setText("尚未选择表决事项")
            self.threshold.clear()
            self.outcome.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self._shape = ()
            return
        provisional = counting is not None and counting.provisional
        self.summary.setText(summary_text(result, counting))
        self.threshold.setText(threshold_text(result))
        self.outcome.setText(hall_outcome_text(result, counting))
        self.outcome.setStyleSheet("color: #c62828;" if alarming(result, counting) else
                                   "color: #455a64;" if provisional else "color: #1b5e20;")
        headers, rows = table_rows(result, provisional)
        shape = (tuple(headers), tuple(row[0] for row in rows))
        if shape != self._shape:
            self._rebuild(headers, rows)
            self._shape = shape
        highlight, plain = QBrush(QColor("#e8f5e9")), QBrush()
        for r, row in enumerate(rows):
            marked = row[-1] in ("当选", "入选", "通过")
            for c, text in enumerate(row):
                cell = self.table.item(r, c)
                if cell.text() != text:
                    cell.setText(text)
                cell.setBackground(highlight if marked else plain)

    def _rebuild(self, headers: list[str], rows: list[list[str]]) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = QTableWidgetItem(text)
                if c > 0:
                    cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()

    def cell_text(self, name: str, column: str) -> str:
        """The text in the row of ``name`` under header ``column`` (for tests and the status bar)."""
        headers = [self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())]
        col = headers.index(column)
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text().removesuffix("（另选）") == name:
                return self.table.item(r, col).text()
        raise KeyError(name)
