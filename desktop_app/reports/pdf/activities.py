"""活动登记表: the activities of a period as a landscape A4 table with attendance counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable

from reportlab.lib.units import mm

from . import official
from .list_document import BLOCK_WIDTH, build_list_document
from .tables import make_table

COLUMNS = (  # header, width, alignment
    ("序号", 10 * mm, "right"), ("日期", 20 * mm, "centre"), ("时间", 25 * mm, "centre"),
    ("活动类型", 20 * mm, "left"), ("联络站 / 代表小组", 42 * mm, "left"), ("主题", 61 * mm, "left"),
    ("地点", 34 * mm, "left"), ("出席", 11 * mm, "right"), ("请假", 11 * mm, "right"), ("缺席", 11 * mm, "right"),
    ("解决问题", 0, "right"),   # the rest of the block
)


def time_text(row: dict) -> str:
    start, end = row.get("start_time"), row.get("end_time")
    return f"{start}—{end}" if start and end else start or ""


def where_text(row: dict) -> str:
    return " / ".join(p for p in (row.get("station_name"), row.get("group_name")) if p)


def activity_row(number: int, row: dict) -> list:
    return [number, row["date"], time_text(row), row.get("type_name") or "", where_text(row), row.get("theme") or "",
            row.get("place") or "", row.get("present_count") or 0, row.get("leave_count") or 0,
            row.get("absent_count") or 0, row.get("problems_solved") or 0]


def render_activities_pdf(rows: Iterable[dict], out_path: str | Path, *, title: str, period: str,
                          progress: Callable | None = None) -> Path:
    """Write the table (rows shaped like db.activity_log.list_log) with a title, the period and totals."""
    out_path = Path(out_path)
    rows = list(rows)
    data = [activity_row(i, r) for i, r in enumerate(rows, 1)]
    totals = [sum(r[k] for r in data) for k in (7, 8, 9, 10)]
    block_width = BLOCK_WIDTH

    def decorate(canvas, doc):
        if progress is not None:
            progress(doc.page)

    header = [c[0] for c in COLUMNS]
    widths = [c[1] for c in COLUMNS]
    widths[-1] = block_width - sum(widths[:-1])
    body = data + [["", "合计", "", "", "", f"共 {len(data)} 次活动", "", *totals]]
    table = make_table(header, body, widths, size=10, align=[c[2] for c in COLUMNS])
    story = [
        official.para(title, official.styles()["title"]),
        official.para(f"{period}　　共 {len(data)} 次　出席 {totals[0]} 人次　请假 {totals[1]} 人次　"
                      f"缺席 {totals[2]} 人次", "subtitle"),
        table,
    ]
    return build_list_document(out_path, story, title=title, on_page=decorate)


def period_text(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{official.cn_date(start)}至{official.cn_date(end)}"
    if start:
        return f"{official.cn_date(start)}以来"
    if end:
        return f"截至{official.cn_date(end)}"
    return f"全部活动（统计日期：{official.cn_date(dt.date.today())}）"
