"""一人一档 as one Excel workbook, for all deputies (or some) of a term or a year.

Layout, chosen for a county clerk who works with filters rather than with one sheet per person:

* 概况 — one row per deputy: the counts of every section (sessions, activities, 接待选民日, 培训,
  suggestions and their outcome, 述职, honours, discipline) and the year's score and grade;
* then one sheet per section — 基本情况, 状态变化, 人代会, 活动, 意见建议, 述职, 荣誉与处分, 积分, 备注,
  附件 — with one row per record and the deputy's name in the first column, so that the 姓名 filter
  shows one deputy's archive and the whole sheet sorts, counts and pivots as a list.

接待选民日 and 学习培训 are rows of 活动 (filter the 类型 column). Dates are real date cells; ID numbers
and phones are masked unless ``mask`` is False. Every sheet has a frozen header and an AutoFilter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ...domain.roster import mask_birth_date, mask_id_number, mask_phone
from .sheet_style import fit_columns, fit_wrapped_rows, format_text_cells, grid, prepare_for_print
from .workbook_file import save_workbook

# sheet title → [(column title, width)]
SHEETS: dict[str, list[tuple[str, int]]] = {
    "概况": [("序号", 6), ("姓名", 10), ("层级", 6), ("选区", 24), ("代表小组", 16), ("状态", 8), ("档案期间", 24),
           ("出席人代会", 10), ("人代会请假", 10), ("人代会缺席", 10), ("参加活动", 9), ("活动请假", 9),
           ("活动缺席", 9), ("接待选民日", 10), ("接待选民人次", 12), ("学习培训", 9), ("提出建议", 9),
           ("建议已办结", 10), ("建议获满意", 10), ("述职次数", 9), ("荣誉", 6), ("处分", 6), ("积分", 8),
           ("等次", 8), ("排名", 6)],
    "基本情况": [("姓名", 10), ("性别", 6), ("民族", 8), ("出生日期", 12), ("公民身份号码", 20), ("政治面貌", 12),
             ("文化程度", 10), ("工作单位及职务", 32), ("职业类别", 12), ("联系电话", 14), ("层级", 6),
             ("选区", 24), ("代表小组", 16), ("届次", 10), ("首次当选", 12), ("连任", 6), ("状态", 8),
             ("状态日期", 12), ("状态原因", 24), ("住址", 28)],
    "状态变化": [("姓名", 10), ("日期", 12), ("状态", 8), ("原因", 40)],
    "人代会": [("姓名", 10), ("会议", 34), ("日期", 12), ("地点", 20), ("出席情况", 10), ("备注", 20)],
    "活动": [("姓名", 10), ("日期", 12), ("类型", 12), ("主题", 36), ("联络站", 22), ("代表小组", 18),
           ("地点", 24), ("出勤", 8), ("请假或缺席原因", 18)],
    "意见建议": [("姓名", 10), ("日期", 12), ("标题", 36), ("提出方式", 8), ("领域", 10), ("承办单位", 20),
             ("状态", 8), ("办理结果", 22), ("评价", 10)],
    "述职": [("姓名", 10), ("日期", 12), ("地点", 24), ("到会选民", 10), ("满意", 8), ("基本满意", 10),
           ("不满意", 8), ("满意率", 9), ("总体评价", 10), ("备注", 30)],
    "荣誉与处分": [("姓名", 10), ("类别", 8), ("日期", 12), ("名称", 30), ("授予/决定单位", 24), ("备注", 30)],
    "积分": [("姓名", 10), ("年度", 8), ("积分项目", 22), ("次数", 8), ("得分", 8), ("已达上限", 10)],
    "备注": [("姓名", 10), ("日期", 12), ("内容", 80)],
    "附件": [("姓名", 10), ("文件名", 40), ("大小(KB)", 10), ("添加时间", 12)],
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
DATE_FORMAT = "yyyy-mm-dd"


class ArchiveCancelled(Exception):
    """The user cancelled; no workbook is written."""


def _date(value: str | None):
    """A real date for ISO text (a year-month stays text); None for empty."""
    if not value:
        return None
    text = str(value)[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _period(archive: dict) -> str:
    if archive.get("year") is not None:
        return f"{archive['year']}年度"
    start, end = archive["period"]
    term = archive.get("term")
    name = term["name"] if term else "全届"
    if start.startswith("0000") and end.startswith("9999"):
        return name
    return f"{name}（{start}至{end}）"


def _summary_row(number: int, a: dict) -> list:
    d = a["deputy"]
    s, act, sug = a["sessions"]["counts"], a["activities"]["counts"], a["suggestions"]["counts"]
    score = a["scores"][-1] if a["scores"] else {}
    return [number, d["name"], d.get("level"), d.get("district_name"), d.get("group_names"), d.get("status"),
            _period(a), s["出席"], s["请假"], s["缺席"], act["出席"], act["请假"], act["缺席"], a["receptions"]["count"],
            a["receptions"]["visits"], a["trainings"]["count"], sug["total"], sug["closed"],
            sug["evaluations"]["满意"], len(a["report_backs"]), len(a["honors"]), len(a["discipline"]),
            score.get("total"), score.get("grade"), score.get("rank")]


def _records(a: dict, mask: bool) -> dict[str, list[list]]:
    """Rows of every section sheet for one deputy."""
    d = a["deputy"]
    name = d["name"]
    id_number, phone = d.get("id_number") or "", d.get("phone") or ""
    unit = "".join(x for x in (d.get("work_unit"), d.get("post")) if x)
    term = a.get("term") or {}
    rows: dict[str, list[list]] = {title: [] for title in SHEETS if title != "概况"}
    rows["基本情况"].append([
        # Beside a masked ID number the birth date shows its year only: together they would rebuild the number.
        name, d.get("gender"), d.get("ethnicity"),
        (mask_birth_date(d.get("birth_date")) or None) if mask else _date(d.get("birth_date")),
        mask_id_number(id_number) if mask else id_number, d.get("party"), d.get("education"), unit,
        d.get("occupation"), mask_phone(phone) if mask else phone, d.get("level"), d.get("district_name"),
        d.get("group_names"), term.get("name"), _date(d.get("first_elected")), "是" if d.get("reelected") else "否",
        d.get("status"), _date(d.get("status_date")), d.get("status_reason"), d.get("address")])
    rows["状态变化"] += [[name, _date(h["date"]), h["status"], h["reason"]] for h in a["status_history"]]
    rows["人代会"] += [[name, r["name"], _date(r["start_date"]), r["place"], r["status"], r["note"]]
                    for r in a["sessions"]["rows"]]
    rows["活动"] += [[name, _date(r["date"]), r["type_name"], r["theme"], r["station_name"], r["group_name"],
                    r["place"], r["status"], r["reason"]] for r in a["activities"]["rows"]]
    rows["意见建议"] += [[name, _date(r["date"]), r["title"], "领衔" if r["is_lead"] else "附议", r["field_name"],
                      r["unit_name"], r["state"], r["result_text"], r["evaluation"]]
                     for r in a["suggestions"]["rows"]]
    rows["述职"] += [[name, _date(r["date"]), r["place"], r["voters_present"], r["satisfied"],
                    r["basically_satisfied"], r["unsatisfied"], r["rate"], r["evaluation"], r["note"]]
                   for r in a["report_backs"]]
    rows["荣誉与处分"] += [[name, r["kind"], _date(r["date"]), r["title"], r["issuer"], r["note"]]
                       for r in a["honors"] + a["discipline"]]
    for score in a["scores"]:
        rows["积分"] += [[name, score["year"], line.get("item"), line.get("count"), line.get("points"),
                        "是" if line.get("capped") else ""] for line in score.get("details") or []]
        rows["积分"].append([name, score["year"], "合计", None, score.get("total"), ""])
    rows["备注"] += [[name, _date(n["date"]), n["text"]] for n in a["notes"]]
    rows["附件"] += [[name, doc["original_name"], round(doc["size"] / 1024, 1), _date(doc["added_at"])]
                   for doc in a["documents"]]
    return rows


def _prepare(workbook: Workbook, township: str) -> dict:
    sheets = {}
    for index, (title, columns) in enumerate(SHEETS.items()):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = title
        ws.append([c[0] for c in columns])
        for col, (_, width) in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(col)].width = width
            cell = ws.cell(row=1, column=col)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center")
        sheets[title] = ws
    workbook.properties.title = f"{township}人大代表履职档案"
    workbook.properties.creator = "乡镇人大工作台"
    return sheets


def _finish(sheets: dict, township: str) -> None:
    for title, ws in sheets.items():
        columns = SHEETS[title]
        fit_columns(ws)
        format_text_cells(ws)
        grid(ws, ws.max_row, len(columns))
        prepare_for_print(ws, title=f"{township}人大代表履职档案 — {title}", freeze="B2" if title != "概况" else "C2")
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
        for col, (name, _) in enumerate(columns, 1):
            if name in ("日期", "出生日期", "首次当选", "状态日期", "添加时间"):
                for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                    if isinstance(cell.value, dt.date):
                        cell.number_format = DATE_FORMAT
            elif name == "满意率":
                for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.number_format = "0.0%"
            elif name in ("内容", "主题", "标题"):
                for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.alignment = Alignment(wrap_text=name == "内容", vertical="top")
                if name == "内容":
                    fit_wrapped_rows(ws, [col])


def write_archive_workbook(archives: Iterable[dict], out_path: str | Path, *, township: str, mask: bool = True,
                           progress: Callable | None = None, cancel: Callable[[], bool] | None = None,
                           total: int | None = None) -> Path:
    """Write the archives (from ``db.archive.gather``) into one workbook; see the module docstring."""
    out_path = Path(out_path)
    workbook = Workbook()
    sheets = _prepare(workbook, township)
    count = 0
    for count, archive in enumerate(archives, 1):
        if cancel is not None and cancel():
            raise ArchiveCancelled()
        sheets["概况"].append(_summary_row(count, archive))
        for title, rows in _records(archive, mask).items():
            for row in rows:
                sheets[title].append(row)
        if progress is not None:
            progress(count, total or count)
    _finish(sheets, township)
    save_workbook(workbook, out_path)
    return out_path
