"""Create or edit a session: 第X届人民代表大会第Y次会议, dates, place, 全体代表人数 (with reason), agenda."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout,
    QWidget,
)

from ...db import sessions as sessions_db
from ...db import terms as terms_db
from ...errors import UserError
from ...ops import sessions as session_ops
from ..widgets.dates import DateError, parse_date


class SessionDialog(QDialog):
    """Fields of one session; ``accept`` writes through ops.sessions and keeps the dialog open on an error.

    ``changes`` is what the save did (None until saved), for the page to announce.
    """

    def __init__(self, db, session: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session = session
        self.session_id: int | None = session["id"] if session else None
        self.changes = None
        self.setWindowTitle("编辑会议" if session else "新建会议")
        self.setMinimumWidth(520)

        self.term = QComboBox()
        for term in terms_db.list_terms(db):
            self.term.addItem(term["name"], term["id"])
        current = (session or {}).get("term_id") or terms_db.current_term_id(db)
        if current is not None:
            self.term.setCurrentIndex(max(0, self.term.findData(current)))
        self.number = QSpinBox()
        self.number.setRange(1, 99)
        self.number.setValue((session or {}).get("number") or self._next_number())
        self.name = QLineEdit((session or {}).get("name") or "")
        self.name.setPlaceholderText("第十八届人民代表大会第三次会议")
        self._auto_name = not session
        self.name.textEdited.connect(lambda _text: setattr(self, "_auto_name", False))
        self.start = QLineEdit((session or {}).get("start_date") or "")
        self.start.setPlaceholderText("2026-03-05")
        self.end = QLineEdit((session or {}).get("end_date") or "")
        self.end.setPlaceholderText("2026-03-06")
        self.place = QLineEdit((session or {}).get("place") or "")
        self.total = QSpinBox()
        self.total.setRange(1, 9999)
        self.roster_label = QLabel()
        self.roster_label.setStyleSheet("color: #555;")
        self.reason = QLineEdit((session or {}).get("total_reason") or "")
        self.reason.setPlaceholderText("与名册人数不同时必填，例如：一名代表已辞职，尚未补选")
        self.agenda = QPlainTextEdit((session or {}).get("agenda") or "")
        self.agenda.setFixedHeight(90)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow("届次", self.term)
        form.addRow("第几次会议", self.number)
        form.addRow("会议名称", self.name)
        form.addRow("开始日期", self.start)
        form.addRow("结束日期", self.end)
        form.addRow("地点", self.place)
        form.addRow("全体代表人数", self.total)
        form.addRow("", self.roster_label)
        form.addRow("人数说明", self.reason)
        form.addRow("议程", self.agenda)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.term.currentIndexChanged.connect(self._term_changed)
        self.number.valueChanged.connect(self._suggest_name)
        self.total.valueChanged.connect(self._total_changed)
        self._term_changed()
        if session:
            self.total.setValue(session["total_deputies"])

    def _next_number(self) -> int:
        term_id = self.term.currentData()
        numbers = [s["number"] for s in sessions_db.list_sessions(self.db, term_id=term_id)]
        return max(numbers, default=0) + 1

    def roster_count(self) -> int:
        return sessions_db.serving_deputy_count(self.db, self.term.currentData())

    def _term_changed(self) -> None:
        roster = self.roster_count()
        self.roster_label.setText(f"名册中本届在任的乡镇代表 {roster} 人")
        if not self.session:
            self.total.setValue(max(roster, 1))
        self._suggest_name()
        self._total_changed()

    def _suggest_name(self) -> None:
        if self._auto_name and self.term.currentIndex() >= 0:
            self.name.setText(sessions_db.default_session_name(self.term.currentText(), self.number.value()))

    def _total_changed(self) -> None:
        differs = self.total.value() != self.roster_count()
        self.reason.setEnabled(differs or bool(self.reason.text()))
        self.reason.setStyleSheet("background: #fff8e1;" if differs and not self.reason.text().strip() else "")

    def values(self) -> dict:
        """The form as db/sessions arguments; raises UserError for a date that cannot be read."""
        dates = {}
        for key, edit, label in (("start_date", self.start, "开始日期"), ("end_date", self.end, "结束日期")):
            try:
                dates[key] = parse_date(edit.text())
            except DateError as err:
                raise UserError(f"{label}：{err}") from None
        return {
            "term_id": self.term.currentData(), "number": self.number.value(), "name": self.name.text(),
            "place": self.place.text(), "total_deputies": self.total.value(),
            "total_reason": self.reason.text() if self.reason.isEnabled() else None,
            "agenda": self.agenda.toPlainText(), **dates,
        }

    def accept(self) -> None:
        try:
            values = self.values()
            if self.session_id is None:
                self.changes = session_ops.create(self.db, values)
                self.session_id = self.changes.value
            else:
                self.changes = session_ops.update(self.db, self.session_id, values)
        except UserError as err:
            self.error.setText(str(err))
            return
        super().accept()
