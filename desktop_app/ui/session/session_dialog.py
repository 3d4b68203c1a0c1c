"""Create or edit a session: 第X届人民代表大会第Y次会议, dates, place, 全体代表人数 (with reason), agenda."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from ...db import sessions as sessions_db
from ...db import terms as terms_db
from ...domain.sessions import session_problems
from ...errors import UserError
from ...ops import sessions as session_ops
from ..widgets.dates import DateEdit, DateError
from ..widgets.record_dialog import FormErrors, RecordDialog
from ..widgets.screen_fit import fit_to_screen

DATE_FIELDS = ("start_date", "end_date")
# Which field a refusal from the store belongs to, by a word of its message.
_FIELD_HINTS = (("已经存在", "name"), ("全体代表人数", "total_deputies"))


class SessionDialog(RecordDialog):
    """Fields of one session; ``accept`` writes through ops.sessions and keeps the dialog open on an error.

    Each field is checked when the clerk leaves it; 保存 shows every problem at once beside its field.
    ``changes`` is what the save did (None until saved), for the page to announce.
    """

    def __init__(self, db, session: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("编辑会议" if session else "新建会议", parent)
        self.db = db
        self.session = session
        self.session_id: int | None = session["id"] if session else None
        self.changes = None
        session = session or {}
        f = self.form

        self.term = f.add_field("term_id", "届次", QComboBox())
        for term in terms_db.list_terms(db):
            self.term.addItem(term["name"], term["id"])
        current = session.get("term_id") or terms_db.current_term_id(db)
        if current is not None:
            self.term.setCurrentIndex(max(0, self.term.findData(current)))
        self.number = f.add_field("number", "第几次会议", QSpinBox())
        self.number.setRange(1, 99)
        self.number.setValue(session.get("number") or self._next_number())
        self.name = f.add_field("name", "会议名称", QLineEdit(session.get("name") or ""))
        self.name.setPlaceholderText("第十八届人民代表大会第三次会议")
        self._auto_name = not self.session
        self.name.textEdited.connect(lambda _text: setattr(self, "_auto_name", False))
        self.start = f.add_field("start_date", "开始日期", DateEdit())
        self.start.set_iso(session.get("start_date"))
        self.end = f.add_field("end_date", "结束日期", DateEdit())
        self.end.set_iso(session.get("end_date"))
        self.end.setPlaceholderText("例如 2026-03-06")
        self.place = f.add_field("place", "地点", QLineEdit(session.get("place") or ""))
        self.total = f.add_field("total_deputies", "全体代表人数", QSpinBox())
        self.total.setRange(1, 9999)
        self.roster_label = f.add_field("roster_count", "", QLabel())
        self.roster_label.setStyleSheet("color: #555;")
        self.reason = f.add_field("total_reason", "人数说明", QLineEdit(session.get("total_reason") or ""))
        self.reason.setPlaceholderText("与名册人数不同时必填，例如：一名代表已辞职，尚未补选")
        self.agenda = f.add_field("agenda", "议程", QPlainTextEdit(session.get("agenda") or ""))
        self.agenda.setFixedHeight(90)

        self.term.currentIndexChanged.connect(self._term_changed)
        self.number.valueChanged.connect(self._suggest_name)
        self.total.valueChanged.connect(self._total_changed)
        self.reason.textChanged.connect(self._total_changed)
        self._term_changed()
        if self.session:
            self.total.setValue(self.session["total_deputies"])
        # A bad date, an end before the start or a total without its reason shows when the clerk tabs on.
        self.check_on_leave(("number", "name", "start_date", "end_date", "total_deputies", "total_reason"),
                            self.problems)
        # Room for a few messages under the fields before the form scrolls.
        fit_to_screen(self, 560, self.sizeHint().height() + 80)
        self.name.setFocus()

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
        if not self.form.error_text("total_reason"):
            # A gentle yellow asks for the reason; once the clerk was told it is missing the red border stays.
            self.reason.setStyleSheet("background: #fff8e1;" if differs and not self.reason.text().strip() else "")

    # Values ----------------------------------------------------------------------------------
    def _read(self) -> tuple[dict, dict[str, str]]:
        """The form as db/sessions arguments (unreadable dates as None) and the messages for those dates."""
        values = {
            "term_id": self.term.currentData(), "number": self.number.value(), "name": self.name.text(),
            "place": self.place.text(), "total_deputies": self.total.value(),
            "total_reason": self.reason.text() if self.reason.isEnabled() else None,
            "agenda": self.agenda.toPlainText(),
        }
        unreadable = {}
        for key in DATE_FIELDS:
            try:
                values[key] = self.form.fields[key].iso()
            except DateError as err:
                values[key] = None
                unreadable[key] = str(err)
        return values, unreadable

    def values(self) -> dict:
        """The form as db/sessions arguments; raises FormErrors for dates that cannot be read."""
        values, unreadable = self._read()
        if unreadable:
            raise FormErrors(unreadable)
        return values

    def problems(self) -> dict[str, str]:
        """Every problem of the form at once: a bad date no longer hides a missing name or reason."""
        values, unreadable = self._read()
        return {**session_problems(values, roster=self.roster_count()), **unreadable}

    def save(self) -> None:
        problems = self.problems()
        if problems:
            raise FormErrors(problems)
        values = self.values()
        try:
            if self.session_id is None:
                self.changes = session_ops.create(self.db, values)
                self.session_id = self.changes.value
            else:
                self.changes = session_ops.update(self.db, self.session_id, values)
        except UserError as err:
            field = next((key for word, key in _FIELD_HINTS if word in str(err)), None)
            if field:
                raise FormErrors({field: str(err)}) from None
            raise
