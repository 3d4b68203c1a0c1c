"""一人一档: the deputy list on the left, the chosen deputy's archive on the right in tabs (全届 or a year),
with 荣誉/处分, 述职, notes and documents editable, lines that open their activity or suggestion, and
exports: this deputy as PDF (previewed) or Excel, the listed deputies as a folder of PDFs, one PDF or one workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMenu, QPushButton, QSplitter, QTabWidget,
    QToolButton, QVBoxLayout, QWidget,
)

from ...db import archive as archive_db
from ...db import deputy_notes, honors, report_backs, settings
from ...db import deputies as deputies_db
from ...db import groups as groups_db
from ...db import terms as terms_db
from ...domain.roster import LEVELS, SERVING
from ...errors import UserError
from ...ops import archive_records as records_ops
from ...ops import attachments as attachments_ops
from ..context import AppContext
from ..widgets import actions
from ..widgets.filter_table import FilterTable
from ..widgets.list_page import ListPage
from ..widgets.messages import show_error
from ..widgets.progress import run_with_progress
from ..widgets.record_commands import AddRecord, DeleteRecords, EditRecord, RecordKind
from ..widgets.table_model import Column, RowTableModel
from ..widgets.menu_button import make_room_for_arrow
from ..widgets.text_wrap import phrases
from .commands import DOCUMENT, HONOR, NOTE, REPORT_BACK
from .dialogs import HonorDialog, NoteDialog, ReportBackDialog
from ...ops.changes import Area

WHOLE_TERM = "全届"
CHOOSE_DEPUTY = "请在左侧选择一名代表"
# What a new office sees before the archive has anyone to show (the archive gathers, it is never typed).
NO_TERM_HINT = ("还没有届次。请先到“届次与选区”新建届次，再到“代表名册”登记或导入代表；"
                "之后活动、建议、人代会出席等记录会自动汇集到每名代表的档案中。")
NO_DEPUTY_HINT = ("本届还没有代表。请先到“代表名册”登记或从 Excel 导入代表名册；"
                  "之后活动、建议、人代会出席等记录会自动汇集到每名代表的档案中。")
# Where a score record opens (table of the record → page key); 述职 records show on this page's 述职 tab.
_RECORD_PAGES = {"activities": "activities", "suggestions": "suggestions", "sessions": "session"}
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


def _status(row: dict) -> str:
    status = row.get("status") or SERVING
    return status if status == SERVING else f"{status}（{row.get('status_date') or ''}）"


class DeputyListModel(RowTableModel):
    """The deputies of the current term, those who left included (grey)."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("name", "姓名", 80, sort_key=lambda r: (r.get("name_initials") or "", r.get("name") or "")),
            Column("level", "层级", 40, sort_key=lambda r: _LEVEL_RANK.get(r.get("level"), 9)),
            Column("group_names", "代表小组", 120,
                   filter_values=lambda r: tuple((r.get("group_names") or "").split("、"))),
            Column("status", "状态", 70, text=_status, filter_values=lambda r: (r.get("status") or SERVING,)),
        ], parent)

    def row_is_muted(self, row: dict) -> bool:
        return (row.get("status") or SERVING) != SERVING

    def extra_search_text(self, row: dict) -> str:
        return row.get("name_initials") or ""


class RecordsTab(QWidget):
    """A tab: buttons, a summary line and a read-only, sortable, filterable table of one section's records.

    ``buttons`` are (text, slot) or (text, slot, role) with role 'new', 'edit' or 'delete': those get the
    standard shortcuts (Ctrl+N through the page, F2/Enter and Del on the table) and the table's context menu.
    """

    def __init__(self, columns: list[Column], buttons: list[tuple] = (), *,
                 hint: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowTableModel(columns, self)
        # Rows keep the archive's order (oldest first, as in the PDF) until a header is clicked.
        self.table = FilterTable(self.model, search_placeholder="在本页记录中筛选", unit="条")
        self.proxy = self.table.proxy
        self.view = self.table.view
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.search.setMinimumWidth(160)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.buttons: dict[str, QPushButton] = {}
        self.new_slot = None    # what Ctrl+N does while this tab is shown (the page asks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        if buttons:
            bar = QHBoxLayout()
            for text, slot, *role in buttons:
                button = QPushButton(text)
                button.clicked.connect(lambda _checked=False, s=slot: s())
                bar.addWidget(button)
                self.buttons[text] = button
                self._add_shortcut(button, slot, role[0] if role else None)
            bar.addStretch(1)
            layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        if hint:
            note = QLabel(hint)
            note.setObjectName("hint")
            note.setWordWrap(True)   # a long hint wraps rather than widening the whole page
            note.setStyleSheet("color: #777;")
            layout.addWidget(note)

    def _add_shortcut(self, button: QPushButton, slot, role: str | None) -> None:
        if role == "new":
            if self.new_slot is None:
                self.new_slot = slot
                button.setToolTip(f"{button.text()}（Ctrl+N）")
            return
        keys = {"edit": [actions.EDIT], "delete": [actions.DELETE]}.get(role)
        if keys is None:
            return
        # On the table only: Del while typing in the filter box deletes text, not a record.
        action = actions.page_action(self, button.text().rstrip("…"), slot, keys, widget=self.view)
        self.view.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.view.addAction(action)
        hint = "F2、Enter 或双击" if role == "edit" else "Delete"
        button.setToolTip(f"{button.text().rstrip('…')}（{hint}）")

    def source_row(self, index) -> int:
        """The model row of a (proxy) index of the view."""
        return self.proxy.mapToSource(index).row()

    def set_rows(self, rows: list[dict], summary: str = "") -> None:
        self.model.set_rows(rows)
        self.summary.setText(summary)
        self.summary.setVisible(bool(summary))

    def current_row(self) -> dict | None:
        return self.table.current_row()

    def select_id(self, row_id) -> None:
        self.table.select_ids([row_id])


def _pct(value) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _num(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


class ArchivePage(ListPage):
    # Tables whose changes alter an archive.
    WATCHED = (Area.TERMS | Area.DEPUTIES | Area.GROUPS | Area.ACTIVITIES | Area.SUGGESTIONS | Area.SESSIONS |
               Area.ARCHIVE | Area.HONORS | Area.SCORES | Area.SETTINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.archive: dict | None = None
        self.deputy_id: int | None = None
        self.list_model = DeputyListModel(self)
        self.deputies = FilterTable(self.list_model, search_placeholder="姓名或拼音首字母（如 zs）", unit="名")
        self.deputies.view.setObjectName("archive_deputies")
        self.deputies.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.search = self.deputies.search
        self.level_combo = self.deputies.add_column_combo("level", "全部层级", LEVELS)
        self.group_combo = self.deputies.add_column_combo("group_names", "全部小组", [])
        self.deputies.selection_changed.connect(self._deputy_chosen)

        self.title = QLabel(CHOOSE_DEPUTY)
        self.title.setObjectName("archive_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("archive_year")
        self.year_combo.addItem(WHOLE_TERM, None)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.load_archive())
        self.info_label = QLabel()
        self.info_label.setObjectName("info")
        self.info_label.setWordWrap(True)   # some notes (a record outside the period) run to two lines

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(QLabel("期间："))
        head.addWidget(self.year_combo)
        head.addWidget(self._export_button())
        right_layout.addLayout(head)
        right_layout.addWidget(self.subtitle)
        self.tabs = QTabWidget()
        self._build_tabs()
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.info_label)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.deputies)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._add_page_actions()
        self.reload()

    def _add_page_actions(self) -> None:
        """Ctrl+N adds a record to the tab shown; Ctrl+F, Ctrl+E (本人 Excel), Ctrl+P (本人 PDF), F5."""
        self.new_action = self.action("新增记录", self.new_in_tab, actions.NEW)
        self.search_action = self.find_action(self.search)
        self.export_action = self.action("本人档案 Excel…", lambda: self.export_excel(), actions.EXPORT)
        self.print_action = self.action("本人档案 PDF（预览、打印）…", self.export_pdf, actions.PRINT)
        self.reload_action = self.refresh_action()
        self.export_button.setToolTip("导出与打印（本人档案：Ctrl+E 导出 Excel，Ctrl+P 预览打印）")

    def new_in_tab(self):
        """The tab's first 新增 button (荣誉 on the 荣誉与处分 tab); on tabs without one, says where to add."""
        tab = self.tabs.currentWidget()
        slot = getattr(tab, "new_slot", None)
        if slot is None:
            self.info_label.setText("请切换到“述职”“荣誉与处分”“备注”或“档案材料”页签再新增记录。")
            return None
        return slot()

    # Building ------------------------------------------------------------------------------
    def _export_button(self) -> QToolButton:
        button = self.export_button = QToolButton()
        button.setText("导出与打印")
        button.setPopupMode(QToolButton.InstantPopup)
        make_room_for_arrow(button)
        menu = QMenu(button)
        menu.addAction("本人档案 PDF（预览、打印）…", self.export_pdf)
        menu.addAction("本人档案 Excel…", lambda: self.export_excel())
        menu.addSeparator()
        menu.addAction("列表中全部代表：每人一个 PDF…", lambda: self.export_all_folder())
        menu.addAction("列表中全部代表：合并为一个 PDF…", lambda: self.export_all_one("pdf"))
        menu.addAction("列表中全部代表：一个 Excel 工作簿…", lambda: self.export_all_one("xlsx"))
        button.setMenu(menu)
        self.export_menu = menu
        return button

    def _build_tabs(self) -> None:
        self.overview_tab = RecordsTab([
            Column("year", "年度", 60), Column("sessions_present", "出席人代会", 80, numeric=True),
            Column("activities", "参加活动", 70, numeric=True), Column("receptions", "接待选民日", 80, numeric=True),
            Column("trainings", "学习培训", 70, numeric=True), Column("suggestions", "提出建议", 70, numeric=True),
            Column("report_backs", "述职", 50, numeric=True),
            Column("score", "积分", 60, text=lambda r: _num(r.get("score")), numeric=True),
            Column("grade", "等次", 60)])
        self.sessions_tab = RecordsTab([
            Column("name", "会议", 260), Column("start_date", "日期", 90), Column("place", "地点", 150),
            Column("status", "出席情况", 70), Column("note", "备注", 120)],
            hint="选举和表决实行无记名投票，档案只记载出席情况。")
        self.activities_tab = RecordsTab([
            Column("date", "日期", 90), Column("type_name", "类型", 90), Column("theme", "主题", 240),
            Column("where", "联络站/小组", 160, text=lambda r: r.get("station_name") or r.get("group_name") or ""),
            Column("status", "出勤", 60), Column("reason", "原因", 100)], hint="双击一行打开该活动的登记。")
        self.activities_tab.view.activated.connect(
            lambda index: self.open_activity(self.activities_tab.source_row(index)))
        self.suggestions_tab = RecordsTab([
            Column("date", "日期", 90), Column("title", "标题", 240),
            Column("is_lead", "提出方式", 64, text=lambda r: "领衔" if r.get("is_lead") else "附议"),
            Column("unit_name", "承办单位", 140), Column("state", "状态", 60), Column("result_text", "办理结果", 150),
            Column("evaluation", "评价", 70)], hint="双击一行打开该意见建议。")
        self.suggestions_tab.view.activated.connect(
            lambda index: self.open_suggestion(self.suggestions_tab.source_row(index)))
        self.report_backs_tab = RecordsTab([
            Column("date", "日期", 90), Column("place", "地点", 160),
            Column("voters_present", "到会选民", 70, numeric=True), Column("satisfied", "满意", 50, numeric=True),
            Column("basically_satisfied", "基本满意", 70, numeric=True),
            Column("unsatisfied", "不满意", 60, numeric=True),
            Column("rate", "满意率", 70, text=lambda r: _pct(r.get("rate")), numeric=True),
            Column("evaluation", "总体评价", 70), Column("note", "备注", 160)],
            [("登记述职…", self.add_report_back, "new"), ("编辑…", self.edit_report_back, "edit"),
             ("删除", self.delete_report_back, "delete")])
        self.report_backs_tab.view.activated.connect(lambda _i: self.edit_report_back())
        self.honors_tab = RecordsTab([
            Column("kind", "类别", 50), Column("date", "日期", 90), Column("title", "名称", 200),
            Column("issuer", "授予/决定单位", 160), Column("note", "备注", 200)],
            [("新增荣誉…", lambda: self.add_honor("荣誉"), "new"), ("新增处分…", lambda: self.add_honor("处分")),
             ("编辑…", self.edit_honor, "edit"), ("删除", self.delete_honor, "delete")])
        self.honors_tab.view.activated.connect(lambda _i: self.edit_honor())
        self.scores_tab = RecordsTab([
            Column("year", "年度", 60), Column("item", "积分项目", 160), Column("count", "次数", 50, numeric=True),
            Column("points", "得分", 60, text=lambda r: _num(r.get("points")), numeric=True),
            Column("capped", "说明", 100, text=lambda r: "已达上限" if r.get("capped") else "")],
            hint="双击一行查看这一项得分来自哪些活动、建议、会议或述职。")
        self.scores_tab.view.activated.connect(lambda index: self.open_score_line(self.scores_tab.source_row(index)))
        self.notes_tab = RecordsTab([Column("date", "日期", 90), Column("text", "内容", 500)],
                                    [("新增备注…", self.add_note, "new"), ("编辑…", self.edit_note, "edit"),
                                     ("删除", self.delete_note, "delete")])
        self.notes_tab.view.activated.connect(lambda _i: self.edit_note())
        self.documents_tab = RecordsTab([
            Column("original_name", "文件名", 300),
            Column("size", "大小", 80, text=lambda r: f"{max(1, round((r.get('size') or 0) / 1024))} KB", numeric=True),
            Column("added_at", "添加时间", 140)],
            [("添加文件…", lambda: self.add_document(), "new"), ("打开", self.open_document, "edit"),
             ("删除", self.delete_document, "delete")],
            hint="档案材料（述职报告、表彰文件、照片等）复制到数据库旁的附件文件夹保存。双击打开。")
        self.documents_tab.view.activated.connect(lambda _i: self.open_document())
        for tab, title in ((self.overview_tab, "概况"), (self.sessions_tab, "人代会"), (self.activities_tab, "活动"),
                           (self.suggestions_tab, "意见建议"), (self.report_backs_tab, "述职"),
                           (self.honors_tab, "荣誉与处分"), (self.scores_tab, "积分"), (self.notes_tab, "备注"),
                           (self.documents_tab, "档案材料")):
            self.tabs.addTab(tab, title)

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the deputy list (keeping the choice) and the archive shown."""
        db = self.ctx.db
        term_id = terms_db.current_term_id(db)
        keep = self.deputy_id
        self.list_model.set_rows(deputies_db.list_deputies(db, term_id=term_id, include_inactive=True))
        self.group_combo.set_values(list(dict.fromkeys(g["name"] for g in groups_db.list_groups(db, term_id))))
        self._stale = False
        self._show_empty_state(term_id)
        if keep is not None and self.list_model.row_of_id(keep) is not None:
            self.deputies.select_ids([keep])
            self.load_archive()
        elif self.deputy_id is None and self.list_model.rowCount():
            visible = self.deputies.visible_rows()
            if visible:
                self.deputies.select_ids([visible[0]["id"]])

    def _show_empty_state(self, term_id: int | None) -> None:
        """With nobody to show, the header says what to do first and the archive's controls rest."""
        empty = self.list_model.rowCount() == 0
        if empty:
            self.archive, self.deputy_id = None, None
            self.title.setText("还没有代表档案")
            self.subtitle.setText(NO_TERM_HINT if term_id is None else NO_DEPUTY_HINT)
            for tab in self._tabs():
                tab.set_rows([])
        elif self.archive is None:
            self.title.setText(CHOOSE_DEPUTY)
            self.subtitle.setText("")
        self.tabs.setEnabled(not empty)
        self.export_button.setEnabled(not empty)
        self.year_combo.setEnabled(not empty)

    def _tabs(self) -> list[RecordsTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def _deputy_chosen(self) -> None:
        row = self.deputies.current_row()
        selected = self.deputies.selected_rows()
        row = selected[0] if selected else row
        if row is None or row["id"] == self.deputy_id and self.archive is not None:
            return
        self.deputy_id = row["id"]
        self._fill_years()
        self.load_archive()

    def _fill_years(self) -> None:
        current = self.year_combo.currentData()
        years = archive_db.years_available(self.ctx.db, self.deputy_id) if self.deputy_id else []
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(WHOLE_TERM, None)
        for year in years:
            self.year_combo.addItem(f"{year}年", year)
        index = self.year_combo.findData(current) if current is not None else 0
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year_combo.blockSignals(False)

    @property
    def year(self) -> int | None:
        return self.year_combo.currentData()

    def set_year(self, year: int | None) -> None:
        index = self.year_combo.findData(year) if year is not None else 0
        if index < 0:
            self.year_combo.addItem(f"{year}年", year)
            index = self.year_combo.count() - 1
        self.year_combo.setCurrentIndex(index)

    def load_archive(self) -> None:
        if self.deputy_id is None:
            return
        try:
            archive = archive_db.gather(self.ctx.db, self.deputy_id, year=self.year)
        except UserError as err:
            self.archive = None
            self.title.setText("无法显示档案")
            self.subtitle.setText(str(err))
            return
        self.archive = archive
        self._show(archive)

    def _show(self, a: dict) -> None:
        d = a["deputy"]
        self.title.setText(f"{d['name']}　{d.get('level') or '乡'}级人大代表")
        scope = f"{a['year']}年度" if a.get("year") is not None else (
            f"{a['term']['name']}全届" if a.get("term") else "全届")
        # Wrapped between its parts only: "档案期间：第十九届全届" stays on one line.
        self.subtitle.setText(phrases((
            d.get("district_name"), d.get("group_names"), "".join(x for x in (d.get("work_unit"), d.get("post")) if x),
            _status(d), f"档案期间：{scope}")))
        s, act, sug = a["sessions"]["counts"], a["activities"]["counts"], a["suggestions"]["counts"]
        history = "；".join(f"{h['date'] or ''} {h['status']} {h['reason'] or ''}".strip() for h in a["status_history"])
        overview = (f"出席人代会 {s['出席']} 次、请假 {s['请假']} 次、缺席 {s['缺席']} 次；参加活动 {act['出席']} 次"
                    f"（请假 {act['请假']}、缺席 {act['缺席']}）；接待选民日 {a['receptions']['count']} 次，接待选民 "
                    f"{a['receptions']['visits']} 人次；学习培训 {a['trainings']['count']} 次；提出意见建议 "
                    f"{sug['total']} 件，已办结 {sug['closed']} 件；述职 {len(a['report_backs'])} 次；荣誉 "
                    f"{len(a['honors'])} 项，处分 {len(a['discipline'])} 项。"
                    + (f"\n状态变化：{history}" if history else ""))
        self.overview_tab.set_rows(a["per_year"], overview)
        self.sessions_tab.set_rows(a["sessions"]["rows"], f"共 {len(a['sessions']['rows'])} 次会议。")
        by_type = "，".join(f"{t['type_name']} {t['出席']}" for t in a["activities"]["by_type"] if t["出席"])
        self.activities_tab.set_rows(a["activities"]["rows"], f"出席 {act['出席']} 次" + (f"：{by_type}。" if by_type
                                                                                        else "。"))
        e = sug["evaluations"]
        self.suggestions_tab.set_rows(a["suggestions"]["rows"],
                                      f"共 {sug['total']} 件（领衔 {sug['lead']} 件），已办结 {sug['closed']} 件；"
                                      f"评价满意 {e['满意']}、基本满意 {e['基本满意']}、不满意 {e['不满意']}。")
        self.report_backs_tab.set_rows(a["report_backs"], f"共 {len(a['report_backs'])} 次述职。")
        records = a["honors"] + a["discipline"]
        self.honors_tab.set_rows(records, f"荣誉 {len(a['honors'])} 项，处分 {len(a['discipline'])} 项。")
        lines = []
        for score in a["scores"]:
            for number, line in enumerate(score.get("details") or []):
                lines.append({**line, "id": f"{score['year']}-{number}", "year": score["year"]})
        totals = "；".join(f"{sc['year']}年 {_num(sc.get('total'))} 分，{sc.get('grade') or ''}"
                          + (f"，第 {sc['rank']} 名" if sc.get("rank") else "") for sc in a["scores"])
        self.scores_tab.set_rows(lines, totals or "尚无积分。")
        self.notes_tab.set_rows(a["notes"], f"共 {len(a['notes'])} 条备注。")
        self.documents_tab.set_rows(a["documents"], f"共 {len(a['documents'])} 份档案材料。")

    def focus_record(self, deputy_id) -> None:
        """Show this deputy's archive (clearing filters that hide them)."""
        deputy_id = int(deputy_id)
        if self.list_model.row_of_id(deputy_id) is None:
            self.reload()
        if self.list_model.row_of_id(deputy_id) is None:
            # A deputy of another term: add them to the list so the archive can still be shown.
            try:
                extra = deputies_db.get_deputy(self.ctx.db, deputy_id)
            except UserError as err:
                show_error(self, err)
                return
            extra.pop("photo", None)
            self.list_model.set_rows(self.list_model.rows() + [extra])
        if not any(r["id"] == deputy_id for r in self.deputies.visible_rows()):
            self.search.clear()
            self.level_combo.set_value(None)
            self.group_combo.set_value(None)
        self.deputies.select_ids([deputy_id])
        if self.deputy_id != deputy_id:
            self.deputy_id = deputy_id
            self._fill_years()
            self.load_archive()

    # Navigation ----------------------------------------------------------------------------
    def open_activity(self, source_row: int) -> None:
        row = self.activities_tab.model.row(source_row)
        self.ctx.events.navigate.emit("activities", row["id"])

    def open_suggestion(self, source_row: int) -> None:
        row = self.suggestions_tab.model.row(source_row)
        self.ctx.events.navigate.emit("suggestions", row["id"])

    def open_score_line(self, source_row: int) -> None:
        """The records behind a score line: one opens directly, several are listed to choose from."""
        line = self.scores_tab.model.row(source_row)
        if any(r.get("table") == "report_backs" for r in line.get("records") or []):
            self.tabs.setCurrentWidget(self.report_backs_tab)
            self.report_backs_tab.select_id(line["records"][0]["id"])
            return
        records = [r for r in line.get("records") or [] if r.get("table") in _RECORD_PAGES]
        if not records:
            self.info_label.setText(f"“{line.get('item')}”没有可打开的活动、建议或会议记录。")
            return
        if len(records) == 1:
            self.ctx.events.navigate.emit(_RECORD_PAGES[records[0]["table"]], records[0]["id"])
            return
        menu = QMenu(self)
        for record in records:
            menu.addAction(f"{record.get('date') or ''}　{record.get('label') or ''}",
                           lambda r=record: self.ctx.events.navigate.emit(_RECORD_PAGES[r["table"]], r["id"]))
        self.score_menu = menu
        menu.popup(self.scores_tab.view.viewport().mapToGlobal(
            self.scores_tab.view.visualRect(self.scores_tab.model.index(source_row, 1)).center()))

    # Editing -------------------------------------------------------------------------------
    def _deputy(self) -> dict | None:
        if self.archive is None:
            self.info_label.setText("请先在左侧选择一名代表。")
            return None
        return self.archive["deputy"]

    def _edit(self, make_dialog, kind: RecordKind, tab: RecordsTab, record_id=None, create=None):
        """Open a form: with ``record_id`` it edits that record, else ``create(values)`` adds one; either
        way an undoable step, then the archive shows the record selected."""
        def submit(values: dict):
            if record_id is None:
                saved = AddRecord.run(self.ctx, kind, lambda: create(values)).record_id
            else:
                EditRecord.run(self.ctx, kind, record_id, values)
                saved = record_id
            self.load_archive()
            tab.select_id(saved)
            self.info_label.setText(self._saved_text(tab, saved))
            return saved

        return self.open_dialog(make_dialog(submit))

    def _saved_text(self, tab: RecordsTab, record_id) -> str:
        """'Saved', or why the saved record is not in the list: its date lies outside the period shown."""
        if self.archive is None or tab.model.row_of_id(record_id) is not None:
            return "已保存。可用 Ctrl+Z 撤销。"
        start, end = self.archive["period"]
        scope = self.year_combo.currentText()
        return (f"已保存，但这条记录的日期不在当前档案期间（{scope}：{start} 至 {end}）内，所以列表中没有显示。"
                "如日期填错了，可用 Ctrl+Z 撤销后重新登记。")

    def add_honor(self, kind: str = "荣誉"):
        deputy = self._deputy()
        if deputy is None:
            return None
        return self._edit(lambda submit: HonorDialog(deputy, submit, parent=self, kind=kind), HONOR, self.honors_tab,
                          create=lambda values: records_ops.add_honor(self.ctx.db, deputy["id"], values))

    def edit_honor(self):
        deputy, row = self._deputy(), self.honors_tab.current_row()
        if not (deputy and row):
            return None
        honor = honors.get_honor(self.ctx.db, row["id"])
        return self._edit(lambda submit: HonorDialog(deputy, submit, honor, self), HONOR, self.honors_tab, row["id"])

    def delete_honor(self) -> bool:
        row = self.honors_tab.current_row()
        return bool(row) and self._delete(f"确定删除{row['kind']}记录“{row['title']}”吗？", HONOR, row)

    def add_report_back(self):
        deputy = self._deputy()
        if deputy is None:
            return None
        return self._edit(lambda submit: ReportBackDialog(deputy, submit, parent=self), REPORT_BACK,
                          self.report_backs_tab,
                          create=lambda values: records_ops.add_report_back(self.ctx.db, deputy["id"], values))

    def edit_report_back(self):
        deputy, row = self._deputy(), self.report_backs_tab.current_row()
        if not (deputy and row):
            return None
        report = report_backs.get_report_back(self.ctx.db, row["id"])
        return self._edit(lambda submit: ReportBackDialog(deputy, submit, report, self), REPORT_BACK,
                          self.report_backs_tab, row["id"])

    def delete_report_back(self) -> bool:
        row = self.report_backs_tab.current_row()
        return bool(row) and self._delete(f"确定删除 {row['date']} 的述职记录吗？", REPORT_BACK, row)

    def add_note(self):
        deputy = self._deputy()
        if deputy is None:
            return None
        return self._edit(lambda submit: NoteDialog(deputy, submit, parent=self), NOTE, self.notes_tab,
                          create=lambda values: records_ops.add_note(self.ctx.db, deputy["id"], values))

    def edit_note(self):
        deputy, row = self._deputy(), self.notes_tab.current_row()
        if not (deputy and row):
            return None
        note = deputy_notes.get_note(self.ctx.db, row["id"])
        return self._edit(lambda submit: NoteDialog(deputy, submit, note, self), NOTE, self.notes_tab, row["id"])

    def delete_note(self) -> bool:
        row = self.notes_tab.current_row()
        return bool(row) and self._delete(f"确定删除 {row['date']} 的备注吗？", NOTE, row)

    def _delete(self, question: str, kind: RecordKind, row: dict) -> bool:
        if not self.confirm_then("删除记录", question, lambda: DeleteRecords.run(self.ctx, kind, [row])):
            return False
        self.load_archive()
        self.info_label.setText("已删除。可用 Ctrl+Z 撤销。")
        return True

    # Documents -----------------------------------------------------------------------------
    def add_document(self, path: str | None = None) -> int | None:
        deputy = self._deputy()
        if deputy is None:
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择要存入档案的文件", str(Path.home()))
        if not path:
            return None
        try:
            attachment_id = AddRecord.run(
                self.ctx, DOCUMENT, lambda: attachments_ops.add(self.ctx.db, "deputies", deputy["id"], path),
                Path(path).name).record_id
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法复制文件：{err}"))
            return None
        self.load_archive()
        self.documents_tab.select_id(attachment_id)
        self.info_label.setText(f"已将 {Path(path).name} 存入档案。")
        return attachment_id

    def open_document(self) -> bool:
        row = self.documents_tab.current_row()
        if row is None:
            return False
        path = Path(row["path"])
        if not path.is_file():
            show_error(self, UserError(f"档案材料的文件缺失：{path}。请运行“检查数据”或从备份恢复。"))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def delete_document(self) -> bool:
        row = self.documents_tab.current_row()
        return bool(row) and self._delete(f"确定从档案中删除“{row['original_name']}”吗？", DOCUMENT, row)

    # Export --------------------------------------------------------------------------------
    def _township(self) -> str:
        return settings.get(self.ctx.db, "township_name") or ""

    def export_pdf(self) -> Path | None:
        """This deputy's archive as a PDF in the print preview (print, save, open)."""
        from ...ops.archive_documents import write_archives
        from ...reports.pdf.archive import file_name_for
        from ..print_preview import render_and_preview

        if self._deputy() is None:
            return None
        archive = self.archive
        return render_and_preview(self, lambda path: write_archives(self.ctx.db, [archive], path),
                                  file_name_for(archive), title="一人一档预览")

    def _save_path(self, title: str, name: str, suffix: str) -> str | None:
        filter_text = "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / f"{name}{suffix}"), filter_text)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path or None

    def export_excel(self, path: str | None = None) -> Path | None:
        from ...ops.archive_documents import write_archives

        deputy = self._deputy()
        if deputy is None:
            return None
        path = path or self._save_path("导出本人档案", f"履职档案-{deputy['name']}", ".xlsx")
        if not path:
            return None
        try:
            write_archives(self.ctx.db, [self.archive], path)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        self.info_label.setText(f"已导出到 {path}")
        return Path(path)

    def _listed_ids(self) -> list[int]:
        return [row["id"] for row in self.deputies.visible_rows()]

    def export_all_folder(self, folder: str | None = None) -> list[Path] | None:
        """Every listed deputy's archive as its own PDF in a chosen folder, with progress and 取消."""
        from ...ops.archive_documents import export_archives_to_folder

        ids = self._listed_ids()
        if not ids:
            self.info_label.setText("列表中没有代表。")
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "选择保存档案的文件夹", str(Path.home()))
        if not folder:
            return None
        written: list[Path] = []

        def job(progress):
            written.extend(export_archives_to_folder(self.ctx.db, ids, folder, progress, progress.cancelled,
                                                     year=self.year))
            return written

        try:
            done = run_with_progress(self, "批量导出档案", job, label=f"正在生成 {len(ids)} 名代表的档案…")
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        if done is None:
            self.info_label.setText(f"已取消；此前完成的档案已保存在 {folder}。")
            return None
        self.info_label.setText(f"已将 {len(done)} 份档案保存到 {folder}")
        return done

    def export_all_one(self, kind: str, path: str | None = None) -> Path | None:
        """Every listed deputy in one PDF (``kind`` 'pdf') or one workbook ('xlsx'), with progress and 取消."""
        ids = self._listed_ids()
        if not ids:
            self.info_label.setText("列表中没有代表。")
            return None
        suffix = f".{kind}"
        path = path or self._save_path("导出全部档案", f"履职档案-{self._township()}-{dt.date.today().isoformat()}",
                                       suffix)
        if not path:
            return None
        from ...ops.archive_documents import CANCELLED, export_archive as export

        try:
            done = run_with_progress(
                self, "导出全部档案",
                lambda progress: export(self.ctx.db, path, deputy_ids=ids, year=self.year, progress=progress,
                                        cancel=progress.cancelled),
                label=f"正在汇总 {len(ids)} 名代表的档案…")
        except CANCELLED:
            done = None
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        if done is None:
            self.info_label.setText("已取消导出。")
            return None
        self.info_label.setText(f"已导出到 {path}")
        return Path(path)
