"""履职积分 as .xlsx: ranking, per-group summary, the list below a threshold, quarterly 亮分, term summary.

Each workbook has one sheet: a merged title row, a note row, a header and one row per deputy/group;
numbers are stored as numbers so the county can sum and sort them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ...domain.scoring import quarter_name, quarter_range, tidy
from ..wording import cn_date
from .sheet_style import prepare_for_print
from .workbook_file import save_workbook

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_HEAD_FILL = PatternFill("solid", fgColor="EBEBEB")
HEADER_ROW = 3


def _status(frozen: dict | None) -> str:
    if frozen:
        return f"已于{cn_date(frozen['frozen_at'][:10])}经{frozen['frozen_by']}审核冻结"
    return f"尚未审核（{cn_date(dt.date.today())}实时计算）"


def _write(out_path, sheet_title: str, title: str, note: str, header: Sequence[str], rows: Sequence[Sequence],
           widths: Sequence[float], left_columns: Sequence[int] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    last = len(header)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    cell = ws.cell(row=1, column=1, value=title)
    cell.font, cell.alignment = Font(bold=True, size=16), Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.cell(row=2, column=1, value=note).alignment = _LEFT
    ws.row_dimensions[2].height = 30
    for col, text in enumerate(header, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), _CENTRE, _BORDER, _HEAD_FILL
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border = _BORDER
            cell.alignment = _LEFT if col in left_columns else _CENTRE
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    prepare_for_print(ws, header_row=HEADER_ROW, freeze=ws.cell(row=HEADER_ROW + 1, column=1).coordinate)
    out_path = Path(out_path)
    save_workbook(wb, out_path)
    return out_path


def write_ranking(rows: Sequence[dict], out_path: str | Path, *, township: str, year: int,
                  frozen: dict | None = None) -> Path:
    header = ["名次", "姓名", "所在代表小组", "计算得分", "手工加减分", "总分", "等次"]
    body = [[r["rank"], r["name"], r.get("group_names") or "", tidy(r["computed"]), tidy(r["adjusted"]),
             tidy(r["total"]), r.get("grade") or ""] for r in rows]
    return _write(out_path, "积分排名", f"{township}人大代表{year}年度履职积分排名表", f"积分状态：{_status(frozen)}",
                  header, body, [8, 12, 36, 11, 11, 9, 10], left_columns=(3,))


def write_group_summary(groups: Sequence[dict], out_path: str | Path, *, township: str, year: int,
                        bands: Sequence[tuple[str, float]], frozen: dict | None = None) -> Path:
    names = [name for name, _ in bands]
    header = ["代表小组", "类型", "人数", "平均分", "最高分", "最低分", *[f"{n}（人）" for n in names]]
    body = [[g["name"], g.get("kind") or "", g["members"], round(float(g["average"]), 1), tidy(g["highest"]),
             tidy(g["lowest"]), *[g["grades"].get(n, 0) for n in names]] for g in groups]
    return _write(out_path, "分组汇总", f"{township}人大代表{year}年度履职积分分组汇总表",
                  f"积分状态：{_status(frozen)}；同时参加两个小组的代表在两个小组中均计入。",
                  header, body, [26, 13, 7, 9, 9, 9, *[11] * len(names)], left_columns=(1,))


def write_below(rows: Sequence[dict], out_path: str | Path, *, township: str, year: int, threshold: float,
                frozen: dict | None = None) -> Path:
    header = ["序号", "姓名", "所在代表小组", "计算得分", "手工加减分", "总分", "等次"]
    body = [[i, r["name"], r.get("group_names") or "", tidy(r["computed"]), tidy(r["adjusted"]), tidy(r["total"]),
             r.get("grade") or ""] for i, r in enumerate(rows, start=1)]
    return _write(out_path, "低于分数线", f"{township}人大代表{year}年度履职积分低于{threshold:g}分名单",
                  f"积分状态：{_status(frozen)}；共 {len(rows)} 名。", header, body, [8, 12, 36, 11, 11, 9, 10],
                  left_columns=(3,))


def write_interim(rows: Sequence[dict], out_path: str | Path, *, township: str, year: int, quarter: int) -> Path:
    header = ["名次", "姓名", "所在代表小组", f"{quarter_name(quarter)}得分", "本年累计"]
    body = [[r["rank"], r["name"], r.get("group_names") or "", tidy(r["gained"]), tidy(r["total"])] for r in rows]
    # With no deputies to list, the quarter's own last day (not the year's) is what the list covers.
    until = rows[0]["until"] if rows else quarter_range(year, quarter)[1].isoformat()
    return _write(out_path, "季度亮分", f"{township}人大代表{year}年{quarter_name(quarter)}履职亮分",
                  f"统计截至{cn_date(until)}；年度积分以年终审核结果为准。", header, body, [8, 12, 36, 14, 11],
                  left_columns=(3,))


def write_term_summary(summary: dict, out_path: str | Path, *, township: str) -> Path:
    years = summary["years"]
    header = ["序号", "姓名", "所在代表小组", *[f"{y}年总分" for y in years], *[f"{y}年等次" for y in years],
              "平均分", "建议"]
    body = []
    for i, row in enumerate(summary["rows"], start=1):
        totals = [tidy(row["years"][y]["total"]) if y in row["years"] else None for y in years]
        grades = [row["years"][y]["grade"] if y in row["years"] else None for y in years]
        body.append([i, row["name"], row.get("group_names") or "", *totals, *grades,
                     None if row["average"] is None else round(float(row["average"]), 1), row["advice"]])
    term = summary["term"]
    return _write(out_path, "任期汇总", f"{township}{term['name']}人大代表任期履职积分汇总（连任推荐参考）",
                  "建议仅供参考：任一年度为最低等次的列为“不建议推荐”，其余按平均分列为“建议推荐”或“酌情推荐”。",
                  header, body, [7, 12, 30, *[10] * (2 * len(years)), 9, 12], left_columns=(3,))
