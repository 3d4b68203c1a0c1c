"""履职达标 as an .xlsx: a 汇总 sheet, then one sheet per section with a column per period, shortfalls in red."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..wording import UNIT_TITLES, cn_date
from .sheet_style import prepare_for_print
from .workbook_file import save_workbook

if TYPE_CHECKING:  # the gatherer's types; it imports this renderer, so only the type checker reads them
    from ..compliance import ComplianceReport, Section

SUMMARY_TITLE = "汇总"
BEHIND_FONT = Font(color="C0392B", bold=True)
BEHIND_FILL = PatternFill("solid", fgColor="FADBD8")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)


def section_header(section: Section) -> list[str]:
    """序号, 名称, (所在小组,) one column per period, 合计, 应达次数, 达标情况."""
    extra = ["所在小组"] if section.key == "deputies" else []
    totals = ["合计", "应达次数"] if section.has_totals else []
    return ["序号", UNIT_TITLES[section.key], *extra, *section.columns, *totals, "达标情况"]


def _boxed(ws, row: int, col: int, value, *, align=_CENTRE, bold: bool = False):
    cell = ws.cell(row=row, column=col, value=value)
    cell.border, cell.alignment = _BORDER, align
    if bold:
        cell.font = _BOLD
    return cell


def _title(ws, text: str, subtitle: str, last_col: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    cell = ws.cell(row=1, column=1, value=text)
    cell.font, cell.alignment = Font(bold=True, size=16), Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws.cell(row=2, column=1, value=subtitle).alignment = Alignment(horizontal="left", vertical="center")


def _page_setup(ws, freeze: str | None = None) -> None:
    # the sheet has its own title rows (1–2); row 3 is the header repeated on every printed page
    prepare_for_print(ws, header_row=3, landscape=True, freeze=freeze)


def _write_section(ws, report: ComplianceReport, section: Section) -> None:
    header = section_header(section)
    _title(ws, f"{report.township}{section.title}履职达标情况",
           f"统计期间：{report.period_text}　　履职要求：{section.rule}", len(header))
    for col, text in enumerate(header, 1):
        _boxed(ws, 3, col, text, bold=True)
    first_period = 4 if section.key == "deputies" else 3
    for number, row in enumerate(section.rows, 1):
        r = 3 + number
        values = [number, row.name, *([row.extra] if section.key == "deputies" else []),
                  *[c.count for c in row.cells], *([row.total, row.required] if section.has_totals else []),
                  row.status]
        for col, value in enumerate(values, 1):
            _boxed(ws, r, col, value, align=_LEFT if 2 <= col < first_period else _CENTRE)
        for offset, cell_data in enumerate(row.cells):
            if not cell_data.met:
                cell = ws.cell(row=r, column=first_period + offset)
                cell.font, cell.fill = BEHIND_FONT, BEHIND_FILL
        if row.behind:
            for col in (2, len(header)):
                ws.cell(row=r, column=col).font = BEHIND_FONT
    note_row = 5 + len(section.rows)
    ws.cell(row=note_row, column=1, value=f"注：红色数字为该期间未达到要求（{section.rule}）；"
                                          f"{cn_date(report.as_of)}之后开始的期间不计入。")
    widths = [6, 24] + ([26] if section.key == "deputies" else []) + \
        [11 if section.key == "deputies" else 9] * len(section.columns) + \
        ([8, 9] if section.has_totals else []) + [16]
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    _page_setup(ws, freeze=ws.cell(row=4, column=first_period).coordinate)


def _write_summary(ws, report: ComplianceReport) -> None:
    _title(ws, f"{report.township}人大代表履职达标情况汇总", f"统计期间：{report.period_text}", 5)
    for col, text in enumerate(("类别", "履职要求", "总数", "达标", "未达标"), 1):
        _boxed(ws, 3, col, text, bold=True)
    for r, section in enumerate(report.sections, 4):
        behind = section.behind_count
        for col, value in enumerate((section.title, section.rule, len(section.rows), len(section.rows) - behind,
                                     behind), 1):
            _boxed(ws, r, col, value, align=_LEFT if col == 2 else _CENTRE)
        if behind:
            ws.cell(row=r, column=5).font = BEHIND_FONT
    for letter, width in zip("ABCDE", (18, 44, 8, 8, 8)):
        ws.column_dimensions[letter].width = width
    _page_setup(ws)


def write_compliance_workbook(report: ComplianceReport, out_path: str | Path) -> Path:
    """Write the summary and one sheet per section atomically; returns the path."""
    wb = Workbook()
    _write_summary(wb.active, report)
    wb.active.title = SUMMARY_TITLE
    for section in report.sections:
        _write_section(wb.create_sheet(section.title.replace("/", "、")), report, section)
    out_path = Path(out_path)
    save_workbook(wb, out_path)
    return out_path
