"""A sort/filter proxy: free text in any column or pinyin initials, plus exact-match column filters.

Filtering 20,000 rows per keystroke must stay under 30 ms, so the proxy decides every row in one
Python pass over texts the source model prepared, and ``filterAcceptsRow`` only reads the result.
Sorting is delegated to the source model (one ``list.sort``) for the same reason.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from ...domain.text import normalize_text


def search_terms(text: str) -> list[str]:
    """The lower-cased words of a search; full-width letters typed by an IME count as ASCII."""
    return [t for t in normalize_text(text).lower().split(" ") if t]


class FilterProxy(QSortFilterProxyModel):
    """Filters a :class:`RowTableModel` (or any table model, more slowly).

    A row is shown when every word of the search text occurs in one of its searchable texts
    (pinyin initials included), each column filter's value is one of the row's values for that
    column, and the optional row predicate accepts the row dict.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._column_filters: dict[int, Any] = {}
        self._predicate: Callable[[dict], bool] | None = None
        self._accepted: list[bool] | None = None   # per source row, None when it must be recomputed

    # Filters ---------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        terms = search_terms(text)
        if terms != self._terms:
            self._terms = terms
            self._refilter()

    def text_terms(self) -> list[str]:
        return list(self._terms)

    def set_column_filter(self, column: int, value: Any | None) -> None:
        """Show only rows whose ``column`` has ``value``; None removes the filter."""
        if value is None:
            if self._column_filters.pop(column, None) is None:
                return
        elif self._column_filters.get(column) == value:
            return
        else:
            self._column_filters[column] = value
        self._refilter()

    def set_row_predicate(self, predicate: Callable[[dict], bool] | None) -> None:
        self._predicate = predicate
        self._refilter()

    def clear_filters(self) -> None:
        self._terms, self._column_filters, self._predicate = [], {}, None
        self._refilter()

    def _refilter(self) -> None:
        accepted = self._decide_all() if self.sourceModel() is not None else None
        if accepted is not None and accepted == self._accepted:
            return   # typing "zs" after "z" often shows the same rows: nothing to redo
        self._accepted = accepted
        # invalidate() rebuilds the mapping in one go; the per-range removals of a filter change
        # are much slower when a keystroke hides rows scattered over the whole table.
        self.invalidate()

    def setSourceModel(self, model) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._forget)
            old.layoutAboutToBeChanged.disconnect(self._forget)
            old.rowsAboutToBeInserted.disconnect(self._forget)
            old.rowsAboutToBeRemoved.disconnect(self._forget)
        # Connected to the "about to" signals, which come before the proxy re-filters on the
        # matching "changed" signals, so the cached decisions are never used for the new rows.
        model.modelAboutToBeReset.connect(self._forget)
        model.layoutAboutToBeChanged.connect(self._forget)
        model.rowsAboutToBeInserted.connect(self._forget)
        model.rowsAboutToBeRemoved.connect(self._forget)
        self._accepted = None
        super().setSourceModel(model)

    def _forget(self, *_args) -> None:
        self._accepted = None

    # Results -----------------------------------------------------------------------
    def source_rows(self) -> list[int]:
        """Source row numbers of the visible rows, in view order."""
        return [self.mapToSource(self.index(r, 0)).row() for r in range(self.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        # Called once per row by Qt: keep it to a list lookup.
        accepted = self._accepted
        if accepted is None or source_row >= len(accepted):
            accepted = self._accepted = self._decide_all()
        return accepted[source_row]

    def _decide_all(self) -> list[bool]:
        source = self.sourceModel()
        count = source.rowCount()
        accepted = [True] * count
        if self._terms:
            keys = self._search_keys(source)
            terms = self._terms
            if len(terms) == 1:
                term = terms[0]
                accepted = [term in key for key in keys]
            else:
                accepted = [all(t in key for t in terms) for key in keys]
        for column, value in self._column_filters.items():
            values = self._filter_values(source, column)
            accepted = [ok and value in vals for ok, vals in zip(accepted, values)]
        if self._predicate is not None and hasattr(source, "rows"):
            predicate = self._predicate
            accepted = [ok and predicate(row) for ok, row in zip(accepted, source.rows())]
        return accepted

    @staticmethod
    def _search_keys(source) -> list[str]:
        if hasattr(source, "search_keys"):
            return source.search_keys()
        columns = source.columnCount()
        return [
            "\x1f".join(str(source.index(r, c).data(Qt.DisplayRole) or "") for c in range(columns)).lower()
            for r in range(source.rowCount())
        ]

    @staticmethod
    def _filter_values(source, column: int) -> list[tuple]:
        if hasattr(source, "filter_values"):
            return source.filter_values(column)
        return [(source.index(r, column).data(Qt.DisplayRole),) for r in range(source.rowCount())]

    # Sorting -------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None and hasattr(source, "generation"):
            source.sort(column, order)
        else:
            super().sort(column, order)
