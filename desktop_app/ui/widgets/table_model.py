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


# The values of every row at one key, in row order: what the column-wise rules below read.
ValuesAt = Callable[[str], Sequence]


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the row dict, its Chinese title and optional formatting/filter rules.

    ``text`` formats a row for display (default: the value at ``key``); ``filter_values`` gives the
    values an exact-match filter compares with (default: the display text); ``sort_key`` orders rows
    (default: the display text; numbers sort numerically when ``numeric``).

    A large table states its rules column-wise instead, over the values of every row (a function of a key,
    see ``ValuesAt``): ``format`` formats the value at ``key`` alone, ``column_text`` and
    ``column_filter_values`` give the texts and filter values of every row at once. A table loaded with
    ``set_columns`` then never builds a dict per row to open (20,000 of them cost the roster about 30 ms).
    """

    key: str
    title: str
    width: int = 100
    text: Callable[[dict], str] | None = None
    filter_values: Callable[[dict], tuple] | None = None
    sort_key: Callable[[dict], Any] | None = None
    numeric: bool = False
    searchable: bool = True
    format: Callable[[Any], str] | None = None
    column_text: Callable[[ValuesAt], list[str]] | None = None
    column_filter_values: Callable[[ValuesAt], list[tuple]] | None = None


class RowTableModel(QAbstractTableModel):
    """Rows (dicts) from one query, shown through ``columns``.

    ``generation`` increases whenever rows change or are reordered, so a proxy knows its cached
    per-row filter results are stale.
    """

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._row_dicts: list[dict] | None = []
        # The rows' values per key when they came by column (set_columns); their dicts are made when first
        # asked for (then ``_row_dicts`` is no longer None).
        self._names: tuple[str, ...] = ()
        self._values: dict[str, Sequence] = {}
        self._count = 0
        self._cols: list[list[str]] = [[] for _ in self.columns]   # display text: _cols[column][row]
        self._muted: list[bool] = []
        self._search_keys: list[str] | None = None
        self._filter_values: dict[int, list[tuple]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.generation = 0

    @property
    def _rows(self) -> list[dict]:
        # The dicts of a table loaded by set_columns are built on first need (an edit, a sort, a selection
        # kept over a reload): opening the roster does not wait for 20,000 of them.
        if self._row_dicts is None:
            names = self._names
            self._row_dicts = [dict(zip(names, record)) for record in zip(*(self._values[n] for n in names))]
        return self._row_dicts

    @_rows.setter
    def _rows(self, rows: list[dict]) -> None:
        self._row_dicts, self._values = rows, {}

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

    def set_columns(self, values: dict[str, Sequence]) -> None:
        """Replace every row with rows given by column (key → the value of every row), as ``set_rows`` does
        with dicts: the texts come column by column and the row dicts are made only when first needed."""
        names = tuple(values)
        count = len(values[names[0]]) if names else 0
        if self._sort is not None:
            self.set_rows([dict(zip(names, record)) for record in zip(*values.values())])
            return
        self.beginResetModel()
        self._row_dicts, self._names, self._count, self._values = None, names, count, dict(values)
        self._recompute()
        self.generation += 1
        self.endResetModel()

    def refresh_display(self) -> None:
        """Recompute display texts after a formatting rule changed (e.g. masking switched off)."""
        self.beginResetModel()
        self._recompute()
        self.generation += 1
        self.endResetModel()

    def values_at(self, key: str) -> Sequence:
        """The value at ``key`` of every row, in row order."""
        values = self._values.get(key)
        if values is None:
            if self._row_dicts is None and key not in self._names:
                return (None,) * self._count
            values = [row.get(key) for row in self._rows]
        return values

    def _recompute(self) -> None:
        # Column by column: one tight comprehension per column is several times faster than a
        # formatter call per cell, which matters for 20,000-row rosters.
        self._cols = [self._texts_of(col) for col in self.columns]
        self._muted = self.muted_rows()
        self._search_keys = None
        self._filter_values = {}

    def _texts_of(self, col: Column) -> list[str]:
        if col.column_text is not None:
            return col.column_text(self.values_at)
        if col.text is None and self._values:
            values = self.values_at(col.key)
            if col.format is not None:
                return list(map(col.format, values))
            return [v if v.__class__ is str else plain_text(v) for v in values]
        return self._column_texts(col, self._rows)

    @staticmethod
    def _column_texts(col: Column, rows: list[dict]) -> list[str]:
        """Display texts of ``col`` for ``rows`` (dicts)."""
        if col.text is not None:
            return [col.text(row) for row in rows]
        key = col.key
        if col.format is not None:
            return [col.format(row.get(key)) for row in rows]
        if col.column_text is not None:
            return col.column_text(lambda k: [row.get(k) for row in rows])
        # One pass; most stored values are already text, None becomes ''.
        return [v if (v := row.get(key)).__class__ is str else plain_text(v) for row in rows]

    def row_is_muted(self, row: dict) -> bool:
        """Rows drawn grey (e.g. deputies no longer serving); subclasses decide."""
        return False

    def muted_rows(self) -> list[bool]:
        """``row_is_muted`` of every row; a subclass may decide for all at once from ``values_at``."""
        return [self.row_is_muted(row) for row in self._rows]

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
            texts.append(self.extra_search_texts())
            self._search_keys = ["\x1f".join(cells).lower() for cells in zip(*texts)]
        return self._search_keys

    def extra_search_text(self, row: dict) -> str:
        """Text searchable although not shown (e.g. pinyin initials); subclasses add it."""
        return ""

    def extra_search_texts(self) -> list[str]:
        """``extra_search_text`` of every row; a subclass may give all at once from ``values_at``."""
        return [self.extra_search_text(row) for row in self._rows]

    def filter_values(self, column: int) -> list[tuple]:
        """Per row: the values an exact-match filter on ``column`` compares with."""
        if column not in self._filter_values:
            col = self.columns[column]
            if col.column_filter_values is not None:
                values = col.column_filter_values(self.values_at)
            elif col.filter_values is not None:
                values = [col.filter_values(row) for row in self._rows]
            else:
                texts = self._cols[column]
                # Filtered columns hold few distinct texts: one tuple each, shared by their rows.
                of = {text: (text,) for text in set(texts)}
                values = [of[text] for text in texts]
            self._filter_values[column] = values
        return self._filter_values[column]

    # Qt model interface --------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        rows = self._row_dicts
        return 0 if parent.isValid() else (self._count if rows is None else len(rows))

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
