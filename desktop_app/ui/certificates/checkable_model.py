"""A RowTableModel whose first column carries a check box per row (who gets a certificate)."""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import QModelIndex, Qt, Signal

from ..widgets.table_model import RowTableModel

# Looked up once: painting asks for them per cell, and PySide6's short-form names (Qt.Checked) are slow.
_CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole)
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_CHECKABLE = Qt.ItemFlag.ItemIsUserCheckable


class CheckableModel(RowTableModel):
    """Rows are checked by their ``id``; the check state survives sorting, filtering and reloading.

    Signals:
        checked_changed(): a row was checked or unchecked.
    """

    checked_changed = Signal()

    def __init__(self, columns, parent=None) -> None:
        super().__init__(columns, parent)
        self._checked: set[Any] = set()

    def set_rows(self, rows: list[dict]) -> None:
        super().set_rows(rows)
        alive = {row.get("id") for row in rows}
        if not self._checked <= alive:
            self._checked &= alive
            self.checked_changed.emit()

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if role == _CHECK_STATE and index.isValid() and index.column() == 0:
            return _CHECKED if self.row(index.row()).get("id") in self._checked else _UNCHECKED
        return super().data(index, role)

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        row_id = self.row(index.row()).get("id")
        if Qt.CheckState(value) == Qt.Checked:
            self._checked.add(row_id)
        else:
            self._checked.discard(row_id)
        self.dataChanged.emit(index, index, [Qt.CheckStateRole])
        self.checked_changed.emit()
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        flags = super().flags(index)
        return flags | _CHECKABLE if index.isValid() and index.column() == 0 else flags

    def set_checked(self, ids: Iterable[Any], checked: bool = True) -> None:
        ids = set(ids)
        self._checked = (self._checked | ids) if checked else (self._checked - ids)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0), [Qt.CheckStateRole])
        self.checked_changed.emit()

    def checked_rows(self) -> list[dict]:
        """Checked rows in the current (sorted) order."""
        return [row for row in self.rows() if row.get("id") in self._checked]

    def checked_ids(self) -> list[Any]:
        return [row.get("id") for row in self.checked_rows()]
