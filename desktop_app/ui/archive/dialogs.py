"""Forms of the archive records: 荣誉/处分, 述职 with the voters' votes, and notes."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ...db import deputy_notes, honors, report_backs
from ...errors import UserError
from ..widgets.dates import DateEdit, DateError
from ..widgets.record_dialog import FormErrors, RecordDialog

# Which field a message from the db layer concerns, by the words it names.
_FIELD_WORDS = (("日期", "date"), ("名称", "title"), ("类别", "kind"), ("到会选民", "voters_present"),
                ("基本满意票", "basically_satisfied"), ("不满意票", "unsatisfied"), ("满意票", "satisfied"),
                ("测评票数", "satisfied"), ("总体评价", "evaluation"), ("备注内容", "text"))


def _as_form_error(err: UserError) -> UserError:
    text = str(err)
    for word, field in _FIELD_WORDS:
        if word in text:
            return FormErrors({field: text})
    return err


def _date(edit: DateEdit, key: str, label: str) -> str:
    try:
        value = edit.iso()
    except DateError as err:
        raise FormErrors({key: str(err)}) from None
    if not value:
        raise FormErrors({key: f"请填写{label}"})
    return value


class HonorDialog(RecordDialog):
    """One 荣誉 or 处分 record; ``saved_id`` after a successful save."""

    def __init__(self, db, deputy: dict, honor: dict | None = None, parent: QWidget | None = None, *,
                 kind: str = "荣誉", on_saved: Callable[[int], None] | None = None) -> None:
        kind = honor["kind"] if honor else kind
        super().__init__(f"{'编辑' if honor else '新增'}{kind}记录：{deputy['name']}", parent)
        self.db, self.deputy, self.honor, self.on_saved = db, deputy, honor, on_saved
        self.saved_id = honor["id"] if honor else None
        honor = honor or {}
        self.kind_combo = self.form.add_field("kind", "类别", QComboBox())
        self.kind_combo.addItems(list(honors.KINDS))
        self.kind_combo.setCurrentText(kind)
        self.title_edit = self.form.add_field("title", "名称 *", QLineEdit(honor.get("title") or ""))
        self.title_edit.setPlaceholderText("如：优秀人大代表；处分写明种类，如：诫勉谈话")
        self.date_edit = self.form.add_field("date", "日期 *", DateEdit())
        self.date_edit.set_iso(honor.get("date") or dt.date.today().isoformat())
        self.issuer_edit = self.form.add_field("issuer", "授予/决定单位", QLineEdit(honor.get("issuer") or ""))
        self.note_edit = self.form.add_field("note", "备注", QPlainTextEdit(honor.get("note") or ""))
        self.note_edit.setFixedHeight(70)
        self.resize(460, 340)

    def save(self) -> None:
        values = {"kind": self.kind_combo.currentText(), "title": self.title_edit.text(),
                  "date": _date(self.date_edit, "date", "日期"), "issuer": self.issuer_edit.text(),
                  "note": self.note_edit.toPlainText()}
        if not values["title"].strip():
            raise FormErrors({"title": "请填写名称"})
        try:
            if self.honor is None:
                self.saved_id = honors.add_honor(self.db, self.deputy["id"], **values)
            else:
                honors.update_honor(self.db, self.honor["id"], values)
        except UserError as err:
            raise _as_form_error(err) from None
        if self.on_saved:
            self.on_saved(self.saved_id)


class ReportBackDialog(RecordDialog):
    """One 述职 with the votes 满意/基本满意/不满意; an empty 总体评价 follows from the votes."""

    AUTO = "（按票数自动评定）"

    def __init__(self, db, deputy: dict, report: dict | None = None, parent: QWidget | None = None, *,
                 on_saved: Callable[[int], None] | None = None) -> None:
        super().__init__(f"{'编辑' if report else '登记'}述职：{deputy['name']}", parent, columns=2)
        self.db, self.deputy, self.report, self.on_saved = db, deputy, report, on_saved
        self.saved_id = report["id"] if report else None
        report = report or {}
        self.date_edit = self.form.add_field("date", "述职日期 *", DateEdit())
        self.date_edit.set_iso(report.get("date") or dt.date.today().isoformat())
        self.place_edit = self.form.add_field("place", "地点", QLineEdit(report.get("place") or ""))
        self.count_edits = {}
        for key in ("voters_present", "satisfied", "basically_satisfied", "unsatisfied"):
            edit = QLineEdit("" if report.get(key) is None else str(report[key]))
            edit.setPlaceholderText("人数")
            self.count_edits[key] = self.form.add_field(key, report_backs.COUNT_LABELS[key], edit)
        self.evaluation_combo = self.form.add_field("evaluation", "总体评价", QComboBox())
        self.evaluation_combo.addItems([self.AUTO, *report_backs.EVALUATIONS])
        if report.get("evaluation"):
            self.evaluation_combo.setCurrentText(report["evaluation"])
        self.note_edit = self.form.add_field("note", "备注", QPlainTextEdit(report.get("note") or ""), span=True)
        self.note_edit.setFixedHeight(60)
        self.resize(560, 360)

    def save(self) -> None:
        evaluation = self.evaluation_combo.currentText()
        values = {"date": _date(self.date_edit, "date", "述职日期"), "place": self.place_edit.text(),
                  **{k: e.text() for k, e in self.count_edits.items()},
                  "evaluation": None if evaluation == self.AUTO else evaluation,
                  "note": self.note_edit.toPlainText()}
        try:
            if self.report is None:
                self.saved_id = report_backs.add_report_back(self.db, self.deputy["id"], **values)
            else:
                if values["evaluation"] is None:
                    values.pop("evaluation")    # recomputed from the votes when they change
                report_backs.update_report_back(self.db, self.report["id"], values)
        except UserError as err:
            raise _as_form_error(err) from None
        if self.on_saved:
            self.on_saved(self.saved_id)


class NoteDialog(RecordDialog):
    """A dated free note in the archive."""

    def __init__(self, db, deputy: dict, note: dict | None = None, parent: QWidget | None = None, *,
                 on_saved: Callable[[int], None] | None = None) -> None:
        super().__init__(f"{'编辑' if note else '新增'}备注：{deputy['name']}", parent)
        self.db, self.deputy, self.note, self.on_saved = db, deputy, note, on_saved
        self.saved_id = note["id"] if note else None
        note = note or {}
        self.date_edit = self.form.add_field("date", "日期 *", DateEdit())
        self.date_edit.set_iso(note.get("date") or dt.date.today().isoformat())
        self.text_edit = self.form.add_field("text", "内容 *", QPlainTextEdit(note.get("text") or ""))
        self.resize(480, 320)

    def save(self) -> None:
        values = {"date": _date(self.date_edit, "date", "日期"), "text": self.text_edit.toPlainText()}
        try:
            if self.note is None:
                self.saved_id = deputy_notes.add_note(self.db, self.deputy["id"], **values)
            else:
                deputy_notes.update_note(self.db, self.note["id"], values)
        except UserError as err:
            raise _as_form_error(err) from None
        if self.on_saved:
            self.on_saved(self.saved_id)
