"""Print setup shared by every exported worksheet: A4, fit to one page wide, header row on every page.

A clerk opens an exported workbook in Excel or WPS and presses 打印. Without a print setup the table
spills over several pages to the right, later pages have no header row and nothing says which page is
which. :func:`prepare_for_print` fixes all of that in one call; :func:`fit_columns` sizes columns so
Chinese text is not cut off (a CJK character is about two digits wide in Excel's column unit).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .workbook_file import FORMULA_PREFIXES, as_text, looks_like_formula

PAGE_FOOTER = "第 &P 页 共 &N 页"
# Excel's "文本" number format: an 18-digit ID typed or corrected in such a cell stays as typed.
TEXT_FORMAT = "@"
_TEXT_HEADER_WORDS = ("身份号码", "身份证号", "电话", "手机", "联系方式")
PERCENT_FORMAT = "0.0%"
HEADER_FILL = "DDEBF7"


THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def header_cells(ws, titles) -> list[WriteOnlyCell]:
    """A write-only sheet's header row: bold, pale blue, centred and wrapped, thin borders."""
    font, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = []
    for text in titles:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = font, fill, centre, GRID
        cells.append(cell)
    return cells


def list_row(ws, values, text_at: frozenset[int] = frozenset()) -> list:
    """A write-only data row: the positions in ``text_at`` as 文本 cells (a number there written as its
    digits), text that would start a formula kept as text (workbook_file.as_text), the rest as plain values."""
    values = values if isinstance(values, list) else list(values)
    # One pass testing each value inline, then the few text positions: a 50,000-row list has a million cells.
    cells = [as_text(ws, v) if v.__class__ is str and v[:1] in FORMULA_PREFIXES else v for v in values]
    for index in text_at:
        if index < len(values) and values[index] is not None:
            cells[index] = text_cell(ws, values[index])
    return cells


def grid(ws, last_row: int, last_column: int, first_row: int = 1) -> None:
    """Thin borders on every cell of the table ``first_row``…``last_row`` × A…``last_column``, empty cells
    included, as one conditional format rather than a border on each cell: a bordered cell is a styled
    cell, and styling each of a 50,000-row roster's million cells (the empty ones too) makes its export three
    times slower. Excel, WPS and LibreOffice show and print the rule's borders like cell borders."""
    if last_row < first_row or last_column < 1:
        return
    ref = f"A{first_row}:{get_column_letter(last_column)}{last_row}"
    ws.conditional_formatting.add(ref, Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(border=GRID),
                                            stopIfTrue=False))


def is_text_header(title) -> bool:
    """True for the columns a clerk types digits into that are not numbers: 公民身份号码, phones, and
    serials and codes (…编号), which Excel would turn into 3.6E+17, drop leading zeros from, or round."""
    text = str(title or "").replace(" ", "")
    if "摘要" in text:      # the exchange package's hashed ID keys are hex text, never typed
        return False
    return any(word in text for word in _TEXT_HEADER_WORDS) or text.endswith("编号")


def text_indexes(titles) -> frozenset[int]:
    """0-based positions of the text columns among ``titles``."""
    return frozenset(i for i, title in enumerate(titles) if is_text_header(title))


def text_columns(ws, titles, *, first_column: int = 1) -> None:
    """Format the text columns among ``titles`` as 文本 for every cell a clerk adds later (the column style),
    in a write-only sheet too (call before the first row)."""
    for index in text_indexes(titles):
        ws.column_dimensions[get_column_letter(first_column + index)].number_format = TEXT_FORMAT


# The style of a 文本 cell: "@" is Excel's built-in number format 49, the same in every workbook.
_TEXT_STYLE = StyleArray()
_TEXT_STYLE.numFmtId = BUILTIN_FORMATS_REVERSE[TEXT_FORMAT]


def _text_value(value):
    """What a 文本 cell holds for ``value``: a number as its digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value


def text_cell(ws, value):
    """A write-only cell formatted as 文本; a number is written as its digits."""
    value = _text_value(value)
    if looks_like_formula(value):
        cell = as_text(ws, value)
        cell.number_format = TEXT_FORMAT
        return cell
    # One style array, copied into each cell (Cell copies the array it is given): setting number_format on each
    # of 100,000 cells costs a lookup each.
    return Cell(ws, row=1, column=1, value=value, style_array=_TEXT_STYLE)


class ListRows:
    """``list_row`` for rows appended one at a time to a write-only sheet, refilling one 文本 cell per position
    in ``text_at`` instead of making new ones: a write-only sheet writes each row out as it is appended, so
    the next row may use the same cells. Two new styled cells per deputy cost a 10,000-row export ~4 %."""

    def __init__(self, ws, text_at: frozenset[int]) -> None:
        self.ws = ws
        self.text_cells = {index: text_cell(ws, "") for index in sorted(text_at)}

    def row(self, values: list) -> list:
        """The cells of ``values``; append them before asking for the next row (it refills the 文本 cells)."""
        cells = list_row(self.ws, values)
        for index, cell in self.text_cells.items():
            if index < len(values) and values[index] is not None:
                value = _text_value(values[index])
                if looks_like_formula(value):
                    cells[index] = text_cell(self.ws, value)    # quoted in a cell of its own (rare)
                else:
                    cell.value = value
                    cells[index] = cell
        return cells


def format_text_cells(ws, header_row: int = 1) -> None:
    """In a normal sheet: the text columns (by the titles in ``header_row``) formatted as 文本, the column
    style for rows typed later and every cell already written below the header."""
    titles = [cell.value for cell in ws[header_row]]
    indexes = text_indexes(titles)
    text_columns(ws, titles)
    for index in indexes:
        for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=index + 1, max_col=index + 1):
            cell.number_format = TEXT_FORMAT


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


# One line of 11 pt text as Excel, WPS and LibreOffice draw it with a CJK font (taller than Calibri's 15 pt),
# and the tallest row Excel allows.
LINE_POINTS = 16.0
MAX_ROW_POINTS = 409.0
# Wide (two-unit) characters by East Asian Width W/F: Hangul Jamo, CJK, Yi, Hangul, compatibility ideographs,
# vertical and full-width forms, the supplementary ideograph planes. One regex pass (in C) per cell keeps a
# 50,000-row list as fast as before; text_width's per-character lookup would not.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
                   "\U00020000-\U0003fffd]")


def wrapped_lines(value, width: float | None) -> int:
    """How many lines ``value`` fills when wrapped in a column ``width`` characters wide (CJK counted as 2);
    one unit of the width is the cell's padding, and each typed line break starts a line."""
    if value is None or value == "":
        return 1
    usable = max(1.0, (width if width else 8.43) - 1)
    lines = 0
    for paragraph in str(value).split("\n"):
        if len(paragraph) * 2 <= usable:       # fits even if every character is wide
            lines += 1
        else:
            lines += max(1, math.ceil((len(paragraph) + len(_WIDE.findall(paragraph))) / usable))
    return lines


def wrapped_height(lines: int) -> float | None:
    """The row height (points) that shows ``lines`` lines; None for one line (the sheet's default height)."""
    return None if lines <= 1 else min(MAX_ROW_POINTS, lines * LINE_POINTS)


def fit_wrapped_rows(ws: Worksheet, columns, *, first_row: int = 2, last_row: int | None = None) -> None:
    """Rows as tall as their wrapped text in ``columns`` (1-based indexes) needs: Excel, WPS and LibreOffice
    print a row at its stored height, so a wrapped cell in a one-line row prints cut off. Call after the
    column widths are final."""
    widths = {col: ws.column_dimensions[get_column_letter(col)].width for col in columns}
    tallest: dict[int, int] = {}
    for col, width in widths.items():
        for (cell,) in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=col, max_col=col):
            lines = wrapped_lines(cell.value, width)
            if lines > tallest.get(cell.row, 1):
                tallest[cell.row] = lines
    for row, lines in tallest.items():
        ws.row_dimensions[row].height = wrapped_height(lines)


# Excel's default body font (openpyxl writes Calibri 11) and the smallest size it may print at.
BODY_FONT_PT = 11.0
MIN_PRINT_PT = 8.0
_A4_POINTS = (595.28, 841.89)     # width of A4 portrait, landscape


def column_points(width: float | None) -> float:
    """A column's printed width in points: Excel draws a width of w characters as 7w + 5 pixels (Calibri 11's
    digit is 7 px wide), at 96 pixels an inch."""
    return ((width if width else 8.43) * 7 + 5) * 0.75


def table_points(ws) -> float:
    """The printed width of the sheet's used columns at 100 %."""
    last = getattr(ws, "max_column", None)
    if last is None:         # write-only: the sized columns are the table
        return sum(column_points(dim.width) for dim in ws.column_dimensions.values())
    return sum(column_points(ws.column_dimensions[get_column_letter(c)].width
                             if get_column_letter(c) in ws.column_dimensions else None) for c in range(1, last + 1))


def printable_points(ws) -> float:
    """The width between the side margins of the sheet's page (A4, its orientation)."""
    paper = _A4_POINTS[1] if ws.page_setup.orientation == "landscape" else _A4_POINTS[0]
    return paper - ((ws.page_margins.left or 0) + (ws.page_margins.right or 0)) * 72


def pages_for_width(ws) -> int:
    """How many pages wide the table must print so that its text stays at MIN_PRINT_PT or larger."""
    smallest = MIN_PRINT_PT / BODY_FONT_PT
    return max(1, math.ceil(table_points(ws) * smallest / printable_points(ws) - 1e-9))


def print_scale(ws) -> float:
    """The scale Excel prints the sheet at: fit to ``fitToWidth`` pages wide (never enlarged), else the set scale."""
    properties = ws.sheet_properties.pageSetUpPr
    if properties is not None and properties.fitToPage:
        pages = ws.page_setup.fitToWidth or 1
        return min(1.0, pages * printable_points(ws) / table_points(ws))
    return (ws.page_setup.scale or 100) / 100


def printed_font_pt(ws) -> float:
    """The size the body text prints at."""
    return BODY_FONT_PT * print_scale(ws)


def _key_columns(ws) -> str:
    """The columns repeated on each page of a split table: A:B when both are narrow (序号 and a name), else A."""
    first = ws.column_dimensions["A"].width if "A" in ws.column_dimensions else None
    second = ws.column_dimensions["B"].width if "B" in ws.column_dimensions else None
    narrow = column_points(first) + column_points(second) < printable_points(ws) / 4
    return "A:B" if narrow else "A:A"


def prepare_for_print(ws: Worksheet, *, header_row: int | str | None = 1, title: str | None = None,
                      landscape: bool | None = None, freeze: str | None = None, pages_wide: int = 1,
                      repeat_columns: str | None = None) -> None:
    """A4, one page wide (as many pages tall as needed), ``header_row`` repeated on every printed page,
    "第 n 页 共 N 页" in the footer and ``title`` (when the sheet has no title row of its own) in the header.

    ``landscape`` None or False: portrait unless the table is wider than a portrait page. A table that would
    print below MIN_PRINT_PT on ``pages_wide`` pages is split over more, its first columns repeated. ``freeze`` (e.g. "B2") freezes panes; by default the
    rows down to the header row are frozen unless the sheet already freezes something. A very wide list
    (the 21-column roster) reads better ``pages_wide=2`` with ``repeat_columns="A:B"`` (序号, 姓名) on each.
    """
    setup = ws.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.5
    setup.orientation = "portrait"
    # Landscape when asked, and whenever the table is wider than a portrait page.
    landscape = bool(landscape) or table_points(ws) > printable_points(ws)
    setup.orientation = "landscape" if landscape else "portrait"
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    # Fitting a wide table to one page shrinks its text below reading size; past that it is split across
    # pages side by side instead, the first columns (序号, 姓名 or 标题) repeated on each.
    needed = pages_for_width(ws)
    if needed > pages_wide:
        pages_wide = needed
        repeat_columns = repeat_columns or _key_columns(ws)
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0          # 0 = as many pages tall as the rows need
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
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
