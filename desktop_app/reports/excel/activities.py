"""活动登记 workbook: one sheet of activities with attendance counts, one of attendance lines (write-only)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .sheet_style import grid, header_cells, prepare_for_print
from .workbook_file import save_workbook, text_row

ACTIVITY_SHEET, ATTENDANCE_SHEET = "活动登记", "出勤明细"
ACTIVITY_HEADERS = ("序号", "日期", "开始时间", "结束时间", "活动类型", "联络站", "代表小组", "主题", "地点", "组织者",
                    "出席", "请假", "缺席", "现场解决问题数", "附件数")
ACTIVITY_WIDTHS = (6, 12, 9, 9, 12, 22, 22, 40, 40, 20, 6, 6, 6, 15, 7)
ATTENDANCE_HEADERS = ("活动日期", "活动主题", "代表姓名", "出勤情况", "请假事由")
ATTENDANCE_WIDTHS = (12, 40, 12, 10, 30)


def _widths(ws, widths) -> None:
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def write_activities_workbook(rows: Iterable[dict], attendance: Iterable[dict], out_path: str | Path, *,
                              title: str = "人大代表活动登记表") -> Path:
    """``rows`` shaped like db.activity_log.list_log, ``attendance`` like activity_log.attendance_rows.

    ``title`` is printed at the top of every page (the sheets keep the header in row 1 for re-reading).
    """
    out_path = Path(out_path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ACTIVITY_SHEET)
    _widths(ws, ACTIVITY_WIDTHS)
    prepare_for_print(ws, title=title or None, landscape=True, freeze="A2")
    ws.append(header_cells(ws, ACTIVITY_HEADERS))
    number = 0
    for number, r in enumerate(rows, 1):
        ws.append(text_row(ws, [
                   number, r["date"], r.get("start_time"), r.get("end_time"), r.get("type_name"), r.get("station_name"),
                   r.get("group_name"), r.get("theme"), r.get("place"), r.get("organiser"), r.get("present_count") or 0,
                   r.get("leave_count") or 0, r.get("absent_count") or 0, r.get("problems_solved") or 0,
                   r.get("attachment_count") or 0]))
    grid(ws, number + 1, len(ACTIVITY_HEADERS))
    sheet = wb.create_sheet(ATTENDANCE_SHEET)
    _widths(sheet, ATTENDANCE_WIDTHS)
    prepare_for_print(sheet, title=f"{title}（出勤明细）" if title else None, landscape=False, freeze="A2")
    sheet.append(header_cells(sheet, ATTENDANCE_HEADERS))
    lines = 0
    for lines, a in enumerate(attendance, 1):
        sheet.append(text_row(sheet, [a["date"], a["theme"], a["name"], a["status"], a.get("reason")]))
    grid(sheet, lines + 1, len(ATTENDANCE_HEADERS))
    save_workbook(wb, out_path)
    return out_path

