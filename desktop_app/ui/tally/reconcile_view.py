"""核对 tab of a double-entry item: every serial the two teams read differently, and which reading stands."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ...db import ballots as ballots_db
from ...db import vote_items as items_db
from ...domain.ballots import MARK_LABELS, BallotEntry, ItemSpec
from ...errors import UserError
from ...ops import ballots as ballot_ops
from ..widgets import messages
from ..widgets.messages import show_error
from .entry_logic import ballot_names, marks_to_symbols

KIND_TEXT = {"only_team1": "仅一组录入", "only_team2": "仅二组录入", "different": "两组不一致"}
# 裁决 before the long 差异 text, so the narrow panel never pushes the decision out of sight.
HEADERS = ("编号", "情况", "一组读作", "二组读作", "裁决", "差异")


def spoken(entry: BallotEntry | None, names: tuple[str, ...], kind: str) -> str:
    """One reading with each mark after its candidate's name: 张三 同意、李四 弃权."""
    if entry is None:
        return "（无此票）"
    if entry.void:
        return "作废"
    labels = MARK_LABELS["rating" if kind == "测评" else "vote"]
    text = "、".join(f"{name} {labels.get(mark, mark)}" for name, mark in zip(names, entry.marks))
    return text + ("；另选：" + "、".join(entry.write_ins) if entry.write_ins else "")


def decision_text(row: dict, team: int, spec: ItemSpec) -> str:
    """What 以一组为准/以二组为准 will change for one disagreement, in the clerk's words."""
    names = ballot_names(spec)
    serial = f"第 {row['serial']:03d} 号选票"
    chosen, other = (row["team1"], row["team2"]) if team == 1 else (row["team2"], row["team1"])
    name, other_name = ("一组", "二组") if team == 1 else ("二组", "一组")
    other_text = spoken(other, names, spec.kind)
    if chosen is None:
        text = f"{serial}{name}没有录入：以{name}为准，这张选票不计入结果（{other_name}读作：{other_text}）。"
    else:
        text = (f"{serial}将按{name}的读法计票：{spoken(chosen, names, spec.kind)}"
                f"（{other_name}读作：{other_text}）。")
    if row["decided_team"] is not None and row["decided_team"] != team:
        text += f"\n原裁决“以{other_name}为准”将被取代。"
    return text


def reading(entry: BallotEntry | None) -> str:
    if entry is None:
        return "（无此票）"
    if entry.void:
        return "作废"
    text = marks_to_symbols(entry.marks)
    return text + ("　另选：" + "、".join(entry.write_ins) if entry.write_ins else "")


class ReconcileView(QWidget):
    """Signals: decided(): a decision was recorded (the page recounts)."""

    decided = Signal()

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.item_id: int | None = None
        self.read_only = True
        self.rows: list[dict] = []
        self.summary = QLabel()
        self.summary.setObjectName("reconcileSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("reconcileTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._enable_buttons)
        self.team1 = QPushButton("以一组为准")
        self.team1.clicked.connect(lambda: self.decide(1))
        self.team2 = QPushButton("以二组为准")
        self.team2.clicked.connect(lambda: self.decide(2))
        row = QHBoxLayout()
        row.addWidget(QLabel("监票人核对原票后选择："))
        row.addWidget(self.team1)
        row.addWidget(self.team2)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def set_item(self, item_id: int | None, *, double_entry: bool, read_only: bool) -> None:
        self.item_id = item_id if double_entry else None
        self.read_only = read_only
        self.reload()

    def selected_row(self) -> dict | None:
        """The disagreement the scrutineers chose (None without a selection)."""
        if not self.table.selectionModel().hasSelection():
            return None
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _enable_buttons(self) -> None:
        """以一组为准/以二组为准 act on the selected row only, and never on a certified item."""
        usable = not self.read_only and self.item_id is not None and self.selected_row() is not None
        for button in (self.team1, self.team2):
            button.setEnabled(usable)
            button.setToolTip("" if usable else "请先选中一行不一致的选票" if not self.read_only
                              else "结果已确认，不能再裁决")

    def reload(self) -> None:
        self.rows = ballots_db.disagreements(self.db, self.item_id) if self.item_id else []
        open_count = sum(1 for r in self.rows if r["decided_team"] is None)
        if self.item_id is None:
            self.summary.setText("本事项为一组录入，无需核对。")
        elif not self.rows:
            self.summary.setText("两组录入完全一致。")
        elif open_count:
            self.summary.setText(f"两组录入有 {len(self.rows)} 张选票不一致，其中 {open_count} 张尚未裁决。"
                                 "请选中一行，对照原票选择“以一组为准”或“以二组为准”；全部裁决后才能确认结果。")
        else:
            self.summary.setText(f"两组录入有 {len(self.rows)} 张选票不一致，已全部裁决，按裁决结果计票，可以确认结果。")
        self.summary.setStyleSheet("color: #c62828;" if open_count else "color: #2e7d32;")
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            decided = {None: "未裁决", 1: "以一组为准", 2: "以二组为准"}[d["decided_team"]]
            texts = (f"{d['serial']:03d}", KIND_TEXT.get(d["kind"], d["kind"]), reading(d["team1"]),
                     reading(d["team2"]), decided + (f"（{d['note']}）" if d.get("note") else ""), d["detail"])
            for c, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if d["decided_team"] is None:
                    cell.setForeground(Qt.red)
                self.table.setItem(r, c, cell)
        self._enable_buttons()

    def decide(self, team: int, note: str | None = None) -> None:
        """Confirmed with what will change, then recorded through ops.ballots."""
        chosen = self.selected_row()
        if chosen is None or self.read_only:
            return
        row = self.table.currentRow()
        title = "以一组为准" if team == 1 else "以二组为准"
        spec = items_db.item_spec(self.db, self.item_id)
        if not messages.confirm(self, title, decision_text(chosen, team, spec) + "\n\n确定吗？"):
            return
        try:
            ballot_ops.decide(self.db, self.item_id, chosen["serial"], team, note)
        except UserError as err:
            show_error(self, err)
            return
        self.reload()
        self.table.setCurrentCell(min(row + 1, len(self.rows) - 1), 0)
        self.decided.emit()
