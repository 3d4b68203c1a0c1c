"""The activity log: filters (period, type, station, group, text), the sortable list, and its actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QToolBar, QVBoxLayout, QWidget

from ...db import activities as activities_db
from ...db import activity_log
from ...db import groups as groups_db
from ...db import stations as stations_db
from ...db import terms as terms_db
from ...errors import UserError
from ..context import AppContext
from ..widgets.actions import DELETE, EDIT, EXPORT, FIND, NEW, PRINT, REFRESH, page_action
from ..widgets.dates import DateEdit, DateError
from ..widgets.filter_table import FilterTable
from ..widgets.messages import confirm, show_error
from ..widgets.table_model import Column, RowTableModel
from .commands import DeleteActivities
from .edit_dialog import ActivityDialog

# More rows than a township records in years; beyond it the clerk narrows the period (keeps opening fast).
ROW_LIMIT = 2000
PERIODS = ("本月", "本季度", "今年", "去年", "近12个月", "全部", "自定义")


def period_bounds(name: str, today: dt.date) -> tuple[str | None, str | None]:
    """ISO (start, end) of a named period; (None, None) for 全部."""
    if name == "本月":
        start = today.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    elif name == "本季度":
        start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        end = (start + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
    elif name == "今年":
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    elif name == "去年":
        start, end = dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    elif name == "近12个月":
        start, end = today.replace(day=1) - dt.timedelta(days=335), today
        start = start.replace(day=1)
    else:
        return None, None
    return start.isoformat(), end.isoformat()


def _time(row: dict) -> str:
    start, end = row.get("start_time"), row.get("end_time")
    return f"{start}—{end}" if start and end else start or ""


def _where(row: dict) -> str:
    return " / ".join(p for p in (row.get("station_name"), row.get("group_name")) if p)


def _id_combo(all_text: str) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
    combo.setMaximumWidth(220)
    combo.addItem(all_text, None)
    return combo


def _refill(combo: QComboBox, items: list[tuple[str, int]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class ActivityLogTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.today = dt.date.today
        self.model = RowTableModel([
            Column("date", "日期", 90),
            Column("time", "时间", 95, text=_time),
            Column("type_name", "活动类型", 85),
            Column("where", "联络站 / 代表小组", 220, text=_where),
            Column("theme", "主题", 240),
            Column("place", "地点", 170),
            Column("present_count", "出席", 45, numeric=True),
            Column("leave_count", "请假", 45, numeric=True),
            Column("absent_count", "缺席", 45, numeric=True),
            Column("attachment_count", "附件", 45, numeric=True),
        ], self)
        self.table = FilterTable(self.model, search_placeholder="搜索主题、内容、地点、组织者…", unit="次活动")
        self.table.view.setObjectName("activities_table")
        # The text is searched in the database (content and outcome are not columns), not in the loaded rows.
        self.table.search.textChanged.disconnect(self.table.proxy.set_text)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.reload)
        self.table.search.textChanged.connect(lambda _t: self._search_timer.start())
        self._build_filters()
        self.toolbar = self._build_toolbar()
        self.info_label = QLabel()
        self.info_label.setObjectName("info")
        self.info_label.setWordWrap(True)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1f5f99; padding: 4px;")
        self.empty_hint.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info_label)
        self.table.activated.connect(lambda _row: self.edit_current())
        self.table.selection_changed.connect(self._update_actions)

    # Building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        t = self.table
        self.period_combo = QComboBox()
        self.period_combo.addItems(PERIODS)
        self.period_combo.setCurrentText("今年")
        t.add_filter(self.period_combo, "期间")
        self.start_edit, self.end_edit = DateEdit(), DateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setMaximumWidth(110)
            edit.editingFinished.connect(self.reload)
            edit.hide()
        self.dash = QLabel("至")
        self.dash.hide()
        t.add_filter(self.start_edit)
        t.add_filter(self.dash)
        t.add_filter(self.end_edit)
        self.type_combo = t.add_filter(_id_combo("全部类型"))
        self.station_combo = t.add_filter(_id_combo("全部联络站"))
        self.group_combo = t.add_filter(_id_combo("全部小组"))
        self.period_combo.currentTextChanged.connect(self._period_changed)
        for combo in (self.type_combo, self.station_combo, self.group_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        view = self.table.view
        self.new_action = page_action(self, "登记活动", self.new_activity, NEW)
        # F2 and Del act on the table only, so typing in the search box is never hijacked (Enter: activated).
        self.edit_action = page_action(self, "编辑", self.edit_current, EDIT, widget=view)
        self.delete_action = page_action(self, "删除", self.delete_selected, DELETE, widget=view)
        self.find_action = page_action(self, "查找", self.focus_search, FIND)
        self.export_excel_action = page_action(self, "导出Excel…", self.export_excel, EXPORT)
        self.export_pdf_action = page_action(self, "打印活动登记表…", self.preview_pdf, PRINT)
        self.refresh_action = page_action(self, "刷新", self.reload, REFRESH)
        for action in (self.new_action, self.edit_action, self.delete_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.export_excel_action)
        bar.addAction(self.export_pdf_action)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        for action in (self.edit_action, self.delete_action):
            if action not in view.actions():
                view.addAction(action)
        return bar

    def focus_search(self) -> None:
        self.table.search.setFocus()
        self.table.search.selectAll()

    # Filters -------------------------------------------------------------------------------
    def _period_changed(self, name: str) -> None:
        custom = name == "自定义"
        for widget in (self.start_edit, self.dash, self.end_edit):
            widget.setVisible(custom)
        if custom and not self.start_edit.text():
            start, end = period_bounds("今年", self.today())
            self.start_edit.set_iso(start)
            self.end_edit.set_iso(end)
        self.reload()

    def period(self) -> tuple[str | None, str | None]:
        name = self.period_combo.currentText()
        if name != "自定义":
            return period_bounds(name, self.today())
        try:
            return self.start_edit.iso(), self.end_edit.iso()
        except DateError as err:
            self.info_label.setText(str(err))
            return None, None

    def filters(self) -> dict:
        start, end = self.period()
        return {"start": start, "end": end, "type_id": self.type_combo.currentData(),
                "station_id": self.station_combo.currentData(), "group_id": self.group_combo.currentData(),
                "text": self.table.search.text().strip() or None}

    def clear_filters(self) -> None:
        for combo in (self.type_combo, self.station_combo, self.group_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.table.search.blockSignals(True)
        self.table.search.clear()
        self.table.search.blockSignals(False)
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentText("全部")
        self.period_combo.blockSignals(False)
        self._period_changed("全部")

    # Loading -------------------------------------------------------------------------------
    def refresh_choices(self) -> None:
        db = self.ctx.db
        term = terms_db.current_term(db)
        _refill(self.type_combo, [(t["name"], t["id"]) for t in activities_db.list_types(db)])
        _refill(self.station_combo, [(s["name"], s["id"]) for s in stations_db.list_stations(db)])
        _refill(self.group_combo, [(g["name"], g["id"]) for g in groups_db.list_groups(db, term["id"] if term else None)])

    def reload(self) -> None:
        """One query for the chosen filters (newest first, at most ROW_LIMIT rows), keeping the selection."""
        self._search_timer.stop()
        selected = self.table.selected_ids()
        filters = self.filters()
        rows = activity_log.list_log(self.ctx.db, **filters, limit=ROW_LIMIT + 1)
        more = len(rows) > ROW_LIMIT
        self.model.set_rows(rows[:ROW_LIMIT])
        if more:
            total = activity_log.count_log(self.ctx.db, **filters)
            self.info_label.setText(f"符合条件的活动共 {total} 次，只列出最近的 {ROW_LIMIT} 次；请缩小期间或加筛选条件。")
        elif self.info_label.text().startswith("符合条件"):
            self.info_label.clear()
        if selected:
            self.table.select_ids(selected)
        self._update_actions()
        self._update_empty_hint(bool(rows))

    def _update_empty_hint(self, any_rows: bool) -> None:
        """An empty list says why: nothing recorded yet (and what to set up first), or filters hiding it all."""
        text = ""
        if not any_rows:
            db = self.ctx.db
            if activities_db.count_activities(db) == 0:
                text = "还没有登记活动。点“登记活动”（Ctrl+N）登记第一次活动，出勤可用“本组全体成员”一次填好。"
                if self.group_combo.count() <= 1 and self.station_combo.count() <= 1:
                    text += "\n登记前请先在“代表小组”页面建好小组、在“代表之家/联络站”页面登记联络站，活动才能归到小组或站点。"
            else:
                text = "当前期间和筛选条件下没有活动。可把“期间”改为“全部”，或清除搜索和筛选。"
        self.empty_hint.setText(text)
        self.empty_hint.setVisible(bool(text))

    def _update_actions(self) -> None:
        count = len(self.table.view.selectionModel().selectedRows())
        self.edit_action.setEnabled(count >= 1 or self.table.current_row() is not None)
        self.delete_action.setEnabled(count >= 1)

    def focus_record(self, activity_id: int) -> ActivityDialog | None:
        """Select the activity (widening the filters when it is hidden) and open it."""
        if self.model.row_of_id(activity_id) is None or activity_id not in [r["id"] for r in self.table.visible_rows()]:
            self.clear_filters()
        if self.model.row_of_id(activity_id) is None:
            try:
                activity = activities_db.get_activity(self.ctx.db, activity_id)
            except UserError as err:
                show_error(self, err)
                return None
            if activity.get("deleted_at"):
                self.info_label.setText(f"活动“{activity['theme']}”已被删除。")
                return None
            # Beyond the row limit: show the activity's own day.
            self.period_combo.setCurrentText("自定义")
            self.start_edit.set_iso(activity["date"])
            self.end_edit.set_iso(activity["date"])
            self.reload()
        self.table.select_ids([activity_id])
        return self.edit_current()

    # Editing -------------------------------------------------------------------------------
    def _open(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def _saved(self, dialog: ActivityDialog) -> None:
        self.reload()
        if dialog.activity_id is not None:
            self.table.select_ids([dialog.activity_id])
        theme = dialog.theme_edit.text().strip()
        self.info_label.setText(f"已保存活动“{theme}”。可用 Ctrl+Z 撤销。")

    def new_activity(self, preset: dict | None = None) -> ActivityDialog:
        return self._open(ActivityDialog(self.ctx, parent=self, preset=preset))

    def edit_current(self) -> ActivityDialog | None:
        row = self.table.current_row()
        if row is None:
            return None
        try:
            activity = activities_db.get_activity(self.ctx.db, row["id"])
        except UserError as err:
            show_error(self, err)
            return None
        return self._open(ActivityDialog(self.ctx, activity, self))

    def delete_selected(self) -> bool:
        rows = self.table.selected_rows()
        if not rows:
            return False
        names = "、".join(f"“{r['theme']}”" for r in rows[:3]) + (f" 等 {len(rows)} 次活动" if len(rows) > 3 else "")
        if not confirm(self, "删除活动", f"确定删除 {names} 吗？\n\n出勤和附件随活动保留，可用“编辑 → 撤销”（Ctrl+Z）恢复。"):
            return False
        try:
            DeleteActivities.run(self.ctx, rows)
        except UserError as err:
            show_error(self, err)
            return False
        self.info_label.setText(f"已删除 {names}。可用 Ctrl+Z 撤销。")
        return True

    # Export --------------------------------------------------------------------------------
    def _rows_for_export(self) -> list[dict]:
        """The rows shown (after filters, in the shown order) — what the clerk sees is what is exported."""
        return self.table.visible_rows()

    def export_excel(self, path: str | None = None) -> Path | None:
        from ...ops.activity_reports import write_activity_log

        if path is None:
            suggested = Path.home() / f"活动登记-{dt.date.today().isoformat()}.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "导出活动登记", str(suggested), "Excel 工作簿 (*.xlsx)")
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        start, end = self.period()
        try:
            write_activity_log(self.ctx.db, self._rows_for_export(), path, start=start, end=end)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        self.info_label.setText(f"已导出到 {path}")
        return Path(path)

    def render_pdf(self, path: Path) -> Path:
        from ...ops.activity_reports import write_activity_log

        start, end = self.period()
        return write_activity_log(self.ctx.db, self._rows_for_export(), path, start=start, end=end)

    def preview_pdf(self) -> Path | None:
        from ..print_preview import render_and_preview

        return render_and_preview(self, self.render_pdf, f"活动登记表-{dt.date.today().isoformat()}.pdf",
                                  title="活动登记表")
