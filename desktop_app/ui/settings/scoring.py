"""设置 → 积分规则: the rule table of a year (item, source, activity type, points, cap), 复制上一年规则, and
the grade bands (优秀 ≥ 90 …)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...db import activities, scoring, terms
from ...domain.scoring import DEFAULT_GRADE_BANDS, SOURCES, TYPED_SOURCES, points_text
from ...errors import UserError
from ...ops import scoring as scoring_ops
from ..context import AppContext
from ..widgets.filter_table import FilterTable
from ..widgets.messages import confirm, show_error
from ..widgets.record_dialog import FormErrors, RecordDialog
from ..widgets.table_model import Column, RowTableModel
from ..widgets.screen_fit import fit_to_screen

SOURCE_HINTS = {
    "base": "每名参加考核的代表每年计 1 次",
    "session_present": "人代会签到为“出席”的次数",
    "session_leave": "人代会签到为“请假”的次数",
    "session_absent": "人代会签到为“缺席”（无故缺席）的次数",
    "activity": "活动登记中出勤为“出席”的次数，可限定活动类型",
    "activity_absent": "活动登记中出勤为“缺席”的次数，可限定活动类型",
    "suggestion_raised": "作为提出人的意见建议件数（按收集日期计年度）",
    "suggestion_satisfied": "提出的建议获“满意”评价的件数（按评价日期计年度）",
    "report_back": "一人一档中登记的向选民述职次数",
    "manual": "不自动计算，由“履职积分”页手工加减分时选用",
}


class RuleDialog(RecordDialog):
    """One rule: item, source, activity type (for activity sources), points per occurrence, yearly cap."""

    def __init__(self, ctx: AppContext, year: int, rule: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(f"{'编辑' if rule else '新增'}积分规则（{year}年度）", parent)
        self.ctx, self.year, self.rule = ctx, year, rule
        self.rule_id = rule["id"] if rule else None
        fit_to_screen(self, 480, 320)
        rule = rule or {"source": "activity", "points": 1}
        self.item_edit = self.form.add_field("item", "积分项目 *", QLineEdit(rule.get("item") or ""))
        self.source_combo = QComboBox()
        for key, label in SOURCES.items():
            self.source_combo.addItem(label, key)
        self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(rule.get("source"))))
        self.form.add_field("source", "计分依据 *", self.source_combo)
        self.type_combo = QComboBox()
        self.type_combo.addItem("（任何类型）", None)
        for t in activities.list_types(ctx.db):
            self.type_combo.addItem(t["name"], t["id"])
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(rule.get("activity_type_id"))))
        self.form.add_field("activity_type_id", "活动类型", self.type_combo)
        self.points_edit = QDoubleSpinBox()
        self.points_edit.setRange(-100, 100)
        self.points_edit.setDecimals(1)
        self.points_edit.setValue(float(rule.get("points") or 0))
        self.form.add_field("points", "每次分值（扣分填负数）*", self.points_edit)
        self.cap_edit = QLineEdit("" if rule.get("cap") is None else points_text(rule["cap"]))
        self.cap_edit.setPlaceholderText("不填表示不设上限；扣分项也填正数")
        self.form.add_field("cap", "年度上限", self.cap_edit)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.form.add_field("hint", "", self.hint, span=True)
        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self._source_changed()

    def _source_changed(self) -> None:
        source = self.source_combo.currentData()
        self.type_combo.setEnabled(source in TYPED_SOURCES)
        self.hint.setText(SOURCE_HINTS.get(source, ""))
        if not self.item_edit.text().strip() and source not in TYPED_SOURCES:
            self.item_edit.setText(SOURCES[source])

    def save(self) -> None:
        values = {"item": self.item_edit.text().strip(), "source": self.source_combo.currentData(),
                  "activity_type_id": self.type_combo.currentData(), "points": self.points_edit.value(),
                  "cap": self.cap_edit.text().strip().replace("－", "-") or None}
        if not values["item"]:
            raise FormErrors({"item": "请填写积分项目名称"})
        if values["points"] == 0:
            raise FormErrors({"points": "每次分值不能为 0"})
        try:
            changes = scoring_ops.save_rule(self.ctx.db, self.year, values, self.rule_id)
        except UserError as err:
            text = str(err)
            field = "cap" if "上限" in text else "points" if "分值" in text else "activity_type_id" if "类型" in text else None
            if field:
                raise FormErrors({field: text}) from None
            raise
        self.rule_id = changes.value
        self.ctx.announce(changes)


class ScoringSettings(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._rules_box(), 1)
        layout.addWidget(self._bands_box())
        self.load_rules()
        self.load_bands()

    # 积分规则 ------------------------------------------------------------------------------
    def _rules_box(self) -> QGroupBox:
        box = QGroupBox("积分规则（每年一套；新的一年首次使用时自动复制上一年的规则）")
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("rules_year")
        # Each year shown gets its rule set (copied from the year before), so only offer the years a
        # clerk can mean: from the first term's start to next year.
        this_year = dt.date.today().year
        starts = [int(str(t["start_date"])[:4]) for t in terms.list_terms(self.ctx.db) if t.get("start_date")]
        self.year_spin.setRange(min(starts + [this_year - 1]), this_year + 1)
        self.year_spin.setValue(this_year)
        self.year_spin.setSuffix(" 年")
        self.year_spin.valueChanged.connect(lambda _v: self.load_rules())
        self.model = RowTableModel([
            Column("item", "积分项目", 150),
            Column("source", "计分依据", 120, text=lambda r: SOURCES.get(r["source"], r["source"])),
            Column("activity_type_name", "活动类型", 90,
                   text=lambda r: (r.get("activity_type_name") or "任何类型") if r["source"] in TYPED_SOURCES else ""),
            Column("points", "每次分值", 70, text=lambda r: points_text(r["points"]), numeric=True),
            Column("cap", "年度上限", 70, text=lambda r: "不限" if r["cap"] is None else points_text(r["cap"]),
                   numeric=True),
            Column("hint", "计分说明", 300, text=lambda r: SOURCE_HINTS.get(r["source"], ""), searchable=False),
        ], self)
        self.table = FilterTable(self.model, search_placeholder="搜索积分项目", unit="条规则")
        self.table.view.setSortingEnabled(False)   # the order of the rules is the order of the score lines
        self.table.view.setMinimumHeight(320)
        self.table.activated.connect(lambda _row: self.edit_rule())
        self.frozen_label = QLabel()
        self.frozen_label.setWordWrap(True)
        self.frozen_label.setStyleSheet("color: #8a5a00;")
        self.total_label = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(QLabel("年度"))
        row.addWidget(self.year_spin)
        for key, text, slot in (("add", "新增规则", self.add_rule), ("edit", "编辑", self.edit_rule),
                                ("delete", "删除", self.delete_rule), ("up", "上移", lambda: self.move_rule(-1)),
                                ("down", "下移", lambda: self.move_rule(1)),
                                ("copy", "复制上一年规则", self.copy_previous)):
            button = QPushButton(text)
            button.clicked.connect(lambda checked=False, s=slot: s())
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(self.frozen_label)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.total_label)
        return box

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def load_rules(self) -> None:
        try:
            rules = scoring_ops.open_year(self.ctx.db, self.year).value
        except UserError as err:
            show_error(self, err)
            rules = []
        self.model.set_rows(rules)
        frozen = scoring.freeze_info(self.ctx.db, self.year)
        self.frozen_label.setText(f"{self.year}年度积分已审核冻结，规则不能修改；如需修改请先在“履职积分”页解除冻结。"
                                  if frozen else "")
        self.frozen_label.setVisible(bool(frozen))
        for key in ("add", "edit", "delete", "up", "down", "copy"):
            self.buttons[key].setEnabled(frozen is None)
        full = sum(r["cap"] if r["cap"] is not None else 0 for r in rules
                   if r["points"] > 0 and r["source"] != "manual")
        open_ended = [r["item"] for r in rules if r["points"] > 0 and r["cap"] is None and r["source"] != "manual"]
        text = f"按记录计算的加分项年度上限合计 {points_text(full)} 分（百分制时宜为 100 分）"
        if open_ended:
            text += f"；{'、'.join(open_ended)} 未设上限"
        self.total_label.setText(text + "。")

    def _open(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.load_rules())
        dialog.open()
        return dialog

    def add_rule(self) -> RuleDialog:
        return self._open(RuleDialog(self.ctx, self.year, None, self))

    def edit_rule(self) -> RuleDialog | None:
        rule = self.table.current_row()
        if rule is None:
            return None
        return self._open(RuleDialog(self.ctx, self.year, rule, self))

    def delete_rule(self) -> bool:
        rule = self.table.current_row()
        if rule is None:
            return False
        if not confirm(self, "删除积分规则", f"确定删除{self.year}年度的积分规则“{rule['item']}”吗？"
                                           "该项积分将不再计入本年度。"):
            return False
        try:
            changes = scoring_ops.delete_rule(self.ctx.db, rule["id"])
        except UserError as err:
            show_error(self, err)
            return False
        self.ctx.announce(changes)
        self.load_rules()
        return True

    def move_rule(self, step: int) -> None:
        rule = self.table.current_row()
        if rule is None:
            return
        try:
            changes = scoring_ops.move_rule(self.ctx.db, rule["id"], step)
        except UserError as err:
            show_error(self, err)
            return
        self.ctx.announce(changes)
        self.load_rules()
        self.table.select_ids([rule["id"]])

    def copy_previous(self) -> int:
        """Replace this year's rules by last year's (after asking when this year has some)."""
        previous = self.year - 1
        replace = False
        if self.model.rowCount():
            if not confirm(self, "复制上一年规则", f"用{previous}年度的积分规则替换{self.year}年度现有的 "
                                                f"{self.model.rowCount()} 条规则吗？"):
                return 0
            replace = True
        try:
            changes = scoring_ops.copy_rules(self.ctx.db, previous, self.year, replace=replace)
        except UserError as err:
            show_error(self, err)
            return 0
        self.ctx.announce(changes)
        self.load_rules()
        return changes.value

    # 等次 ----------------------------------------------------------------------------------
    def _bands_box(self) -> QGroupBox:
        box = QGroupBox("积分等次（总分达到最低分即为该等次）")
        self.bands_table = QTableWidget(0, 2)
        self.bands_table.setObjectName("bands")
        self.bands_table.setHorizontalHeaderLabels(["等次名称", "最低分"])
        self.bands_table.verticalHeader().setVisible(False)
        self.bands_table.horizontalHeader().setStretchLastSection(True)
        self.bands_table.setColumnWidth(0, 160)
        self.bands_table.setFixedWidth(300)
        self.bands_table.setMinimumHeight(self.bands_table.verticalHeader().defaultSectionSize() * 6 + 8)
        self.bands_status = QLabel()
        self.bands_status.setWordWrap(True)
        column = QVBoxLayout()
        for text, slot in (("添加等次", self.add_band), ("删除所选等次", self.remove_band),
                           ("恢复默认", self.default_bands), ("保存等次", self.save_bands)):
            button = QPushButton(text)
            button.clicked.connect(lambda checked=False, s=slot: s())
            column.addWidget(button)
        hint = QLabel("等次按最低分从高到低排列，总分低于所有最低分的代表列入最后一个等次。\n"
                      "“低于分数线名单”默认以倒数第二个等次的最低分为线（默认 60 分）。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        column.addWidget(hint)
        column.addWidget(self.bands_status)
        column.addStretch(1)
        inner = QHBoxLayout(box)
        inner.addWidget(self.bands_table)
        inner.addLayout(column, 1)
        return box

    def _set_band_rows(self, bands) -> None:
        self.bands_table.setRowCount(0)
        for name, minimum in bands:
            self.add_band(name, minimum)

    def load_bands(self) -> None:
        self._set_band_rows(scoring.grade_bands(self.ctx.db))
        self.bands_status.setText("")

    def add_band(self, name: str = "", minimum: float | None = None) -> None:
        row = self.bands_table.rowCount()
        self.bands_table.insertRow(row)
        self.bands_table.setItem(row, 0, QTableWidgetItem(name))
        self.bands_table.setItem(row, 1, QTableWidgetItem("" if minimum is None else points_text(minimum)))

    def remove_band(self) -> None:
        row = self.bands_table.currentRow()
        if row >= 0:
            self.bands_table.removeRow(row)

    def default_bands(self) -> None:
        self._set_band_rows(DEFAULT_GRADE_BANDS)
        self.bands_status.setText("已填入默认等次，点“保存等次”后生效。")

    def band_rows(self) -> list[tuple[str, str]]:
        rows = []
        for r in range(self.bands_table.rowCount()):
            name, minimum = self.bands_table.item(r, 0), self.bands_table.item(r, 1)
            rows.append(((name.text() if name else "").strip(), (minimum.text() if minimum else "").strip()))
        return rows

    def save_bands(self) -> bool:
        try:
            changes = scoring_ops.set_grade_bands(self.ctx.db, self.band_rows())
        except UserError as err:
            self.bands_status.setStyleSheet("color: #c0392b;")
            self.bands_status.setText(str(err))
            return False
        self._set_band_rows(changes.value)
        self.bands_status.setStyleSheet("")
        self.bands_status.setText("已保存。已审核冻结的年度保持冻结时的等次。")
        self.ctx.announce(changes)
        return True
