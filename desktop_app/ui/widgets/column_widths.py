"""Table columns as wide as their content: titles whole, long texts elided (their tooltip shows them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QTableView

from .table_model import RowTableModel

# A column sized to its content is never wider than this; longer texts are elided, the tooltip shows them.
MAX_COLUMN_WIDTH = 280
# Only the longest texts of a column are measured (by length first), so 20,000 rows cost little.
_MEASURED_TEXTS = 12
# Rows whose texts are looked at: all of a short list, an even sample of a long one (a text longer than the
# sample's longest is elided, and its tooltip shows it) — opening a 20,000-row roster stays fast.
_SAMPLED_ROWS = 1500
# Room for the sort arrow beside a header title, and the cell's own margins beside its text.
_HEADER_EXTRA = 24
_CELL_EXTRA = 16


def fit_columns(view: QTableView, model: RowTableModel, max_width: int = MAX_COLUMN_WIDTH) -> None:
    """Each column as wide as its title and its longest text, at most ``max_width`` (then elided)."""
    metrics = view.fontMetrics()
    header_metrics = view.horizontalHeader().fontMetrics()
    style = view.style()
    check_box = style.pixelMetric(QStyle.PM_IndicatorWidth) + 2 * style.pixelMetric(QStyle.PM_CheckBoxLabelSpacing)
    rows = model.rowCount()
    sample = range(rows) if rows <= _SAMPLED_ROWS else range(0, rows, -(-rows // _SAMPLED_ROWS))
    for column in range(model.columnCount()):
        texts = [model.display_text(r, column) for r in sample]
        longest = sorted(texts, key=len, reverse=True)[:_MEASURED_TEXTS]
        title = str(model.headerData(column, Qt.Horizontal) or "")
        # A column of check boxes (证书打印's names) needs the box's room beside the text.
        extra = _CELL_EXTRA + (check_box if rows and model.flags(model.index(0, column)) & Qt.ItemIsUserCheckable
                               else 0)
        width = max([header_metrics.horizontalAdvance(title) + _HEADER_EXTRA]
                    + [metrics.horizontalAdvance(text) + extra for text in longest])
        view.setColumnWidth(column, min(width, max_width))


def fit_columns_on_first_rows(view: QTableView, model: RowTableModel) -> None:
    """Fit the columns when the model first has rows; later reloads keep the widths the clerk dragged."""
    def first_rows() -> None:
        if model.rowCount():
            model.modelReset.disconnect(first_rows)
            fit_columns(view, model)

    model.modelReset.connect(first_rows)
    if model.rowCount():
        first_rows()
