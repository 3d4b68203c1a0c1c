"""The suggestion list's model: filtered, ordered and paged by the database (50,000 rows never load at once)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...db import suggestions as suggestions_db
from ...domain.suggestions import deadline_label, state_label
from ..widgets.table_model import Column, RowTableModel

PAGE_SIZE = 500
FLAG_TEXT = {"overdue": "已逾期", "due_soon": "即将到期"}
FLAG_BRUSH = {"overdue": QBrush(QColor("#f8d7da")), "due_soon": QBrush(QColor("#ffe8b3"))}
_BACKGROUND = int(Qt.BackgroundRole)

# Column key → the database order (header clicks sort all matching rows, not just the loaded page).
SORT_ORDER = {"id": "id", "title": "title", "source": "source", "date": "date", "field_name": "field",
              "level": "level", "state": "state", "unit_name": "unit", "deadline": "deadline", "flag": "deadline"}

# State, deadline and unit come right after the title: with the detail pane open they are what the clerk
# chases, and must be visible without scrolling sideways.
COLUMNS = [
    Column("id", "编号", 50, numeric=True),
    Column("title", "标题", 230),
    Column("state", "状态", 92, text=lambda r: state_label(r.get("state"))),
    Column("flag", "提示", 64, text=lambda r: FLAG_TEXT.get(r.get("flag"), "")),
    Column("deadline", "期限", 122, text=lambda r: deadline_label(r.get("deadline"), r.get("deadline_provisional"))),
    Column("unit_name", "主办单位", 120),
    Column("source", "来源", 66),
    Column("date", "提出日期", 86),
    Column("submitter_names", "提出人", 120, text=lambda r: r.get("submitter_names") or r.get("voter_name") or ""),
    Column("field_name", "领域", 72),
    Column("level", "分类层级", 130),
]


class SuggestionListModel(RowTableModel):
    """Rows of ``db.suggestions.list_suggestions`` for the current filters, PAGE_SIZE at a time.

    ``total`` is the number of matching rows; ``fetchMore`` (the view calls it when scrolled to the end)
    loads the next page. Overdue rows are drawn red, due-soon rows amber.
    """

    def __init__(self, db, parent=None, *, today: dt.date | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self.db = db
        self.today = today
        self.filters: dict = {}
        self.order = "date"
        self.sort_state: tuple[int, Qt.SortOrder] | None = None
        self.total = 0

    # Loading -----------------------------------------------------------------
    def _query(self, offset: int) -> list[dict]:
        return suggestions_db.list_suggestions(self.db, **self.filters, order=self.order, limit=PAGE_SIZE,
                                               offset=offset, today=self.today or dt.date.today())

    def set_filters(self, **filters) -> None:
        """Replace the filters (text, states, source, field_id, level, unit_id, start, end, flag) and reload."""
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.reload()

    def reload(self) -> None:
        rows = self._query(0)
        self.total = (len(rows) if len(rows) < PAGE_SIZE else
                      suggestions_db.count_suggestions(self.db, **self.filters,
                                                       today=self.today or dt.date.today()))
        self.set_rows(rows)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and len(self.rows()) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if not self.canFetchMore(parent):
            return
        more = self._query(len(self.rows()))
        if not more:
            self.total = len(self.rows())
            return
        first = len(self.rows())
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        for texts, col in zip(self._cols, self.columns):
            texts.extend(self._column_texts(col, more))
        self._muted.extend(False for _ in more)
        self._search_keys = None
        self._filter_values = {}
        self.generation += 1
        self.endInsertRows()

    def load_until(self, suggestion_id: int, max_rows: int = 20 * PAGE_SIZE) -> int | None:
        """Fetch pages until the row is loaded (or ``max_rows`` reached); its row number or None."""
        while True:
            row = self.row_of_id(suggestion_id)
            if row is not None or not self.canFetchMore() or len(self.rows()) >= max_rows:
                return row
            self.fetchMore()

    # Sorting by the database -------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        key = self.columns[column].key if 0 <= column < len(self.columns) else None
        base = SORT_ORDER.get(key)
        if base is None:
            return   # e.g. 提出人: a joined list of names, not an order the clerk needs
        self.sort_state = (column, order)
        # Always with a direction: the bare "deadline"/"date" orders are the backend's default lists.
        self.order = base + (" desc" if order == Qt.DescendingOrder else " asc")
        self.reload()

    # Painting ----------------------------------------------------------------
    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if role == _BACKGROUND and index.isValid():
            return FLAG_BRUSH.get(self._rows[index.row()].get("flag"))
        return super().data(index, role)
