"""The list of entered ballots of one item and team: serial, one column per candidate with its mark (○ ×),
write-ins, validity, 作废 reason — so a mark is read under its candidate's name, not counted along a row."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.ballots import BallotEntry, ItemSpec
from .entry_logic import SYMBOLS, WORDS, judge_text, marks_to_symbols

HEADERS = ("编号", "标记", "另选他人", "判定", "作废原因")   # the row texts (``texts``); marks split per candidate
_AFTER_MARKS = ("另选他人", "判定", "作废原因")
_CENTER = int(Qt.AlignCenter)


def mark_headers(spec: ItemSpec | None) -> list[str]:
    """One column title per mark: the candidates' (or projects') names; a 表决 has one, 表决意见."""
    if spec is None:
        return ["标记"]
    if spec.kind == "表决" or len(spec.candidates) != spec.width:
        return ["表决意见"] if spec.width == 1 else [f"第{i + 1}项" for i in range(spec.width)]
    return list(spec.candidates)


def display_row(spec: ItemSpec, ballot: dict) -> tuple[str, ...]:
    """The texts of one ballot row (ballot as returned by db.ballots.list_ballots)."""
    entry = BallotEntry(ballot["serial"], ballot["marks"], tuple(ballot.get("write_ins") or ()), bool(ballot["void"]))
    try:
        verdict = judge_text(spec, entry).text
    except ValueError as err:   # marks no longer fit the item (should not happen: db refuses such edits)
        verdict = f"无效：{err}"
    marks = "" if ballot["void"] and not ballot["marks"] else marks_to_symbols(ballot["marks"])
    return (f"{ballot['serial']:03d}", marks, "、".join(entry.write_ins), verdict, ballot.get("void_reason") or "")


_ROLES = frozenset({Qt.DisplayRole, Qt.TextAlignmentRole, Qt.ToolTipRole, Qt.ForegroundRole})


class BallotsModel(QAbstractTableModel):
    """Thin model over rows computed once per ballot (a keystroke never touches it; a save appends one row)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.spec: ItemSpec | None = None
        self.ballots: list[dict] = []
        self.texts: list[tuple[str, ...]] = []
        self.marks_header: list[str] = mark_headers(None)

    def set_ballots(self, spec: ItemSpec | None, ballots: list[dict]) -> None:
        self.beginResetModel()
        self.spec = spec
        self.marks_header = mark_headers(spec)
        self.ballots = list(ballots)
        self.texts = [display_row(spec, b) for b in self.ballots] if spec else []
        self.endResetModel()

    # Columns: 编号, one per mark, then 另选他人, 判定, 作废原因.
    @property
    def headers(self) -> list[str]:
        return ["编号", *self.marks_header, *_AFTER_MARKS]

    def verdict_column(self) -> int:
        return 1 + len(self.marks_header) + 1

    def is_mark_column(self, column: int) -> bool:
        return 1 <= column <= len(self.marks_header)

    def append(self, ballot: dict) -> None:
        row = len(self.ballots)
        self.beginInsertRows(QModelIndex(), row, row)
        self.ballots.append(ballot)
        self.texts.append(display_row(self.spec, ballot))
        self.endInsertRows()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.texts)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def mark(self, row: int, column: int) -> str:
        """The mark character of the ballot in ``row`` for the candidate of ``column`` ('' when void unmarked)."""
        marks = self.ballots[row]["marks"] or ""
        position = column - 1
        return marks[position] if position < len(marks) else ""

    def data(self, index, role=Qt.DisplayRole):
        # A repaint asks every cell for a dozen roles; with a column per candidate that is thousands of calls
        # per saved ballot, so the roles this model never answers return before any work.
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if self.is_mark_column(column):
            mark = self.mark(row, column)
            if role == Qt.DisplayRole:
                return SYMBOLS.get(mark, mark)
            if role == Qt.TextAlignmentRole:
                return _CENTER
            if role == Qt.ToolTipRole:
                return f"{self.marks_header[column - 1]}：{WORDS.get(mark, mark) if mark else '未标记'}"
            return None
        text = self.texts[row][0 if column == 0 else column - len(self.marks_header) + 1]
        if role == Qt.DisplayRole:
            return text
        if role == Qt.ForegroundRole and column == self.verdict_column() and text.startswith("无效"):
            return QColor("#c62828")
        if role == Qt.ToolTipRole and column == self.verdict_column():
            return text
        return None

    def ballot_at(self, row: int) -> dict | None:
        return self.ballots[row] if 0 <= row < len(self.ballots) else None
