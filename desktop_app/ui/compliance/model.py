"""The table of one 履职达标 section: a column per period whose count is red on a pale red ground when short."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...reports.compliance import UNIT_TITLES, Section, SectionRow
from ..widgets.table_model import Column, RowTableModel

BEHIND_COLOR = QColor("#c0392b")
BEHIND_BRUSH = QBrush(BEHIND_COLOR)
BEHIND_BACKGROUND = QBrush(QColor("#fadbd8"))
_FOREGROUND, _BACKGROUND, _TOOLTIP = int(Qt.ForegroundRole), int(Qt.BackgroundRole), int(Qt.ToolTipRole)
_ALIGNMENT = int(Qt.TextAlignmentRole)
_CENTRE = int(Qt.AlignCenter)


def section_rows(section: Section) -> list[dict]:
    """One dict per unit: name, p0…pN counts, totals and status, with the SectionRow kept for colours."""
    rows = []
    for row in section.rows:
        values: dict[str, Any] = {"id": row.id, "name": row.name, "extra": row.extra, "total": row.total,
                                  "required": row.required, "status": row.status, "behind": row.behind,
                                  "in_progress": row.in_progress,
                                  "shortfall": row.shortfall, "_row": row}
        for i, cell in enumerate(row.cells):
            values[f"p{i}"] = cell.count
        rows.append(values)
    return rows


def section_columns(section: Section) -> list[Column]:
    columns = [Column("name", UNIT_TITLES[section.key], 170 if section.key != "deputies" else 90)]
    if section.key == "deputies":
        columns.append(Column("extra", "所在小组", 230))
    # Roughly the header's width: a Chinese character is about twice as wide as a digit.
    longest = max((sum(14 if ord(ch) > 255 else 7 for ch in title) for title in section.columns), default=0)
    width = max(66 if len(section.columns) > 6 else 90, longest + 16)
    columns += [Column(f"p{i}", title, width, numeric=True, searchable=False)
                for i, title in enumerate(section.columns)]
    if section.has_totals:
        columns += [Column("total", "合计", 56, numeric=True, searchable=False),
                    Column("required", "应达次数", 70, numeric=True, searchable=False)]
    columns.append(Column("status", "达标情况", 120,
                          sort_key=lambda r: (not r["behind"], -r["shortfall"], r["name"])))
    return columns


class ComplianceModel(RowTableModel):
    """Rows of one section; ``set_section`` replaces columns and rows (the periods change with the period)."""

    def __init__(self, parent=None) -> None:
        super().__init__([Column("name", "名称", 170)], parent)
        self.section: Section | None = None
        self._period_columns: dict[int, int] = {}      # model column → index into SectionRow.cells

    def set_section(self, section: Section) -> None:
        columns = section_columns(section)
        if [c.title for c in columns] != [c.title for c in self.columns]:
            self._sort = None                             # a sort by column number would hit another column
        self.section = section
        self.columns = columns
        self._period_columns = {i: int(c.key[1:]) for i, c in enumerate(columns)
                                if c.key[0] == "p" and c.key[1:].isdigit()}
        self.set_rows(section_rows(section))

    def period_cell(self, source_row: int, column: int):
        """The Cell behind a period column (None for the other columns)."""
        index = self._period_columns.get(column)
        if index is None:
            return None
        row: SectionRow = self.row(source_row)["_row"]
        return row.cells[index]

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if index.isValid() and role in (_FOREGROUND, _BACKGROUND, _TOOLTIP, _ALIGNMENT):
            cell = self.period_cell(index.row(), index.column())
            if role == _ALIGNMENT:
                return _CENTRE if cell is not None else super().data(index, role)
            if cell is not None:
                if role == _TOOLTIP:
                    title = self.columns[index.column()].title
                    return f"{title}：{cell.count} 次（要求不少于 {cell.required} 次）" + (
                        "，未达标" if not cell.met else "，进行中" if cell.running else "")
                if not cell.met:
                    return BEHIND_BRUSH if role == _FOREGROUND else BEHIND_BACKGROUND
                return None
            if role == _FOREGROUND and self.row(index.row())["behind"] \
                    and self.columns[index.column()].key in ("name", "status"):
                return BEHIND_BRUSH
        return super().data(index, role)
