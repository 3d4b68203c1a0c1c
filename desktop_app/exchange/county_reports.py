"""The county's consolidated statistics as an Excel workbook and an official-format PDF.

Both take the dict of ``county.consolidated_statistics``; rows are townships (in the view's order)
followed by 合计. The tables are shared: ``tables(stats)`` gives (title, header, rows) once for both.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..domain.roster import STAT_DIMENSIONS
from ..errors import InputError
from ..reports.excel.workbook_file import save_workbook
from .county import TOTAL

FORMATS = (".xlsx", ".pdf")


_PERCENT = re.compile(r"-?\d+(\.\d+)?%")


def _pct(value) -> str:
    return "" if value is None else f"{value:.1f}%"


def _item(rows: list[dict], label: str) -> dict:
    return next((r for r in rows if r["label"] == label), {"count": 0, "percent": 0.0})


def _names(stats: dict) -> list[str]:
    return list(stats["townships"]) + [TOTAL]


def title_of(stats: dict) -> str:
    return f"{stats.get('county') or ''}各乡镇人大工作汇总统计"


def packages_table(stats: dict) -> tuple[str, list[str], list[list]]:
    rows = [[p["township"], f"{p['period'][0]} 至 {p['period'][1]}", p["created_at"].replace("T", " "), p["file"]]
            for p in stats["packages"]]
    rows += [["（未载入）", "", "", f"{r['file']}：{r['message']}"] for r in stats["refused"]]
    return "数据包", ["乡镇", "数据期间", "导出时间", "文件"], rows


def sealed_results_table(stats: dict) -> tuple[str, list[str], list[list]]:
    """Per township: certified items whose ballots recount to their seal, and those certified before seals."""
    rows = [[r["township"], r["verified"], r["unsealed"]] for r in stats.get("sealed_results") or []]
    return "计票结果核对", ["乡镇", "重新计票与封存码一致（项）", "未封存（升级前）（项）"], rows


def roster_summary_table(stats: dict) -> tuple[str, list[str], list[list]]:
    header = ["乡镇", "在任代表", "女性", "女性占比", "少数民族", "中共党员", "党员占比", "连任", "平均年龄"]
    rows = []
    for name in _names(stats):
        s = stats["roster"][name]
        women, minority = _item(s["gender"], "女"), _item(s["ethnicity"], "少数民族")
        party, again = _item(s["party"], "中共党员"), _item(s["reelected"], "连任")
        rows.append([name, s["total"], women["count"], _pct(women["percent"] if s["total"] else None),
                     minority["count"], party["count"], _pct(party["percent"] if s["total"] else None),
                     again["count"], "" if s.get("average_age") is None else s["average_age"]])
    return "代表结构", header, rows


def roster_detail_table(stats: dict) -> tuple[str, list[str], list[list]]:
    """Every category and item (rows) by township (columns): the full structure form of the county."""
    names = _names(stats)
    labels: dict[str, list[str]] = {}
    for key, _title in STAT_DIMENSIONS:
        seen: list[str] = []
        for name in names:
            for item in stats["roster"][name].get(key) or []:
                if item["label"] not in seen:
                    seen.append(item["label"])
        labels[key] = seen
    rows = [["合计", "代表总数"] + [stats["roster"][n]["total"] for n in names]]
    for key, title in STAT_DIMENSIONS:
        for label in labels[key]:
            rows.append([title, label] + [_item(stats["roster"][n].get(key) or [], label)["count"] for n in names])
    return "代表结构明细", ["类别", "项目"] + names, rows


def activities_table(stats: dict) -> tuple[str, list[str], list[list]]:
    header = ["乡镇", "活动次数", "出席人次", "请假人次", "缺席人次"]
    rows = [[n, a["count"], a["present"], a["leave"], a["absent"]]
            for n in _names(stats) for a in [stats["activities"][n]]]
    return "活动", header, rows


def activity_types_table(stats: dict) -> tuple[str, list[str], list[list]]:
    names = _names(stats)
    rows = [[kind] + [stats["activities"][n]["by_type"].get(kind, 0) for n in names]
            for kind in stats["activity_types"]]
    return "活动类型", ["活动类型"] + names, rows


def suggestions_table(stats: dict) -> tuple[str, list[str], list[list]]:
    header = ["乡镇", "件数", "办结", "办结率", "按期办结率", "已评价", "满意率", "基本满意率"]
    rows = [[n, s["total"], s["done"], _pct(s["done_rate"]), _pct(s["on_time_rate"]), s["evaluated"],
             _pct(s["satisfied_rate"]), _pct(s["basically_satisfied_rate"])]
            for n in _names(stats) for s in [stats["suggestions"][n]]]
    return "意见建议", header, rows


def suggestion_states_table(stats: dict) -> tuple[str, list[str], list[list]]:
    states = stats["states"]
    rows = [[n] + [stats["suggestions"][n]["by_state"].get(state, 0) for state in states]
            for n in _names(stats)]
    return "办理状态", ["乡镇"] + states, rows


def scores_table(stats: dict) -> tuple[str, list[str], list[list]]:
    grades = stats["grades"]
    rows = [[n] + [s["by_grade"].get(g, 0) for g in grades] + [s["count"], "" if s["average"] is None else s["average"]]
            for n in _names(stats) for s in [stats["scores"][n]]]
    year = stats.get("score_year")
    return f"{year}年度履职积分" if year else "履职积分", ["乡镇"] + grades + ["人数", "平均分"], rows


def tables(stats: dict) -> list[tuple[str, list[str], list[list]]]:
    sealed = sealed_results_table(stats)
    return [packages_table(stats)] + ([sealed] if sealed[2] else []) + [
        roster_summary_table(stats), roster_detail_table(stats), activities_table(stats),
        activity_types_table(stats), suggestions_table(stats), suggestion_states_table(stats), scores_table(stats)]


# ------------------------------------------------------------------------------------------ Excel


def write_county_xlsx(stats: dict, out_path: str | Path) -> Path:
    """One sheet per table, headers bold on a tinted row, 合计 bold; written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from ..reports.excel.sheet_style import fit_columns, percent_cell, prepare_for_print

    out_path = Path(out_path)
    wb = Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet_title, header, rows in tables(stats):
        ws = wb.create_sheet(sheet_title[:31])
        ws.append(header)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in ws.iter_rows(min_row=2):
            if row[0].value == TOTAL:
                for cell in row:
                    cell.font = bold
        for row in ws.iter_rows(min_row=2):
            for cell in row:       # "75.0%" (shared with the PDF) as a number Excel can sort and sum
                if isinstance(cell.value, str) and _PERCENT.fullmatch(cell.value):
                    percent_cell(cell, round(float(cell.value[:-1]) / 100, 4))
        fit_columns(ws, minimum=8)
        prepare_for_print(ws, title=f"{title_of(stats)} — {sheet_title}", freeze="B2")
    save_workbook(wb, out_path)
    return out_path


# ------------------------------------------------------------------------------------------ PDF


def _widths(header: list[str], first: float, total: float) -> list[float]:
    rest = (total - first) / max(1, len(header) - 1)
    return [first] + [rest] * (len(header) - 1)


def render_county_pdf(stats: dict, out_path: str | Path, *, today: dt.date | None = None) -> Path:
    """An official-format report: a summary paragraph, then the tables by topic; written atomically."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    from ..reports.pdf import fonts, official
    from ..reports.pdf.tables import make_table

    width = official.BLOCK_WIDTH
    today = today or dt.date.today()
    total = stats["roster"][TOTAL]
    sug = stats["suggestions"][TOTAL]
    summary = (f"本汇总根据 {len(stats['townships'])} 个乡镇报送的数据交换包生成。截至{official.cn_date(stats['on'])}，"
               f"共有在任代表 {total['total']} 名；记录活动 {stats['activities'][TOTAL]['count']} 次，"
               f"代表出席 {stats['activities'][TOTAL]['present']} 人次；收集意见建议 {sug['total']} 件，"
               f"办结 {sug['done']} 件，办结率 {_pct(sug['done_rate']) or '—'}，满意率 {_pct(sug['satisfied_rate']) or '—'}。")
    if stats["refused"]:
        summary += f"另有 {len(stats['refused'])} 个数据包校验未通过，未计入汇总。"
    story = [official.title(title_of(stats)), official.para(summary)]

    def section(heading: str, table_def, first: float, size: float = 10.5, note: str | None = None):
        _title, header, rows = table_def
        if not rows:
            return
        align = ["left"] + ["right"] * (len(header) - 1)
        table = make_table(header, rows, _widths(header, first, width), size=size, align=align,
                           extra_style=[("FONT", (0, len(rows)), (-1, len(rows)), fonts.font("hei"), size)]
                           if rows and rows[-1][0] == TOTAL else [])
        # A heading never ends a page on its own: it moves with its table.
        block = [official.para(heading, "heading"), table] + ([official.para(note, "small")] if note else [])
        story.append(KeepTogether(block))

    packages = packages_table(stats)
    story.append(KeepTogether([official.para("一、数据包", "heading"),
                               make_table(packages[1], packages[2], [24 * mm, 44 * mm, 36 * mm, width - 104 * mm],
                                          size=9.5)]))
    sealed = sealed_results_table(stats)
    if sealed[2]:
        story.append(official.para("计票结果核对：" + "；".join(
            f"{name}{verified}项重新计票与封存码一致" + (f"，{unsealed}项未封存（升级前）" if unsealed else "")
            for name, verified, unsealed in sealed[2]) + "。封存码不符的数据包已拒绝汇总。", "small"))
    section("二、代表结构", roster_summary_table(stats), 24 * mm, 10,
            "注：统计对象为在任代表；年龄按汇总日期计算。")
    section("三、活动开展情况", activities_table(stats), 30 * mm)
    types = activity_types_table(stats)
    if types[2]:
        story.append(KeepTogether([
            official.para("各类活动次数（合计）", "small"),
            make_table(["活动类型", "次数"], [[r[0], r[-1]] for r in types[2]], [width - 40 * mm, 40 * mm],
                       size=10.5, align=["left", "right"])]))
    section("四、意见建议办理情况", suggestions_table(stats), 24 * mm, 10,
            "注：办结指已答复或已评价；办结率以件数为基数，按期办结率以办结件数为基数，满意率以已评价件数为基数。")
    year = stats.get("score_year")
    if year is None:
        story.append(KeepTogether([official.para("五、履职积分等次", "heading"),
                                   official.para("各乡镇的数据包中没有履职积分数据。", "plain")]))
    else:
        section(f"五、{year}年度履职积分等次", scores_table(stats), 24 * mm, 10)
    story += official.signature(f"{stats.get('county') or ''}人大常委会", today)
    return official.build_document(out_path, story, doc_title=title_of(stats))


def write_county_report(stats: dict, out_path: str | Path) -> Path:
    """Write .xlsx or .pdf by the file's suffix; InputError for any other."""
    out_path = Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix == ".xlsx":
        return write_county_xlsx(stats, out_path)
    if suffix == ".pdf":
        return render_county_pdf(stats, out_path)
    raise InputError(f"汇总报表只能保存为 .xlsx 或 .pdf，而不是“{out_path.name}”。")
