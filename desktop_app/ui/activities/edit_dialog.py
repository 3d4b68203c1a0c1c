"""The activity form: type, date and time, place, station or group, theme…, attendance and attachments."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QTabWidget, QWidget

from ...db import activities as activities_db
from ...db import attachments as attachments_db
from ...db import deputies as deputies_db
from ...db import groups as groups_db
from ...db import stations as stations_db
from ...db import terms as terms_db
from ...errors import UserError
from ..context import AppContext
from ..widgets.checklist import CheckListDialog
from ..widgets.dates import DateError, DateEdit
from ..widgets.record_dialog import FormErrors, RecordDialog
from .attachments import AttachmentsPanel
from .attendance import AttendanceEditor
from .commands import AddActivity, AttachmentChanges, EditActivity, end_macro
from ..widgets.screen_fit import fit_to_screen
from ...ops.changes import Area

# Words of the backend's messages → the field they concern (the message is shown under it).
_FIELD_HINTS = (("活动类型", "type_id"), ("开始时间", "start_time"), ("结束时间", "end_time"), ("日期", "date"),
                ("主题", "theme"), ("联络站", "station_id"), ("代表小组", "group_id"), ("现场解决", "problems_solved"),
                ("出勤", "attendance"), ("代表不存在", "attendance"))


def _combo(items, current) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def _minute_of_day(text: str) -> int | None:
    """"9:00" or "14：30" as minutes after midnight; None for anything else (the backend judges that)."""
    match = re.fullmatch(r"(\d{1,2})[:：](\d{2})", text)
    return int(match[1]) * 60 + int(match[2]) if match else None


def _text(widget) -> str:
    return (widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()).strip()


class ActivityDialog(RecordDialog):
    """New activity (``activity`` None, optional ``preset`` values) or edit of an existing one."""

    def __init__(self, ctx: AppContext, activity: dict | None = None, parent: QWidget | None = None, *,
                 preset: dict | None = None) -> None:
        title = "登记活动" if activity is None else f"编辑活动：{activity['theme']}"
        super().__init__(title, parent, columns=2, scroll=False)   # the tabs below take the spare height
        self.ctx, self.activity = ctx, activity
        self.activity_id = activity["id"] if activity else None
        self.saved_command = None
        fit_to_screen(self, 940, 780)
        db = ctx.db
        values = activity or {"date": dt.date.today().isoformat(), "problems_solved": 0, **(preset or {})}

        types = activities_db.list_types(db)
        if activity and all(t["id"] != activity["type_id"] for t in types):
            types.append({"id": activity["type_id"], "name": activity["type_name"]})   # a type since removed
        f = self.form
        self.type_combo = f.add_field("type_id", "活动类型 *", _combo([(t["name"], t["id"]) for t in types],
                                                                    values.get("type_id")))
        self.date_edit = f.add_field("date", "日期 *", DateEdit())
        self.date_edit.set_iso(values.get("date"))
        self.start_edit = f.add_field("start_time", "开始时间", QLineEdit(values.get("start_time") or ""))
        self.start_edit.setPlaceholderText("例如 09:00")
        self.end_edit = f.add_field("end_time", "结束时间", QLineEdit(values.get("end_time") or ""))
        self.end_edit.setPlaceholderText("例如 11:30")
        stations = stations_db.list_stations(db)
        self.station_combo = f.add_field("station_id", "联络站", _combo(
            [("（不属于联络站）", None)] + [(s["name"], s["id"]) for s in stations], values.get("station_id")))
        term = terms_db.current_term(db)
        self._term_id = term["id"] if term else None
        group_rows = groups_db.list_groups(db, self._term_id)
        self.group_combo = f.add_field("group_id", "代表小组", _combo(
            [("（不属于代表小组）", None)] + [(g["name"], g["id"]) for g in group_rows], values.get("group_id")))
        self.place_edit = f.add_field("place", "地点", QLineEdit(values.get("place") or ""))
        self.organiser_edit = f.add_field("organiser", "组织者", QLineEdit(values.get("organiser") or ""))
        self.theme_edit = f.add_field("theme", "主题 *", QLineEdit(values.get("theme") or ""), span=True)
        self.content_edit = f.add_field("content", "活动内容", QPlainTextEdit(values.get("content") or ""), span=True)
        self.content_edit.setFixedHeight(64)
        self.invited_edit = f.add_field("invited_officials", "邀请人员",
                                        QLineEdit(values.get("invited_officials") or ""), span=True)
        self.invited_edit.setPlaceholderText("例如 镇党委书记、县人大常委会联工委主任")
        self.outcome_edit = f.add_field("outcome", "活动成效", QPlainTextEdit(values.get("outcome") or ""), span=True)
        self.outcome_edit.setFixedHeight(52)
        self.outcome_edit.setPlaceholderText("现场解决的问题、收集的意见建议等")
        self.solved_spin = f.add_field("problems_solved", "现场解决问题数", QSpinBox())
        self.solved_spin.setRange(0, 9999)
        self.solved_spin.setValue(int(values.get("problems_solved") or 0))

        self.attendance = AttendanceEditor(self._group_members, self._choose_deputies)
        self.attachments = AttachmentsPanel(owner_table="activities")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.attendance, "出勤")
        self.tabs.addTab(self.attachments, "照片与附件")
        self.layout().insertWidget(1, self.tabs, 1)
        if activity:
            self.attendance.set_attendance(activity.get("attendance") or [])
            self.attachments.set_attachments(attachments_db.list_attachments(db, "activities", activity["id"]))
        self.attendance.changed.connect(self._update_tab_titles)
        self.attachments.changed.connect(self._update_tab_titles)
        self.check_on_leave(("date", "start_time", "end_time"), self._typed_problems)
        self._update_tab_titles()

    def _update_tab_titles(self) -> None:
        self.tabs.setTabText(0, f"出勤（{self.attendance.table.rowCount()}人）")
        self.tabs.setTabText(1, f"照片与附件（{self.attachments.list.count()}）")

    # Attendance helpers --------------------------------------------------------------------
    def _group_members(self) -> dict[int, str] | str:
        """Serving members of the chosen group; without a group, of the chosen station's groups."""
        group_id = self.group_combo.currentData()
        station_id = self.station_combo.currentData()
        if group_id is not None:
            group_ids = [group_id]
        elif station_id is not None:
            group_ids = [g["id"] for g in stations_db.station_groups(self.ctx.db, station_id)]
            if not group_ids:
                return "所选联络站还没有联系的代表小组，请先选择代表小组。"
        elif self.group_combo.count() <= 1:
            return "还没有代表小组：请先到“代表小组”页面建立小组并分配成员；也可点“添加代表…”逐个添加。"
        else:
            return "请先在上面选择代表小组（或联络站），再点“本组全体成员”。"
        result: dict[int, str] = {}
        for gid in group_ids:
            wanted = activities_db.group_attendance(self.ctx.db, gid)
            names = {m["id"]: m["name"] for m in groups_db.members(self.ctx.db, gid)}
            result.update({d: names.get(d, str(d)) for d in wanted})
        return result

    def _choose_deputies(self, current: list[int]) -> dict[int, str] | str | None:
        people = deputies_db.list_deputies(self.ctx.db, term_id=self._term_id)
        if not people:
            return "名册中还没有本届在任代表，请先到“代表名册”页面录入或导入代表，再登记出勤。"
        items = [(d["id"], f"{d['name']}　{d.get('district_name') or ''}　{d['level']}级", d.get("name_initials") or "")
                 for d in people]
        dialog = CheckListDialog("添加参加活动的代表", items, current, self, unit="人")
        if not dialog.exec():
            return None
        names = {d["id"]: d["name"] for d in people}
        return {d: names[d] for d in dialog.checked_ids() if d not in current}

    # Saving --------------------------------------------------------------------------------
    def values(self) -> dict:
        problems = {}
        try:
            date = self.date_edit.iso()
        except DateError as err:
            problems["date"] = str(err)
            date = None
        values = {
            "type_id": self.type_combo.currentData(), "date": date, "start_time": _text(self.start_edit) or None,
            "end_time": _text(self.end_edit) or None, "place": _text(self.place_edit) or None,
            "station_id": self.station_combo.currentData(), "group_id": self.group_combo.currentData(),
            "theme": _text(self.theme_edit), "content": _text(self.content_edit) or None,
            "organiser": _text(self.organiser_edit) or None, "invited_officials": _text(self.invited_edit) or None,
            "outcome": _text(self.outcome_edit) or None, "problems_solved": self.solved_spin.value(),
        }
        if values["type_id"] is None:
            problems["type_id"] = "请选择活动类型（可在“设置 → 活动与建议”中添加）"
        if not date and "date" not in problems:
            problems["date"] = "请填写活动日期，例如 2026-03-05"
        if not values["theme"]:
            problems["theme"] = "请填写活动主题，例如“3月接待选民日”"
        problems.update({k: v for k, v in self._typed_problems().items() if k not in problems})
        for message in self.attendance.problems():
            problems["attendance"] = message   # not a form field: shown under the tabs
            self.tabs.setCurrentWidget(self.attendance)
        if problems:
            raise FormErrors(problems)
        return values

    def _typed_problems(self) -> dict[str, str]:
        """What is wrong with the date and times as typed (checked again when the clerk leaves them)."""
        problems = {}
        try:
            self.date_edit.iso()
        except DateError as err:
            problems["date"] = str(err)
        start, end = _text(self.start_edit), _text(self.end_edit)
        start_minute, end_minute = _minute_of_day(start), _minute_of_day(end)
        if start_minute is not None and end_minute is not None and end_minute < start_minute:
            problems["end_time"] = f"结束时间 {end} 早于开始时间 {start}。"
        return problems

    def save(self) -> None:
        values = self.values()
        attendance = self.attendance.attendance()
        # The record and its files are one undo step (Ctrl+Z) when files were added or removed too.
        macro = self.attachments.has_changes()
        if macro:
            theme = values.get("theme") or ""
            self.ctx.undo_stack.beginMacro(f"登记活动 {theme}" if self.activity_id is None else f"修改活动 {theme}")
        try:
            self._save_record(values, attendance)
            # Files are copied after the record exists; a failed copy leaves the activity saved and says which file.
            try:
                self.attachments.apply(self.ctx.db, self.activity_id)
            finally:
                added, removed = self.attachments.applied
                AttachmentChanges.record(self.ctx, "activities", added, removed, "活动")
                self.ctx.announce(Area.ACTIVITIES)
        finally:
            if macro:
                end_macro(self.ctx.undo_stack)

    def _save_record(self, values: dict, attendance: dict) -> None:
        try:
            if self.activity_id is None:
                self.saved_command = AddActivity.run(self.ctx, values, attendance)
                self.activity_id = self.saved_command.activity_id
            else:
                self.saved_command = EditActivity.run(self.ctx, self.activity_id, values, attendance)
        except UserError as err:
            text = str(err)
            field = next((key for word, key in _FIELD_HINTS if word in text), None)
            if field:
                raise FormErrors({field: text}) from None
            raise
