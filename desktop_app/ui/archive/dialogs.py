"""Forms of the archive records: 荣誉/处分, 述职 with the voters' votes, and notes.

Each form hands its values to ``submit(values)`` (the page runs the undoable command there) and shows
a refusal from the db layer next to the field it names.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ...db import honors, report_backs
from ..widgets.dates import DateEdit, DateError
from ..widgets.list_page import FormDialog
from ..widgets.record_dialog import FormErrors
from ..widgets.screen_fit import fit_to_screen

# Which field a message from the db layer concerns, by the words it names.
_FIELD_WORDS = (("日期", "date"), ("名称", "title"), ("类别", "kind"), ("到会选民", "voters_present"),
                ("基本满意票", "basically_satisfied"), ("不满意票", "unsatisfied"), ("满意票", "satisfied"),
                ("测评票数", "satisfied"), ("总体评价", "evaluation"), ("备注内容", "text"))


def _date(edit: DateEdit, key: str, label: str) -> str:
    try:
        value = edit.iso()
    except DateError as err:
        raise FormErrors({key: str(err)}) from None
    if not value:
        raise FormErrors({key: f"请填写{label}"})
    return value


class HonorDialog(FormDialog):
    """One 荣誉 or 处分 record."""

    FIELD_WORDS = _FIELD_WORDS

    def __init__(self, deputy: dict, submit: Callable[[dict], object], honor: dict | None = None,
                 parent: QWidget | None = None, *, kind: str = "荣誉") -> None:
        kind = honor["kind"] if honor else kind
        super().__init__(f"{'编辑' if honor else '新增'}{kind}记录：{deputy['name']}", submit, parent)
        self.deputy, self.honor = deputy, honor
        honor = honor or {}
        self.kind_combo = self.form.add_field("kind", "类别", QComboBox())
        self.kind_combo.addItems(list(honors.KINDS))
        self.kind_combo.setCurrentText(kind)
        self.title_edit = self.form.add_field("title", "名称 *", QLineEdit(honor.get("title") or ""))
        self.title_edit.setPlaceholderText("如：优秀人大代表；处分写明种类，如：诫勉谈话")
        self.date_edit = self.form.add_field("date", "日期 *", DateEdit())
        self.date_edit.set_iso(honor.get("date") or dt.date.today().isoformat())
        # 年度 printed on the 荣誉证书; it follows the date (Jan–Jun: the year before) until the clerk types one
        self.year_edit = self.form.add_field("year", "年度", QLineEdit())
        self.year_edit.setPlaceholderText("如：2025")
        self.year_edit.setToolTip("荣誉证书上印的“××年度”。上半年授予的一般是上一年度的荣誉。")
        self._year_typed = bool(honor.get("year"))
        self.year_edit.setText(str(honor.get("year") or self._default_year()))
        self.year_edit.textEdited.connect(self._year_was_typed)
        self.date_edit.textChanged.connect(self._follow_date)
        self.issuer_edit = self.form.add_field("issuer", "授予/决定单位", QLineEdit(honor.get("issuer") or ""))
        self.note_edit = self.form.add_field("note", "备注", QPlainTextEdit(honor.get("note") or ""))
        self.note_edit.setFixedHeight(70)
        fit_to_screen(self, 460, 340)

    def _default_year(self) -> str:
        try:
            day = self.date_edit.iso()
        except DateError:
            return ""
        return str(honors.default_honor_year(day)) if day else ""

    def _year_was_typed(self, _text: str) -> None:
        self._year_typed = True

    def _follow_date(self, _text: str) -> None:
        if not self._year_typed:
            self.year_edit.setText(self._default_year())

    def values(self) -> dict:
        values = {"kind": self.kind_combo.currentText(), "title": self.title_edit.text(),
                  "date": _date(self.date_edit, "date", "日期"), "issuer": self.issuer_edit.text(),
                  "note": self.note_edit.toPlainText(), "year": self.year_edit.text()}
        if not values["title"].strip():
            raise FormErrors({"title": "请填写名称"})
        return values


class ReportBackDialog(FormDialog):
    """One 述职 with the votes 满意/基本满意/不满意; an empty 总体评价 follows from the votes."""

    AUTO = "（按票数自动评定）"
    FIELD_WORDS = _FIELD_WORDS

    def __init__(self, deputy: dict, submit: Callable[[dict], object], report: dict | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"{'编辑' if report else '登记'}述职：{deputy['name']}", submit, parent, columns=2)
        self.deputy, self.report = deputy, report
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
        fit_to_screen(self, 560, 360)

    def values(self) -> dict:
        evaluation = self.evaluation_combo.currentText()
        values = {"date": _date(self.date_edit, "date", "述职日期"), "place": self.place_edit.text(),
                  **{k: e.text() for k, e in self.count_edits.items()},
                  "evaluation": None if evaluation == self.AUTO else evaluation,
                  "note": self.note_edit.toPlainText()}
        if self.report is not None and values["evaluation"] is None:
            values.pop("evaluation")    # recomputed from the votes when they change
        return values


class NoteDialog(FormDialog):
    """A dated free note in the archive."""

    FIELD_WORDS = _FIELD_WORDS

    def __init__(self, deputy: dict, submit: Callable[[dict], object], note: dict | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"{'编辑' if note else '新增'}备注：{deputy['name']}", submit, parent)
        self.deputy, self.note = deputy, note
        note = note or {}
        self.date_edit = self.form.add_field("date", "日期 *", DateEdit())
        self.date_edit.set_iso(note.get("date") or dt.date.today().isoformat())
        self.text_edit = self.form.add_field("text", "内容 *", QPlainTextEdit(note.get("text") or ""))
        fit_to_screen(self, 480, 320)

    def values(self) -> dict:
        return {"date": _date(self.date_edit, "date", "日期"), "text": self.text_edit.toPlainText()}
