"""The 人代会 page: sessions on the left; 概况, 签到 and 表决事项 of the chosen session on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter, QTabWidget, QVBoxLayout,
    QWidget,
)

from ...db import deputies as deputies_db
from ...db import sessions as sessions_db
from ...db import terms as terms_db
from ...errors import UserError
from ...ops.changes import Area, Changes
from ..context import AppContext
from ..widgets.messages import show_error
from .attendance import AttendanceTab
from .items import ItemsTab
from .session_dialog import SessionDialog


def overview_text(session: dict) -> str:
    """The 概况 of a session as rich text."""
    dates = session["start_date"] or "（未填）"
    if session["end_date"] and session["end_date"] != session["start_date"]:
        dates += f" 至 {session['end_date']}"
    reason = f"（{session['total_reason']}）" if session["total_reason"] else ""
    agenda = (session["agenda"] or "（未填）").replace("\n", "<br>")
    return (f"<h2>{session['name']}</h2>"
            f"<p>日期：{dates}<br>地点：{session['place'] or '（未填）'}<br>"
            f"全体代表人数：{session['total_deputies']} 人{reason}</p>"
            f"<p><b>议程</b><br>{agenda}</p>")


NO_TERM = "还没有届次，请先到“届次与选区”新建届次（如 第十九届），再到“代表名册”录入代表，然后回到这里新建会议。"


class SessionPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.session: dict | None = None

        self.session_list = QListWidget()
        self.session_list.setObjectName("sessionList")
        self.session_list.currentItemChanged.connect(self._session_chosen)
        self.session_list.itemDoubleClicked.connect(lambda _item: self.edit_session())
        new = QPushButton("新建会议…")
        new.clicked.connect(self.new_session)
        edit = QPushButton("编辑…")
        edit.clicked.connect(self.edit_session)
        self.new_button, self.edit_button = new, edit
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("会议"))
        left_layout.addWidget(self.session_list, 1)
        row = QHBoxLayout()
        row.addWidget(new)
        row.addWidget(edit)
        left_layout.addLayout(row)

        self.overview = QLabel()
        self.overview.setObjectName("sessionOverview")
        self.overview.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.overview.setWordWrap(True)
        self.overview.setTextFormat(Qt.RichText)
        self.attendance = AttendanceTab(self.db)
        self.attendance.changed.connect(lambda: ctx.announce(Area.ATTENDANCE))
        self.items = ItemsTab(self.db)
        self.items.changed.connect(lambda: ctx.announce(Area.VOTE_ITEMS))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, "概况")
        self.tabs.addTab(self.attendance, "签到")
        self.tabs.addTab(self.items, "表决事项")
        self.tabs.currentChanged.connect(self._tab_shown)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        ctx.events.changed.connect(self._data_changed)
        self.reload()

    # Sessions --------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        keep = select_id or (self.session["id"] if self.session else None)
        self.session_list.blockSignals(True)
        self.session_list.clear()
        for session in sessions_db.list_sessions(self.db):
            entry = QListWidgetItem(session["name"])
            entry.setData(Qt.UserRole, session["id"])
            self.session_list.addItem(entry)
        self.session_list.blockSignals(False)
        rows = [self.session_list.item(i).data(Qt.UserRole) for i in range(self.session_list.count())]
        if rows:
            self.session_list.setCurrentRow(rows.index(keep) if keep in rows else 0)
        else:
            self._show(None)

    def _session_chosen(self, current: QListWidgetItem | None, _previous=None) -> None:
        self._show(current.data(Qt.UserRole) if current else None)

    def _show(self, session_id: int | None) -> None:
        self.session = sessions_db.get_session(self.db, session_id) if session_id else None
        self.overview.setText(overview_text(self.session) if self.session else self.empty_text())
        self.edit_button.setEnabled(self.session is not None)
        self.attendance.set_session(session_id)
        self.items.set_session(self.session)

    def empty_text(self) -> str:
        """What to do first when there is no session yet (a new office may not even have a term)."""
        if not terms_db.list_terms(self.db):
            return NO_TERM
        if not deputies_db.count_deputies(self.db):
            return ("还没有会议。名册中还没有代表：请先到“代表名册”录入或导入本届乡镇代表"
                    "（全体代表人数、签到名单和候选人都从名册来），再点“新建会议…”。")
        return "还没有会议。请点“新建会议…”，全体代表人数会按名册中在任的乡镇代表自动填写。"

    def new_session(self) -> None:
        if not terms_db.list_terms(self.db):
            show_error(self, UserError(NO_TERM), "还不能新建会议")
            return
        dialog = SessionDialog(self.db, parent=self)
        if dialog.exec() == QDialog.Accepted:
            self.reload(dialog.session_id)
            self.ctx.announce(dialog.changes or Area.SESSIONS)

    def edit_session(self) -> None:
        if not self.session:
            return
        dialog = SessionDialog(self.db, self.session, parent=self)
        if dialog.exec() == QDialog.Accepted:
            self.reload(dialog.session_id)
            self.ctx.announce(dialog.changes or Area.SESSIONS)

    def _tab_shown(self, _index: int) -> None:
        # Signing in starts by typing a name: the cursor waits in the search box.
        if self.tabs.currentWidget() is self.attendance and self.session is not None:
            self.attendance.search.setFocus()

    def _data_changed(self, changes: Changes) -> None:
        # Another page changed deputies or items (e.g. 一键另行选举 on the 计票 page): show it.
        if changes.touches(Area.DEPUTIES | Area.TERMS):
            if self.session:
                self.attendance.reload()
            else:
                self._show(None)   # the first-steps text follows what the office has set up
        if changes.touches(Area.VOTE_ITEMS | Area.BALLOTS):
            self.items.reload()
