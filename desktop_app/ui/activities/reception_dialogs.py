"""Dialogs of the 接待选民日 tab: a station's schedule rule, and one voter received."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ...db import activity_log
from ...db import stations as stations_db
from ...errors import UserError
from ..context import AppContext
from ..widgets.dates import DateEdit, DateError
from ..widgets.record_dialog import FormErrors, RecordDialog
from .commands import AddVisit, ScheduleChange
from ..widgets.screen_fit import fit_to_screen


def _station_combo(ctx: AppContext, current) -> QComboBox:
    combo = QComboBox()
    for station in stations_db.list_stations(ctx.db):
        combo.addItem(station["name"], station["id"])
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class ScheduleDialog(RecordDialog):
    """Station, rule ('每周一', '每月9日、19日'), place and note of one reception schedule."""

    def __init__(self, ctx: AppContext, schedule: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新增接待日安排" if schedule is None else "修改接待日安排", parent)
        self.ctx, self.schedule = ctx, schedule
        self.schedule_id = schedule["id"] if schedule else None
        fit_to_screen(self, 460, 300)
        schedule = schedule or {}
        self.station_combo = self.form.add_field("station_id", "联络站 *", _station_combo(ctx, schedule.get("station_id")))
        self.rule_edit = self.form.add_field("rule", "接待日 *", QLineEdit(schedule.get("description") or ""))
        self.rule_edit.setPlaceholderText("每周一　或　每月9日、19日")
        self.place_edit = self.form.add_field("place", "接待地点", QLineEdit(schedule.get("own_place") or ""))
        self.place_edit.setPlaceholderText("不填则用联络站地址")
        self.note_edit = self.form.add_field("note", "备注", QLineEdit(schedule.get("note") or ""))

    def save(self) -> None:
        station_id = self.station_combo.currentData()
        rule, place, note = self.rule_edit.text().strip(), self.place_edit.text().strip(), self.note_edit.text().strip()
        problems = {}
        if station_id is None:
            problems["station_id"] = "请先在“代表之家/联络站”页面添加联络站"
        if not rule:
            problems["rule"] = "请填写接待日，例如“每周一”或“每月9日、19日”"
        if problems:
            raise FormErrors(problems)
        old = self.schedule or {}
        name = self.station_combo.currentText()
        # Station, place or note changed: ops retires the old rule and records a new one.
        text = f"{'修改' if self.schedule_id is not None else '新增'}{name}接待日安排"
        try:
            command = ScheduleChange.save(self.ctx, text, {**old, "id": self.schedule_id} if old else None,
                                          station_id, rule, place or None, note or None)
        except UserError as err:
            raise FormErrors({"rule": str(err)}) from None
        if command is not None:
            self.schedule_id = command.schedule_id
            command.push()   # announces the change (events.changed) as it goes on the undo stack


class VisitDialog(RecordDialog):
    """One voter received: station, date, name, contact, the matter, and the reception activity if any."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, station_id: int | None = None,
                 date: str | None = None, activity_id: int | None = None) -> None:
        super().__init__("登记来访选民", parent)
        self.ctx = ctx
        self.visit_id: int | None = None
        fit_to_screen(self, 520, 420)
        self.station_combo = self.form.add_field("station_id", "联络站 *", _station_combo(ctx, station_id))
        self.date_edit = self.form.add_field("date", "接待日期 *", DateEdit())
        self.date_edit.set_iso(date or dt.date.today().isoformat())
        self.activity_combo = self.form.add_field("activity_id", "所属接待活动", QComboBox())
        self.name_edit = self.form.add_field("voter_name", "选民姓名 *", QLineEdit())
        self.contact_edit = self.form.add_field("contact", "联系方式", QLineEdit())
        self.matter_edit = self.form.add_field("matter", "反映事项 *", QPlainTextEdit())
        self.matter_edit.setFixedHeight(110)
        self._fill_activities(activity_id)
        self.station_combo.currentIndexChanged.connect(lambda _i: self._fill_activities(None))
        self.date_edit.editingFinished.connect(lambda: self._fill_activities(self.activity_combo.currentData()))

    def _fill_activities(self, current: int | None) -> None:
        """The station's activities within a week of the date (a visit usually belongs to a 接待选民日)."""
        combo = self.activity_combo
        combo.clear()
        combo.addItem("（不关联活动）", None)
        station_id = self.station_combo.currentData()
        try:
            day = dt.date.fromisoformat(self.date_edit.iso() or "")
        except (DateError, ValueError):
            day = None
        if station_id is not None and day is not None:
            rows = activity_log.list_log(self.ctx.db, station_id=station_id,
                                         start=(day - dt.timedelta(days=7)).isoformat(),
                                         end=(day + dt.timedelta(days=7)).isoformat(), limit=50)
            for row in rows:
                combo.addItem(f"{row['date']} {row['theme']}", row["id"])
        combo.setCurrentIndex(max(combo.findData(current), 0))

    def save(self) -> None:
        problems = {}
        try:
            date = self.date_edit.iso()
        except DateError as err:
            problems["date"] = str(err)
            date = None
        values = {"station_id": self.station_combo.currentData(), "activity_id": self.activity_combo.currentData(),
                  "date": date, "voter_name": self.name_edit.text().strip(),
                  "contact": self.contact_edit.text().strip() or None, "matter": self.matter_edit.toPlainText().strip()}
        if values["station_id"] is None:
            problems["station_id"] = "请先在“代表之家/联络站”页面添加联络站"
        if not date and "date" not in problems:
            problems["date"] = "请填写接待日期"
        if not values["voter_name"]:
            problems["voter_name"] = "请填写来访选民姓名"
        if not values["matter"]:
            problems["matter"] = "请填写选民反映的事项"
        if problems:
            raise FormErrors(problems)
        try:
            self.visit_id = AddVisit.run(self.ctx, values).visit_id
        except UserError as err:
            text = str(err)
            raise FormErrors({"date" if "日期" in text else "activity_id" if "活动" in text else "matter": text}) from None
