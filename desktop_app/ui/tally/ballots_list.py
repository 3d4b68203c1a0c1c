"""The list of entered ballots of one item and team: serial, one column per candidate with its mark (○ ×),
write-ins, validity, 作废 reason — so a mark is read under its candidate's name, not counted along a row."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from ...domain.ballots import BallotEntry, ItemSpec
from .entry_logic import SYMBOLS, WORDS, judge_text, marks_to_symbols

HEADERS = ("编号", "标记", "另选他人", "判定", "作废原因")   # the row texts (``texts``); marks split per candidate
_AFTER_MARKS = ("另选他人", "判定", "作废原因")
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
# Looked up once: PySide6's short-form names (QPalette.Text) are slow, and the delegate paints every cell.
_TEXT, _SELECTED_TEXT = QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText


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


def mark_symbols(width: int, ballot: dict) -> tuple[str, ...]:
    """The symbol shown under each candidate (○ × or nothing), ``width`` of them, computed once per ballot."""
    marks = ballot["marks"] or ""
    return tuple(SYMBOLS.get(marks[i], marks[i]) if i < len(marks) else "" for i in range(width))


# Roles as plain ints: the view passes ints, and comparing them with Qt's enum members costs more than the lookup.
_DISPLAY, _ALIGNMENT, _TOOLTIP, _FOREGROUND = (int(r) for r in (Qt.DisplayRole, Qt.TextAlignmentRole,
                                                                  Qt.ToolTipRole, Qt.ForegroundRole))
_ROLES = frozenset({_DISPLAY, _ALIGNMENT, _TOOLTIP, _FOREGROUND})


class BallotsModel(QAbstractTableModel):
    """Thin model over rows computed once per ballot (a keystroke never touches it; a save appends one row)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.spec: ItemSpec | None = None
        self.ballots: list[dict] = []
        self.texts: list[tuple[str, ...]] = []
        self.symbols: list[tuple[str, ...]] = []   # per row, the symbol under each mark column
        self.marks_header: list[str] = mark_headers(None)
        self._width = 1

    def set_ballots(self, spec: ItemSpec | None, ballots: list[dict]) -> None:
        self.beginResetModel()
        self.spec = spec
        self.marks_header = mark_headers(spec)
        self._width = len(self.marks_header)
        self.ballots = list(ballots)
        self.texts = [display_row(spec, b) for b in self.ballots] if spec else []
        self.symbols = [mark_symbols(self._width, b) for b in self.ballots] if spec else []
        self.endResetModel()

    # Columns: 编号, one per mark, then 另选他人, 判定, 作废原因.
    @property
    def headers(self) -> list[str]:
        return ["编号", *self.marks_header, *_AFTER_MARKS]

    def verdict_column(self) -> int:
        return 1 + len(self.marks_header) + 1

    def is_mark_column(self, column: int) -> bool:
        return 1 <= column <= self._width

    def append(self, ballot: dict) -> None:
        row = len(self.ballots)
        self.beginInsertRows(QModelIndex(), row, row)
        self.ballots.append(ballot)
        self.texts.append(display_row(self.spec, ballot))
        self.symbols.append(mark_symbols(self._width, ballot))
        self.endInsertRows()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.texts)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._width + 4

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def mark(self, row: int, column: int) -> str:
        """The mark character of the ballot in ``row`` for the candidate of ``column`` ('' when void unmarked)."""
        marks = self.ballots[row]["marks"] or ""
        position = column - 1
        return marks[position] if position < len(marks) else ""

    def symbol(self, row: int, column: int) -> str:
        """What the cell of a mark column shows (○, ×, 满意…, or nothing)."""
        return self.symbols[row][column - 1]

    def data(self, index, role=Qt.DisplayRole):
        # A repaint asks every cell for seven roles; with a column per candidate that is a thousand calls per
        # saved ballot, so the roles this model never answers return before any work (the mark columns are
        # painted by MarksDelegate, which asks nothing).
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if 1 <= column <= self._width:
            if role == _DISPLAY:
                return self.symbols[row][column - 1]
            if role == _ALIGNMENT:
                return _CENTER
            if role == _TOOLTIP:
                mark = self.mark(row, column)
                return f"{self.marks_header[column - 1]}：{WORDS.get(mark, mark) if mark else '未标记'}"
            return None
        text = self.texts[row][0 if column == 0 else column - self._width + 1]
        if role == _DISPLAY:
            return text
        if role == _FOREGROUND and column == self._width + 2 and text.startswith("无效"):
            return QColor("#c62828")
        if role == _TOOLTIP and column == self._width + 2:
            return text
        return None

    def ballot_at(self, row: int) -> dict | None:
        return self.ballots[row] if 0 <= row < len(self.ballots) else None


class MarksDelegate(QStyledItemDelegate):
    """Paints a mark column's symbol straight from the model's per-row cache.

    The default delegate asks the model for seven roles per cell and lays the text out through the style;
    a saved ballot scrolls the list and repaints every visible cell, so with thirty candidate columns that
    was most of the Enter's cost. The other columns (serial, write-ins, verdict) keep the default painting.
    """

    _SELECTED = QStyle.StateFlag.State_Selected.value

    def paint(self, painter, option, index) -> None:
        model = index.model()
        column = index.column()
        if not (isinstance(model, BallotsModel) and model.is_mark_column(column)):
            super().paint(painter, option, index)
            return
        text = model.symbol(index.row(), column)
        selected = option.state.value & self._SELECTED
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        if text:
            painter.setPen(option.palette.color(_SELECTED_TEXT if selected else _TEXT))
            painter.drawText(option.rect, _CENTER, text)
