"""意见建议 lists as .xlsx: every suggestion with its workflow dates, and the 督办 reminder list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ...domain.roster import mask_phone
from ..wording import cn_date, days_text, deadline_text
from .sheet_style import fit_columns, fit_wrapped_rows, format_text_cells, grid, prepare_for_print
from .workbook_file import save_workbook

LIST_COLUMNS = [
    ("序号", None, 6), ("标题", "title", 36), ("来源", "source", 10), ("提出日期", "date", 12),
    ("提出人", "submitter_names", 18), ("选民姓名", "voter_name", 10), ("联系方式", "voter_contact", 14),
    ("领域", "field_name", 10), ("地点", "location", 14), ("分类层级", "level", 16), ("状态", "state", 8),
    ("主办单位", "unit_name", 18), ("当前期限", "deadline", 18), ("分类日期", "classified_at", 12),
    ("交办日期", "assigned_at", 12), ("答复日期", "replied_at", 12), ("办理结果", "result_class", 8),
    ("答复内容", "reply_text", 40), ("评价", "evaluation", 10), ("评价日期", "evaluated_at", 12),
    ("重新办理次数", "reopen_count", 8), ("内容", "content", 50),
]
REMINDER_COLUMNS = [("序号", 6), ("意见建议", 40), ("承办单位", 20), ("待办环节", 10), ("办理期限", 18),
                    ("状况", 14), ("提出日期", 12), ("提出人", 18)]
_HEAD = Font(bold=True)
_OVERDUE = PatternFill("solid", fgColor="F8D7DA")
_SOON = PatternFill("solid", fgColor="FFE8B3")


def _finish(ws, widths: Iterable[int], *, title: str, landscape: bool, wrapped: Iterable[int] = ()) -> None:
    """Header style, widths, borders and print setup; rows as tall as the text of the ``wrapped`` columns."""
    for cell in ws[1]:
        cell.font, cell.alignment = _HEAD, Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.auto_filter.ref = ws.dimensions
    fit_columns(ws)
    fit_wrapped_rows(ws, range(1, ws.max_column + 1), first_row=1, last_row=1)   # a two-line header title
    fit_wrapped_rows(ws, wrapped)
    format_text_cells(ws)
    grid(ws, ws.max_row, ws.max_column)
    prepare_for_print(ws, title=title, landscape=landscape, freeze="B2")


def write_suggestions_workbook(rows: list[dict], out_path: str | Path, *, mask: bool = True,
                               township: str = "") -> Path:
    """One row per suggestion (as ``db.suggestions.list_suggestions`` gives them); contacts masked when ``mask``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "意见建议"
    ws.append([title for title, _key, _w in LIST_COLUMNS])
    for number, row in enumerate(rows, 1):
        values = [number]
        for _title, key, _w in LIST_COLUMNS[1:]:
            value = row.get(key)
            if key == "voter_contact" and value and mask:
                value = mask_phone(value)
            elif key == "deadline":
                value = deadline_text(row) or None
            values.append(value)
        ws.append(values)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrapped = [index for index, (title, _k, _w) in enumerate(LIST_COLUMNS, 1) if title in ("内容", "答复内容")]
    for index in wrapped:     # long text wraps inside its column instead of running on
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = wrap
    wb.properties.title = f"{township}意见建议清单"
    _finish(ws, [w for _t, _k, w in LIST_COLUMNS], title=wb.properties.title, landscape=True, wrapped=wrapped)
    out_path = Path(out_path)
    save_workbook(wb, out_path)
    return out_path


def write_reminders_workbook(rows: list[dict], out_path: str | Path, *, township: str, today: dt.date) -> Path:
    """The 督办 list: overdue rows red, due-soon rows amber, as in the page."""
    wb = Workbook()
    ws = wb.active
    ws.title = "督办提醒"
    ws.append([title for title, _w in REMINDER_COLUMNS])
    for number, row in enumerate(rows, 1):
        ws.append([number, row["title"], row.get("unit_name") or "（未交办）", row.get("pending") or row["state"],
                   deadline_text(row), days_text(row), row["date"], row.get("submitter_names")])
        fill = _OVERDUE if row["flag"] == "overdue" else _SOON
        for cell in ws[ws.max_row]:
            cell.fill = fill
    _finish(ws, [w for _t, w in REMINDER_COLUMNS], landscape=True,
            title=f"{township}意见建议督办提醒清单（截至{cn_date(today)}）")
    out_path = Path(out_path)
    save_workbook(wb, out_path)
    return out_path
