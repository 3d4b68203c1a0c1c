"""意见建议办理情况统计 as an .xlsx in the shape of a county's annual table: one township row under a
two-level header, plus 分类统计 (long form) and 承办单位 sheets."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ...domain.suggestions import LEVELS, RESULT_CLASSES, SOURCES
from ..wording import cn_date
from ..wording import SUGGESTION_DEFINITIONS as DEFINITIONS, breakdown_rows, period_text
from .sheet_style import fit_columns, prepare_for_print
from .workbook_file import save_workbook

FORM_TITLE = "汇总表"
BREAKDOWN_TITLE = "分类统计"
UNITS_TITLE = "承办单位"

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)
_RATE = "0.0"


def _boxed(ws, row: int, col: int, value, *, bold: bool = False, rate: bool = False):
    cell = ws.cell(row=row, column=col, value="—" if rate and value is None else value)
    cell.border, cell.alignment = _BORDER, _CENTRE
    if bold:
        cell.font = _BOLD
    if rate and value is not None:
        cell.number_format = _RATE
    return cell


def form_columns(stats: dict) -> list[tuple[str, list[tuple[str, object, bool]]]]:
    """(group title, [(column title, value, is_rate)]) of the county table, left to right."""
    ev, classes = stats["evaluations"], stats["classes"]
    return [
        ("收集总数", [("件数", stats["total"], False)]),
        ("来源", [(k, stats["by_source"][k], False) for k in SOURCES]),
        ("分类层级", [(k, stats["by_level"].get(k, 0), False) for k in LEVELS]),
        ("办结", [("件数", stats["done"], False), ("办结率（%）", stats["done_rate"], True)]),
        ("按期办结", [("件数", stats["on_time"], False), ("按期办结率（%）", stats["on_time_rate"], True)]),
        ("评价", [("满意", ev["满意"], False), ("基本满意", ev["基本满意"], False), ("不满意", ev["不满意"], False),
                ("满意率（%）", stats["satisfied_rate"], True),
                ("基本满意率（%）", stats["basically_satisfied_rate"], True)]),
        ("办理结果", [(f"{k}类", classes[k], False) for k in RESULT_CLASSES]),
    ]


def _write_form(ws, stats: dict, township: str) -> None:
    groups = form_columns(stats)
    last_col = 1 + sum(len(cols) for _, cols in groups)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    title = ws.cell(row=1, column=1, value=f"代表建议和群众意见办理情况统计表（{period_text(stats['start'], stats['end'])}）")
    title.font, title.alignment = Font(bold=True, size=16), Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.cell(row=2, column=1, value=f"填报单位（盖章）：{township}人大主席团")
    ws.cell(row=2, column=last_col, value=f"统计期间：{cn_date(stats['start'])}至{cn_date(stats['end'])}").alignment = \
        Alignment(horizontal="right")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    _boxed(ws, 3, 1, "单位", bold=True)
    _boxed(ws, 4, 1, None)
    _boxed(ws, 5, 1, township)
    col = 2
    for group_title, cols in groups:
        if len(cols) > 1:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + len(cols) - 1)
        for offset, (label, value, is_rate) in enumerate(cols):
            _boxed(ws, 3, col + offset, group_title if offset == 0 else None, bold=True)
            _boxed(ws, 4, col + offset, label, bold=True)
            _boxed(ws, 5, col + offset, value, rate=is_rate)
        col += len(cols)
    ws.column_dimensions["A"].width = 14
    for index in range(2, last_col + 1):
        ws.column_dimensions[get_column_letter(index)].width = 9
    ws.row_dimensions[4].height = 46
    ws.cell(row=7, column=1, value=DEFINITIONS)
    prepare_for_print(ws, header_row="3:4", landscape=True, freeze="B5")


def _header(ws, titles: list[str], widths: list[int]) -> None:
    ws.append(titles)
    for cell in ws[ws.max_row]:
        cell.font, cell.border, cell.alignment = _BOLD, _BORDER, _CENTRE
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _write_breakdown(ws, stats: dict) -> None:
    _header(ws, ["类别", "项目", "件数", "占比（%）"], [12, 24, 10, 12])
    total = stats["total"]
    for category, items in breakdown_rows(stats):
        for label, count in items:
            ws.append([category, label, count, round(100.0 * count / total, 1) if total else None])
    for key, label in RESULT_CLASSES.items():
        ws.append(["办理结果", f"{key}类 {label}", stats["classes"][key], stats["class_shares"][key]])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.border = _BORDER
        row[3].number_format = _RATE


def _write_units(ws, stats: dict) -> None:
    keys = ["unit_name", "assigned", "done", "on_time", "satisfied", "basically_satisfied", "unsatisfied",
            "done_rate", "on_time_rate", "satisfied_rate"]
    _header(ws, ["承办单位", "交办", "办结", "按期办结", "满意", "基本满意", "不满意", "办结率（%）", "按期办结率（%）",
                 "满意率（%）"], [28, 8, 8, 10, 8, 10, 8, 12, 14, 12])
    for unit in stats["units"]:
        ws.append([unit[k] for k in keys])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.border = _BORDER
        for cell in row[7:]:
            cell.number_format = _RATE


def write_suggestion_stats_workbook(stats: dict, out_path: str | Path, *, township: str) -> Path:
    """Write the three sheets atomically; ``stats`` is ``db.suggestion_stats.statistics(...)``."""
    wb = Workbook()
    form = wb.active
    form.title = FORM_TITLE
    _write_form(form, stats, township)
    _write_breakdown(wb.create_sheet(BREAKDOWN_TITLE), stats)
    _write_units(wb.create_sheet(UNITS_TITLE), stats)
    for sheet, landscape in ((wb[BREAKDOWN_TITLE], False), (wb[UNITS_TITLE], True)):
        fit_columns(sheet)
        prepare_for_print(sheet, title=f"{township}意见建议办理情况统计 — {sheet.title}", landscape=landscape,
                          freeze="A2")
    out_path = Path(out_path)
    save_workbook(wb, out_path)
    return out_path
