"""接待选民日: schedules per station, the next reception days with their 公示, and the voters received."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from ...db import activities as activities_db
from ...db import reception_notice, receptions, settings
from ...ops import receptions as receptions_ops
from ...db import stations as stations_db
from ...domain.roster import mask_phone
from ...errors import UserError
from ..context import AppContext
from ..widgets.actions import DELETE, EDIT, FIND, page_action
from ..widgets.filter_table import FilterTable
from ..widgets.messages import confirm, show_error
from ..widgets.table_model import Column, RowTableModel
from ..widgets.undo_notice import UndoNotice
from .commands import ConvertVisit, ScheduleChange
from .reception_dialogs import ScheduleDialog, VisitDialog

WEEKDAYS = "一二三四五六日"
UPCOMING_DAYS = 12


def _weekday(row: dict) -> str:
    return "星期" + WEEKDAYS[dt.date.fromisoformat(row["date"]).weekday()]


def _post_by(row: dict) -> str:
    return (dt.date.fromisoformat(row["date"]) - dt.timedelta(days=reception_notice.POST_DAYS_BEFORE)).isoformat()


def _suggestion_text(row: dict) -> str:
    return f"已转（编号 {row['suggestion_id']}）" if row.get("suggestion_id") else "未转"


def notice_times(text: str) -> dict:
    """Start and end time of the 公示's reception time ('上午9:00—11:30' → 09:00, 11:30), for the activity form."""
    times, afternoon = [], False
    for part, hour, minute in re.findall(r"(上午|下午|晚上)?\s*(\d{1,2})[:：](\d{2})", text)[:2]:
        afternoon = part in ("下午", "晚上") if part else afternoon   # '下午2:30—5:00': both afternoon
        hour = int(hour) + (12 if afternoon and int(hour) < 12 else 0)
        times.append(f"{hour:02d}:{minute}")
    return dict(zip(("start_time", "end_time"), times))


def _box(title: str, *widgets, buttons: list[QPushButton] = ()) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    if buttons:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    for widget in widgets:
        layout.addWidget(widget, 1)
    return box


class ReceptionTab(QWidget):
    """Signals are not needed: writes are announced through ``ctx.announce`` and the page reloads this tab."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, new_activity=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.today = dt.date.today
        self._new_activity = new_activity   # callable(preset) opening the activity form (the log tab's)
        self._mask = True

        self.schedule_model = RowTableModel([
            Column("station_name", "联络站", 160), Column("description", "接待日", 110), Column("note", "备注", 90),
            Column("place", "接待地点", 200)], self)
        self.schedule_table = FilterTable(self.schedule_model, search_placeholder="搜索联络站或地点", unit="条安排")
        self.schedule_table.view.setObjectName("schedules_table")
        self.schedule_table.activated.connect(lambda _row: self.edit_schedule())
        self.add_schedule_button = QPushButton("新增安排…")
        self.add_schedule_button.clicked.connect(lambda: self.add_schedule())
        self.edit_schedule_button = QPushButton("修改…")
        self.edit_schedule_button.clicked.connect(lambda: self.edit_schedule())
        self.delete_schedule_button = QPushButton("删除")
        self.delete_schedule_button.clicked.connect(lambda: self.delete_schedule())

        self.days_model = RowTableModel([
            Column("date", "接待日", 90), Column("weekday", "星期", 55, text=_weekday),
            Column("post_by", "公示张贴日", 90, text=_post_by), Column("station_name", "联络站", 160),
            Column("place", "地点", 200)], self)
        self.days_table = FilterTable(self.days_model, search_placeholder="搜索联络站", unit="个接待日")
        self.days_table.view.setObjectName("reception_days_table")
        self.days_table.view.setSortingEnabled(False)
        self.time_edit = QLineEdit()
        self.time_edit.setObjectName("reception_time")
        self.time_edit.setMaximumWidth(160)
        self.time_edit.setToolTip("公示上印的接待时间")
        self.time_edit.editingFinished.connect(self._save_time)
        self.days_table.add_filter(self.time_edit, "接待时间")
        self.notice_button = QPushButton("预览所选公示…")
        self.notice_button.clicked.connect(lambda: self.preview_selected_notice())
        self.all_notices_button = QPushButton("各站下次接待公示…")
        self.all_notices_button.clicked.connect(lambda: self.preview_all_notices())
        self.record_button = QPushButton("登记本次接待活动…")
        self.record_button.clicked.connect(lambda: self.record_reception())

        self.visit_model = RowTableModel([
            Column("date", "日期", 90), Column("station_name", "联络站", 140), Column("voter_name", "来访选民", 80),
            Column("contact", "联系方式", 105, text=self._contact_text, searchable=False),
            Column("suggestion", "意见建议", 110, text=_suggestion_text), Column("matter", "反映事项", 300)], self)
        self.visit_table = FilterTable(self.visit_model, search_placeholder="搜索选民、事项、联络站", unit="人次")
        self.visit_table.view.setObjectName("visits_table")
        self.add_visit_button = QPushButton("登记来访…")
        self.add_visit_button.clicked.connect(lambda: self.add_visit())
        self.convert_button = QPushButton("转为意见建议")
        self.convert_button.setObjectName("convert_visit")
        self.convert_button.clicked.connect(lambda: self.convert_visit())
        self.info_label = QLabel()
        self.info_label.setObjectName("reception_info")
        self.info_label.setWordWrap(True)
        UndoNotice(self.info_label, ctx.undo_stack, {"reception_schedules", "reception_visits"})
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("reception_empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1f5f99; padding: 4px;")
        self.empty_hint.hide()
        self.visit_table.activated.connect(lambda _row: self._open_suggestion_of_current())

        # Keyboard: F2/Del on the schedule list edit/delete a schedule; Ctrl+F searches the visits.
        self.edit_schedule_action = page_action(self, "修改接待日安排", self.edit_schedule, EDIT,
                                                widget=self.schedule_table.view)
        self.delete_schedule_action = page_action(self, "删除接待日安排", self.delete_schedule, DELETE,
                                                  widget=self.schedule_table.view)
        self.find_action = page_action(self, "查找来访", self.focus_search, FIND)
        self.edit_schedule_button.setToolTip(self.edit_schedule_action.toolTip())
        self.delete_schedule_button.setToolTip(self.delete_schedule_action.toolTip())

        left = QSplitter(Qt.Vertical)
        left.addWidget(_box("接待日安排", self.schedule_table, buttons=[
            self.add_schedule_button, self.edit_schedule_button, self.delete_schedule_button]))
        left.addWidget(_box("近期接待日（公示应在接待日前三天张贴）", self.days_table, buttons=[
            self.notice_button, self.all_notices_button, self.record_button]))
        left.setSizes([260, 380])
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(_box("来访选民登记", self.visit_table, buttons=[self.add_visit_button, self.convert_button]))
        splitter.setSizes([640, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.info_label)

    def _contact_text(self, row: dict) -> str:
        contact = row.get("contact") or ""
        return mask_phone(contact) if contact and self._mask else contact

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        db = self.ctx.db
        self._mask = bool(settings.get(db, "mask_personal_data"))
        self.time_edit.setText(reception_notice.reception_time(db))
        self.schedule_model.set_rows(receptions.list_schedules(db))
        self.days_model.set_rows(receptions.next_reception_days(db, self.today(), UPCOMING_DAYS))
        selected = self.visit_table.selected_ids()
        self.visit_model.set_rows(receptions.list_visits(db))
        if selected:
            self.visit_table.select_ids(selected)
        self._update_empty_state(bool(stations_db.list_stations(db)))

    def _update_empty_state(self, has_stations: bool) -> None:
        """A new office is told what to set up first; buttons that cannot work yet are off."""
        if not has_stations:
            text = ("还没有联络站：请先到“代表之家/联络站”页面登记代表之家和联络站，"
                    "再回到这里设置接待日安排、登记来访选民。")
        elif not self.schedule_model.rowCount():
            text = ("还没有接待日安排：点“新增安排…”为各联络站设置接待日（如“每周一”或“每月9日、19日”），"
                    "这里就会列出近期接待日，并可打印公示。")
        else:
            text = ""
        self.empty_hint.setText(text)
        self.empty_hint.setVisible(bool(text))
        for button in (self.add_schedule_button, self.add_visit_button):
            button.setEnabled(has_stations)
        has_days = self.days_model.rowCount() > 0
        for button in (self.notice_button, self.all_notices_button, self.record_button):
            button.setEnabled(has_days)

    def _save_time(self) -> None:
        text = self.time_edit.text().strip()
        if text and text != reception_notice.reception_time(self.ctx.db):
            receptions_ops.set_reception_time(self.ctx.db, text)

    def focus_day(self, station_id: int | None, date: str | None = None) -> bool:
        """Select a station's reception day (from the home screen): that date, else the station's next one."""
        rows = self.days_model.rows()
        match = next((i for i, r in enumerate(rows) if r["station_id"] == station_id and r["date"] == date), None)
        if match is None:
            match = next((i for i, r in enumerate(rows) if r["station_id"] == station_id), None)
        if match is None:
            return False
        index = self.days_table.proxy.mapFromSource(self.days_model.index(match, 0))
        self.days_table.view.selectRow(index.row())
        self.days_table.view.scrollTo(index)
        return True

    def focus_search(self) -> None:
        self.visit_table.search.setFocus()
        self.visit_table.search.selectAll()

    # Schedules -----------------------------------------------------------------------------
    def _open(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_schedule(self) -> ScheduleDialog:
        return self._open(ScheduleDialog(self.ctx, parent=self))

    def edit_schedule(self) -> ScheduleDialog | None:
        row = self.schedule_table.current_row()
        if row is None:
            return None
        return self._open(ScheduleDialog(self.ctx, {**row, "own_place": row.get("place")}, self))

    def delete_schedule(self, *, ask: bool = True) -> bool:
        row = self.schedule_table.current_row()
        if row is None:
            return False
        if ask and not confirm(self, "删除接待日安排", f"确定删除{row['station_name']}“{row['description']}”的接待日安排吗？"
                                                      "\n\n可用“编辑 → 撤销”（Ctrl+Z）恢复。"):
            return False
        ScheduleChange.delete(self.ctx, f"删除{row['station_name']}接待日安排", row["id"])
        self.info_label.setText(f"已删除{row['station_name']}“{row['description']}”的接待日安排。可用 Ctrl+Z 撤销。")
        return True

    # Notices -------------------------------------------------------------------------------
    def notices_for_selection(self) -> list[dict]:
        self._save_time()
        rows = self.days_table.selected_rows() or ([self.days_table.current_row()] if self.days_table.current_row()
                                                   else [])
        return [reception_notice.notice_for(self.ctx.db, r["station_id"], dt.date.fromisoformat(r["date"]),
                                            place=r.get("place")) for r in rows if r]

    def render_notices(self, notices: list[dict], path: Path) -> Path:
        from ...ops.reception_notices import write_notices

        return write_notices(self.ctx.db, notices, path, today=self.today())

    def preview_selected_notice(self) -> Path | None:
        notices = self.notices_for_selection()
        if not notices:
            self.info_label.setText("请先在“近期接待日”中选择一个接待日。")
            return None
        return self._preview(notices)

    def preview_all_notices(self) -> Path | None:
        self._save_time()
        return self._preview(reception_notice.next_notices(self.ctx.db, self.today()))

    def _preview(self, notices: list[dict]) -> Path | None:
        from ..print_preview import render_and_preview

        from ...ops.reception_notices import warning

        name = f"接待选民日公示-{notices[0]['date'] if notices else self.today().isoformat()}.pdf"
        too_close = warning(notices, self.today())
        if too_close:
            self.info_label.setText(too_close)
        return render_and_preview(self, lambda path: self.render_notices(notices, path), name, title="接待选民日公示")

    def record_reception(self):
        """Open the activity form preset as this reception day (type 接待选民日, station, place, date)."""
        row = self.days_table.current_row()
        if row is None or self._new_activity is None:
            self.info_label.setText("请先在“近期接待日”中选择一个接待日。")
            return None
        preset = {"date": row["date"], "station_id": row["station_id"], "place": row.get("place"),
                  "theme": f"{row['station_name']}接待选民日",
                  **notice_times(reception_notice.reception_time(self.ctx.db))}
        try:
            preset["type_id"] = activities_db.type_id_by_name(self.ctx.db, "接待选民日")
        except UserError:
            pass   # the type was renamed in 设置: the clerk picks it
        return self._new_activity(preset)

    # Visits --------------------------------------------------------------------------------
    def add_visit(self) -> VisitDialog:
        day = self.days_table.current_row()
        return self._open(VisitDialog(self.ctx, self, station_id=day["station_id"] if day else None))

    def convert_visit(self) -> int | None:
        """转为意见建议 in one step, then show the new suggestion on its page."""
        row = self.visit_table.current_row()
        if row is None:
            self.info_label.setText("请先在“来访选民登记”中选择一条来访记录。")
            return None
        if row.get("suggestion_id"):
            self.ctx.events.navigate.emit("suggestions", row["suggestion_id"])
            return row["suggestion_id"]
        try:
            suggestion_id = ConvertVisit.run(self.ctx, row).suggestion_id
        except UserError as err:
            show_error(self, err)
            return None
        self.info_label.setText(f"已将{row['voter_name']}反映的事项转为意见建议（编号 {suggestion_id}）。可用 Ctrl+Z 撤销。")
        self.ctx.events.navigate.emit("suggestions", suggestion_id)
        return suggestion_id

    def _open_suggestion_of_current(self) -> None:
        row = self.visit_table.current_row()
        if row and row.get("suggestion_id"):
            self.ctx.events.navigate.emit("suggestions", row["suggestion_id"])
