"""Who gets a certificate: deputies from the roster, recorded honours (or deputies + a typed title), the elected."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox,
    QStackedWidget, QVBoxLayout, QWidget,
)

from ...db import deputies as deputies_db
from ...db import terms as terms_db
from ...errors import InputError
from ...ops import certificates as certificate_ops
from ..context import AppContext
from ..widgets.filter_table import FilterTable
from ..widgets.table_model import Column
from .checkable_model import CheckableModel


def _check_buttons(table: FilterTable, model: CheckableModel, unit: str) -> tuple[QHBoxLayout, QLabel]:
    """勾选显示的 / 取消勾选 buttons and an “已选 N 人” label under a checkable table."""
    label = QLabel()

    def update() -> None:
        label.setText(f"已选 {len(model.checked_ids())} {unit}")

    check_shown = QPushButton("勾选显示的")
    check_shown.clicked.connect(lambda: model.set_checked([r.get("id") for r in table.visible_rows()]))
    clear = QPushButton("全部不选")
    clear.clicked.connect(lambda: model.set_checked(model.checked_ids(), False))
    model.checked_changed.connect(update)
    row = QHBoxLayout()
    row.addWidget(check_shown)
    row.addWidget(clear)
    row.addStretch(1)
    row.addWidget(label)
    update()
    return row, label


class DeputyChooser(QWidget):
    """Serving deputies of the current term with a check box each, a search box and level/district filters.

    Signals:
        changed(): the ticked deputies changed.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CheckableModel([
            Column("name", "姓名", 110, sort_key=lambda r: (r.get("name_initials") or "", r.get("name") or "")),
            Column("gender", "性别", 50),
            Column("level", "层级", 50),
            Column("district_name", "选区", 150),
            Column("term_name", "届次", 80),
            Column("work", "工作单位及职务", 220, text=lambda r: (r.get("work_unit") or "") + (r.get("post") or "")),
        ], self)
        self.model.extra_search_text = lambda row: row.get("name_initials") or ""
        self.table = FilterTable(self.model, search_placeholder="搜索姓名、拼音首字母、选区…", unit="名代表")
        self.level_combo = self.table.add_column_combo("level", "全部层级", ["乡", "县", "市", "省", "全国"])
        self.district_combo = self.table.add_column_combo("district_name", "全部选区", [])
        buttons, self.count_label = _check_buttons(self.table, self.model, "人")
        self.empty_hint = QLabel("本届还没有在任代表。请先到“代表名册”登记或从 Excel 导入代表名册，再回来打印。")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setVisible(False)
        # double-click or Enter on a row ticks or unticks it, like clicking its box
        self.table.activated.connect(lambda row: self.model.set_checked([row["id"]], row["id"] not in
                                                                        self.model.checked_ids()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.model.checked_changed.connect(self.changed)

    def reload(self) -> None:
        rows = deputies_db.list_deputies(self.ctx.db, term_id=terms_db.current_term_id(self.ctx.db))
        self.model.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        self.district_combo.set_values(sorted({r["district_name"] for r in rows if r.get("district_name")}))

    def checked_ids(self) -> list[int]:
        return self.model.checked_ids()

    def set_checked(self, ids, checked: bool = True) -> None:
        self.model.set_checked(ids, checked)

    def records(self, *, date: str, issuer: str | None) -> list[dict]:
        return certificate_ops.deputy_card_records(self.ctx.db, self.checked_ids(), date=date, issuer=issuer)


class HonorChooser(QWidget):
    """荣誉证书: recorded honours (荣誉) of a year, or ticked deputies with a title typed here.

    Signals:
        changed(): the choice changed.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.recorded_radio = QRadioButton("已登记的荣誉（一人一档）")
        self.typed_radio = QRadioButton("勾选代表并填写荣誉称号")
        self.recorded_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.recorded_radio)
        group.addButton(self.typed_radio)
        modes = QHBoxLayout()
        modes.addWidget(self.recorded_radio)
        modes.addWidget(self.typed_radio)
        modes.addStretch(1)

        self.honor_model = CheckableModel([
            Column("deputy_name", "姓名", 110),
            Column("title", "荣誉称号", 200),
            Column("date", "日期", 100),
            Column("issuer", "授予单位", 200),
        ], self)
        self.honor_table = FilterTable(self.honor_model, search_placeholder="搜索姓名、称号…", unit="项荣誉")
        self.year_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(lambda _i: self._load_honors())
        self.table_label = QLabel("年度")
        self.honor_table.filter_bar.insertWidget(0, self.year_combo)
        self.honor_table.filter_bar.insertWidget(0, self.table_label)
        honor_buttons, _label = _check_buttons(self.honor_table, self.honor_model, "项")
        self.empty_hint = QLabel("还没有登记荣誉。可在“一人一档”中登记，或选择“勾选代表并填写荣誉称号”。")
        self.empty_hint.setWordWrap(True)
        recorded = QWidget()
        recorded_layout = QVBoxLayout(recorded)
        recorded_layout.setContentsMargins(0, 0, 0, 0)
        recorded_layout.addWidget(self.empty_hint)
        recorded_layout.addWidget(self.honor_table, 1)
        recorded_layout.addLayout(honor_buttons)

        self.deputies = DeputyChooser(ctx)
        self.title_edit = QLineEdit("优秀人大代表")
        self.title_edit.setPlaceholderText("例如 优秀人大代表")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(dt.date.today().year - 1)
        self.year_spin.setSuffix(" 年度")
        typed = QWidget()
        typed_layout = QVBoxLayout(typed)
        typed_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("荣誉称号", self.title_edit)
        form.addRow("年度", self.year_spin)
        typed_layout.addLayout(form)
        typed_layout.addWidget(self.deputies, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(recorded)
        self.stack.addWidget(typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(modes)
        layout.addWidget(self.stack, 1)
        self.typed_radio.toggled.connect(lambda on: self.stack.setCurrentIndex(1 if on else 0))
        self.typed_radio.toggled.connect(lambda _on: self.changed.emit())
        self.honor_model.checked_changed.connect(self.changed)
        self.deputies.changed.connect(self.changed)

    def _honors(self, year: int | None = None) -> list[dict]:
        try:
            from ...db import honors as honors_db
        except ImportError:  # the archive module is not installed in this build
            return []
        return honors_db.list_honors(self.ctx.db, kind="荣誉", year=year)

    def reload(self) -> None:
        years = sorted({str(h["date"])[:4] for h in self._honors()}, reverse=True)
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(f"{year}年", int(year))
        self.year_combo.addItem("全部年度", None)
        index = self.year_combo.findData(current) if current is not None else 0
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year_combo.blockSignals(False)
        self._load_honors()
        self.empty_hint.setVisible(not years)
        self.deputies.reload()

    def _load_honors(self) -> None:
        self.honor_model.set_rows(self._honors(self.year_combo.currentData()))

    def checked_count(self) -> int:
        return len(self.deputies.checked_ids()) if self.typed_radio.isChecked() else len(self.honor_model.checked_ids())

    def records(self, *, date: str, issuer: str | None) -> list[dict]:
        if self.typed_radio.isChecked():
            if not self.title_edit.text().strip():
                raise InputError("请填写荣誉称号，例如“优秀人大代表”。")
            return certificate_ops.typed_honor_records(self.ctx.db, self.deputies.checked_ids(),
                                                       self.title_edit.text(), year=self.year_spin.value(),
                                                       date=date, issuer=issuer)
        return certificate_ops.honor_records(self.ctx.db, self.honor_model.checked_rows(), date=date, issuer=issuer)


class ElectionChooser(QWidget):
    """当选证书: a certified 选举 item and the people elected in it (all ticked at first).

    Signals:
        changed(): the item or the ticked people changed.
    """

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item_combo = QComboBox()
        self.item_combo.setMinimumWidth(360)
        self.item_combo.currentIndexChanged.connect(lambda _i: self._load_people())
        self.model = CheckableModel([Column("name", "当选人", 140), Column("post", "当选职务", 280)], self)
        self.table = FilterTable(self.model, search_placeholder="搜索姓名", unit="名当选人")
        buttons, _label = _check_buttons(self.table, self.model, "人")
        self.hint = QLabel("还没有可打印当选证书的选举事项：只有计票结果已确认（正式）的选举才能打印。"
                           "请先在“计票”页录入选票并确认结果，再回来打印。")
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("选举事项"))
        top.addWidget(self.item_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.model.checked_changed.connect(self.changed)
        self._records: list[dict] = []

    def reload(self) -> None:
        current = self.item_combo.currentData()
        self.item_combo.blockSignals(True)
        self.item_combo.clear()
        for item in certificate_ops.certified_elections(self.ctx.db):
            self.item_combo.addItem(f"{item['session_name']} · {item['name']}", item["id"])
        index = self.item_combo.findData(current) if current is not None else 0
        self.item_combo.setCurrentIndex(max(index, 0))
        self.item_combo.blockSignals(False)
        self._load_people()

    def _load_people(self) -> None:
        item_id = self.item_combo.currentData()
        self._records = certificate_ops.election_records(self.ctx.db, item_id) if item_id is not None else []
        for i, record in enumerate(self._records):
            record["id"] = i
        self.model.set_rows(self._records)
        self.model.set_checked(range(len(self._records)))
        self.hint.setVisible(item_id is None)

    def records(self, *, date: str, issuer: str | None) -> list[dict]:
        # 当选证书 carry the session's date and 主席团 unless the clerk typed others
        chosen = [dict(r) for r in self.model.checked_rows()]
        for record in chosen:
            record.pop("id", None)
            if issuer:
                record["issuer"] = issuer
        return chosen
