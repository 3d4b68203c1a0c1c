"""Attendance of one activity: a row per deputy with 出席/请假/缺席 and the leave reason."""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.activities import ABSENT, ATTENDANCE_STATUSES, ON_LEAVE, PRESENT

NAME, STATUS, REASON = range(3)


class AttendanceEditor(QWidget):
    """Rows of (deputy, status, reason).

    ``group_members()`` is asked for "本组全体成员" ({deputy_id: name} of the group chosen in the
    form, or a message when no group is chosen); ``choose_deputies(current_ids)`` opens a
    picker and returns {deputy_id: name} to add, None when cancelled, or a message when nobody can be chosen.

    Signals:
        changed(): a row was added, removed or changed.
    """

    changed = Signal()

    def __init__(self, group_members: Callable[[], dict[int, str] | str],
                 choose_deputies: Callable[[list[int]], dict[int, str] | str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group_members = group_members
        self._choose_deputies = choose_deputies
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("attendance_table")
        self.table.setHorizontalHeaderLabels(["代表", "出勤情况", "请假事由"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(NAME, 140)
        self.table.setColumnWidth(STATUS, 90)

        self.group_button = QPushButton("本组全体成员")
        self.group_button.setToolTip("把所选代表小组的全体在任成员加入名单，默认“出席”")
        self.add_button = QPushButton("添加代表…")
        self.remove_button = QPushButton("移除所选")
        self.all_present_button = QPushButton("全部设为出席")
        self.summary = QLabel()
        self.summary.setObjectName("attendance_summary")
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.group_button.clicked.connect(self.add_group)
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)
        self.all_present_button.clicked.connect(lambda: self.set_all(PRESENT))

        buttons = QHBoxLayout()
        for button in (self.group_button, self.add_button, self.remove_button, self.all_present_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.changed.connect(self._update_summary)
        self._update_summary()

    # Rows ----------------------------------------------------------------------------------
    def _row_of(self, deputy_id: int) -> int | None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, NAME).data(Qt.UserRole) == deputy_id:
                return row
        return None

    def set_entry(self, deputy_id: int, name: str, status: str = PRESENT, reason: str | None = None) -> None:
        """Add the deputy, or change the row already there."""
        row = self._row_of(deputy_id)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            item = QTableWidgetItem(name)
            item.setData(Qt.UserRole, deputy_id)
            self.table.setItem(row, NAME, item)
            combo = QComboBox()
            combo.addItems(ATTENDANCE_STATUSES)
            reason_edit = QLineEdit()
            reason_edit.setPlaceholderText("请假时填写事由")
            combo.currentTextChanged.connect(lambda text, edit=reason_edit: self._status_changed(edit, text))
            reason_edit.textChanged.connect(lambda _t: self.changed.emit())
            self.table.setCellWidget(row, STATUS, combo)
            self.table.setCellWidget(row, REASON, reason_edit)
        self.status_combo(row).setCurrentText(status)
        self.reason_edit(row).setText(reason or "")
        self._status_changed(self.reason_edit(row), status)

    def _status_changed(self, edit: QLineEdit, status: str) -> None:
        # A reason only means something for 请假; the field stays but is greyed out otherwise.
        edit.setEnabled(status == ON_LEAVE)
        self.changed.emit()

    def status_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, STATUS)

    def reason_edit(self, row: int) -> QLineEdit:
        return self.table.cellWidget(row, REASON)

    def row_for(self, deputy_id: int) -> int | None:
        return self._row_of(deputy_id)

    def set_attendance(self, rows: Iterable[dict]) -> None:
        """Rows like db.activities.attendance_of (deputy_id, name, status, reason)."""
        self.table.setRowCount(0)
        for r in rows:
            self.set_entry(r["deputy_id"], r["name"], r["status"], r.get("reason"))
        self.changed.emit()

    def attendance(self) -> dict[int, tuple[str, str | None]]:
        result = {}
        for row in range(self.table.rowCount()):
            status = self.status_combo(row).currentText()
            reason = self.reason_edit(row).text().strip() if status == ON_LEAVE else ""
            result[self.table.item(row, NAME).data(Qt.UserRole)] = (status, reason or None)
        return result

    def problems(self) -> list[str]:
        """Leave without a reason is refused: the county's checks ask why a deputy was excused."""
        missing = [self.table.item(row, NAME).text() for row in range(self.table.rowCount())
                   if self.status_combo(row).currentText() == ON_LEAVE and not self.reason_edit(row).text().strip()]
        return [f"请填写{'、'.join(missing)}的请假事由"] if missing else []

    def counts(self) -> dict[str, int]:
        result = {s: 0 for s in ATTENDANCE_STATUSES}
        for status, _reason in self.attendance().values():
            result[status] += 1
        return result

    # Buttons -------------------------------------------------------------------------------
    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def add_group(self) -> int:
        """本组全体成员: members not yet listed come in as 出席; returns how many were added."""
        members = self._group_members()
        if isinstance(members, str):
            self.show_message(members)
            return 0
        added = 0
        for deputy_id, name in members.items():
            if self._row_of(deputy_id) is None:
                self.set_entry(deputy_id, name, PRESENT)
                added += 1
        self.show_message(None if members else "所选小组没有在任成员。")
        self.changed.emit()
        return added

    def add_chosen(self) -> None:
        chosen = self._choose_deputies([d for d in self.attendance()])
        if isinstance(chosen, str):   # nobody to choose from: say what to do instead of an empty picker
            self.show_message(chosen)
            return
        if chosen is None:
            return
        for deputy_id, name in chosen.items():
            if self._row_of(deputy_id) is None:
                self.set_entry(deputy_id, name, PRESENT)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self.changed.emit()

    def set_all(self, status: str) -> None:
        for row in range(self.table.rowCount()):
            self.status_combo(row).setCurrentText(status)

    def _update_summary(self) -> None:
        c = self.counts()
        self.summary.setText(f"共 {self.table.rowCount()} 人：出席 {c[PRESENT]}　请假 {c[ON_LEAVE]}　缺席 {c[ABSENT]}")
