"""设置—活动与建议: activity types, suggestion fields, handling units, 履职要求 thresholds and 办理时限.

Names are edited in place (double-click a name); a refused name (empty, duplicate) is explained under the list
and the cell goes back to the stored name, so what the list shows is always what the database holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...db import activities as activities_db
from ...db import compliance as compliance_db
from ...db import suggestions as suggestions_db
from ...domain.compliance import THRESHOLD_LABELS
from ...domain.suggestions import DEFAULT_DEADLINES, UNIT_KINDS
from ...errors import UserError
from ...ops import calendar as calendar_ops
from ...ops import work_lists
from ..context import AppContext
from ..widgets.field_errors import ErrorLabel
from ..widgets.messages import confirm
from ...ops.changes import area_of_table

ID_ROLE = Qt.UserRole + 1
DEADLINE_LABELS = {"分类": "收集后分类", "交办": "分类后交办", "办理": "交办后办理答复", "评价": "答复后评价"}


@dataclass
class ListSpec:
    """How one list talks to the database: what its rows are and which functions change them."""

    title: str
    what: str                                  # 活动类型 / 领域 / 承办单位 (in messages)
    table: str                                 # the table listed (its area is announced on a change)
    load: Callable[[], list[dict]]
    add: Callable[..., int]                    # add(name, **extra)
    rename: Callable[[int, str], None]
    delete: Callable[[int], None]
    flags: list[tuple[str, str]] = field(default_factory=list)      # (column key, header)
    set_flag: Callable[[int, str, bool], None] | None = None
    kinds: tuple[str, ...] = ()                # a 类别 column with these choices
    set_kind: Callable[[int, str], None] | None = None
    hint: str = ""
    delete_note: str = ""


class EditableList(QGroupBox):
    """A table of names (editable in place) with check-box flags or a kind combo; 添加 and 删除所选 below."""

    def __init__(self, ctx: AppContext, spec: ListSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.title, parent)
        self.ctx, self.spec = ctx, spec
        headers = ["名称"] + [h for _, h in spec.flags] + (["类别"] if spec.kinds else [])
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in range(1, len(headers)):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.setMinimumHeight(200)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(f"新{spec.what}名称")
        self.new_name.returnPressed.connect(self.add_from_fields)
        self.new_flags = {key: QCheckBox(title) for key, title in spec.flags}
        self.new_kind = None
        if spec.kinds:
            self.new_kind = QComboBox()
            self.new_kind.addItems(spec.kinds)
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self.add_from_fields)
        self.delete_button = QPushButton("删除所选")
        self.delete_button.clicked.connect(self.delete_selected)
        self.error_label = ErrorLabel()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        adder = QHBoxLayout()
        adder.addWidget(self.new_name, 1)
        for box in self.new_flags.values():
            adder.addWidget(box)
        if self.new_kind is not None:
            adder.addWidget(self.new_kind)
        adder.addWidget(self.add_button)
        adder.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        if spec.hint:
            hint = QLabel(spec.hint)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(adder)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        self.table.itemChanged.connect(self._item_changed)
        self.reload()

    # Loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        rows = self.spec.load()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row["name"])
            name.setData(ID_ROLE, row["id"])
            name.setToolTip("双击修改名称")
            self.table.setItem(r, 0, name)
            for c, (key, _title) in enumerate(self.spec.flags, 1):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
                item.setCheckState(Qt.Checked if row.get(key) else Qt.Unchecked)
                item.setData(ID_ROLE, row["id"])
                self.table.setItem(r, c, item)
            if self.spec.kinds:
                self._put_kind_combo(r, row)
        self.table.blockSignals(False)

    def _put_kind_combo(self, r: int, row: dict) -> None:
        col = 1 + len(self.spec.flags)
        combo = QComboBox()
        combo.addItem("（未分类）", None)
        for kind in self.spec.kinds:
            combo.addItem(kind, kind)
        combo.setCurrentIndex(max(0, combo.findData(row.get("kind"))))
        combo.currentIndexChanged.connect(lambda _i, row_id=row["id"], box=combo: self.set_kind(row_id, box.currentData()))
        placeholder = QTableWidgetItem()
        placeholder.setFlags(Qt.ItemIsEnabled)
        self.table.setItem(r, col, placeholder)
        self.table.setCellWidget(r, col, combo)

    def names(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def row_of(self, row_id: int) -> int | None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(ID_ROLE) == row_id:
                return r
        return None

    def selected_ids(self) -> list[int]:
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()})
        return [self.table.item(r, 0).data(ID_ROLE) for r in rows]

    # Changes ----------------------------------------------------------------------------------
    def _done(self, message: str) -> None:
        self.error_label.show_error(None)
        self.status_label.setText(message)
        self.ctx.announce(area_of_table(self.spec.table))

    def _refuse(self, err: UserError) -> bool:
        self.status_label.setText("")
        self.error_label.show_error(str(err))
        self.reload()           # put back what the database holds
        return False

    def _item_changed(self, item: QTableWidgetItem) -> None:
        row_id = item.data(ID_ROLE)
        if item.column() == 0:
            self.rename(row_id, item.text())
        elif 1 <= item.column() <= len(self.spec.flags):
            key = self.spec.flags[item.column() - 1][0]
            self.set_flag(row_id, key, item.checkState() == Qt.Checked)

    def add(self, name: str, **extra) -> bool:
        try:
            self.spec.add(name, **extra)
        except UserError as err:
            return self._refuse(err)
        self.reload()
        self._done(f"已添加{self.spec.what}“{name.strip()}”。")
        return True

    def add_from_fields(self) -> bool:
        extra = {key: box.isChecked() for key, box in self.new_flags.items()}
        if self.new_kind is not None:
            extra["kind"] = self.new_kind.currentText()
        if not self.add(self.new_name.text(), **extra):
            return False
        self.new_name.clear()
        return True

    def rename(self, row_id: int, name: str) -> bool:
        try:
            self.spec.rename(row_id, name)
        except UserError as err:
            return self._refuse(err)
        self.reload()
        self._done(f"已改名为“{name.strip()}”。")
        return True

    def set_flag(self, row_id: int, key: str, on: bool) -> bool:
        try:
            self.spec.set_flag(row_id, key, on)
        except UserError as err:
            return self._refuse(err)
        self._done("已保存。")
        return True

    def set_kind(self, row_id: int, kind: str | None) -> bool:
        if kind is None:
            return False
        try:
            self.spec.set_kind(row_id, kind)
        except UserError as err:
            return self._refuse(err)
        self._done("已保存单位类别。")
        return True

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            self.error_label.show_error(f"请先在列表中选择要删除的{self.spec.what}。")
            return False
        names = [self.table.item(self.row_of(i), 0).text() for i in ids]
        if not confirm(self, f"删除{self.spec.what}", f"确定删除{self.spec.what}“{'、'.join(names)}”吗？"
                                                      f"{self.spec.delete_note}"):
            return False
        try:
            for row_id in ids:
                self.spec.delete(row_id)
        except UserError as err:
            return self._refuse(err)
        self.reload()
        self._done(f"已删除{self.spec.what}“{'、'.join(names)}”。")
        return True


def _spin(value: int, low: int, high: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(int(value))
    box.setSuffix(suffix)
    box.setMinimumWidth(90)
    return box


class WorkListSettings(QWidget):
    """The lists and numbers the activity log, the suggestions loop and the 履职达标 check work with."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        db = ctx.db
        self.types = EditableList(ctx, ListSpec(
            "活动类型", "活动类型", "activity_types", lambda: activities_db.list_types(db),
            lambda name, **extra: work_lists.add_activity_type(db, name, **extra).value,
            lambda type_id, name: work_lists.change_activity_type(db, type_id, name=name),
            lambda type_id: work_lists.delete_activity_type(db, type_id),
            flags=[("collective", "计为联络站集体活动"), ("voter_contact", "计为联系选民")],
            set_flag=lambda type_id, key, on: work_lists.change_activity_type(db, type_id, **{key: on}),
            hint="“集体活动”计入联络站每月活动次数；“联系选民”计入代表每年联系选民次数（履职达标）。",
            delete_note="已登记的活动仍保留这一类型，只是新登记时不再可选。"))
        self.types.table.setMinimumHeight(370)
        self.fields = EditableList(ctx, ListSpec(
            "意见建议领域", "领域", "suggestion_fields", lambda: suggestions_db.list_fields(db),
            lambda name, **_extra: work_lists.add_field(db, name).value,
            lambda field_id, name: work_lists.rename_field(db, field_id, name),
            lambda field_id: work_lists.delete_field(db, field_id),
            delete_note="已登记的意见建议仍保留这一领域。"))
        self.units = EditableList(ctx, ListSpec(
            "承办单位", "承办单位", "handling_units", lambda: suggestions_db.list_units(db),
            lambda name, kind=None, **_extra: work_lists.add_unit(db, name, kind).value,
            lambda unit_id, name: work_lists.change_unit(db, unit_id, name=name),
            lambda unit_id: work_lists.delete_unit(db, unit_id),
            kinds=UNIT_KINDS, set_kind=lambda unit_id, kind: work_lists.change_unit(db, unit_id, kind=kind),
            delete_note="已交办给它的意见建议不受影响，只是今后交办时不再可选。"))

        lists = QHBoxLayout()
        lists.addWidget(self.fields, 1)
        lists.addWidget(self.units, 2)
        numbers = QHBoxLayout()
        numbers.addWidget(self._thresholds_box(), 1)
        numbers.addWidget(self._deadlines_box(), 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.types)
        layout.addLayout(lists)
        layout.addLayout(numbers)
        layout.addStretch(1)

    # 履职要求 -----------------------------------------------------------------------------------
    def _thresholds_box(self) -> QGroupBox:
        box = QGroupBox("履职要求（履职达标的标准）")
        current = compliance_db.thresholds(self.ctx.db)
        suffix = {"group_per_quarter": " 次/季度", "station_per_month": " 次/月", "deputy_per_year": " 次/年",
                  "deputy_contacts_per_year": " 次/年"}
        self.threshold_spins = {key: _spin(current[key], 0, 99, suffix[key]) for key in THRESHOLD_LABELS}
        form = QFormLayout()
        for key, label in THRESHOLD_LABELS.items():
            form.addRow(label, self.threshold_spins[key])
        self.save_thresholds_button = QPushButton("保存履职要求")
        self.save_thresholds_button.clicked.connect(self.save_thresholds)
        self.thresholds_error = ErrorLabel()
        self.thresholds_status = QLabel()
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self.save_thresholds_button, 0, Qt.AlignLeft)
        inner.addWidget(self.thresholds_error)
        inner.addWidget(self.thresholds_status)
        return box

    def save_thresholds(self) -> bool:
        values = {key: spin.value() for key, spin in self.threshold_spins.items()}
        try:
            changes = work_lists.set_thresholds(self.ctx.db, values)
        except UserError as err:
            self.thresholds_error.show_error(str(err))
            return False
        self.thresholds_error.show_error(None)
        self.thresholds_status.setText(changes.message)
        self.ctx.announce(changes)
        return True

    # 办理时限 -----------------------------------------------------------------------------------
    def _deadlines_box(self) -> QGroupBox:
        box = QGroupBox("意见建议办理时限（工作日）")
        current = suggestions_db.deadline_days(self.ctx.db)
        self.deadline_spins = {step: _spin(current[step], 1, 365, " 个工作日") for step in DEFAULT_DEADLINES}
        form = QFormLayout()
        for step in DEFAULT_DEADLINES:
            form.addRow(DEADLINE_LABELS.get(step, step), self.deadline_spins[step])
        note = QLabel("新时限用于今后的每一步；已在办的事项保留原来算出的期限。")
        note.setWordWrap(True)
        self.save_deadlines_button = QPushButton("保存办理时限")
        self.save_deadlines_button.clicked.connect(self.save_deadlines)
        self.deadlines_error = ErrorLabel()
        self.deadlines_status = QLabel()
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(note)
        inner.addWidget(self.save_deadlines_button, 0, Qt.AlignLeft)
        inner.addWidget(self.deadlines_error)
        inner.addWidget(self.deadlines_status)
        return box

    def save_deadlines(self) -> bool:
        values = {step: spin.value() for step, spin in self.deadline_spins.items()}
        try:
            changes = calendar_ops.save_time_limits(self.ctx.db, values)
        except UserError as err:
            self.deadlines_error.show_error(str(err))
            return False
        self.deadlines_error.show_error(None)
        self.deadlines_status.setText(changes.message)
        self.ctx.announce(changes)
        return True
