"""Roster export to .xlsx in the layout of docs/roster-layout.md, which roster_import reads back unchanged.

ops.roster_documents reads the deputies; this module only writes them, with openpyxl's write-only mode
(streams rows, constant memory) to a temporary file that replaces the target only when complete. ID numbers
and phones are masked unless asked otherwise; a masked file is for reading and printing, the import refuses it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ...domain.roster import mask_birth_date, mask_id_number, mask_phone
from .roster_layout import EXPORT_HEADERS, EXPORT_WIDTHS, EXPORTED, REASON_HEADER, SHEET_TITLE
from .sheet_style import ListRows, grid, header_cells, list_row, prepare_for_print, text_columns, text_indexes
from .workbook_file import save_workbook

ProgressFn = Callable[[int, int], None] | None
NOTES_TITLE = "说明"


# The row keys of the exported fields (``district`` is the district's name) and the masked ones' positions.
_KEYS = tuple("district_name" if column.field == "district" else column.field for column in EXPORTED)
_REELECTED = _KEYS.index("reelected") + 1
# What write_roster reads of a deputy (the keys of db.deputies.list_deputies it needs).
DEPUTY_KEYS = _KEYS
# The year only for a birth date: beside the last four of the ID it rebuilds nothing.
_MASKED = tuple((_KEYS.index(key) + 1, mask) for key, mask in
                (("id_number", mask_id_number), ("phone", mask_phone), ("birth_date", mask_birth_date)))


def deputy_cells(number: int, deputy: dict, *, mask: bool) -> list:
    """One deputy as the row of cells the layout defines (序号 first); empty text as an empty cell."""
    get = deputy.get
    cells: list = [number]
    cells += [None if (value := get(key)) == "" else value for key in _KEYS]
    cells[_REELECTED] = "是" if get("reelected") else "否"
    if mask:
        for index, mask_value in _MASKED:
            if cells[index]:
                cells[index] = mask_value(cells[index]) or None
    return cells


def notes_lines(*, mask: bool, count: int | None, when: dt.datetime | None = None) -> list[str]:
    """The 说明 sheet: what the file is and whether it can be imported again (count None: the blank template)."""
    when = when or dt.datetime.now()
    first = ("代表名册模板：从第 2 行起每行填写一名代表，填好后在软件中“导入名册”。" if count is None else
             f"本表由乡镇人大工作台导出，共 {count} 名代表，导出时间 {when:%Y-%m-%d %H:%M}。")
    lines = [
        first,
        "列的含义与可填写的值见软件目录 docs/roster-layout.md；“序号”列导入时忽略。",
        "日期写成 1990-03-07（或 1990.03）；“是否连任”填 是/否；空单元格在导入时不会清除已有信息。",
        "公民身份号码一列必须是“文本”格式，否则 Excel 会把 18 位号码存成数字并丢掉最后几位。",
    ]
    if mask:
        lines.append("本文件中的公民身份号码和联系电话已脱敏（部分用 * 遮挡），出生日期只写年份，只供阅读和打印，不能再导入本软件。")
    return lines


def write_roster(path: str | Path, deputies: Iterable[dict], *, mask: bool, total: int | None = None,
                 progress: ProgressFn = None, template: bool = False, title: str = "人大代表名册") -> Path:
    """Write deputies (rows shaped like db.deputies.list_deputies) to ``path`` atomically.

    ``template`` writes the blank form of resources/templates/roster.xlsx (no rows, template notes)."""
    path = Path(path)
    wb = Workbook(write_only=True)
    ws = _roster_sheet(wb, title, EXPORT_HEADERS, EXPORT_WIDTHS)
    rows = ListRows(ws, text_indexes(EXPORT_HEADERS))
    count = 0
    for count, deputy in enumerate(deputies, 1):
        ws.append(rows.row(deputy_cells(count, deputy, mask=mask)))
        if progress is not None and count % 1000 == 0:
            progress(count, total or count)
    grid(ws, count + 1, len(EXPORT_HEADERS))
    notes = wb.create_sheet(NOTES_TITLE)
    notes.column_dimensions["A"].width = 100
    for line in notes_lines(mask=mask, count=None if template else count):
        notes.append([line])
    save_workbook(wb, path)
    if progress is not None:
        progress(count, total or count)
    return path


def _roster_sheet(wb, title: str, headers, widths):
    """The roster sheet of a write-only workbook: widths, 文本 columns, print setup and the header row."""
    ws = wb.create_sheet(SHEET_TITLE)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    text_columns(ws, headers)
    # 21 columns: two landscape pages wide at a readable size, 序号 and 姓名 repeated on the second
    prepare_for_print(ws, title=title, landscape=True, freeze="C2", pages_wide=2, repeat_columns="A:B")
    ws.append(header_cells(ws, headers))
    return ws


def _raw_cell(raw: dict, key: str):
    value = raw.get(key)
    if key == "work_unit" and value is None:
        value = raw.get("work_unit_post")      # a combined 工作单位及职务 goes back into 工作单位 whole
    if isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, float) and key == "id_number":
        value = f"{value:.14E}"                # what Excel made of the number, for the clerk to retype
    return value


def write_refused_rows(path: str | Path, rows: Iterable[tuple[int, dict, str]], *, source: str) -> Path:
    """导出错误行: the refused rows of an import, ``(sheet row, cells as read by field, reason)``, in the
    roster layout with a last 错误原因 column; 序号 holds the row number in ``source``. Corrected, the file
    is imported again as it is (错误原因 is ignored then)."""
    path = Path(path)
    wb = Workbook(write_only=True)
    headers = EXPORT_HEADERS + (REASON_HEADER,)
    ws = _roster_sheet(wb, f"{source} 中未导入的行", headers, EXPORT_WIDTHS + (60,))
    text_at = text_indexes(headers)
    count = 0
    for count, (number, raw, reason) in enumerate(rows, 1):
        cells = [number] + [_raw_cell(raw, column.field) for column in EXPORTED] + [reason]
        ws.append(list_row(ws, cells, text_at))
    grid(ws, count + 1, len(headers))
    notes = wb.create_sheet(NOTES_TITLE)
    notes.column_dimensions["A"].width = 100
    for line in (f"本表是导入“{source}”时有错误、没有导入的 {count} 行，“序号”是它们在原文件中的行号。",
                 "请按“错误原因”一列改正后，在软件中再次“导入名册”本文件；“错误原因”一列导入时忽略。",
                 "公民身份号码一列是“文本”格式：请直接输入 18 位号码，不要加空格。"):
        notes.append([line])
    save_workbook(wb, path)
    return path

