"""Read the data table of a roster workbook (.xlsx, .xls, .ods or .csv): find the header row under title rows,
fill merged cells.

python-calamine (a Rust reader) does the parsing: a 10,000-row roster reads about ten times faster
than with openpyxl, which leaves the import's time budget to validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from .roster_layout import HEADER_SEARCH_ROWS, field_for_header
from .spreadsheet import Sheet, open_spreadsheet


@dataclass
class SheetTable:
    """The rows under a recognised header row; row numbers are Excel's (1-based)."""

    source: str
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)    # said in the preview (a renamed file, skipped rows)


def _is_header(row) -> bool:
    fields = {field_for_header(value) for value in row if value not in (None, "")}
    fields.discard(None)
    return "name" in fields and len(fields) >= 2


def _fill_merged(rows: list[tuple[int, tuple]], merges, width: int) -> list[tuple[int, tuple]]:
    """Copy each merged range's top-left value into every cell of the range (data rows only);
    a 选区 or 单位 column merged over its deputies is common in county rosters.
    ``merges`` holds (min_col, min_row, max_col, max_row), 1-based."""
    if not merges:
        return rows
    index = {number: i for i, (number, _) in enumerate(rows)}
    mutable = {}
    for min_col, min_row, max_col, max_row in merges:
        if min_row not in index or min_col > width:
            continue
        value = rows[index[min_row]][1][min_col - 1]
        for r in range(min_row, max_row + 1):
            if r not in index:
                continue
            cells = mutable.setdefault(r, list(rows[index[r]][1]))
            for c in range(min_col, min(max_col, width) + 1):
                cells[c - 1] = value
    return [(number, tuple(mutable[number]) if number in mutable else cells) for number, cells in rows]


def _pad(row, width: int) -> tuple:
    row = tuple(row)
    return row[:width] if len(row) >= width else row + (None,) * (width - len(row))


def read_roster_table(path: str | Path) -> SheetTable:
    """The first sheet with a roster header row (姓名 plus another known column) within the first rows.

    Reads .xlsx, .xlsm, .xls, .ods and .csv by content (spreadsheet.open_spreadsheet). Raises InputError
    naming the file when it cannot be opened or has no such header.
    """
    path = Path(path)
    book = open_spreadsheet(path, allow_csv=True)
    for name in book.sheet_names:
        table = _read_sheet(path, book.sheet(name))
        if table is not None:
            if book.note:
                table.notes.append(book.note)
            return table
    raise InputError(
        f"{path.name}：在每个工作表的前 {HEADER_SEARCH_ROWS} 行中都没有找到表头行。表头行应包含“姓名”"
        f"以及“公民身份号码”“性别”等列名（见 docs/roster-layout.md）。"
    )


def _read_sheet(path: Path, sheet: Sheet) -> SheetTable | None:
    # The rows start at A1: list index + 1 is the Excel row number.
    all_rows = sheet.rows
    header_row, headers = 0, None
    for number, row in enumerate(all_rows[:HEADER_SEARCH_ROWS], 1):
        if _is_header(row):
            header_row, headers = number, list(row)
            break
    if headers is None:
        return None
    while headers and headers[-1] in (None, ""):
        headers.pop()
    width = len(headers)
    rows = [(number, _pad(row, width)) for number, row in enumerate(all_rows[header_row:], header_row + 1)]
    rows = _fill_merged(rows, sheet.merges, width)
    texts = ["" if h is None else str(h).strip() for h in headers]
    return SheetTable(source=path.name, sheet=sheet.name, header_row=header_row, headers=texts, rows=rows)
