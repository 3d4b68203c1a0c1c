"""届次与选区: the terms (第十八届 with dates, which one is current) and the electoral districts of each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLineEdit, QSpinBox, QSplitter, QToolBar, QVBoxLayout, QWidget

from ...db import districts as districts_db
from ...db import terms as terms_db
from ...ops import districts as districts_ops
from ...domain.text import ordinal_number
from ...errors import UserError
from ..context import AppContext
from ..widgets.dates import DateEdit, DateError
from ..widgets.filter_table import FilterTable
from ..widgets.list_page import FormDialog, ListPage
from ..widgets.messages import show_error
from ..widgets.record_commands import AddRecord, DeleteRecords, EditRecord
from ..widgets.record_dialog import FormErrors
from ..widgets.table_model import Column, RowTableModel
from .commands import DISTRICT, AddTerm, DeleteTerm, EditTerm, SetCurrentTerm
from ..widgets.screen_fit import fit_to_screen
from ...ops.changes import Area


class TermDialog(FormDialog):
    FIELD_WORDS = (("结束", "end_date"), ("开始", "start_date"), ("名", "name"))

    def __init__(self, ctx: AppContext, submit, term: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建届次" if term is None else f"编辑届次：{term['name']}", submit, parent)
        fit_to_screen(self, 420, 260)
        term = term or {"is_current": 1}
        self.term_id = term.get("id")
        self.name_edit = self.form.add_field("name", "届次名称 *", QLineEdit(term.get("name") or ""))
        self.name_edit.setPlaceholderText("例如 第十九届")
        self.number_spin = self.form.add_field("number", "序号", QSpinBox())
        self.number_spin.setRange(0, 99)
        self.number_spin.setSpecialValueText("（不填）")
        self.number_spin.setValue(term.get("number") or 0)
        # Typing 第十九届 fills in 19, until the clerk sets the number by hand.
        self.name_edit.textEdited.connect(self._number_from_name)
        self.start_edit = self.form.add_field("start_date", "开始日期", DateEdit())
        self.start_edit.set_iso(term.get("start_date"))
        self.end_edit = self.form.add_field("end_date", "结束日期", DateEdit())
        self.end_edit.set_iso(term.get("end_date"))
        self.current_check = self.form.add_field("is_current", "当前届次", QCheckBox("设为当前届次"))
        self._auto_number = self.number_spin.value() == 0
        self.current_check.setChecked(bool(term.get("is_current")))
        self.number_spin.valueChanged.connect(self._number_typed)

    def _number_from_name(self, text: str) -> None:
        number = ordinal_number(text)
        if self._auto_number and number is not None and number <= self.number_spin.maximum():
            self.number_spin.blockSignals(True)
            self.number_spin.setValue(number)
            self.number_spin.blockSignals(False)

    def _number_typed(self, _value: int) -> None:
        self._auto_number = False

    def values(self) -> dict:
        problems, dates = {}, {}
        for key, edit in (("start_date", self.start_edit), ("end_date", self.end_edit)):
            try:
                dates[key] = edit.iso()
            except DateError as err:
                problems[key] = str(err)
        name = self.name_edit.text().strip()
        if not name:
            problems["name"] = "请填写届次名称，例如“第十九届”"
        if problems:
            raise FormErrors(problems)
        return {"name": name, "number": self.number_spin.value() or None, **dates,
                "is_current": self.current_check.isChecked()}


class DistrictDialog(FormDialog):
    FIELD_WORDS = (("名额", "seats"), ("选区", "name"))

    def __init__(self, ctx: AppContext, submit, district: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建选区" if district is None else f"编辑选区：{district['name']}", submit, parent)
        fit_to_screen(self, 460, 280)
        district = district or {}
        self.district_id = district.get("id")
        self.name_edit = self.form.add_field("name", "选区名称 *", QLineEdit(district.get("name") or ""))
        self.name_edit.setPlaceholderText("例如 第一选区")
        self.code_edit = self.form.add_field("code", "编号", QLineEdit(district.get("code") or ""))
        self.area_edit = self.form.add_field("area", "范围（村、社区）", QLineEdit(district.get("area") or ""))
        self.seats_spin = self.form.add_field("seats", "应选名额", QSpinBox())
        self.seats_spin.setRange(0, 99)
        self.seats_spin.setSpecialValueText("（不填）")
        self.seats_spin.setValue(district.get("seats") or 0)

    def values(self) -> dict:
        name = self.name_edit.text().strip()
        if not name:
            raise FormErrors({"name": "请填写选区名称，例如“第一选区”"})
        return {"name": name, "code": self.code_edit.text(), "area": self.area_edit.text(),
                "seats": self.seats_spin.value() or None}


class DistrictsPage(ListPage):
    WATCHED = Area.TERMS | Area.DISTRICTS | Area.DEPUTIES

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.terms_model = RowTableModel([
            Column("name", "届次", 120),
            Column("number", "序号", 60, numeric=True),
            Column("start_date", "开始日期", 110),
            Column("end_date", "结束日期", 110),
            Column("current", "当前", 60, text=lambda r: "当前届次" if r.get("is_current") else ""),
        ], self)
        self.terms_table = FilterTable(self.terms_model, search_placeholder="搜索届次", unit="届")
        self.terms_table.view.setObjectName("terms_table")
        self.districts_model = RowTableModel([
            Column("code", "编号", 60),
            Column("name", "选区名称", 190),
            Column("area", "范围（村、社区）", 300),
            Column("seats", "应选名额", 80, numeric=True),
            Column("deputy_count", "在任代表", 80, numeric=True),
        ], self)
        self.districts_table = FilterTable(self.districts_model, search_placeholder="搜索选区名称、村、社区",
                                           unit="个选区")
        self.districts_table.view.setObjectName("districts_table")

        # Each half has its own 新建 (Ctrl+N) and 查找 (Ctrl+F), live where the focus is.
        terms_bar = QToolBar()
        terms_bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.current_term_action = self.action("设为当前届次", self.make_current)
        self.new_term_action, self.edit_term_action, self.delete_term_action = self.record_actions(
            terms_bar, self.terms_table.view, ("新建届次", self.new_term), ("编辑届次", self.edit_term),
            ("删除届次", self.delete_term), scope=self.terms_table, extra=[self.current_term_action])
        self.find_action(self.terms_table.search, scope=self.terms_table)
        districts_bar = QToolBar()
        districts_bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.new_district_action, self.edit_district_action, self.delete_district_action = self.record_actions(
            districts_bar, self.districts_table.view, ("新建选区", self.new_district),
            ("编辑选区", self.edit_district), ("删除选区", self.delete_district), scope=self.districts_table)
        self.find_action(self.districts_table.search, scope=self.districts_table)
        self.reload_action = self.refresh_action()

        terms_box = QGroupBox("届次")
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addWidget(terms_bar)
        terms_layout.addWidget(self.terms_table)
        self.districts_box = QGroupBox("选区")
        districts_layout = QVBoxLayout(self.districts_box)
        districts_layout.addWidget(districts_bar)
        districts_layout.addWidget(self.districts_table)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(terms_box)
        splitter.addWidget(self.districts_box)
        splitter.setSizes([230, 470])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.terms_table.selection_changed.connect(self.show_districts)
        self.districts_table.selection_changed.connect(self._update_actions)
        self.terms_table.activated.connect(lambda _row: self.edit_term())
        self.districts_table.activated.connect(lambda _row: self.edit_district())
        self.reload()

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.terms_table.selected_ids()
        terms = terms_db.list_terms(self.ctx.db)
        self.terms_model.set_rows(terms)
        self.terms_table.set_empty_hint("还没有届次。新的一届开始时，点“新建届次”（Ctrl+N）填写届次名称（如 第十九届）"
                                        "和起止日期；然后在下方为它添加选区。")
        if selected:
            self.terms_table.select_ids(selected)
        if not self.terms_table.selected_ids():
            current = terms_db.current_term(self.ctx.db)
            self.terms_table.select_ids([current["id"]] if current else [])
        self._stale = False
        self.show_districts()

    def current_term(self) -> dict | None:
        return self.terms_table.current_row()

    def show_districts(self) -> None:
        term = self.current_term()
        selected = self.districts_table.selected_ids()
        rows = districts_db.list_districts(self.ctx.db, term["id"]) if term else []
        self.districts_model.set_rows(rows)
        self.districts_box.setTitle(f"{term['name']}的选区" if term else "选区（请先新建届次）")
        self.districts_table.set_empty_hint(
            f"{term['name']}还没有选区。点“新建选区”逐个添加（名称、范围和应选名额），代表录入时再选所属选区。"
            if term else "")
        if selected:
            self.districts_table.select_ids(selected)
        self._update_actions()

    def _update_actions(self) -> None:
        term, district = self.current_term() is not None, self.districts_table.current_row() is not None
        for action in (self.edit_term_action, self.delete_term_action, self.current_term_action,
                       self.new_district_action):
            action.setEnabled(term)
        for action in (self.edit_district_action, self.delete_district_action):
            action.setEnabled(district)

    # Actions -------------------------------------------------------------------------------
    def new_term(self) -> TermDialog:
        def submit(values: dict) -> int:
            command = AddTerm.run(self.ctx, values)
            self.terms_table.select_ids([command.row["id"]])
            return command.row["id"]

        return self.open_dialog(TermDialog(self.ctx, submit, parent=self))

    def edit_term(self) -> TermDialog | None:
        term = self.current_term()
        if term is None:
            return None
        return self.open_dialog(TermDialog(self.ctx, lambda values: EditTerm.run(self.ctx, term["id"], values),
                                           term, self))

    def make_current(self) -> None:
        term = self.current_term()
        if term is None:
            return
        try:
            SetCurrentTerm.run(self.ctx, term)
        except UserError as err:
            show_error(self, err)

    def delete_term(self) -> bool:
        term = self.current_term()
        if term is None:
            return False
        return self.confirm_then("删除届次", f"确定删除“{term['name']}”吗？只有误建、尚未使用的届次才能删除。",
                                 lambda: DeleteTerm.run(self.ctx, term["id"]), error_title="不能删除届次")

    def new_district(self) -> DistrictDialog | None:
        term = self.current_term()
        if term is None:
            show_error(self, UserError("请先新建届次，再为它添加选区。"))
            return None

        def submit(values: dict) -> int:
            command = AddRecord.run(self.ctx, DISTRICT,
                                    lambda: districts_ops.add(self.ctx.db, term["id"], values))
            self.districts_table.select_ids([command.record_id])
            return command.record_id

        return self.open_dialog(DistrictDialog(self.ctx, submit, parent=self))

    def edit_district(self) -> DistrictDialog | None:
        district = self.districts_table.current_row()
        if district is None or self.current_term() is None:
            return None
        return self.open_dialog(DistrictDialog(
            self.ctx, lambda values: EditRecord.run(self.ctx, DISTRICT, district["id"], values), district, self))

    def delete_district(self) -> bool:
        district = self.districts_table.current_row()
        if district is None:
            return False
        return self.confirm_then("删除选区", f"确定删除“{district['name']}”吗？",
                                 lambda: DeleteRecords.run(self.ctx, DISTRICT, [district]), error_title="不能删除选区")
