"""代表结构统计 as an .xlsx shaped like a county's form: one wide table of counts and percentages,
categories merged over their items, plus a long-form sheet (类别/项目/人数/占比) for further use."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..wording import cn_date
from ..structure import StructureReport
from .sheet_style import prepare_for_print
from .workbook_file import save_workbook

FORM_TITLE = "结构统计表"
DETAIL_TITLE = "明细"
# The county form leaves out the minority breakdown (it has its own sheet row in 明细).
FORM_DIMENSIONS = ("gender", "ethnicity", "age", "party", "education", "occupation", "reelected", "level")

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


def _boxed(ws, row: int, col: int, value, *, bold: bool = False, number_format: str | None = None):
    cell = ws.cell(row=row, column=col, value=value)
    cell.border, cell.alignment = _BORDER, _CENTRE
    if bold:
        cell.font = _BOLD
    if number_format:
        cell.number_format = number_format
    return cell


def _write_form(ws, report: StructureReport) -> None:
    stats = report.stats
    groups = [(title, rows) for key, title, rows in report.dimensions() if key in FORM_DIMENSIONS]
    last_col = 2 + sum(len(rows) for _, rows in groups)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    title = ws.cell(row=1, column=1, value=f"{report.subject}结构情况统计表")
    title.font, title.alignment = Font(bold=True, size=16), Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.cell(row=2, column=1, value=f"填报单位（盖章）：{report.township}人大主席团")
    ws.cell(row=2, column=last_col, value=f"统计日期：{cn_date(report.on)}").alignment = Alignment(horizontal="right")

    # Rows 3–4: category over item; column A names the row, column B the total.
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    _boxed(ws, 3, 1, "项目", bold=True)
    _boxed(ws, 4, 1, None)
    ws.merge_cells(start_row=3, start_column=2, end_row=4, end_column=2)
    _boxed(ws, 3, 2, "代表总数", bold=True)
    _boxed(ws, 4, 2, None)
    _boxed(ws, 5, 1, "人数", bold=True)
    _boxed(ws, 6, 1, "占比（%）", bold=True)
    _boxed(ws, 5, 2, stats["total"])
    _boxed(ws, 6, 2, 100.0 if stats["total"] else 0.0, number_format="0.0")
    col = 3
    for title_text, rows in groups:
        if len(rows) > 1:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(rows) - 1)
        for offset, row in enumerate(rows):
            _boxed(ws, 3, col + offset, title_text if offset == 0 else None, bold=True)
            _boxed(ws, 4, col + offset, row["label"], bold=True)
            _boxed(ws, 5, col + offset, row["count"])
            _boxed(ws, 6, col + offset, row["percent"], number_format="0.0")
        col += len(rows)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 9
    for index in range(3, last_col + 1):
        ws.column_dimensions[get_column_letter(index)].width = 8.5
    ws.row_dimensions[4].height = 44
    note_row = 8
    ws.cell(row=note_row, column=1, value=(
        f"注：统计对象为{cn_date(report.on)}在任的代表；占比以代表总数为基数，四舍五入保留一位小数；"
        f"平均年龄 {stats.get('average_age') if stats.get('average_age') is not None else '—'} 岁。"))
    prepare_for_print(ws, header_row="3:4", landscape=True, freeze="C5")


def _write_detail(ws, report: StructureReport) -> None:
    ws.append(["类别", "项目", "人数", "占比（%）"])
    for cell in ws[1]:
        cell.font, cell.border, cell.alignment = _BOLD, _BORDER, _CENTRE
    ws.append(["合计", "代表总数", report.stats["total"], 100.0 if report.stats["total"] else 0.0])
    for _key, title_text, rows in report.dimensions():
        for row in rows:
            ws.append([title_text, row["label"], row["count"], row["percent"]])
    if report.stats.get("average_age") is not None:
        ws.append(["年龄", "平均年龄（岁）", report.stats["average_age"], None])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.border = _BORDER
        row[3].number_format = "0.0"
    for letter, width in zip("ABCD", (14, 18, 10, 12)):
        ws.column_dimensions[letter].width = width
    prepare_for_print(ws, title=f"{report.subject}结构情况统计（明细）", landscape=False)


def write_statistics_workbook(report: StructureReport, out_path: str | Path) -> Path:
    """Write the form and the detail sheet atomically; returns the path."""
    wb = Workbook()
    form = wb.active
    form.title = FORM_TITLE
    _write_form(form, report)
    _write_detail(wb.create_sheet(DETAIL_TITLE), report)
    out_path = Path(out_path)
    save_workbook(wb, out_path)
    return out_path
