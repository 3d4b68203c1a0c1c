"""表决事项 tab: the vote items of a session with their candidates; new, edit, delete, print ballots."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...db import vote_items as items_db
from ...domain.ballots import candidate_warnings
from ...errors import UserError
from ...ops import vote_items as item_ops
from ..widgets.messages import confirm, show_error
from .ballot_print import BallotPrintDialog
from .item_dialog import ItemDialog

HEADERS = ("编号", "名称", "类型", "应选", "候选人（项目）", "发出", "印制", "收回", "录入", "状态", "提示")


class ItemsTab(QWidget):
    """Items of one session (real ones; rehearsal copies live on the 计票 page).

    Signals:
        changed(): an item was created, edited or deleted.
    """

    changed = Signal()

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.session: dict | None = None
        self.items: list[dict] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("itemsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        # A long list of projects must not push 发出/印制/录入/状态 off the screen: the candidates column has a
        # fixed width (full list in its tooltip) and the warnings column takes what is left.
        header.setSectionResizeMode(4, QHeaderView.Interactive)
        header.resizeSection(4, 280)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_item())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (("new", "新建事项…", self.new_item), ("edit", "编辑…", self.edit_item),
                                ("delete", "删除", self.delete_item), ("print", "打印选票…", self.print_ballots)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.hint = QLabel("选举、票决、表决、测评四类事项；候选人可一键按姓氏笔画排序。")
        self.hint.setStyleSheet("color: #555;")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def set_session(self, session: dict | None) -> None:
        self.session = session
        self.reload()

    def reload(self) -> None:
        self.items = items_db.list_items(self.db, self.session["id"]) if self.session else []
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            names = [c["name"] for c in items_db.candidates(self.db, item["id"])]
            warnings = self._warnings(item, names)
            texts = (item["code"], item["name"], item["kind"], str(item["seats"] or ""), "、".join(names),
                     str(item["issued"] or ""), str(item["printed"] or ""),
                     "" if item["collected"] is None else str(item["collected"]), str(item["ballots_entered"]),
                     "已确认" if item["status"] == items_db.CERTIFIED else "草稿", "；".join(warnings))
            for c, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.UserRole, item["id"])
                if c == len(texts) - 1 and text:
                    cell.setForeground(Qt.darkYellow)
                if c in (1, 4, len(texts) - 1) and text:
                    cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self.hint.setText(self._hint_text())
        self._update_buttons()

    def _hint_text(self) -> str:
        if self.session is None:
            return "请先在左侧新建或选择一次会议。"
        if not self.items:
            return ("本次会议还没有表决事项。点“新建事项…”添加：选举（主席、镇长等）、表决（如政府工作报告的决议）、"
                    "票决（民生实事项目）或测评（满意度测评）；建好后可“打印选票…”，到“计票”页录入。")
        return "选举、票决、表决、测评四类事项；候选人可一键按姓氏笔画排序。选中一项后可编辑、删除或打印选票。"

    def _update_buttons(self) -> None:
        self.buttons["new"].setEnabled(self.session is not None)
        chosen = self.selected_item_id() is not None and bool(self.table.selectedItems())
        for key in ("edit", "delete", "print"):
            self.buttons[key].setEnabled(chosen)

    def _warnings(self, item: dict, names: list[str]) -> list[str]:
        if item["kind"] not in ("选举", "票决"):
            return []
        try:
            return candidate_warnings(items_db.item_spec(self.db, item["id"]), item["post"])
        except (ValueError, UserError) as err:
            return [str(err)]

    def selected_item_id(self) -> int | None:
        row = self.table.currentRow()
        return self.items[row]["id"] if 0 <= row < len(self.items) else None

    def new_item(self) -> None:
        if not self.session:
            return
        dialog = ItemDialog(self.db, self.session, parent=self)
        if dialog.exec() == QDialog.Accepted:
            self.reload()
            self.changed.emit()

    def edit_item(self) -> None:
        item_id = self.selected_item_id()
        if item_id is None:
            return
        item = items_db.get_item(self.db, item_id)
        if item["status"] == items_db.CERTIFIED:
            show_error(self, UserError(items_db.LOCKED_MESSAGE))
            return
        dialog = ItemDialog(self.db, self.session, item, parent=self)
        if dialog.exec() == QDialog.Accepted:
            self.reload()
            self.changed.emit()

    def delete_item(self) -> None:
        item_id = self.selected_item_id()
        if item_id is None:
            return
        item = items_db.get_item(self.db, item_id)
        if not confirm(self, "删除表决事项", f"确定删除“{item['name']}”吗？已录入的选票将不再显示。"):
            return
        try:
            item_ops.delete(self.db, item_id)
        except UserError as err:
            show_error(self, err)
            return
        self.reload()
        self.changed.emit()

    def print_ballots(self) -> None:
        item_id = self.selected_item_id()
        if item_id is None:
            return
        BallotPrintDialog(self.db, self.session, item_id, parent=self).exec()
        self.reload()

