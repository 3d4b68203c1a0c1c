"""代表小组: groups with their members and convener; create, edit, delete, set members from a checklist."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSplitter, QToolBar, QVBoxLayout, QWidget

from ...db import deputies as deputies_db
from ...db import districts as districts_db
from ...db import groups as groups_db
from ...db import settings
from ...db import terms as terms_db
from ...ops import groups as groups_ops
from ...domain.roster import GROUP_KINDS, mask_phone
from ..context import AppContext
from ..widgets.checklist import CheckListDialog
from ..widgets.filter_table import FilterTable
from ..widgets.list_page import FormDialog, ListPage
from ..widgets.record_commands import AddRecord, DeleteRecords, EditRecord, SetLinks
from ..widgets.record_dialog import FormErrors
from ..widgets.table_model import Column, RowTableModel
from .commands import GROUP, MEMBERS
from ..widgets.screen_fit import fit_to_screen
from ...ops.changes import Area


def _combo(items, current) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


class GroupDialog(FormDialog):
    """Name, kind, district, convener (chosen among the members) and notes of one group."""

    FIELD_WORDS = (("名称", "name"), ("已有", "name"), ("召集人", "convener_id"), ("选区", "district_id"))

    def __init__(self, ctx: AppContext, submit, group: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建代表小组" if group is None else f"编辑小组：{group['name']}", submit, parent)
        fit_to_screen(self, 480, 360)
        group = group or {"kind": GROUP_KINDS[0]}
        term = terms_db.current_term(ctx.db)
        self.name_edit = self.form.add_field("name", "小组名称 *", QLineEdit(group.get("name") or ""))
        self.kind_combo = self.form.add_field("kind", "类型", _combo([(k, k) for k in GROUP_KINDS], group.get("kind")))
        districts = districts_db.list_districts(ctx.db, term["id"] if term else None)
        self.district_combo = self.form.add_field(
            "district_id", "所属选区",
            _combo([("（不限选区）", None)] + [(d["name"], d["id"]) for d in districts], group.get("district_id")))
        candidates = (groups_db.members(ctx.db, group["id"]) if group.get("id")
                      else deputies_db.list_deputies(ctx.db, term_id=term["id"] if term else None))
        self.convener_combo = self.form.add_field(
            "convener_id", "召集人",
            _combo([("（暂无）", None)] + [(f"{d['name']}（{d.get('district_name') or '未分选区'}）", d["id"])
                                        for d in candidates], group.get("convener_id")))
        self.notes_edit = self.form.add_field("notes", "备注", QPlainTextEdit(group.get("notes") or ""))
        self.notes_edit.setFixedHeight(60)
        self.group_id = group.get("id")

    def values(self) -> dict:
        values = {
            "name": self.name_edit.text().strip(), "kind": self.kind_combo.currentData(),
            "district_id": self.district_combo.currentData(), "convener_id": self.convener_combo.currentData(),
            "notes": self.notes_edit.toPlainText().strip() or None,
        }
        if not values["name"]:
            raise FormErrors({"name": "请填写小组名称，例如“第一代表小组”"})
        return values


class GroupsPage(ListPage):
    WATCHED = (Area.TERMS | Area.DISTRICTS | Area.DEPUTIES | Area.GROUPS | Area.STATIONS | Area.SETTINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._mask = True
        self.model = RowTableModel([
            Column("name", "小组名称", 160),
            Column("kind", "类型", 100),
            Column("district_name", "选区", 150),
            Column("convener_name", "召集人", 80),
            Column("member_count", "在任成员", 70, numeric=True),
            Column("station_names", "所属联络站", 180),
            Column("notes", "备注", 160),
        ], self)
        self.table = FilterTable(self.model, search_placeholder="搜索小组名称、召集人、选区…", unit="个小组")
        self.table.view.setObjectName("groups_table")
        self.kind_combo = self.table.add_column_combo("kind", "全部类型", GROUP_KINDS)
        self.members_model = RowTableModel([
            Column("name", "姓名", 130, text=lambda r: r["name"] + ("（召集人）" if r.get("is_convener") else "")),
            Column("district_name", "选区", 150),
            Column("level", "层级", 50),
            Column("work", "工作单位及职务", 220, text=lambda r: (r.get("work_unit") or "") + (r.get("post") or "")),
            Column("phone", "联系电话", 110, text=self._phone_text),
        ], self)
        self.members_table = FilterTable(self.members_model, search_placeholder="在成员中搜索", unit="名成员")
        self.members_title = QLabel("请选择一个小组查看成员")
        self.members_title.setObjectName("members_title")

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.members_action = self.action("设置成员…", self.edit_members)
        self.new_action, self.edit_action, self.delete_action = self.record_actions(
            self.toolbar, self.table.view, ("新建小组", self.new_group), ("编辑", self.edit_current),
            ("删除", self.delete_current), extra=[self.members_action])
        self.search_action = self.find_action(self.table.search)
        self.reload_action = self.refresh_action()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.members_title)
        right_layout.addWidget(self.members_table, 1)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([360, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)

        self.table.selection_changed.connect(self.show_members)
        self.table.activated.connect(lambda _row: self.edit_current())
        self.reload()

    def _phone_text(self, row: dict) -> str:
        phone = row.get("phone") or ""
        return mask_phone(phone) if phone and self._mask else phone

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.table.selected_ids()
        term = terms_db.current_term(self.ctx.db)
        self._mask = bool(settings.get(self.ctx.db, "mask_personal_data"))
        self.model.set_rows(groups_db.list_groups(self.ctx.db, term["id"] if term else None))
        self.table.set_empty_hint(
            "还没有代表小组。请先到“届次与选区”新建届次，再到“代表名册”录入代表，然后回到这里建立小组。" if term is None
            else "还没有代表小组。点“新建小组”（Ctrl+N）建立按选区的代表小组或专业代表小组，"
                 "再用“设置成员…”勾选成员。")
        self._stale = False
        if selected:
            self.table.select_ids(selected)
        if not self.table.selected_ids() and self.table.visible_rows():
            self.table.select_ids([self.table.visible_rows()[0]["id"]])
        self.show_members()

    def focus_record(self, record_id) -> bool:
        """Select group ``record_id`` (clearing a search that hides it) and show its members."""
        if self._stale:
            self.reload()
        self.table.select_ids([record_id])
        if record_id not in self.table.selected_ids():
            self.table.search.clear()
            self.kind_combo.set_value(None)
            self.table.select_ids([record_id])
        self.show_members()
        return record_id in self.table.selected_ids()

    def show_members(self) -> None:
        group = self.table.current_row()
        enabled = group is not None
        for action in (self.edit_action, self.members_action, self.delete_action):
            action.setEnabled(enabled)
        if group is None:
            self.members_title.setText("请选择一个小组查看成员")
            self.members_model.set_rows([])
            return
        rows = groups_db.members(self.ctx.db, group["id"])
        convener = group.get("convener_name") or "未指定"
        self.members_title.setText(f"{group['name']}　成员 {len(rows)} 名　召集人：{convener}")
        self.members_model.set_rows(rows)

    # Actions -------------------------------------------------------------------------------
    def new_group(self) -> GroupDialog:
        def submit(values: dict) -> int:
            command = AddRecord.run(self.ctx, GROUP, lambda: groups_ops.add(self.ctx.db, values))
            self.table.select_ids([command.record_id])
            return command.record_id

        return self.open_dialog(GroupDialog(self.ctx, submit, parent=self))

    def edit_current(self) -> GroupDialog | None:
        group = self.table.current_row()
        if group is None:
            return None
        return self.open_dialog(GroupDialog(
            self.ctx, lambda values: EditRecord.run(self.ctx, GROUP, group["id"], values),
            groups_db.get_group(self.ctx.db, group["id"]), self))

    def edit_members(self) -> CheckListDialog | None:
        group = self.table.current_row()
        if group is None:
            return None
        term = terms_db.current_term(self.ctx.db)
        people = deputies_db.list_deputies(self.ctx.db, term_id=term["id"] if term else None)
        items = [(d["id"], f"{d['name']}　{d.get('district_name') or ''}　{d['level']}级", d.get("name_initials") or "")
                 for d in people]
        return self.open_checklist(
            f"设置成员：{group['name']}", items, groups_db.member_ids(self.ctx.db, group["id"]), "人",
            lambda ids: SetLinks.run(self.ctx, MEMBERS, group["id"], ids, group["name"]))

    def delete_current(self) -> bool:
        group = self.table.current_row()
        if group is None:
            return False
        return self.confirm_then("删除小组", f"确定删除“{group['name']}”吗？成员和代表本身不受影响。",
                                 lambda: DeleteRecords.run(self.ctx, GROUP, [group]))
