"""代表名册: the roster table with search and filters, the edit form, status changes, import and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QLabel, QMenu, QToolBar, QToolButton, QVBoxLayout, QWidget,
)

from ...db import deputies as deputies_db
from ...db import districts as districts_db
from ...db import groups as groups_db
from ...db import settings
from ...db import terms as terms_db
from ...domain.roster import LEVELS, SERVING, STATUSES
from ...errors import UserError
from ..context import AppContext
from ..widgets.actions import page_action
from ..widgets.reloading_page import ReloadingPage
from ..widgets.filter_table import FilterCombo, FilterTable
from ..widgets.messages import confirm, show_error
from ..widgets.progress import run_with_progress
from ..widgets.menu_button import make_room_for_arrow
from ..widgets.undo_notice import UndoNotice
from .commands import AddDeputy, ChangeStatus, DeleteDeputies, EditDeputy, ImportRoster
from .edit_dialog import DeputyDialog, StatusDialog
from .model import RosterModel
from ...ops.changes import Area, Changes
from .term_offer import ensure_term
from .term_repair import TermRepairDialog

# Tables whose changes alter what the roster shows.
_WATCHED = Area.TERMS | Area.DISTRICTS | Area.DEPUTIES | Area.GROUPS | Area.SETTINGS


class RosterPage(ReloadingPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self.dialog = None   # the open form, kept so tests and shortcuts can reach it
        self.model = RosterModel(mask=bool(settings.get(ctx.db, "mask_personal_data")), parent=self)
        self.table = FilterTable(self.model, search_placeholder="搜索：姓名、拼音首字母（如 zs）、单位、选区…",
                                 unit="名")
        self.table.view.setObjectName("roster_table")
        self.search = self.table.search
        self._build_filters()
        self.toolbar = self._build_toolbar()
        self.info_label = QLabel()
        self.info_label.setObjectName("info")
        # Deputies stored without a 届次 are missing from sign-in: say so above the table until repaired.
        self.termless_label = QLabel()
        self.termless_label.setObjectName("termless")
        self.termless_label.setStyleSheet("color: #b35c00;")
        self.termless_label.setTextFormat(Qt.RichText)
        self.termless_label.linkActivated.connect(lambda _link: self.repair_terms())
        self.termless_label.hide()
        # After Ctrl+Z the line says what was undone instead of still offering to undo it.
        UndoNotice(self.info_label, ctx.undo_stack, {"deputies"})

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.termless_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info_label)

        self.table.activated.connect(lambda _row: self.edit_current())
        self.table.selection_changed.connect(self._update_actions)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    # Building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        t = self.table
        self.term_combo = t.add_column_combo("term_name", "全部届次", [])
        self.level_combo = t.add_column_combo("level", "全部层级", LEVELS)
        self.district_combo = t.add_column_combo("district_name", "全部选区", [])
        self.group_combo = t.add_column_combo("group_names", "全部小组", [])
        # The status combo and the 显示已离任 box share one exact-match filter on the status column.
        self.status_combo = FilterCombo("全部状态", STATUSES)
        self.status_combo.setSizeAdjustPolicy(FilterCombo.AdjustToContents)
        t.add_filter(self.status_combo)
        self.show_inactive = QCheckBox("显示已离任")
        self.show_inactive.setToolTip("默认只显示在任代表；勾选后也显示辞职、罢免、调离、去世、资格终止的代表")
        t.add_filter(self.show_inactive)
        self.show_inactive.toggled.connect(self._apply_status_rule)
        self.status_combo.currentIndexChanged.connect(self._status_combo_changed)
        self._apply_status_rule()

    def _action(self, text: str, slot, shortcut=None, *, widget: QWidget | None = None) -> QAction:
        return page_action(self, text, slot, shortcut, widget=widget)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.new_action = self._action("新增代表", self.new_deputy, QKeySequence.New)
        # Enter, F2 and Del act on the table only, so typing in the search box is never hijacked.
        view = self.table.view
        self.edit_action = self._action("编辑", self.edit_current, ["F2"], widget=view)
        self.status_action = self._action("状态变更…", self.change_status)
        self.delete_action = self._action("删除", self.delete_selected, [QKeySequence.Delete], widget=view)
        self.find_action = self._action("查找", self.focus_search, QKeySequence.Find)
        self.repair_terms_action = self._action("补登届次…", self.repair_terms)
        self.repair_terms_action.setToolTip("为录入时还没有届次的代表补登届次（他们不在签到表和全体代表人数中）")
        self.import_action = self._action("导入Excel…", self.import_excel)
        self.export_action = self._action("导出Excel…", self.export_excel)
        self.export_pdf_action = self._action("导出PDF…", self.export_pdf)
        self.stats_pdf_action = self._action("结构统计（PDF）…", lambda: self.export_statistics("pdf"))
        self.stats_excel_action = self._action("结构统计（Excel）…", lambda: self.export_statistics("xlsx"))
        for action in (self.new_action, self.edit_action, self.status_action, self.delete_action,
                       self.repair_terms_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (self.import_action, self.export_action, self.export_pdf_action):
            bar.addAction(action)
        stats = QToolButton()
        stats.setText("结构统计")
        stats.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(stats)
        menu.addAction(self.stats_pdf_action)
        menu.addAction(self.stats_excel_action)
        stats.setMenu(menu)
        bar.addWidget(make_room_for_arrow(stats))
        view.setContextMenuPolicy(Qt.ActionsContextMenu)
        for action in (self.edit_action, self.status_action, self.delete_action):
            if action not in view.actions():
                view.addAction(action)
        return bar

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the roster (one query) keeping the selection, sort and filters."""
        selected = self.table.selected_ids()
        db = self.ctx.db
        self.model.mask = bool(settings.get(db, "mask_personal_data"))
        self.model.set_columns(deputies_db.roster_columns(db))
        self.table.set_empty_hint(empty_roster_hint(bool(terms_db.list_terms(db))))
        self._refresh_filter_values()
        self._show_termless()
        self._stale = False
        if selected:
            self.table.select_ids(selected)
        self._update_actions()

    def _refresh_filter_values(self) -> None:
        db = self.ctx.db
        terms = terms_db.list_terms(db)
        first_load = self.term_combo.count() == 1
        self.term_combo.set_values([t["name"] for t in terms])
        current = terms_db.current_term(db)
        if first_load and current and len(terms) > 1:
            self.term_combo.set_value(current["name"])
        term_id = current["id"] if current else None
        self.district_combo.set_values(_unique(districts_db.district_names(db, term_id)))
        self.group_combo.set_values(_unique(groups_db.group_names(db, term_id)))

    def _show_termless(self) -> None:
        count = len(deputies_db.termless_deputies(self.ctx.db))
        self.termless_label.setText(f"有 {count} 名代表没有届次，不在签到表和全体代表人数中。"
                                    "<a href='repair'>补登届次…</a>")
        self.termless_label.setVisible(count > 0)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Area.SETTINGS):
            self.model.set_mask(bool(settings.get(self.ctx.db, "mask_personal_data")))
        if changes.touches(_WATCHED & ~Area.SETTINGS):
            self.reload_soon()

    # Filters -------------------------------------------------------------------------------
    def _apply_status_rule(self, *_args) -> None:
        status = self.status_combo.value()
        if status is None and not self.show_inactive.isChecked():
            status = SERVING
        self.table.proxy.set_column_filter(self.model.column_of("status"), status)

    def _status_combo_changed(self, *_args) -> None:
        # Asking for 辞职 etc. means wanting to see former deputies.
        if self.status_combo.value() not in (None, SERVING) and not self.show_inactive.isChecked():
            self.show_inactive.setChecked(True)
        self._apply_status_rule()

    def focus_record(self, record_id) -> bool:
        """Select deputy ``record_id`` and scroll to it, clearing the search and filters that hide it."""
        if self._stale:
            self.reload()
        if self.model.row_of_id(record_id) is None:
            return False
        self.table.select_ids([record_id])
        if record_id not in self.table.selected_ids():
            self.search.clear()
            for combo in (self.term_combo, self.level_combo, self.district_combo, self.group_combo,
                          self.status_combo):
                combo.set_value(None)
            self.show_inactive.setChecked(True)
            self.table.select_ids([record_id])
        self.table.view.setFocus()
        return record_id in self.table.selected_ids()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self) -> None:
        count = len(self.table.view.selectionModel().selectedRows())
        self.edit_action.setEnabled(count == 1 or self.table.current_row() is not None)
        self.status_action.setEnabled(count >= 1)
        self.delete_action.setEnabled(count >= 1)

    # Editing -------------------------------------------------------------------------------
    def _open(self, dialog) -> DeputyDialog:
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_deputy(self) -> DeputyDialog | None:
        if not ensure_term(self, self.ctx, "新增代表"):
            return None

        def save(values: dict) -> None:
            command = AddDeputy.run(self.ctx, values)
            self.table.select_ids([command.deputy_id])
            self.info_label.setText(f"已新增代表 {values.get('name')}。")

        return self._open(DeputyDialog(self.ctx, save, parent=self))

    def edit_current(self) -> DeputyDialog | None:
        row = self.table.current_row()
        if row is None:
            return None
        deputy = deputies_db.get_deputy(self.ctx.db, row["id"])

        def save(values: dict) -> None:
            if EditDeputy.run(self.ctx, deputy["id"], values) is not None:
                self.info_label.setText(f"已保存对 {values.get('name')} 的修改。")

        return self._open(DeputyDialog(self.ctx, save, deputy=deputy, parent=self))

    def repair_terms(self) -> TermRepairDialog | None:
        """补登届次 for deputies stored without one; offers to create a 届次 first when there is none."""
        if deputies_db.termless_deputies(self.ctx.db) and not ensure_term(self, self.ctx, "补登届次"):
            return None
        dialog = TermRepairDialog(self.ctx, self)

        def finished(result: int) -> None:
            if result and dialog.changes is not None:
                self.info_label.setText(dialog.changes.message)

        dialog.finished.connect(finished)
        return self._open(dialog)

    def change_status(self) -> StatusDialog | None:
        rows = self.table.selected_rows()
        if not rows:
            return None

        def save(status: str, date: str | None, reason: str | None) -> None:
            ChangeStatus.run(self.ctx, rows, status, date, reason)
            hidden = status != SERVING and not self.show_inactive.isChecked()
            hint = "（勾选“显示已离任”可查看）" if hidden else ""
            self.info_label.setText(f"已将 {_names(rows)} 的状态改为{status}{hint}。")

        return self._open(StatusDialog([r["name"] for r in rows], save, parent=self, current=rows[0].get("status")))

    def delete_selected(self) -> bool:
        rows = self.table.selected_rows()
        if not rows:
            return False
        text = (f"确定删除 {_names(rows)} 吗？\n\n删除用于纠正误录入；代表辞职、调离等请用“状态变更”。"
                "\n删除后可用“编辑 → 撤销”（Ctrl+Z）恢复。")
        if not confirm(self, "删除代表", text):
            return False
        try:
            DeleteDeputies.run(self.ctx, rows)
        except UserError as err:
            show_error(self, err)
            return False
        self.info_label.setText(f"已删除 {_names(rows)}。")
        return True

    # Import and export ---------------------------------------------------------------------
    def import_excel(self, path: str | None = None):
        """Preview the workbook; returns the preview dialog (opened) or None when nothing was chosen."""
        from ...ops import roster_import
        from .import_dialog import ImportPreviewDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择要导入的名册", str(Path.home()),
                                                  "电子表格 (*.xlsx *.xlsm *.xls *.ods *.csv);;所有文件 (*)")
        if not path:
            return None
        # The title is read only when a 届次 must be created: a large workbook is not parsed twice.
        suggested = None if terms_db.list_terms(self.ctx.db) else roster_import.term_in_title(path)
        if not ensure_term(self, self.ctx, "导入名册", suggested=suggested):
            return None
        try:
            preview = run_with_progress(self, "读取名册",
                                        lambda p: roster_import.preview(self.ctx.db, path, progress=p),
                                        label="正在读取并检查名册…")
        except UserError as err:
            show_error(self, err, "无法导入")
            return None
        if preview is None:
            return None
        dialog = ImportPreviewDialog(preview, self)

        def finished(result: int) -> None:
            if result:
                self.apply_import(preview, skip_errors=dialog.skip_errors)

        dialog.finished.connect(finished)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def apply_import(self, preview, *, skip_errors: bool = False) -> ImportRoster | None:
        try:
            command = ImportRoster.run(self.ctx, preview, skip_errors=skip_errors)
        except UserError as err:
            show_error(self, err, "导入未完成")
            return None
        self.info_label.setText(command.result.summary_text() + " 可用 Ctrl+Z 撤销这次导入。")
        return command

    def _save_path(self, title: str, name: str, suffix: str) -> str | None:
        township = settings.get(self.ctx.db, "township_name") or ""
        suggested = Path.home() / f"{name}-{township}-{dt.date.today().isoformat()}{suffix}"
        filter_text = "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), filter_text)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path or None

    def _export(self, title: str, name: str, suffix: str, job) -> Path | None:
        path = self._save_path(title, name, suffix)
        if not path:
            return None
        try:
            done = run_with_progress(self, title, lambda progress: job(Path(path), progress) or True,
                                     label=f"正在生成 {Path(path).name}…")
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        if done is None:
            self.info_label.setText("已取消导出。")
            return None
        self.info_label.setText(f"已导出到 {path}")
        return Path(path)

    def export_excel(self) -> Path | None:
        from ...ops import roster_documents

        return self._export("导出代表名册", "代表名册", ".xlsx",
                            lambda path, progress: roster_documents.export_roster_workbook(self.ctx.db, path,
                                                                                           progress=progress))

    def export_pdf(self) -> Path | None:
        """The serving deputies as a printable table; warns first about characters no font can print."""
        from ...ops import roster_documents
        from ...reports.pdf import roster as roster_pdf

        deputies = deputies_db.list_deputies(self.ctx.db)
        missing = roster_pdf.missing_characters(deputies)
        if missing and not confirm(self, "有无法打印的字",
                                   f"本机没有任何字体包含这些字：{'、'.join(missing)}。\n"
                                   "它们在 PDF 中会显示为空白或方框。仍要导出吗？"):
            return None
        return self._export("导出代表名册（PDF）", "代表名册", ".pdf",
                            lambda path, progress: roster_documents.export_roster_pdf(self.ctx.db, path,
                                                                                      deputies=deputies))

    def export_statistics(self, kind: str) -> Path | None:
        """代表结构统计 as the county's Excel form (``kind`` 'xlsx') or an official-format PDF ('pdf')."""
        from ...ops.statistics import export_statistics

        # the term chosen in the table's 届次 filter (the current term when it shows 全部届次)
        chosen = next((t["id"] for t in terms_db.list_terms(self.ctx.db) if t["name"] == self.term_combo.currentText()),
                      None)
        return self._export("代表结构统计", "代表结构统计", f".{kind}",
                            lambda path, progress: export_statistics(self.ctx.db, path, term_id=chosen))


def empty_roster_hint(has_term: bool) -> str:
    """What a new office does first when the roster is empty."""
    if not has_term:
        return ("名册中还没有代表。请先到“届次与选区”新建本届届次和选区，"
                "再回到这里点“新增代表”（Ctrl+N）逐个录入，或点“导入Excel…”导入现有名册。")
    return ("名册中还没有代表。点“新增代表”（Ctrl+N）逐个录入，或点“导入Excel…”导入现有名册"
            "（不清楚表格格式时，先点“导出Excel…”得到一份带表头的空表，填好后再导入）。")


def _unique(names) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def _names(rows: list[dict]) -> str:
    names = [r.get("name") or "" for r in rows]
    return "、".join(names) if len(names) <= 3 else f"{'、'.join(names[:3])} 等 {len(names)} 名代表"
