"""签到 tab: one row per deputy with 出席/请假/缺席, keyboard first, live counts and the quorum label.

Keys in the table: 1 or Space = 出席, 2 = 请假, 3 = 缺席, 0 or Delete = 未登记; the cursor then moves
to the next row. Typing letters or Chinese jumps to the search box (name or pinyin initials: 'zs' → 张三).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ...db import sessions as sessions_db
from ...domain.quorum import quorum_message
from ...domain.text import pinyin_initials
from ...errors import UserError
from ...ops import sessions as session_ops
from ..widgets.messages import show_error

STATUS_KEYS = {Qt.Key_1: "出席", Qt.Key_Space: "出席", Qt.Key_2: "请假", Qt.Key_3: "缺席",
               Qt.Key_0: None, Qt.Key_Delete: None}
STATUS_COLOURS = {"出席": "#e8f5e9", "请假": "#fff8e1", "缺席": "#ffebee"}
STATUS_COLUMN = 3


def counts_text(counts: dict) -> str:
    return (f"应到 {counts['expected']} 人　实到 {counts['present']} 人　请假 {counts['leave']} 人　"
            f"缺席 {counts['absent']} 人　未登记 {counts['unset']} 人")


def quorum_text(counts: dict) -> tuple[str, bool]:
    """The quorum sentence and whether it is met (三分之二以上 includes two thirds)."""
    message = quorum_message(counts["present"], counts["expected"])
    if message is None:
        return (f"已达到法定人数：实到 {counts['present']} 人，不少于全体代表 {counts['expected']} 人的三分之二"
                f"（{counts['needed']} 人）", True)
    return message, False


class AttendanceTable(QTableWidget):
    """The table's own keys: status digits and Space; other text goes to the search box."""

    statusKey = Signal(object)   # the status (or None) for the selected rows
    textTyped = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in STATUS_KEYS and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            self.statusKey.emit(STATUS_KEYS[event.key()])
            return
        text = event.text()
        if text and text.isprintable() and not text.isspace() and not event.modifiers() & Qt.ControlModifier:
            self.textTyped.emit(text)
            return
        super().keyPressEvent(event)


class AttendanceTab(QWidget):
    """Attendance of one session; every change is written at once through ops.sessions.

    Signals:
        changed(): attendance changed (the page refreshes its summary).
    """

    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id: int | None = None
        self.rows: list[dict] = []
        self._search_used = False

        self.search = QLineEdit()
        self.search.setObjectName("attendanceSearch")
        self.search.setPlaceholderText("输入姓名或拼音首字母查找，回车到名单")
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._to_table)
        self.all_present = QPushButton("全部出席")
        self.all_present.setToolTip("把尚未登记的代表全部设为出席（已登记的请假、缺席不变）")
        self.all_present.clicked.connect(self.mark_rest_present)
        self.print_button = QPushButton("打印签到表…")
        self.print_button.clicked.connect(self.print_sign_in)
        self.table = AttendanceTable(0, 4)
        self.table.setObjectName("attendanceTable")
        self.table.setHorizontalHeaderLabels(["序号", "姓名", "选区", "状态"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.statusKey.connect(self.set_selected)
        self.table.textTyped.connect(self._typed)
        self.table.doubleClicked.connect(lambda _index: self.set_selected("出席"))
        buttons = []
        for text, status in (("出席 (1)", "出席"), ("请假 (2)", "请假"), ("缺席 (3)", "缺席"), ("清除 (0)", None)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=status: self.set_selected(s))
            buttons.append(button)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("attendanceCounts")
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorumLabel")
        self.quorum_label.setWordWrap(True)
        font = self.quorum_label.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.quorum_label.setFont(font)
        self.counts_label.setFont(font)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.all_present)
        top.addWidget(self.print_button)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        hint = QLabel("键盘：1 或空格 出席，2 请假，3 缺席，0 清除；直接输入姓名查找")
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)   # wraps on a 1024-wide window instead of widening it
        row.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.quorum_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    # Data ------------------------------------------------------------------------------------
    def set_session(self, session_id: int | None) -> None:
        self.session_id = session_id
        self.reload()

    def reload(self) -> None:
        self.rows = sessions_db.attendance(self.db, self.session_id) if self.session_id else []
        for row in self.rows:
            row["_initials"] = pinyin_initials(row["name"])
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate((str(r + 1), row["name"], row.get("district_name") or "", "")):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.UserRole, r)
                self.table.setItem(r, c, cell)
            self._paint_row(r)
        self._filter(self.search.text())
        self.refresh_counts()
        enabled = self.session_id is not None
        for widget in (self.all_present, self.print_button, self.table):
            widget.setEnabled(enabled)

    def _paint_row(self, r: int) -> None:
        status = self.rows[r]["status"]
        self.table.item(r, STATUS_COLUMN).setText(status or "未登记")
        brush = QBrush(QColor(STATUS_COLOURS.get(status, "#ffffff")))
        for c in range(self.table.columnCount()):
            self.table.item(r, c).setBackground(brush)

    def refresh_counts(self) -> None:
        if not self.session_id:
            self.counts_label.clear()
            self.quorum_label.clear()
            return
        counts = sessions_db.attendance_counts(self.db, self.session_id)
        self.counts_label.setText(counts_text(counts))
        text, met = quorum_text(counts)
        self.quorum_label.setText(text)
        self.quorum_label.setProperty("met", met)
        self.quorum_label.setStyleSheet("color: #2e7d32;" if met else "color: #ffffff; background: #c62828; padding: 4px;")

    # Actions ---------------------------------------------------------------------------------
    def set_rows_status(self, row_indexes: list[int], status: str | None) -> None:
        changes = {self.rows[r]["deputy_id"]: status for r in row_indexes if self.rows[r]["status"] != status}
        if not changes or not self.session_id:
            return
        try:
            session_ops.set_attendance(self.db, self.session_id, changes)
        except UserError as err:
            show_error(self, err)
            return
        for r in row_indexes:
            self.rows[r]["status"] = status
            self._paint_row(r)
        self.refresh_counts()
        self.changed.emit()

    def set_selected(self, status: str | None) -> None:
        """Set the selected rows (or the current row), then move to the next visible row."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        if not rows:
            return
        self.set_rows_status(rows, status)
        self._search_used = bool(self.search.text())
        if len(rows) == 1:
            self._move_to(self._next_visible(rows[0]))

    def mark_rest_present(self) -> None:
        self.set_rows_status([r for r, row in enumerate(self.rows) if row["status"] is None], "出席")

    def print_sign_in(self) -> None:
        from ...ops import ballot_papers
        from ..print_preview import render_and_preview

        render_and_preview(self, lambda path: ballot_papers.render_sign_in(self.db, self.session_id, path),
                           ballot_papers.sign_in_file_name(self.db, self.session_id), title="签到表")

    # Finding ---------------------------------------------------------------------------------
    def _matches(self, row: dict, text: str) -> bool:
        text = text.strip().lower()
        return not text or text in row["name"] or row["_initials"].startswith(text)

    def _filter(self, text: str) -> None:
        first = None
        for r, row in enumerate(self.rows):
            hidden = not self._matches(row, text)
            self.table.setRowHidden(r, hidden)
            if not hidden and first is None:
                first = r
        if text.strip() and first is not None:
            self._move_to(first)

    def _typed(self, text: str) -> None:
        # After a status was set from a search, the next name starts a new search.
        self.search.setFocus()
        self.search.setText(text if self._search_used else self.search.text() + text)
        self._search_used = False

    def _to_table(self) -> None:
        self.table.setFocus()
        if self.table.currentRow() < 0 or self.table.isRowHidden(self.table.currentRow()):
            self._move_to(self._next_visible(-1))

    def _next_visible(self, r: int) -> int | None:
        for nxt in range(r + 1, len(self.rows)):
            if not self.table.isRowHidden(nxt):
                return nxt
        return None

    def _move_to(self, r: int | None) -> None:
        if r is not None:
            self.table.setCurrentCell(r, 1)
            self.table.selectRow(r)
