"""Print setup shared by every exported worksheet: A4, fit to one page wide, header row on every page.

A clerk opens an exported workbook in Excel or WPS and presses 打印. Without a print setup the table
spills over several pages to the right, later pages have no header row and nothing says which page is
which. :func:`prepare_for_print` fixes all of that in one call; :func:`fit_columns` sizes columns so
Chinese text is not cut off (a CJK character is about two digits wide in Excel's column unit).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

PAGE_FOOTER = "第 &P 页 共 &N 页"
PERCENT_FORMAT = "0.0%"
# Column widths (Excel character units) above which a table no longer fits portrait A4 at a readable size.
LANDSCAPE_ABOVE = 100
HEADER_FILL = "DDEBF7"


def header_cells(ws, titles) -> list[WriteOnlyCell]:
    """A write-only sheet's header row: bold, pale blue, centred and wrapped."""
    font, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = []
    for text in titles:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = font, fill, centre
        cells.append(cell)
    return cells


def text_width(value) -> int:
    """How many Excel width units ``value`` needs: 2 for each CJK/full-width character, 1 for others."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 10 if value.time() == dt.time() else 16    # a date read back from a file is a midnight datetime
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        value = f"{value:.2f}"
    text = str(value)
    longest = 0
    for line in text.split("\n"):
        longest = max(longest, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
    return longest


def _merged_cells(ws: Worksheet) -> set[tuple[int, int]]:
    cells = set()
    for merged in ws.merged_cells.ranges:
        if merged.max_col > merged.min_col:   # a title across columns says nothing about one column's width
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    cells.add((row, col))
    return cells


def fit_columns(ws: Worksheet, *, first_row: int = 1, minimum: float = 6, maximum: float = 50,
                sample_rows: int = 500) -> None:
    """Widen each column to its longest value (CJK counted double), never narrower than it already is.

    Cells merged across columns (titles) are ignored; text longer than ``maximum`` wraps instead.
    """
    merged = _merged_cells(ws)
    needed: dict[int, int] = {}
    last = min(ws.max_row, first_row + sample_rows)
    for row in ws.iter_rows(min_row=first_row, max_row=last):
        for cell in row:
            if cell.value is None or (cell.row, cell.column) in merged or cell.alignment.wrap_text:
                continue       # wrapped cells grow downwards, not sideways
            needed[cell.column] = max(needed.get(cell.column, 0), text_width(cell.value))
    for col, width in needed.items():
        dim = ws.column_dimensions[get_column_letter(col)]
        current = dim.width if dim.customWidth else 0
        dim.width = max(current or 0, min(maximum, max(minimum, width + 2)))


def total_width(ws: Worksheet) -> float:
    """Sum of the used columns' widths (Excel's default 8.43 for columns never sized).

    A write-only sheet cannot tell its used range: there the sized columns are the table.
    """
    last = getattr(ws, "max_column", None)
    if last is None:
        return sum(dim.width or 8.43 for dim in ws.column_dimensions.values())
    total = 0.0
    for col in range(1, last + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        total += dim.width if dim is not None and dim.width else 8.43
    return total


def prepare_for_print(ws: Worksheet, *, header_row: int | str | None = 1, title: str | None = None,
                      landscape: bool | None = None, freeze: str | None = None, pages_wide: int = 1,
                      repeat_columns: str | None = None) -> None:
    """A4, one page wide (as many pages tall as needed), ``header_row`` repeated on every printed page,
    "第 n 页 共 N 页" in the footer and ``title`` (when the sheet has no title row of its own) in the header.

    ``landscape`` None chooses by the table's width. ``freeze`` (e.g. "B2") freezes panes; by default the
    rows down to the header row are frozen unless the sheet already freezes something. A very wide list
    (the 21-column roster) reads better ``pages_wide=2`` with ``repeat_columns="A:B"`` (序号, 姓名) on each.
    """
    setup = ws.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    if landscape is None:
        landscape = total_width(ws) > LANDSCAPE_ABOVE
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0          # 0 = as many pages tall as the rows need
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    last_header = int(str(header_row).split(":")[-1]) if header_row else 0
    if header_row:   # 3 or "3:4" (a two-row header)
        ws.print_title_rows = header_row if isinstance(header_row, str) else f"{header_row}:{header_row}"
    if repeat_columns:
        ws.print_title_cols = repeat_columns
    if freeze is not None:
        ws.freeze_panes = freeze
    elif last_header and not ws.freeze_panes:
        ws.freeze_panes = f"A{last_header + 1}"
    if title:
        ws.oddHeader.center.text = title.replace("&", "&&")
        ws.oddHeader.center.size = 12
        ws.oddHeader.center.font = "宋体,Bold"
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.oddFooter.center.size = 9


def percent_cell(cell, value) -> None:
    """Write a rate (0.756) as a number shown as 75.6%, so Excel can still sum and sort it."""
    cell.value = value
    cell.number_format = PERCENT_FORMAT
