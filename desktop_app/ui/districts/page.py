"""届次与选区: the terms (第十八届 with dates, which one is current) and the electoral districts of each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox, QGroupBox, QLineEdit, QSpinBox, QSplitter, QToolBar, QVBoxLayout, QWidget,
)

from ...db import districts as districts_db
from ...db import terms as terms_db
from ...errors import UserError
from ..context import AppContext
from ..widgets.reloading_page import ReloadingPage
from ..widgets.dates import DateEdit, DateError
from ..widgets.filter_table import FilterTable
from ..widgets.messages import confirm, show_error
from ..widgets.record_dialog import FormErrors, RecordDialog
from ..widgets.table_model import Column, RowTableModel

_WATCHED = {"deputies", "districts", "terms", "roster"}


class TermDialog(RecordDialog):
    def __init__(self, ctx: AppContext, term: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新建届次" if term is None else f"编辑届次：{term['name']}", parent)
        self.ctx = ctx
        self.resize(420, 260)
        term = term or {"is_current": 1}
        self.term_id = term.get("id")
        self.name_edit = self.form.add_field("name", "届次名称 *", QLineEdit(term.get("name") or ""))
        self.name_edit.setPlaceholderText("例如 第十九届")
        self.number_spin = self.form.add_field("number", "序号", QSpinBox())
        self.number_spin.setRange(0, 99)
        self.number_spin.setSpecialValueText("（不填）")
        self.number_spin.setValue(term.get("number") or 0)
        self.start_edit = self.form.add_field("start_date", "开始日期", DateEdit())
        self.start_edit.set_iso(term.get("start_date"))
        self.end_edit = self.form.add_field("end_date", "结束日期", DateEdit())
        self.end_edit.set_iso(term.get("end_date"))
        self.current_check = self.form.add_field("is_current", "当前届次", QCheckBox("设为当前届次"))
        self.current_check.setChecked(bool(term.get("is_current")))

    def save(self) -> None:
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
        values = {"name": name, "number": self.number_spin.value() or None, **dates,
                  "is_current": self.current_check.isChecked()}
        try:
            if self.term_id is None:
                self.term_id = terms_db.create_term(self.ctx.db, **values)
            else:
                terms_db.update_term(self.ctx.db, self.term_id, **values)
        except UserError as err:
            text = str(err)
            field = "end_date" if "结束" in text else "start_date" if "开始" in text else "name" if "名" in text else None
            if field:
                raise FormErrors({field: text}) from None
            raise
        self.ctx.events.changed.emit("terms")


class DistrictDialog(RecordDialog):
    def __init__(self, ctx: AppContext, term_id: int | None, district: dict | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("新建选区" if district is None else f"编辑选区：{district['name']}", parent)
        self.ctx, self.term_id = ctx, term_id
        self.resize(460, 280)
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

    def save(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            raise FormErrors({"name": "请填写选区名称，例如“第一选区”"})
        values = {"name": name, "code": self.code_edit.text(), "area": self.area_edit.text(),
                  "seats": self.seats_spin.value() or None}
        try:
            if self.district_id is None:
                self.district_id = districts_db.create_district(self.ctx.db, self.term_id, **values)
            else:
                districts_db.update_district(self.ctx.db, self.district_id, **values)
        except UserError as err:
            text = str(err)
            field = "seats" if "名额" in text else "name" if "选区" in text else None
            if field:
                raise FormErrors({field: text}) from None
            raise
        self.ctx.events.changed.emit("districts")


class DistrictsPage(ReloadingPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self._stale = False
        self.terms_model = RowTableModel([
            Column("name", "届次", 120),
            Column("number", "序号", 60, numeric=True),
            Column("start_date", "开始日期", 110),
            Column("end_date", "结束日期", 110),
            Column("current", "当前", 60, text=lambda r: "当前届次" if r.get("is_current") else ""),
        ], self)
        self.terms_table = FilterTable(self.terms_model, search_placeholder="搜索届次", unit="届")
        self.districts_model = RowTableModel([
            Column("code", "编号", 60),
            Column("name", "选区名称", 190),
            Column("area", "范围（村、社区）", 300),
            Column("seats", "应选名额", 80, numeric=True),
            Column("deputy_count", "在任代表", 80, numeric=True),
        ], self)
        self.districts_table = FilterTable(self.districts_model, search_placeholder="搜索选区名称、村、社区",
                                           unit="个选区")

        terms_bar = QToolBar()
        self.new_term_action = self._action(terms_bar, "新建届次", self.new_term)
        self.edit_term_action = self._action(terms_bar, "编辑届次", self.edit_term)
        self.current_term_action = self._action(terms_bar, "设为当前届次", self.make_current)
        districts_bar = QToolBar()
        self.new_district_action = self._action(districts_bar, "新建选区", self.new_district)
        self.edit_district_action = self._action(districts_bar, "编辑选区", self.edit_district)
        self.delete_district_action = self._action(districts_bar, "删除选区", self.delete_district)

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
        self.terms_table.activated.connect(lambda _row: self.edit_term())
        self.districts_table.activated.connect(lambda _row: self.edit_district())
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    @staticmethod
    def _action(bar: QToolBar, text: str, slot) -> QAction:
        action = bar.addAction(text)
        action.triggered.connect(lambda checked=False: slot())
        return action

    # Loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.terms_table.selected_ids()
        terms = terms_db.list_terms(self.ctx.db)
        self.terms_model.set_rows(terms)
        if not selected:
            current = terms_db.current_term(self.ctx.db)
            selected = [current["id"]] if current else []
        self.terms_table.select_ids(selected)
        self._stale = False
        self.show_districts()

    def _on_data_changed(self, table: str) -> None:
        if table not in _WATCHED:
            return
        self.reload_soon()

    def current_term(self) -> dict | None:
        return self.terms_table.current_row()

    def show_districts(self) -> None:
        term = self.current_term()
        selected = self.districts_table.selected_ids()
        rows = districts_db.list_districts(self.ctx.db, term["id"]) if term else []
        self.districts_model.set_rows(rows)
        self.districts_box.setTitle(f"{term['name']}的选区" if term else "选区（请先新建届次）")
        if selected:
            self.districts_table.select_ids(selected)

    # Actions -------------------------------------------------------------------------------
    def _open(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_term(self) -> TermDialog:
        return self._open(TermDialog(self.ctx, parent=self))

    def edit_term(self) -> TermDialog | None:
        term = self.current_term()
        return self._open(TermDialog(self.ctx, term, self)) if term else None

    def make_current(self) -> None:
        term = self.current_term()
        if term is None:
            return
        try:
            terms_db.set_current_term(self.ctx.db, term["id"])
        except UserError as err:
            show_error(self, err)
            return
        self.ctx.events.changed.emit("terms")

    def new_district(self) -> DistrictDialog | None:
        term = self.current_term()
        if term is None:
            show_error(self, UserError("请先新建届次，再为它添加选区。"))
            return None
        return self._open(DistrictDialog(self.ctx, term["id"], parent=self))

    def edit_district(self) -> DistrictDialog | None:
        district = self.districts_table.current_row()
        term = self.current_term()
        if district is None or term is None:
            return None
        return self._open(DistrictDialog(self.ctx, term["id"], district, self))

    def delete_district(self) -> bool:
        district = self.districts_table.current_row()
        if district is None:
            return False
        if not confirm(self, "删除选区", f"确定删除“{district['name']}”吗？"):
            return False
        try:
            districts_db.delete_district(self.ctx.db, district["id"])
        except UserError as err:
            show_error(self, err, "不能删除选区")
            return False
        self.ctx.events.changed.emit("districts")
        return True
