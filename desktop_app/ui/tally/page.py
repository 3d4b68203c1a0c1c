"""The 计票 page: choose session and item, type ballots, see the live count, reconcile, certify, print.

Signals:
    resultChanged(dict): the item's count after every change (the projector window listens to it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox,
    QPushButton, QSplitter, QTableView, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from ...db import ballots as ballots_db
from ...db import scans as scans_db
from ...db import sessions as sessions_db
from ...db import vote_items as items_db
from ...domain.ballots import BallotEntry
from ...domain.counting import Counting, counting_of
from ...errors import UserError
from ...ops import ballots as ballot_ops
from ...ops import rehearsal as rehearsal_ops
from ...ops import tally_workbook
from ...ops import vote_items as item_ops
from ...ops.changes import Area, Changes
from ..context import AppContext
from ..projector.window import REHEARSAL_BANNER, ProjectorWindow
from ..widgets import messages
from ..widgets.actions import page_action
from ..widgets.messages import show_error
from ..widgets.menu_button import make_room_for_arrow
from . import dialogs
from .ballots_list import BallotsModel, MarksDelegate
from .documents import OffsetDialog, ResultDocuments
from .entry import EntryWidget
from .readout import ReadoutWindow
from .reconcile_view import ReconcileView
from .rehearsal import RehearsalPanel
from .results import ResultsPanel, outcome_text


class TallyPage(QWidget):
    resultChanged = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.item: dict | None = None
        self.team = 1
        self.rehearsal = False
        self.result: dict | None = None
        self.counting: Counting | None = None
        self.expected: dict | None = None
        self.projector: ProjectorWindow | None = None
        self.readout: ReadoutWindow | None = None
        self.documents = ResultDocuments(self.db, self)
        self._build()
        ctx.events.changed.connect(self._data_changed)
        self.reload_sessions()

    # Layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.session_combo = QComboBox()
        self.session_combo.setMinimumWidth(280)
        self.session_combo.currentIndexChanged.connect(self.reload_items)
        self.item_combo = QComboBox()
        self.item_combo.setObjectName("itemCombo")
        self.item_combo.setMinimumWidth(260)
        self.item_combo.currentIndexChanged.connect(self._item_chosen)
        self.team_combo = QComboBox()
        self.team_combo.addItem("一组录入", 1)
        self.team_combo.addItem("二组录入", 2)
        self.team_combo.currentIndexChanged.connect(self._team_chosen)
        self.rehearsal_button = QPushButton("演练模式")
        self.rehearsal_button.setCheckable(True)
        self.rehearsal_button.toggled.connect(self.set_rehearsal)
        self.deck_button = QPushButton("生成演练票")
        self.deck_button.clicked.connect(self.make_rehearsal)
        top = QHBoxLayout()
        for widget in (QLabel("会议"), self.session_combo, QLabel("事项"), self.item_combo, self.team_combo):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.deck_button)
        top.addWidget(self.rehearsal_button)

        self.banner = QLabel(REHEARSAL_BANNER)
        self.banner.setObjectName("rehearsalBanner")
        self.banner.setAlignment(Qt.AlignCenter)
        self.banner.setStyleSheet("background: #ff8f00; color: white; font-size: 18pt; font-weight: bold; padding: 6px;")
        self.banner.hide()
        self.status = QLabel()
        self.status.setObjectName("itemStatus")
        self.status.setWordWrap(True)

        self.entry = EntryWidget()
        self.entry.on_save = self._save_ballot
        self.entry.draftChanged.connect(self._update_readout)
        self.model = BallotsModel(self)
        self.ballot_view = QTableView()
        self.ballot_view.setObjectName("ballotList")
        self.ballot_view.setModel(self.model)
        self.ballot_view.setItemDelegate(MarksDelegate(self.ballot_view))
        self.ballot_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.ballot_view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.ballot_view.verticalHeader().setVisible(False)
        self.model.modelReset.connect(self._size_ballot_columns)
        self._size_ballot_columns()
        self.ballot_view.doubleClicked.connect(lambda _index: self.correct_selected())
        self.ballot_view.selectionModel().currentChanged.connect(lambda *_: self._enable_list_buttons())
        self.model.modelReset.connect(self._enable_list_buttons)
        self.list_buttons = []
        list_row = QHBoxLayout()
        self.list_label = QLabel("已录入的选票")
        list_row.addWidget(self.list_label)
        list_row.addStretch(1)
        for text, slot in (("更正…", self.correct_selected), ("作废…", self.void_selected),
                           ("删除…", self.delete_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.list_buttons.append(button)
            list_row.addWidget(button)
        self.scan_image_button = QPushButton("查看扫描图像")
        self.scan_image_button.setToolTip("扫描计入的选票：打开它的扫描图像，标出读票时的各个格子")
        self.scan_image_button.clicked.connect(self.show_scan_image)
        list_row.addWidget(self.scan_image_button)
        self.ballot_view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.ballot_view.customContextMenuRequested.connect(self._ballot_menu)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.entry)
        left_layout.addLayout(list_row)
        left_layout.addWidget(self.ballot_view, 1)

        self.results = ResultsPanel()
        self.reconcile = ReconcileView(self.db)
        self.reconcile.decided.connect(self.refresh_results)
        self.rehearsal_panel = RehearsalPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.results, "计票结果")
        self.tabs.addTab(self.reconcile, "两组核对")
        self.tabs.addTab(self.rehearsal_panel, "演练核对")
        self.tabs.setTabVisible(2, False)   # shown only in 演练模式
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.certify_button = QPushButton("确认结果…")
        self.certify_button.clicked.connect(self.certify)
        self.unlock_button = QPushButton("解锁…")
        self.unlock_button.clicked.connect(self.unlock)
        self.further_button = QPushButton("一键另行选举…")
        self.further_button.clicked.connect(self.further_election)
        self.collected_button = QPushButton("收回票数…")
        self.collected_button.setToolTip("开箱前监票人清点的收回选票张数；录入张数等于收回票数时计票完成")
        self.collected_button.clicked.connect(self.enter_collected)
        self.print_button = QToolButton()
        self.print_button.setText("打印")
        self.print_button.setPopupMode(QToolButton.InstantPopup)
        make_room_for_arrow(self.print_button)
        menu = QMenu(self.print_button)
        self.print_actions = {
            "report": menu.addAction("计票结果报告单", lambda: self._document(self.documents.tally_report)),
            "announcement": menu.addAction("选举结果公告", lambda: self._document(
                lambda item_id: self.documents.announcement([item_id]))),
            "session_announcement": menu.addAction("本次会议全部选举结果公告", self.print_session_announcement),
            "vote": menu.addAction("表决/票决/测评结果", lambda: self._document(self.documents.vote_result)),
            "certificates": menu.addAction("当选证书", lambda: self._document(self.documents.certificates)),
        }
        menu.addSeparator()
        menu.addAction("当选证书位置校准…", self.calibrate_certificates)
        self.print_button.setMenu(menu)
        self.export_button = QPushButton("导出计票数据表…")
        self.export_button.clicked.connect(self.export_workbook)
        self.import_button = QPushButton("导入计票数据表…")
        self.import_button.clicked.connect(self.import_workbook)
        self.scan_button = QPushButton("扫描计票…")
        page_action(self, "扫描计票…", self.open_scan, "Ctrl+Shift+S")
        self.scan_button.setToolTip("读取扫描仪扫出的选票（PDF 或图片），由监票人逐项核定读票没有把握的标记"
                                    "（Ctrl+Shift+S）")
        self.scan_button.clicked.connect(self.open_scan)
        readout = QPushButton("唱票窗口")
        readout.clicked.connect(self.open_readout)
        projector = QPushButton("投影窗口")
        projector.clicked.connect(self.open_projector)
        bottom = QHBoxLayout()
        for widget in (self.certify_button, self.unlock_button, self.further_button, self.print_button,
                       self.export_button, self.import_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(readout)
        bottom.addWidget(projector)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        # 收回票数 beside the item's status line (it is counted before any ballot is typed), and 扫描计票 (the
        # other way to count them); the wrapping status keeps the page as narrow as before.
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.collected_button)
        status_row.addWidget(self.scan_button)
        layout.addLayout(status_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    # Choosing --------------------------------------------------------------------------------
    def reload_sessions(self) -> None:
        keep = self.session_combo.currentData()
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for session in sessions_db.list_sessions(self.db):
            self.session_combo.addItem(session["name"], session["id"])
        index = self.session_combo.findData(keep)
        self.session_combo.setCurrentIndex(index if index >= 0 else 0)
        self.session_combo.blockSignals(False)
        self.reload_items()

    def reload_items(self, _index=None, select_id: int | None = None) -> None:
        keep = select_id or self.item_combo.currentData()
        session_id = self.session_combo.currentData()
        self.item_combo.blockSignals(True)
        self.item_combo.clear()
        if session_id is not None:
            for item in items_db.list_items(self.db, session_id, rehearsal=self.rehearsal):
                self.item_combo.addItem(f"{item['code']}. {item['name']}", item["id"])
        index = self.item_combo.findData(keep)
        self.item_combo.setCurrentIndex(index if index >= 0 else 0)
        self.item_combo.blockSignals(False)
        self._item_chosen()

    def select(self, session_id: int, item_id: int | None = None) -> None:
        """Show a session (and item) — for the session page and for tests."""
        self.session_combo.setCurrentIndex(self.session_combo.findData(session_id))
        if item_id is not None:
            self.reload_items(select_id=item_id)

    def _item_chosen(self, _index=None) -> None:
        item_id = self.item_combo.currentData()
        self.item = items_db.get_item(self.db, item_id) if item_id is not None else None
        double = bool(self.item and self.item["double_entry"])
        self.team_combo.setVisible(double)
        if not double:
            self.team_combo.blockSignals(True)
            self.team_combo.setCurrentIndex(0)
            self.team_combo.blockSignals(False)
            self.team = 1
        self.load_item()

    def _team_chosen(self, _index=None) -> None:
        self.team = self.team_combo.currentData() or 1
        self.load_item()

    @property
    def item_id(self) -> int | None:
        return self.item["id"] if self.item else None

    @property
    def certified(self) -> bool:
        return bool(self.item and self.item["status"] == items_db.CERTIFIED)

    def load_item(self) -> None:
        """Everything shown for the chosen item and team, from the database."""
        if self.item is None:
            self.entry.set_item(None)
            self.model.set_ballots(None, [])
            self.reconcile.set_item(None, double_entry=False, read_only=True)
            self._show_status()
            self.refresh_results()
            return
        try:
            spec = items_db.item_spec(self.db, self.item_id)
        except ValueError as err:
            # e.g. a 选举 item still without candidates: nothing can be typed yet.
            self.entry.set_item(None)
            self.model.set_ballots(None, [])
            self.status.setText(f"本事项还不能计票：{err}。请在“人代会”页补全候选人和应选人数。")
            self.results.show_result(None)
            return
        rows = ballots_db.list_ballots(self.db, self.item_id, self.team)
        self.entry.set_item(spec, used_serials={r["serial"] for r in rows}, printed=self.item["printed"])
        self.entry.set_read_only(self.certified)
        self.model.set_ballots(spec, rows)
        self.reconcile.set_item(self.item_id, double_entry=bool(self.item["double_entry"]), read_only=self.certified)
        deck = rehearsal_ops.deck_of(self.db, self.item_id) if self.rehearsal else None
        self.expected = deck[1] if deck else None
        self.rehearsal_panel.show_deck(deck[0] if deck else None)
        self._show_status()
        self.refresh_results()
        if not self.certified:
            self.entry.focus_serial()

    def _show_status(self) -> None:
        item = self.item
        self.import_button.setEnabled(item is not None and not self.certified)
        self._enable_list_buttons()
        self.certify_button.setEnabled(item is not None and not self.certified)
        # A rehearsal deck is made from a real item; the 演练 switch needs a session to show its copies.
        self.deck_button.setEnabled(item is not None and not self.rehearsal)
        self.rehearsal_button.setEnabled(self.session_combo.count() > 0)
        self.unlock_button.setEnabled(self.certified)
        self.collected_button.setEnabled(item is not None and not self.certified)
        self._enable_further()
        self.export_button.setEnabled(item is not None)
        self.scan_button.setEnabled(self.session_combo.currentData() is not None)
        self.print_button.setEnabled(item is not None)
        if item is None:
            self.status.setText(self.empty_text())
            self.status.setStyleSheet("")
            return
        kind = item["kind"]
        self.print_actions["announcement"].setEnabled(kind == "选举")
        self.print_actions["certificates"].setEnabled(kind == "选举")
        self.print_actions["vote"].setEnabled(kind != "选举")
        team = f"　当前：{'一组' if self.team == 1 else '二组'}录入" if item["double_entry"] else ""
        if self.certified:
            at = (item["certified_at"] or "").replace("T", " ")[:16]
            self.status.setText(f"结果已确认（正式），确认人：{item['certified_by'] or ''}，{at}。"
                                "本事项只读；如需更正，请先“解锁”并说明理由。")
            self.status.setStyleSheet("background: #e3f2fd; color: #0d47a1; padding: 4px;")
        else:
            printed = f"印制编号 1–{item['printed']}" if item["printed"] else "未填印制票数"
            collected = "未登记" if item["collected"] is None else f"{item['collected']} 张"
            waiting = scans_db.pending_count(self.db, item["id"])
            pending = f"　扫描待核 {waiting} 张（点“扫描计票…”核定）" if waiting else ""
            self.status.setText(f"草稿：{kind}　应选 {item['seats'] or '—'}　发出 {item['issued'] or '未填'} 张　"
                                f"收回 {collected}　{printed}{team}{pending}")
            self.status.setStyleSheet("")

    def empty_text(self) -> str:
        """What to do when there is nothing to count yet."""
        if self.session_combo.count() == 0:
            return "还没有会议。请先到“人代会”页新建会议、登记签到并设置表决事项，再回到这里录入选票。"
        if self.rehearsal:
            return "本次会议还没有演练用的事项。退出演练，选择一个真实事项后点“生成演练票”。"
        return "本次会议还没有表决事项。请到“人代会”页 → 表决事项 → 新建事项，设置候选人后再来计票。"

    # Rehearsal -------------------------------------------------------------------------------
    def set_rehearsal(self, on: bool) -> None:
        """Switch between real items and their rehearsal copies; the banner shows on every screen."""
        self.rehearsal = on
        self.rehearsal_button.setChecked(on)
        self.banner.setVisible(on)
        self.rehearsal_button.setText("退出演练" if on else "演练模式")
        self.tabs.setTabVisible(2, on)
        self.reload_items()
        if on:
            self.tabs.setCurrentWidget(self.rehearsal_panel)

    def make_rehearsal(self) -> None:
        if self.item is None:
            return
        try:
            changes = rehearsal_ops.make_copy(self.db, self.item_id)
        except UserError as err:
            show_error(self, err)
            return
        copy_id = changes.value
        self.ctx.announce(changes)
        if not self.rehearsal:
            self.rehearsal = True
            self.rehearsal_button.blockSignals(True)
            self.set_rehearsal(True)
            self.rehearsal_button.blockSignals(False)
        self.reload_items(select_id=copy_id)

    # Entering --------------------------------------------------------------------------------
    def _save_ballot(self, entry: BallotEntry, void_reason: str | None) -> str | None:
        """The entry widget's save handler: one write through ops.ballots; returns an error or None."""
        try:
            changes = ballot_ops.add(self.db, self.item_id, serial=entry.serial, marks=entry.marks,
                                     write_ins=entry.write_ins, void=entry.void, void_reason=void_reason,
                                     team=self.team)
        except UserError as err:
            return str(err)
        ballot_id = changes.value
        self.model.append({"id": ballot_id, "serial": entry.serial, "marks": entry.marks,
                           "write_ins": list(entry.write_ins), "void": entry.void, "void_reason": void_reason})
        self.ballot_view.scrollToBottom()
        self.refresh_results()
        self.ctx.announce(changes)
        return None

    def refresh_results(self) -> None:
        """Recount from the database and tell every listener (results panel, projector, rehearsal check)."""
        if self.item is None:
            self.result = self.counting = None
            self.results.show_result(None)
            self._enable_further()
            return
        try:
            self.result = ballots_db.item_result(self.db, self.item_id)
        except ValueError:
            self.result = None
        self.counting = None if self.result is None else counting_of(
            issued=self.item["issued"], collected=self.item["collected"], entered=self.result["returned"],
            certified=self.certified)
        self.results.show_result(self.result, self.counting)
        self._enable_further()
        self.list_label.setText(f"已录入的选票（{self.model.rowCount()} 张）")
        if self.item["double_entry"]:
            self.reconcile.reload()
        if self.rehearsal:
            self.rehearsal_panel.show_comparison(self.expected, self.result)
        if self.result is not None:
            self.resultChanged.emit(self.result)

    def _enable_list_buttons(self) -> None:
        """更正/作废/删除 act on the selected ballot: off with none selected, and on a certified item."""
        usable = self.item is not None and not self.certified and self.selected_ballot() is not None
        for button in self.list_buttons:
            button.setEnabled(usable)
        self.scan_image_button.setEnabled(self.selected_scan() is not None)

    def _size_ballot_columns(self) -> None:
        """Each candidate's column as wide as the name above it; the verdict takes the rest.

        No ResizeToContents: it would re-measure every row on each appended ballot (slower as the list grows).
        """
        header = self.ballot_view.horizontalHeader()
        metrics = header.fontMetrics()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(0, 60)
        for column in range(1, self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Horizontal) or "")
            header.resizeSection(column, max(metrics.horizontalAdvance(title) + 16, 40))
        header.resizeSection(self.model.verdict_column() - 1, 120)   # 另选他人
        header.setSectionResizeMode(self.model.verdict_column(), QHeaderView.Stretch)

    # Corrections -----------------------------------------------------------------------------
    def selected_ballot(self) -> dict | None:
        index = self.ballot_view.currentIndex()
        return self.model.ballot_at(index.row()) if index.isValid() else None

    def _after_change(self, changes: Changes | Area = Area.BALLOTS) -> None:
        self.load_item()
        self.ctx.announce(changes)

    def correct_selected(self) -> None:
        ballot = self.selected_ballot()
        if ballot is None or self.certified:
            return
        dialog = dialogs.CorrectionDialog(self.entry.draft.spec, ballot, self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.apply_correction(ballot["id"], **dialog.values())

    def apply_correction(self, ballot_id: int, **values) -> bool:
        try:
            changes = ballot_ops.correct(self.db, ballot_id, **values)
        except UserError as err:
            show_error(self, err)
            return False
        self._after_change(changes)
        return True

    def void_selected(self) -> None:
        ballot = self.selected_ballot()
        if ballot is None or self.certified:
            return
        reason = dialogs.ask_text(self, "作废选票", f"第 {ballot['serial']:03d} 号选票作废的原因（必填）：")
        if not reason:
            return
        try:
            changes = ballot_ops.void(self.db, ballot["id"], reason)
        except UserError as err:
            show_error(self, err)
            return
        self._after_change(changes)

    def delete_selected(self) -> None:
        ballot = self.selected_ballot()
        if ballot is None or self.certified:
            return
        reason = dialogs.ask_text(self, "删除选票", f"删除第 {ballot['serial']:03d} 号选票记录的理由（必填）：")
        if not reason:
            return
        try:
            changes = ballot_ops.delete(self.db, ballot["id"], reason)
        except UserError as err:
            show_error(self, err)
            return
        self._after_change(changes)

    # Scanned ballots ---------------------------------------------------------------------------
    def selected_scan(self) -> dict | None:
        """The scan the selected ballot was read from (None: typed, imported, or nothing selected)."""
        ballot = self.selected_ballot()
        return scans_db.scanned_for_ballot(self.db, ballot["id"]) if ballot is not None else None

    def _ballot_menu(self, position) -> None:
        index = self.ballot_view.indexAt(position)
        if not index.isValid():
            return
        self.ballot_view.setCurrentIndex(index)
        menu = QMenu(self.ballot_view)
        for button in (*self.list_buttons, self.scan_image_button):
            action = menu.addAction(button.text(), button.click)
            action.setEnabled(button.isEnabled())
        menu.popup(self.ballot_view.viewport().mapToGlobal(position))

    def show_scan_image(self) -> QWidget | None:
        """查看扫描图像: the selected ballot's scan in a window of its own, with the boxes it was read from."""
        from .scan.image_window import ScanImageWindow

        scanned = self.selected_scan()
        if scanned is None:
            return None
        # The page owns the window (it is deleted when closed), so several can stay open side by side.
        window = ScanImageWindow(self.db, scanned, f"{self.item['name']} 第 {scanned['serial']:03d} 号选票", self)
        window.show()
        return window

    def open_scan(self) -> None:
        """扫描计票: read scans into the current session, then decide the 待核 questions."""
        from .scan.dialog import ScanDialog   # the scan package loads only when it is used

        session_id = self.session_combo.currentData()
        if session_id is None:
            return
        dialog = ScanDialog(self.db, session_id, team=self.team, rehearsal=self.rehearsal, parent=self)
        dialog.changed.connect(self._after_change)
        dialog.exec()
        dialog.deleteLater()

    # Certify, unlock, further election -------------------------------------------------------
    def certify_blocker(self) -> str | None:
        """Why the result cannot be certified yet, checked before asking for a name (None: it can)."""
        if self.item["issued"] is None:
            return "还没有填写发出票数。请到“人代会”页 → 表决事项 → 编辑，填写发出票数后再确认结果。"
        waiting = scans_db.pending_message(self.db, self.item_id)
        if waiting:
            return waiting
        if self.result is not None and self.result["returned"] == 0:
            return "本事项还没有录入任何选票，不能确认结果。"
        if self.counting is not None and not self.counting.may_certify:
            return f"{self.counting.progress_text}。请录入全部收回的选票（或核对收回票数）后再确认结果。"
        if self.item["double_entry"]:
            open_serials = [d["serial"] for d in ballots_db.undecided(self.db, self.item_id)]
            if open_serials:
                self.tabs.setCurrentWidget(self.reconcile)
                listed = "、".join(f"{s:03d}" for s in open_serials[:20]) + ("等" if len(open_serials) > 20 else "")
                return (f"两组录入还有 {len(open_serials)} 张选票不一致（第 {listed} 号）。请监票人在“两组核对”中"
                        "对照原票逐张选择“以一组为准”或“以二组为准”，全部裁决后再确认结果。")
        return None

    def certify(self) -> None:
        if self.item is None:
            return
        blocker = self.certify_blocker()
        if blocker:
            show_error(self, UserError(blocker), "还不能确认结果")
            return
        outcome = outcome_text(self.result) if self.result else ""
        by = dialogs.ask_text(self, "确认结果", f"{outcome}\n\n确认后本事项锁定为正式结果，不能再录入或更正。"
                              "\n确认人（总监票人）姓名：")
        if not by:
            return
        try:
            changes = item_ops.certify(self.db, self.item_id, by)
        except UserError as err:
            show_error(self, err)
            return
        self._reload_item(changes)

    def unlock(self) -> None:
        if not self.certified:
            return
        reason = dialogs.ask_text(self, "解锁", "解锁后结果变回草稿，可以更正。解锁理由（必填，记入审计日志）：")
        if not reason:
            return
        try:
            changes = item_ops.unlock(self.db, self.item_id, reason)
        except UserError as err:
            show_error(self, err)
            return
        self._reload_item(changes)

    def _reload_item(self, changes: Changes | Area = Area.VOTE_ITEMS) -> None:
        self.item = items_db.get_item(self.db, self.item_id)
        self.load_item()
        self.ctx.announce(changes)

    def enter_collected(self) -> None:
        """收回票数: typed once the scrutineers have counted the papers, before the box is opened."""
        if self.item is None or self.certified:
            return
        issued = f"（发出 {self.item['issued']} 张）" if self.item["issued"] is not None else ""
        value = dialogs.ask_count(self, "收回票数", f"监票人清点的收回选票张数{issued}：",
                                  self.item["collected"] if self.item["collected"] is not None
                                  else self.item["issued"] or 0)
        if value is None:
            return
        try:
            changes = item_ops.set_collected(self.db, self.item_id, value)
        except UserError as err:
            show_error(self, err)
            return
        self._reload_item(changes)

    def _next_round(self) -> str | None:
        """'另行选举' or '重新投票' when the complete count of a 选举/票决 item calls for one, else None."""
        if self.item is None or self.item["kind"] not in ("选举", "票决") or self.result is None:
            return None
        if self.counting is None or not self.counting.complete:
            return None
        if not self.result["valid"] or self.result["tied"]:
            return "重新投票"
        return "另行选举" if self.result["further_seats"] else None

    def _enable_further(self) -> None:
        """另行选举/重新投票 only once counting is complete and the count calls for it."""
        step = self._next_round()
        self.further_button.setEnabled(step is not None)
        self.further_button.setText(f"一键{step or '另行选举'}…")
        if step:
            self.further_button.setToolTip(f"计票已完成，按结果新建{step}事项（会先说明将新建什么）")
        elif self.counting is not None and self.counting.provisional:
            self.further_button.setToolTip(f"{self.counting.progress_text}：计票完成后才能另行选举或重新投票")
        else:
            self.further_button.setToolTip("本事项不需要另行选举或重新投票")

    def further_election(self) -> int | None:
        if self.item is None:
            return None
        try:
            plan = item_ops.further_election_plan(self.db, self.item_id)
        except UserError as err:
            show_error(self, err)
            return None
        title = self.further_button.text().removeprefix("一键").rstrip("…")
        if not messages.confirm(self, title, item_ops.plan_text(plan) + "\n\n确定新建吗？"):
            return None
        try:
            changes = item_ops.further_election(self.db, self.item_id)
        except UserError as err:
            show_error(self, err)
            return None
        self.ctx.announce(changes)
        self.reload_items(select_id=changes.value)
        return changes.value

    # Printing and files ----------------------------------------------------------------------
    def _document(self, make) -> None:
        if self.item is not None:
            make(self.item_id)

    def print_session_announcement(self) -> None:
        session_id = self.session_combo.currentData()
        if session_id is None:
            return
        ids = [i["id"] for i in items_db.list_items(self.db, session_id, rehearsal=self.rehearsal)
               if i["kind"] == "选举"]
        if ids:
            self.documents.announcement(ids)

    def calibrate_certificates(self) -> None:
        OffsetDialog(self.db, self.documents, self.item_id if self.item and self.item["kind"] == "选举" else None,
                     self).exec()

    def export_workbook(self) -> None:
        if self.item is None:
            return
        name = f"计票数据-{self.item['name']}-{'一组' if self.team == 1 else '二组'}.xlsx"
        target, _ = QFileDialog.getSaveFileName(self, "导出计票数据表", str(Path.home() / name), "Excel 工作簿 (*.xlsx)")
        if target:
            try:
                tally_workbook.write_items(self.db, [self.item_id], target, team=self.team)
            except UserError as err:
                show_error(self, err)
                return
            self.status.setText(f"已导出到 {target}")

    def import_workbook(self) -> None:
        if self.item is None or self.certified:
            return
        source, _ = QFileDialog.getOpenFileName(self, "导入计票数据表", str(Path.home()),
                                                "电子表格 (*.xlsx *.xlsm *.xls *.ods);;所有文件 (*)")
        if not source:
            return
        try:
            changes = tally_workbook.import_item_workbook(self.db, self.item_id, source, team=self.team)
        except UserError as err:
            show_error(self, err, "导入未完成，没有导入任何选票")
            return
        report = changes.value
        self._after_change(changes)
        text = f"已导入 {report.imported} 张选票（{'一组' if self.team == 1 else '二组'}）。"
        if report.warnings:
            text += "\n\n" + "\n".join(report.warnings[:20])
        QMessageBox.information(self, "导入完成", text)

    # Hall windows ----------------------------------------------------------------------------
    def open_projector(self) -> ProjectorWindow:
        if self.projector is None:
            self.projector = ProjectorWindow()
            self.resultChanged.connect(self._feed_projector)
        self._feed_projector(self.result)
        self.projector.show_on_projector()
        self._keep_focus()
        return self.projector

    def _keep_focus(self) -> None:
        # The hall windows must not take the keyboard from the clerk typing ballots.
        self.window().activateWindow()
        if self.item is not None and not self.certified:
            self.entry.focus_serial() if self.entry.draft.serial is None else self.entry.grid.setFocus()

    def _feed_projector(self, result: dict | None) -> None:
        if self.projector is not None:
            self.projector.show_result(result, title=self.item["name"] if self.item else "",
                                       rehearsal=self.rehearsal, counting=self.counting)

    def open_readout(self) -> ReadoutWindow:
        if self.readout is None:
            self.readout = ReadoutWindow()
        self.readout.show()
        self._update_readout()
        self._keep_focus()
        return self.readout

    def _update_readout(self) -> None:
        if self.readout is None or not self.readout.isVisible():
            return
        draft = self.entry.draft
        if draft is None:
            self.readout.show_ballot(None, None, 0)
            return
        if draft.serial is None:
            return   # between ballots the hall keeps seeing the last one read
        verdict = draft.verdict().text
        self.readout.show_ballot(draft.spec, draft.entry(), draft.cursor, verdict, rehearsal=self.rehearsal)

    def _data_changed(self, changes: Changes) -> None:
        # Sessions or items edited on the 人代会 page: refresh the choices (not on our own ballot saves).
        if self.sender() is None:
            return
        if changes.touches(Area.SESSIONS):
            self.reload_sessions()
        elif changes.touches(Area.VOTE_ITEMS):
            self.reload_items()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.item is not None and not self.certified:
            self.entry.focus_serial()
