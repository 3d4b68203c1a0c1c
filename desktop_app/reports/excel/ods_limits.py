"""The bounds check of an incoming .ods before python-calamine parses it.

An .ods is a zip of XML like an .xlsx, so the same zip checks apply (member count, sizes, no DOCTYPE or
entities, depth); its cells are different: a row or a cell may stand for many (``number-rows-repeated``,
``number-columns-repeated``) and ``<text:s text:c="…"/>`` stands for that many spaces. LibreOffice itself
writes a repeated empty row of a million rows at the end of every sheet, which no reader expands; a cell
with content repeated, or content far down, is expanded, so those count against the limits.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

from .workbook_limits import LIMITS, UsedArea, WorkbookLimits, _Refusal, checked_workbook

_CELLS = ("table-cell", "covered-table-cell")


def _count(attrs: dict, key: str) -> int:
    value = attrs.get(key)
    if value is None:
        return 1
    if not (value.isdigit() and value.isascii()) or len(value) > 9:
        raise _Refusal(f"重复次数“{value[:20]}”无效")
    return max(1, int(value))


def _ods_parser(limits: WorkbookLimits, budget: list[int]):
    """An expat parser for one .ods member that refuses, via _Refusal, what breaks ``limits``."""
    parser = expat.ParserCreate()
    depth = 0
    table = 0
    row = 0                # rows before the current one in this sheet
    row_repeat = 1
    col = 0                # cells before the current one in this row
    cell_first = cell_repeat = 0
    cell_content = False
    row_last_col = 0       # the last column with content in this row
    used = UsedArea(limits, budget, found="有内容")
    text_len = 0

    def grow(last_row: int, last_col: int) -> None:
        problem = used.grow(last_row, last_col)
        if problem:
            raise _Refusal(problem if problem.startswith("已用") else f"第 {table} 个工作表{problem}")

    def text(data: str) -> None:
        nonlocal text_len
        text_len += len(data)
        if text_len > limits.cell_chars:
            raise _Refusal(f"第 {table} 个工作表第 {row + 1} 行有一个单元格超过 {limits.cell_chars:,} 个字符的上限")

    def reset_text() -> None:
        nonlocal text_len
        text_len = 0

    def start(name: str, attrs: dict) -> None:
        nonlocal depth, table, row, row_repeat, col, cell_first, cell_repeat, cell_content, row_last_col
        nonlocal used
        depth += 1
        if depth > limits.xml_depth:
            raise _Refusal(f"XML 嵌套超过 {limits.xml_depth} 层")
        local = name.rpartition(":")[2]
        if local in _CELLS:
            cell_repeat = _count(attrs, "table:number-columns-repeated")
            cell_first = col + 1
            cell_content = "office:value-type" in attrs or "table:formula" in attrs
            spanned_cols = _count(attrs, "table:number-columns-spanned")
            spanned_rows = _count(attrs, "table:number-rows-spanned")
            if spanned_cols > 1 or spanned_rows > 1:
                grow(row + spanned_rows, col + spanned_cols)
            reset_text()
        elif cell_first and local in ("p", "span", "a", "h"):
            cell_content = True
            parser.CharacterDataHandler = text
        elif local == "s" and cell_first:
            # <text:s text:c="9"/> is nine spaces: counted as the text it becomes.
            text(" " * min(_count(attrs, "text:c"), limits.cell_chars + 1))
        elif local == "table-row":
            row_repeat = _count(attrs, "table:number-rows-repeated")
            col = 0
            row_last_col = 0
        elif local == "table" and name.startswith("table:"):
            table += 1
            row = 0
            used = UsedArea(limits, budget, found="有内容")

    def end(name: str) -> None:
        nonlocal depth, row, col, cell_first, row_last_col
        depth -= 1
        parser.CharacterDataHandler = None
        local = name.rpartition(":")[2]
        if local in _CELLS:
            if cell_content:
                row_last_col = col + cell_repeat
            col += cell_repeat
            cell_first = 0
        elif local == "table-row":
            if row_last_col:
                grow(row + row_repeat, row_last_col)
            row += row_repeat

    def doctype(*_args):
        raise _Refusal("含有 DOCTYPE 声明（可用于实体膨胀攻击）")

    def entity(*_args):
        raise _Refusal("含有 XML 实体声明（可用于实体膨胀攻击）")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    return parser


def checked_ods(source: str | Path | bytes, name: str | None = None, limits: WorkbookLimits = LIMITS) -> bytes:
    """The .ods checked against ``limits`` and repacked (see workbook_limits.checked_workbook); readers open
    the returned bytes."""
    return checked_workbook(source, name, limits, member_parser=_ods_parser, what=".ods 电子表格")
