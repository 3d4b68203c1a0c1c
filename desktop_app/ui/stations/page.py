"""代表之家 / 联络站: a tree (home → stations) with address, open days, contact and the groups served."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QToolBar, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from ...db import groups as groups_db
from ...db import settings
from ...db import stations as stations_db
from ...db import terms as terms_db
from ...ops import stations as stations_ops
from ...domain.roster import STATION_KINDS, mask_phone
from ...domain.text import pinyin_initials
from ..context import AppContext
from ..widgets.checklist import CheckListDialog
from ..widgets.filter_proxy import search_terms
from ..widgets.filter_table import FilterCombo
from ..widgets.list_page import FormDialog, ListPage
from ..widgets.record_commands import AddRecord, DeleteRecords, EditRecord, SetLinks
from ..widgets.record_dialog import FormErrors
from .commands import SERVED_GROUPS, STATION
from ..widgets.screen_fit import fit_to_screen
from ...ops.changes import Area

COLUMNS = ("名称", "类型", "地址", "开放时间", "联系人", "联系电话", "服务的代表小组")
SEARCH_ROLE = Qt.UserRole + 1   # the lower-cased texts (and pinyin initials) a search looks in


class StationDialog(FormDialog):
    FIELD_WORDS = (("电话", "phone"), ("名称", "name"), ("已有", "name"), ("上级", "parent_id"), ("隶属", "parent_id"),
                   ("循环", "parent_id"))

    def __init__(self, ctx: AppContext, submit, station: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建站点" if station is None else f"编辑站点：{station['name']}", submit, parent)
        fit_to_screen(self, 520, 420)
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

    def values(self) -> dict:
        values = {
            "name": self.name_edit.text(), "kind": self.kind_combo.currentData(),
            "parent_id": self.parent_combo.currentData(), "address": self.address_edit.text(),
            "open_days": self.open_days_edit.text(), "contact": self.contact_edit.text(),
            "phone": self.phone_edit.text(), "notes": self.notes_edit.toPlainText(),
        }
        if not values["name"].strip():
            raise FormErrors({"name": "请填写名称，例如“东山村代表联络站”"})
        return values


class StationsPage(ListPage):
    WATCHED = Area.DEPUTIES | Area.GROUPS | Area.STATIONS | Area.SETTINGS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._total = 0
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
        # Homes first, stations in creation order, until the clerk clicks a header (sorts within each level).
        header.setSortIndicator(-1, Qt.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("搜索名称、地址、联系人、小组…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self.apply_filter)
        self.kind_combo = FilterCombo("全部类型", STATION_KINDS)
        self.kind_combo.currentIndexChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind_combo)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.groups_action = self.action("设置服务小组…", self.edit_groups)
        self.new_action, self.edit_action, self.delete_action = self.record_actions(
            self.toolbar, self.tree, ("新建站点", self.new_station), ("编辑", self.edit_current),
            ("删除", self.delete_current), extra=[self.groups_action])
        self.search_action = self.find_action(self.search)
        self.reload_action = self.refresh_action()
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        self.empty_hint = QLabel("还没有代表之家或联络站。点“新建站点”（Ctrl+N）先登记代表之家，"
                                 "再登记各联络站（上级选代表之家），然后用“设置服务小组…”关联代表小组。")
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1f5f99; padding: 6px 2px;")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count_label)
        self.tree.itemActivated.connect(lambda *_: self.edit_current())
        self.tree.currentItemChanged.connect(lambda *_: self._update_actions())
        self.reload()

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
            item.setData(0, SEARCH_ROLE, "\x1f".join(texts + [pinyin_initials(row["name"])]).lower())
            item.setToolTip(6, row["group_names"])
            items[row["id"]] = item
        self.tree.expandAll()
        homes = sum(1 for r in rows if r["kind"] == "代表之家")
        self._total = len(rows)
        self.empty_hint.setVisible(not rows)
        self._counts = f"代表之家 {homes} 个，联络站 {len(rows) - homes} 个"
        self.apply_filter()
        if current is not None and current in items and not items[current].isHidden():
            self.tree.setCurrentItem(items[current])
        else:
            first = next((item for item in self._all_items() if not item.isHidden()), None)
            if first is not None:
                self.tree.setCurrentItem(first)
        self._stale = False
        self._update_actions()

    def apply_filter(self, *_args) -> None:
        """Show the stations matching every search word and the type; a home stays shown above a match."""
        words, kind = search_terms(self.search.text()), self.kind_combo.value()

        matched = 0

        def visit(item: QTreeWidgetItem) -> bool:
            nonlocal matched
            text = item.data(0, SEARCH_ROLE) or ""
            match = all(w in text for w in words) and kind in (None, item.text(1))
            matched += match
            shown = [visit(item.child(i)) for i in range(item.childCount())]
            item.setHidden(not (match or any(shown)))
            return match or any(shown)

        for i in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(i))
        shown = f"　显示 {matched} / 共 {self._total} 个" if matched != self._total else ""
        self.count_label.setText(self._counts + shown)

    def _update_actions(self) -> None:
        enabled = self.current_station() is not None
        for action in (self.edit_action, self.groups_action, self.delete_action):
            action.setEnabled(enabled)

    def current_station(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else None

    def select_station(self, station_id: int) -> None:
        for item in self._all_items():
            if item.data(0, Qt.UserRole) == station_id:
                self.tree.setCurrentItem(item)
                return

    def focus_record(self, record_id) -> bool:
        """Select station ``record_id`` (clearing a search that hides it) and scroll to it."""
        if self._stale:
            self.reload()
        if any(item.isHidden() for item in self._all_items() if item.data(0, Qt.UserRole) == record_id):
            self.search.clear()
            self.kind_combo.set_value(None)
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

    def item_texts(self, *, shown_only: bool = False) -> list[list[str]]:
        """Every row's texts in tree order (children after their parent), for tests and checks."""
        return [[item.text(c) for c in range(len(COLUMNS))] for item in self._all_items()
                if not (shown_only and item.isHidden())]

    # Actions -------------------------------------------------------------------------------
    def new_station(self) -> StationDialog:
        def submit(values: dict) -> int:
            command = AddRecord.run(self.ctx, STATION, lambda: stations_ops.add(self.ctx.db, values))
            self.select_station(command.record_id)
            return command.record_id

        return self.open_dialog(StationDialog(self.ctx, submit, parent=self))

    def edit_current(self) -> StationDialog | None:
        station_id = self.current_station()
        if station_id is None:
            return None
        return self.open_dialog(StationDialog(
            self.ctx, lambda values: EditRecord.run(self.ctx, STATION, station_id, values),
            stations_db.get_station(self.ctx.db, station_id), self))

    def edit_groups(self) -> CheckListDialog | None:
        station_id = self.current_station()
        if station_id is None:
            return None
        station = stations_db.get_station(self.ctx.db, station_id)
        term = terms_db.current_term(self.ctx.db)
        groups = groups_db.list_groups(self.ctx.db, term["id"] if term else None)
        items = [(g["id"], f"{g['name']}（{g['kind']}）", "") for g in groups]
        served = [g["id"] for g in stations_db.station_groups(self.ctx.db, station_id)]
        return self.open_checklist(f"服务的代表小组：{station['name']}", items, served, "个小组",
                                   lambda ids: SetLinks.run(self.ctx, SERVED_GROUPS, station_id, ids, station["name"]))

    def delete_current(self) -> bool:
        station_id = self.current_station()
        if station_id is None:
            return False
        station = stations_db.get_station(self.ctx.db, station_id)
        return self.confirm_then("删除站点", f"确定删除“{station['name']}”吗？",
                                 lambda: DeleteRecords.run(self.ctx, STATION, [station]))
