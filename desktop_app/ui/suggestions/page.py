"""意见建议: the filtered list (database-paged, full-text search), the detail pane with its workflow buttons,
bulk 交办/答复, statistics and the 督办 reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTableView, QTabWidget, QToolBar, QVBoxLayout, QWidget,
)

from ...db import attachments as attachments_db
from ...ops import attachments as attachments_ops
from ...db import settings
from ...db import suggestions as suggestions_db
from ...domain.suggestions import LEVELS, OPEN_STATES, SOURCES, STATES, state_label
from ...errors import UserError
from ...ops.suggestion_reports import export_suggestions
from ..context import AppContext
from ..widgets.actions import DELETE, EDIT, EXPORT, FIND, NEW, PRINT, REFRESH, page_action
from ..widgets.dates import DateEdit, DateError
from ..widgets.filter_table import FilterCombo
from ..widgets.messages import confirm, show_error
from ..widgets.reloading_page import ReloadingPage
from ..widgets.column_widths import fit_columns_on_first_rows
from ..activities.commands import AttachmentChanges
from .commands import DeleteSuggestions
from .detail import SuggestionDetail
from .dialogs import StepDialog, SuggestionDialog
from .model import SuggestionListModel
from .reminders import RemindersTab
from .statistics import StatisticsTab
from ...ops.changes import Area, Changes

_WATCHED = (Area.DEPUTIES | Area.SUGGESTIONS | Area.SETTINGS | Area.PICK_LISTS | Area.CALENDAR)
OPEN = "在办（未办结）"
SEARCH_DELAY_MS = 150


class SuggestionsPage(ReloadingPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.today = ctx, today
        self._stale = False
        self.dialog = None   # the open dialog, kept so tests and shortcuts can reach it
        self.current_id: int | None = None
        self.model = SuggestionListModel(ctx.db, self, today=today)

        self.list_tab = self._build_list_tab()
        self.toolbar = QToolBar()
        view = self.view
        self.new_action = page_action(self, "新建意见建议", self.new_suggestion, NEW)
        # F2 and Del act on the list only, so typing in the search box is never hijacked (Enter: activated).
        self.edit_action = page_action(self, "编辑", self.edit_current, EDIT, widget=view)
        self.delete_action = page_action(self, "删除", self.delete_current, DELETE, widget=view)
        self.find_action = page_action(self, "查找", self.focus_search, FIND)
        self.bulk_assign_action = page_action(self, "批量交办…", self.bulk_assign)
        self.bulk_reply_action = page_action(self, "批量答复…", self.bulk_reply)
        self.export_action = page_action(self, "导出清单…", self.export_list)
        # Ctrl+E / Ctrl+P act on the tab shown: the list, the statistics or the 督办 list.
        self.export_key = page_action(self, "导出", self.export_current, EXPORT)
        self.print_key = page_action(self, "打印预览", self.print_current, PRINT)
        self.export_action.setToolTip(f"导出清单（{self.export_key.shortcut().toString()}）")
        self.refresh_action = page_action(self, "刷新", self.reload, REFRESH)
        for action in (self.new_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.bulk_assign_action)
        self.toolbar.addAction(self.bulk_reply_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.export_action)
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        for action in (self.edit_action, self.delete_action, self.bulk_assign_action, self.bulk_reply_action):
            if action not in view.actions():
                view.addAction(action)

        self.stats_tab = StatisticsTab(ctx)
        self.reminders_tab = RemindersTab(ctx, today=today)
        self.reminders_tab.open_requested.connect(self.focus_record)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.list_tab, "意见建议")
        self.tabs.addTab(self.stats_tab, "统计分析")
        self.tabs.addTab(self.reminders_tab, "督办提醒")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    # Building ------------------------------------------------------------------------------
    def _combo(self, bar: QHBoxLayout, all_text: str, items) -> FilterCombo:
        box = FilterCombo(all_text)
        for text, data in items:
            box.addItem(text, data)
        box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        box.setMaximumWidth(200)
        box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        bar.addWidget(box)
        return box

    def _build_list_tab(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("全文搜索标题和内容，如：道路硬化 东山村")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        self.state_combo = self._combo(top, "全部状态", [(OPEN, OPEN)] + [(state_label(s), s) for s in STATES])
        self.source_combo = self._combo(top, "全部来源", [(s, s) for s in SOURCES])
        self.field_combo = self._combo(top, "全部领域", [])
        self.level_combo = self._combo(top, "全部层级", [(s, s) for s in LEVELS])
        second = QHBoxLayout()
        self.unit_combo = self._combo(second, "全部承办单位", [])
        self.flag_combo = self._combo(second, "全部期限", [("已逾期", "overdue"), ("即将到期", "due_soon")])
        second.addWidget(QLabel("提出日期"))
        self.start_edit, self.end_edit = DateEdit(), DateEdit()
        for edit, hint in ((self.start_edit, "起，如 2026-01-01"), (self.end_edit, "止，如 2026-12-31")):
            edit.setPlaceholderText(hint)
            edit.setMaximumWidth(150)
            edit.editingFinished.connect(self.apply_filters)
            second.addWidget(edit)
        self.clear_button = QPushButton("清除筛选")
        self.clear_button.clicked.connect(self.clear_filters)
        second.addWidget(self.clear_button)
        second.addStretch(1)
        self.filter_error = QLabel()
        self.filter_error.setStyleSheet("color: #c0392b;")
        second.addWidget(self.filter_error)

        self.view = QTableView()
        self.view.setObjectName("suggestions_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setHighlightSections(False)
        for i, col in enumerate(self.model.columns):
            self.view.setColumnWidth(i, col.width)
        fit_columns_on_first_rows(self.view, self.model)   # 状态 whole ("已评价（办理满意）"), titles elided
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.activated.connect(lambda _ix: self.edit_current())
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1f5f99; padding: 4px;")
        self.empty_hint.hide()
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addLayout(second)
        left_layout.addWidget(self.empty_hint)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        self.detail = SuggestionDetail()
        self.detail.step_requested.connect(self.open_step)
        self.detail.add_attachment_requested.connect(self.add_attachment)
        self.detail.open_attachment_requested.connect(self.open_attachment)
        self.detail.remove_attachment_requested.connect(self.remove_attachment)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 470])
        return self.splitter

    # Loading -------------------------------------------------------------------------------
    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def reload(self) -> None:
        """Refresh the pick lists and the rows, keeping the filters, the selection and the open record."""
        self._stale = False
        self._mask = bool(settings.get(self.ctx.db, "mask_personal_data"))
        fields = suggestions_db.list_fields(self.ctx.db)
        self._set_combo_items(self.field_combo, [(f["name"], f["id"]) for f in fields])
        units = suggestions_db.list_units(self.ctx.db)
        self._set_combo_items(self.unit_combo, [(u["name"], u["id"]) for u in units])
        selected = self.selected_ids()
        self.apply_filters()
        if selected:
            self.select_ids(selected)
        self.show_detail(self.current_id)
        if self.tabs.currentWidget() is self.reminders_tab:
            self.reminders_tab.refresh()

    @staticmethod
    def _set_combo_items(box: FilterCombo, items) -> None:
        current = box.value()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, data in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(box.findData(current), 0) if current is not None else 0)
        box.blockSignals(False)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(_WATCHED):
            self.reload_soon()

    def _tab_changed(self, _index: int) -> None:
        widget = self.tabs.currentWidget()
        if widget is self.stats_tab and self.stats_tab.stats is None:
            self.stats_tab.refresh()
        elif widget is self.reminders_tab:
            self.reminders_tab.refresh()

    def filters(self) -> dict:
        """The list filters as ``db.suggestions.list_suggestions`` takes them; a bad date raises UserError."""
        state = self.state_combo.value()
        try:
            start, end = self.start_edit.iso(), self.end_edit.iso()
        except DateError as err:
            raise UserError(str(err)) from None
        return {"text": self.search.text().strip(), "states": OPEN_STATES if state == OPEN else state,
                "source": self.source_combo.value(), "field_id": self.field_combo.value(),
                "level": self.level_combo.value(), "unit_id": self.unit_combo.value(), "flag": self.flag_combo.value(),
                "start": start, "end": end}

    def apply_filters(self) -> None:
        self._search_timer.stop()
        try:
            filters = self.filters()
        except UserError as err:
            self.filter_error.setText(str(err))
            return
        self.filter_error.setText("")
        self.model.set_filters(**filters)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.list_tab)
        self.search.setFocus()
        self.search.selectAll()

    def clear_filters(self) -> None:
        for box in (self.state_combo, self.source_combo, self.field_combo, self.level_combo, self.unit_combo,
                    self.flag_combo):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for edit in (self.search, self.start_edit, self.end_edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.apply_filters()

    def _update_count(self, *_args) -> None:
        shown, total = self.model.rowCount(), self.model.total
        more = "（向下滚动加载更多）" if shown < total else ""
        overdue = sum(1 for r in self.model.rows() if r.get("flag") == "overdue")
        soon = sum(1 for r in self.model.rows() if r.get("flag") == "due_soon")
        self.count_label.setText(f"显示 {shown} / 共 {total} 件{more}　已逾期 {overdue} 件（红）　即将到期 {soon} 件（黄）"
                                 if shown == total else f"显示 {shown} / 共 {total} 件{more}")
        if total:
            hint = ""
        elif self.model.filters:
            hint = "没有符合筛选条件的意见建议。可改一下搜索词，或点“清除筛选”。"
        else:
            hint = ("还没有意见建议。点“新建意见建议”（Ctrl+N）录入代表建议或选民意见；"
                    "接待选民日的来访也可在“活动登记 → 接待选民日”中一键转为意见建议。")
        self.empty_hint.setText(hint)
        self.empty_hint.setVisible(bool(hint))

    # Selection and detail ---------------------------------------------------------------------
    def selected_rows(self) -> list[dict]:
        rows = sorted({ix.row() for ix in self.view.selectionModel().selectedRows()})
        return [self.model.row(r) for r in rows]

    def selected_ids(self) -> list[int]:
        return [row["id"] for row in self.selected_rows()]

    def select_ids(self, ids) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        wanted, selection, first = set(ids), QItemSelection(), None
        last = self.model.columnCount() - 1
        for r, row in enumerate(self.model.rows()):
            if row["id"] in wanted:
                selection.select(self.model.index(r, 0), self.model.index(r, last))
                first = first if first is not None else self.model.index(r, 0)
        selection_model = self.view.selectionModel()
        selection_model.clearSelection()
        if first is not None:
            selection_model.setCurrentIndex(first, QItemSelectionModel.NoUpdate)
            selection_model.select(selection, QItemSelectionModel.Select | QItemSelectionModel.Rows)
            self.view.scrollTo(first)

    def _selection_changed(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.show_detail(rows[0]["id"])
        count = len(rows)
        self._update_actions()
        self.bulk_assign_action.setText(f"批量交办（{count}）…" if count > 1 else "批量交办…")
        self.bulk_reply_action.setText(f"批量答复（{count}）…" if count > 1 else "批量答复…")

    def _update_actions(self) -> None:
        """编辑 needs a suggestion shown; 删除 a selection or one shown."""
        shown = self.current_id is not None
        self.edit_action.setEnabled(shown)
        self.delete_action.setEnabled(shown or self.view.selectionModel().hasSelection())

    def show_detail(self, suggestion_id: int | None) -> None:
        self._show_detail(suggestion_id)
        self._update_actions()

    def _show_detail(self, suggestion_id: int | None) -> None:
        self.current_id = suggestion_id
        if suggestion_id is None:
            self.detail.show_suggestion(None)
            return
        try:
            s = suggestions_db.get_suggestion(self.ctx.db, suggestion_id, today=self._today())
        except UserError:
            s = None
        if s is None or s.get("deleted_at"):   # gone, or hidden by a delete (or the undo of a new one)
            self.current_id = None
            self.detail.show_suggestion(None)
            return
        files = attachments_db.list_attachments(self.ctx.db, "suggestions", suggestion_id)
        self.detail.show_suggestion(s, files, mask=self._mask)

    def focus_record(self, suggestion_id) -> None:
        """Show the suggestion (from the home screen, an archive line, a reminder): selected, detail open.

        ``{"flag": "overdue"}`` or ``{"flag": "due_soon"}`` (the home screen's cards) lists just those instead.
        """
        self.tabs.setCurrentWidget(self.list_tab)
        if isinstance(suggestion_id, dict):
            self.clear_filters()
            self.flag_combo.setCurrentIndex(max(self.flag_combo.findData(suggestion_id.get("flag")), 0))
            return
        if self.model.row_of_id(suggestion_id) is None:
            self.clear_filters()
            self.model.load_until(suggestion_id)
        self.select_ids([suggestion_id])
        self.show_detail(suggestion_id)

    # Actions -------------------------------------------------------------------------------
    def _open(self, dialog, on_done=None):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        if on_done is not None:
            dialog.accepted.connect(on_done)
        dialog.open()
        return dialog

    def _current(self) -> dict | None:
        if self.current_id is None:
            return None
        return self.detail.suggestion

    def new_suggestion(self) -> SuggestionDialog:
        dialog = SuggestionDialog(self.ctx, parent=self)
        return self._open(dialog, lambda: self.focus_record(dialog.suggestion_id))

    def edit_current(self) -> SuggestionDialog | None:
        s = self._current()
        if s is None:
            return None
        return self._open(SuggestionDialog(self.ctx, s, self))

    def open_step(self, action: str) -> StepDialog | None:
        s = self._current()
        if s is None:
            return None
        return self._open(StepDialog(self.ctx, action, [s], self))

    def _bulk(self, action: str, state_ok: tuple[str, ...], what: str) -> StepDialog | None:
        rows = self.selected_rows()
        if not rows:
            show_error(self, UserError(f"请先在列表中选择要{what}的意见建议（按住 Ctrl 或 Shift 可多选）。"))
            return None
        wrong = [r for r in rows if r["state"] not in state_ok]
        right = [r for r in rows if r["state"] in state_ok]
        if wrong:
            names = "、".join(f"“{r['title']}”（{r['state']}）" for r in wrong[:3]) + ("等" if len(wrong) > 3 else "")
            states = "/".join(state_ok)
            if not right:
                show_error(self, UserError(f"所选意见建议中 {len(wrong)} 件不能{what}：{names}。"
                                           f"只有处于“{states}”状态的才能{what}，请重新选择。"))
                return None
            # A mixed selection (e.g. Ctrl+A on the whole list): offer to go on with the ones that can.
            if not confirm(self, f"批量{what}", f"所选 {len(rows)} 件中有 {len(wrong)} 件不能{what}：{names}"
                                              f"（只有“{states}”状态的才能{what}）。\n\n"
                                              f"是否只{what}其余 {len(right)} 件？"):
                return None
            self.select_ids([r["id"] for r in right])
        return self._open(StepDialog(self.ctx, action, right, self))

    def bulk_assign(self) -> StepDialog | None:
        return self._bulk("assign", ("分类",), "交办")

    def bulk_reply(self) -> StepDialog | None:
        return self._bulk("reply", ("交办", "办理"), "答复")

    def delete_current(self) -> bool:
        """Delete the selected suggestions (or the one shown), after asking; Ctrl+Z brings them back."""
        rows = self.selected_rows() or ([self._current()] if self._current() else [])
        if not rows:
            return False
        names = "、".join(f"“{r['title']}”" for r in rows[:3]) + (f" 等 {len(rows)} 件" if len(rows) > 3 else "")
        if not confirm(self, "删除意见建议", f"确定删除 {names} 吗？删除后不再出现在列表和统计中。"
                                          "\n\n办理过程和附件随之保留，可用“编辑 → 撤销”（Ctrl+Z）恢复。"):
            return False
        try:
            DeleteSuggestions.run(self.ctx, rows)
        except UserError as err:
            show_error(self, err)
            return False
        self.current_id = None
        self._update_actions()
        return True

    def export_current(self):
        widget = self.tabs.currentWidget()
        if widget is self.stats_tab:
            return self.stats_tab.export(".xlsx")
        if widget is self.reminders_tab:
            return self.reminders_tab.export_excel()
        return self.export_list()

    def print_current(self):
        """Ctrl+P: the statistics or the 督办 list in print preview (the list tab prints its 督办 list)."""
        widget = self.tabs.currentWidget()
        if widget is self.stats_tab:
            if self.stats_tab.stats is None:
                self.stats_tab.refresh()
            return self.stats_tab.preview()
        self.tabs.setCurrentWidget(self.reminders_tab)
        return self.reminders_tab.preview()

    def export_list(self, target: str | None = None) -> Path | None:
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, "导出意见建议清单", "意见建议清单.xlsx", "Excel 工作簿 (*.xlsx)")
            if not target:
                return None
        path = Path(target)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            return export_suggestions(self.ctx.db, path)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入 {path}：{err}"))
            return None

    # Attachments -------------------------------------------------------------------------------
    def add_attachment(self, path: str | None = None) -> int | None:
        if self.current_id is None:
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "添加附件", "", "所有文件 (*)")
            if not path:
                return None
        try:
            attachment_id = attachments_ops.add(self.ctx.db, "suggestions", self.current_id, path).value
        except UserError as err:
            show_error(self, err)
            return None
        AttachmentChanges.record(self.ctx, "suggestions", [attachment_id], [], "意见建议")
        self.show_detail(self.current_id)
        return attachment_id

    def open_attachment(self, attachment: dict) -> None:
        if not Path(attachment["path"]).is_file():
            show_error(self, UserError(f"附件“{attachment['original_name']}”的文件缺失，请运行“检查数据”。"))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(attachment["path"])))

    def remove_attachment(self, attachment: dict) -> bool:
        if not confirm(self, "移除附件", f"确定移除附件“{attachment['original_name']}”吗？"
                                      "\n文件仍保留在附件文件夹中，可用 Ctrl+Z 撤销。"):
            return False
        attachments_ops.remove(self.ctx.db, [attachment["id"]], "suggestions")
        AttachmentChanges.record(self.ctx, "suggestions", [], [attachment["id"]], "意见建议")
        self.show_detail(self.current_id)
        return True
