"""A thin table model over rows from one query: display text is computed once, data() only looks it up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

# Custom roles shared by every table of the app.
ROW_ID_ROLE = Qt.UserRole + 1      # the row's database id
RAW_VALUE_ROLE = Qt.UserRole + 2   # the unformatted value of the cell

_MUTED = QBrush(QColor("#8a8a8a"))
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
_DISPLAY, _TOOLTIP = int(Qt.DisplayRole), int(Qt.ToolTipRole)
_FOREGROUND, _ALIGNMENT = int(Qt.ForegroundRole), int(Qt.TextAlignmentRole)
# Looked up once: the view asks flags() for every cell it paints, and a short-form Qt name (Qt.ItemIsEnabled)
# costs PySide6 a slow lookup each time — more than the rest of a cell's painting.
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_HORIZONTAL = Qt.Orientation.Horizontal


def plain_text(value: Any) -> str:
    """How a stored value reads in a cell: None → '', booleans as 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the row dict, its Chinese title and optional formatting/filter rules.

    ``text`` formats a row for display (default: the value at ``key``); ``filter_values`` gives the
    values an exact-match filter compares with (default: the display text); ``sort_key`` orders rows
    (default: the display text; numbers sort numerically when ``numeric``).
    """

    key: str
    title: str
    width: int = 100
    text: Callable[[dict], str] | None = None
    filter_values: Callable[[dict], tuple] | None = None
    sort_key: Callable[[dict], Any] | None = None
    numeric: bool = False
    searchable: bool = True


class RowTableModel(QAbstractTableModel):
    """Rows (dicts) from one query, shown through ``columns``.

    ``generation`` increases whenever rows change or are reordered, so a proxy knows its cached
    per-row filter results are stale.
    """

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[dict] = []
        self._cols: list[list[str]] = [[] for _ in self.columns]   # display text: _cols[column][row]
        self._muted: list[bool] = []
        self._search_keys: list[str] | None = None
        self._filter_values: dict[int, list[tuple]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.generation = 0

    # Loading -----------------------------------------------------------------
    def set_rows(self, rows: list[dict]) -> None:
        """Replace every row (keeps the current sort order)."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            # Ordering the rows before formatting spares a permutation of every column afterwards.
            self._rows = self._sorted_rows(*self._sort)
        self._recompute()
        self.generation += 1
        self.endResetModel()

    def refresh_display(self) -> None:
        """Recompute display texts after a formatting rule changed (e.g. masking switched off)."""
        self.beginResetModel()
        self._recompute()
        self.generation += 1
        self.endResetModel()

    def _recompute(self) -> None:
        # Column by column: one tight comprehension per column is several times faster than a
        # formatter call per cell, which matters for 20,000-row rosters.
        rows = self._rows
        self._cols = [self._column_texts(col, rows) for col in self.columns]
        self._muted = [self.row_is_muted(row) for row in rows]
        self._search_keys = None
        self._filter_values = {}

    @staticmethod
    def _column_texts(col: Column, rows: list[dict]) -> list[str]:
        if col.text is not None:
            return [col.text(row) for row in rows]
        key = col.key
        # One pass; most stored values are already text, None becomes ''.
        return [v if (v := row.get(key)).__class__ is str else plain_text(v) for row in rows]

    def row_is_muted(self, row: dict) -> bool:
        """Rows drawn grey (e.g. deputies no longer serving); subclasses decide."""
        return False

    # Access ------------------------------------------------------------------
    def rows(self) -> list[dict]:
        return self._rows

    def row(self, source_row: int) -> dict:
        return self._rows[source_row]

    def display_text(self, source_row: int, column: int) -> str:
        return self._cols[column][source_row]

    def row_of_id(self, row_id: Any) -> int | None:
        for i, row in enumerate(self._rows):
            if row.get("id") == row_id:
                return i
        return None

    def column_of(self, key: str) -> int:
        return next(i for i, col in enumerate(self.columns) if col.key == key)

    def search_keys(self) -> list[str]:
        """Per row: the lower-cased text of every searchable column, built on first use."""
        if self._search_keys is None:
            texts = [self._cols[i] for i, col in enumerate(self.columns) if col.searchable]
            texts.append([self.extra_search_text(row) for row in self._rows])
            self._search_keys = ["\x1f".join(cells).lower() for cells in zip(*texts)]
        return self._search_keys

    def extra_search_text(self, row: dict) -> str:
        """Text searchable although not shown (e.g. pinyin initials); subclasses add it."""
        return ""

    def filter_values(self, column: int) -> list[tuple]:
        """Per row: the values an exact-match filter on ``column`` compares with."""
        if column not in self._filter_values:
            col = self.columns[column]
            if col.filter_values is not None:
                values = [col.filter_values(row) for row in self._rows]
            else:
                values = [(text,) for text in self._cols[column]]
            self._filter_values[column] = values
        return self._filter_values[column]

    # Qt model interface --------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        # Called for every role of every painted cell: the common roles are tested first.
        if not index.isValid():
            return None
        if role == _DISPLAY or role == _TOOLTIP:
            return self._cols[index.column()][index.row()]
        if role == _FOREGROUND:
            return _MUTED if self._muted[index.row()] else None
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[index.column()].numeric else None
        if role == ROW_ID_ROLE:
            return self._rows[index.row()].get("id")
        if role == RAW_VALUE_ROLE:
            return self._rows[index.row()].get(self.columns[index.column()].key)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == _HORIZONTAL:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        if not index.isValid():
            return _NO_FLAGS
        return _FLAGS

    # Sorting in Python: one list.sort instead of a C++→Python call per comparison.
    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            self._sort = None
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old_rows = [id(row) for row in self._rows]
        self._order_rows(column, order)
        new_position = {id(row): i for i, row in enumerate(self._rows)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(new_position[old_rows[ix.row()]], ix.column()) if ix.isValid() else QModelIndex()
            for ix in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.generation += 1
        self.layoutChanged.emit()

    def _sort_keys(self, column: int, rows: list[dict], texts: list[str] | None) -> list:
        col = self.columns[column]
        if col.sort_key is not None:
            return [col.sort_key(row) for row in rows]
        if col.numeric:
            return [(0, float(row.get(col.key) or 0)) for row in rows]
        if texts is None:
            texts = self._column_texts(col, rows)
        # Empty cells go last in ascending order, as clerks expect from Excel.
        return [(text == "", text) for text in texts]

    def _sorted_rows(self, column: int, order: Qt.SortOrder) -> list[dict]:
        keys = self._sort_keys(column, self._rows, None)
        index = sorted(range(len(self._rows)), key=keys.__getitem__, reverse=order == Qt.DescendingOrder)
        return [self._rows[i] for i in index]

    def _order_rows(self, column: int, order: Qt.SortOrder) -> None:
        keys = self._sort_keys(column, self._rows, self._cols[column])
        order_index = sorted(range(len(self._rows)), key=keys.__getitem__, reverse=order == Qt.DescendingOrder)
        self._rows = [self._rows[i] for i in order_index]
        self._cols = [[texts[i] for i in order_index] for texts in self._cols]
        self._muted = [self._muted[i] for i in order_index]
        self._search_keys = None if self._search_keys is None else [self._search_keys[i] for i in order_index]
        self._filter_values = {c: [v[i] for i in order_index] for c, v in self._filter_values.items()}
