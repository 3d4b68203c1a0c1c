"""演练 (rehearsal) panel: the test deck to read out, and its expected result beside the entered one.

Making the rehearsal copy and its deck is ``ops.rehearsal``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from ...domain.ballots import BallotEntry
from ..projector.window import REHEARSAL_BANNER  # noqa: F401 - one wording everywhere
from .entry_logic import marks_to_symbols


def comparison(expected: dict, entered: dict) -> list[tuple[str, str, str, bool]]:
    """(what, expected, entered, same) rows: returned, valid, invalid, then 同意 per candidate and the outcome."""
    rows = [(label, str(expected[key]), str(entered[key]), expected[key] == entered[key])
            for label, key in (("收回", "returned"), ("有效票", "valid_ballots"), ("无效票", "invalid_ballots"))]
    entered_votes = {r["name"]: r["agree"] for r in entered["results"]}
    for r in expected["results"]:
        got = entered_votes.get(r["name"], 0)
        rows.append((f"{r['name']} 同意", str(r["agree"]), str(got), r["agree"] == got))
    for key, label in (("elected", "当选/入选"), ("tied", "票数相等")):
        rows.append((label, "、".join(expected[key]) or "无", "、".join(entered[key]) or "无",
                     expected[key] == entered[key]))
    if expected.get("adopted") is not None:
        rows.append(("表决结果", "通过" if expected["adopted"] else "未通过",
                     "通过" if entered["adopted"] else "未通过", expected["adopted"] == entered["adopted"]))
    return rows


class RehearsalPanel(QWidget):
    """The deck to read out (编号 and marks) and the expected result against what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QLabel()
        self.verdict.setObjectName("rehearsalVerdict")
        self.verdict.setWordWrap(True)
        self.compare = QTableWidget(0, 4)
        self.compare.setObjectName("rehearsalCompare")
        self.compare.setHorizontalHeaderLabels(["项目", "应为", "已录入", "核对"])
        self.deck_table = QTableWidget(0, 4)
        self.deck_table.setObjectName("rehearsalDeck")
        self.deck_table.setHorizontalHeaderLabels(["编号", "标记（供唱票）", "另选他人", "作废"])
        for table in (self.compare, self.deck_table):
            table.setEditTriggers(QTableWidget.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.compare)
        splitter.addWidget(self.deck_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(splitter, 1)

    def show_deck(self, deck: list[BallotEntry] | None) -> None:
        deck = deck or []
        self.deck_table.setRowCount(len(deck))
        for r, entry in enumerate(deck):
            texts = (f"{entry.serial:03d}", marks_to_symbols(entry.marks, "·"), "、".join(entry.write_ins),
                     "作废" if entry.void else "")
            for c, text in enumerate(texts):
                self.deck_table.setItem(r, c, QTableWidgetItem(text))

    def show_comparison(self, expected: dict | None, entered: dict | None) -> None:
        if expected is None or entered is None:
            self.verdict.setText("请在正式事项上点“生成演练票”，再按演练票逐张录入。")
            self.compare.setRowCount(0)
            return
        rows = comparison(expected, entered)
        self.compare.setRowCount(len(rows))
        complete = entered["returned"] >= expected["returned"]
        for r, (what, want, got, same) in enumerate(rows):
            for c, text in enumerate((what, want, got, "一致" if same else ("不一致" if complete else "未完"))):
                cell = QTableWidgetItem(text)
                if not same and complete:
                    cell.setForeground(Qt.red)
                self.compare.setItem(r, c, cell)
        wrong = sum(1 for row in rows if not row[3])
        if entered["returned"] < expected["returned"]:
            text = f"已录入 {entered['returned']} / {expected['returned']} 张演练票。"
        else:
            text = "录入与预期结果完全一致，演练通过。" if not wrong else f"有 {wrong} 处与预期不一致，请逐张核对。"
        self.verdict.setText(text)
        self.verdict.setStyleSheet("color: #2e7d32;" if not wrong else "color: #c62828;" if complete else "")
