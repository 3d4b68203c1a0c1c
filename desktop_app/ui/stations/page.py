"""代表之家 / 联络站: a tree (home → stations) with address, open days, contact and the groups served."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from ...db import groups as groups_db
from ...db import settings
from ...db import stations as stations_db
from ...db import terms as terms_db
from ...domain.roster import STATION_KINDS, mask_phone
from ...errors import UserError
from ..context import AppContext
from ..widgets.reloading_page import ReloadingPage
from ..widgets.checklist import CheckListDialog
from ..widgets.messages import confirm, show_error
from ..widgets.record_dialog import FormErrors, RecordDialog

COLUMNS = ("名称", "类型", "地址", "开放时间", "联系人", "联系电话", "服务的代表小组")
_WATCHED = {"stations", "groups", "settings", "roster"}


class StationDialog(RecordDialog):
    def __init__(self, ctx: AppContext, station: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建站点" if station is None else f"编辑站点：{station['name']}", parent)
        self.ctx = ctx
        self.resize(520, 420)
        station = station or {"kind": "联络站"}
        self.station_id = station.get("id")
        f = self.form
        self.name_edit = f.add_field("name", "名称 *", QLineEdit(station.get("name") or ""))
        self.kind_combo = f.add_field("kind", "类型", QComboBox())
        for kind in STATION_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(station.get("kind")), 0))
        self.parent_combo = f.add_field("parent_id", "上级", QComboBox())
        self.parent_combo.addItem("（无上级）", None)
        for other in stations_db.list_stations(ctx.db):
            if other["id"] != self.station_id and other["kind"] == "代表之家":
                self.parent_combo.addItem(other["name"], other["id"])
        self.parent_combo.setCurrentIndex(max(self.parent_combo.findData(station.get("parent_id")), 0))
        self.address_edit = f.add_field("address", "地址", QLineEdit(station.get("address") or ""))
        self.open_days_edit = f.add_field("open_days", "开放时间", QLineEdit(station.get("open_days") or ""))
        self.open_days_edit.setPlaceholderText("例如 每月9日、19日、29日上午")
        self.contact_edit = f.add_field("contact", "联系人", QLineEdit(station.get("contact") or ""))
        self.phone_edit = f.add_field("phone", "联系电话", QLineEdit(station.get("phone") or ""))
        self.notes_edit = f.add_field("notes", "备注", QPlainTextEdit(station.get("notes") or ""))
        self.notes_edit.setFixedHeight(60)
        if station.get("kind") == "联络站" and self.station_id is None and self.parent_combo.count() > 1:
            self.parent_combo.setCurrentIndex(1)

    def save(self) -> None:
        values = {
            "name": self.name_edit.text(), "kind": self.kind_combo.currentData(),
            "parent_id": self.parent_combo.currentData(), "address": self.address_edit.text(),
            "open_days": self.open_days_edit.text(), "contact": self.contact_edit.text(),
            "phone": self.phone_edit.text(), "notes": self.notes_edit.toPlainText(),
        }
        if not values["name"].strip():
            raise FormErrors({"name": "请填写名称，例如“东山村代表联络站”"})
        try:
            if self.station_id is None:
                self.station_id = stations_db.create_station(self.ctx.db, **values)
            else:
                stations_db.update_station(self.ctx.db, self.station_id, **values)
        except UserError as err:
            text = str(err)
            field = ("phone" if "电话" in text else "name" if "名称" in text or "已有" in text
                     else "parent_id" if "上级" in text or "隶属" in text else None)
            if field:
                raise FormErrors({field: text}) from None
            raise
        self.ctx.events.changed.emit("stations")


class StationsPage(ReloadingPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self._stale = False
        self.tree = QTreeWidget()
        self.tree.setObjectName("stations_tree")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for i, width in enumerate((200, 70, 280, 130, 70, 110)):
            self.tree.setColumnWidth(i, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        self.count_label = QLabel()
        self.toolbar = QToolBar()
        self.new_action = self._action("新建站点", self.new_station, QKeySequence.New)
        self.edit_action = self._action("编辑", self.edit_current, "F2")
        self.groups_action = self._action("设置服务小组…", self.edit_groups)
        self.delete_action = self._action("删除", self.delete_current)
        for action in (self.new_action, self.edit_action, self.groups_action, self.delete_action):
            self.toolbar.addAction(action)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count_label)
        self.tree.itemActivated.connect(lambda *_: self.edit_current())
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    def _action(self, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    def reload(self) -> None:
        current = self.current_station()
        mask = bool(settings.get(self.ctx.db, "mask_personal_data"))
        rows = stations_db.list_stations(self.ctx.db)
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        # Homes first so their stations can hang under them; a station whose parent is gone stays on top.
        for row in sorted(rows, key=lambda r: r["parent_id"] is not None):
            phone = row.get("phone") or ""
            texts = [row["name"], row["kind"], row.get("address") or "", row.get("open_days") or "",
                     row.get("contact") or "", mask_phone(phone) if mask and phone else phone, row["group_names"]]
            parent = items.get(row["parent_id"])
            item = QTreeWidgetItem(parent, texts) if parent is not None else QTreeWidgetItem(texts)
            if parent is None:
                self.tree.addTopLevelItem(item)
            item.setData(0, Qt.UserRole, row["id"])
            item.setToolTip(6, row["group_names"])
            items[row["id"]] = item
        self.tree.expandAll()
        homes = sum(1 for r in rows if r["kind"] == "代表之家")
        self.count_label.setText(f"代表之家 {homes} 个，联络站 {len(rows) - homes} 个")
        if current is not None and current in items:
            self.tree.setCurrentItem(items[current])
        elif rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._stale = False

    def _on_data_changed(self, table: str) -> None:
        if table not in _WATCHED:
            return
        self.reload_soon()

    def current_station(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def select_station(self, station_id: int) -> None:
        for item in self._all_items():
            if item.data(0, Qt.UserRole) == station_id:
                self.tree.setCurrentItem(item)
                return

    def focus_record(self, record_id) -> bool:
        """Select station ``record_id`` and scroll to it."""
        if self._stale:
            self.reload()
        self.select_station(record_id)
        if self.current_station() != record_id:
            return False
        self.tree.scrollToItem(self.tree.currentItem())
        self.tree.setFocus()
        return True

    def _all_items(self):
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def item_texts(self) -> list[list[str]]:
        """Every row's texts in tree order (children after their parent), for tests and checks."""
        return [[item.text(c) for c in range(len(COLUMNS))] for item in self._all_items()]

    # Actions -------------------------------------------------------------------------------
    def _open(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_station(self) -> StationDialog:
        return self._open(StationDialog(self.ctx, parent=self))

    def edit_current(self) -> StationDialog | None:
        station_id = self.current_station()
        if station_id is None:
            return None
        return self._open(StationDialog(self.ctx, stations_db.get_station(self.ctx.db, station_id), self))

    def edit_groups(self) -> CheckListDialog | None:
        station_id = self.current_station()
        if station_id is None:
            return None
        station = stations_db.get_station(self.ctx.db, station_id)
        term = terms_db.current_term(self.ctx.db)
        groups = groups_db.list_groups(self.ctx.db, term["id"] if term else None)
        items = [(g["id"], f"{g['name']}（{g['kind']}）", "") for g in groups]
        served = [g["id"] for g in stations_db.station_groups(self.ctx.db, station_id)]
        dialog = CheckListDialog(f"服务的代表小组：{station['name']}", items, served, self, unit="个小组")

        def finished(result: int) -> None:
            if not result:
                return
            try:
                stations_db.set_groups(self.ctx.db, station_id, dialog.checked_ids())
            except UserError as err:
                show_error(self, err)
                return
            self.ctx.events.changed.emit("stations")

        dialog.finished.connect(finished)
        return self._open(dialog)

    def delete_current(self) -> bool:
        station_id = self.current_station()
        if station_id is None:
            return False
        name = self.tree.currentItem().text(0)
        if not confirm(self, "删除站点", f"确定删除“{name}”吗？"):
            return False
        try:
            stations_db.delete_station(self.ctx.db, station_id)
        except UserError as err:
            show_error(self, err)
            return False
        self.ctx.events.changed.emit("stations")
        return True
