"""The list of entered ballots of one item and team: serial, marks as ○ ×, write-ins, validity, 作废 reason."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.ballots import BallotEntry, ItemSpec
from .entry_logic import judge_text, marks_to_symbols

HEADERS = ("编号", "标记", "另选他人", "判定", "作废原因")


def display_row(spec: ItemSpec, ballot: dict) -> tuple[str, ...]:
    """The texts of one ballot row (ballot as returned by db.ballots.list_ballots)."""
    entry = BallotEntry(ballot["serial"], ballot["marks"], tuple(ballot.get("write_ins") or ()), bool(ballot["void"]))
    try:
        verdict = judge_text(spec, entry).text
    except ValueError as err:   # marks no longer fit the item (should not happen: db refuses such edits)
        verdict = f"无效：{err}"
    marks = "" if ballot["void"] and not ballot["marks"] else marks_to_symbols(ballot["marks"])
    return (f"{ballot['serial']:03d}", marks, "、".join(entry.write_ins), verdict, ballot.get("void_reason") or "")


class BallotsModel(QAbstractTableModel):
    """Thin model over rows computed once per ballot (a keystroke never touches it; a save appends one row)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.spec: ItemSpec | None = None
        self.ballots: list[dict] = []
        self.texts: list[tuple[str, ...]] = []

    def set_ballots(self, spec: ItemSpec | None, ballots: list[dict]) -> None:
        self.beginResetModel()
        self.spec = spec
        self.ballots = list(ballots)
        self.texts = [display_row(spec, b) for b in self.ballots] if spec else []
        self.endResetModel()

    def append(self, ballot: dict) -> None:
        row = len(self.ballots)
        self.beginInsertRows(QModelIndex(), row, row)
        self.ballots.append(ballot)
        self.texts.append(display_row(self.spec, ballot))
        self.endInsertRows()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.texts)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        text = self.texts[index.row()][index.column()]
        if role == Qt.DisplayRole:
            return text
        if role == Qt.ForegroundRole and index.column() == 3 and text.startswith("无效"):
            return QColor("#c62828")
        if role == Qt.ToolTipRole and index.column() in (1, 3):
            return text
        return None

    def ballot_at(self, row: int) -> dict | None:
        return self.ballots[row] if 0 <= row < len(self.ballots) else None
