"""A table with a search box, room for filter combos and a "显示 N / 共 M 条" count under it."""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from .column_widths import fit_columns_on_first_rows
from .filter_proxy import FilterProxy
from .table_model import RowTableModel

ALL = "全部"
# The narrowest a filter combo gets when the window is small: still shows "全部…" and the arrow.
FILTER_MIN_WIDTH = 72


class FilterCombo(QComboBox):
    """A combo whose first entry means "no filter"; ``value()`` is None for it."""

    def __init__(self, all_text: str, values: Iterable[str] = (), parent=None) -> None:
        super().__init__(parent)
        self._all_text = all_text
        self.set_values(values)

    def set_values(self, values: Iterable[str]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._all_text, None)
        for value in values:
            self.addItem(value, value)
        index = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        if self.value() != current:
            self.currentIndexChanged.emit(self.currentIndex())

    def value(self) -> Any | None:
        return self.currentData()

    def set_value(self, value: Any | None) -> None:
        index = 0 if value is None else self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


class FilterTable(QWidget):
    """Search box + filter widgets, the table view over a :class:`FilterProxy`, and the count.

    Signals:
        activated(dict): the row double-clicked or chosen with Enter.
        selection_changed(): the selected rows changed.
    """

    activated = Signal(dict)
    selection_changed = Signal()

    def __init__(self, model: RowTableModel, parent: QWidget | None = None, *,
                 search_placeholder: str = "搜索（任意列）", unit: str = "条") -> None:
        super().__init__(parent)
        self.model = model
        self.unit = unit
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(search_placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self.search.textChanged.connect(self.proxy.set_text)

        self.filter_bar = QHBoxLayout()
        self.filter_bar.setContentsMargins(0, 0, 0, 0)
        self.filter_bar.addWidget(self.search, 1)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self._configure_view()

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        # What to do first, shown above the table while it has no rows at all (see set_empty_hint).
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1f5f99; padding: 6px 2px;")
        self.empty_hint.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsInserted,
                       self.proxy.rowsRemoved):
            signal.connect(self.update_count)
        fit_columns_on_first_rows(self.view, self.model)
        # activated covers double-click and Enter (emitting doubleClicked too would open two dialogs).
        self.view.activated.connect(self._emit_activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.update_count()

    def _configure_view(self) -> None:
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.ElideRight)
        vertical = view.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: the view never measures 20,000 rows.
        vertical.setSectionResizeMode(QHeaderView.Fixed)
        vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for i, col in enumerate(self.model.columns):
            view.setColumnWidth(i, col.width)
        # Rows keep the order of their query (by level and district, newest term first…) until the
        # clerk clicks a header.
        header.setSortIndicator(-1, Qt.AscendingOrder)
        view.setSortingEnabled(True)

    # Filters -------------------------------------------------------------------------
    def add_filter(self, widget: QWidget, label: str | None = None) -> QWidget:
        if isinstance(widget, QComboBox) and widget.minimumWidth() == 0:
            # Sized to its entries, but it may shrink (eliding) so that the window fits a 1024-wide screen.
            widget.setMinimumWidth(FILTER_MIN_WIDTH)
        if label:
            self.filter_bar.addWidget(QLabel(label))
        self.filter_bar.addWidget(widget)
        return widget

    def add_column_combo(self, key: str, all_text: str, values: Iterable[str]) -> FilterCombo:
        """A combo filtering the column ``key`` by exact value."""
        combo = FilterCombo(all_text, values)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        combo.setMaximumWidth(220)
        column = self.model.column_of(key)
        combo.currentIndexChanged.connect(lambda _i: self.proxy.set_column_filter(column, combo.value()))
        self.add_filter(combo)
        return combo

    def update_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"显示 {shown} / 共 {total} {self.unit}")
        self.empty_hint.setVisible(total == 0 and bool(self.empty_hint.text()))

    def set_empty_hint(self, text: str) -> None:
        """The sentence telling a new office what to do while the list is empty ('' for none)."""
        self.empty_hint.setText(text)
        self.update_count()

    # Selection -----------------------------------------------------------------------
    def _emit_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.row(self.proxy.mapToSource(index).row()))

    def selected_rows(self) -> list[dict]:
        rows = sorted(ix.row() for ix in self.view.selectionModel().selectedRows())
        return [self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row()) for r in rows]

    def selected_ids(self) -> list[Any]:
        return [row.get("id") for row in self.selected_rows()]

    def current_row(self) -> dict | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def visible_rows(self) -> list[dict]:
        return [self.model.row(r) for r in self.proxy.source_rows()]

    def select_ids(self, ids: Iterable[Any]) -> None:
        """Select the rows with these ids (those visible), making the first one current."""
        wanted = set(ids)
        selection = QItemSelection()
        first = None
        last_column = self.proxy.columnCount() - 1
        for source_row, row in enumerate(self.model.rows()):
            if row.get("id") not in wanted:
                continue
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
            if not index.isValid():
                continue
            selection.select(index, self.proxy.index(index.row(), last_column))
            if first is None:
                first = index
        model = self.view.selectionModel()
        model.clearSelection()
        if first is not None:
            model.setCurrentIndex(first, QItemSelectionModel.NoUpdate)
            model.select(selection, QItemSelectionModel.Select | QItemSelectionModel.Rows)
            self.view.scrollTo(first)
