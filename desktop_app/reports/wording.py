"""Wording the Excel and PDF renderers share, so a workbook and its PDF say the same thing the same way."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..domain.suggestions import PROVISIONAL, deadline_label

# 履职达标: the heading of the name column of each section.
UNIT_TITLES = {"groups": "小组名称", "stations": "站点名称", "deputies": "代表姓名"}

# 意见建议统计: the note under both tables.
SUGGESTION_DEFINITIONS = ("注：办结指已答复（含已评价）；办结率＝办结件数÷收集件数；按期办结指在交办期限内答复，按期办结率＝"
                          "按期办结件数÷办结件数；满意率、基本满意率以已评价件数为基数；办理结果各类占比以办结件数为基数；"
                          "百分比四舍五入保留一位小数。")


def cn_date(day: dt.date | str) -> str:
    """2026-03-05 → 2026年3月5日 (the form official documents use)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def days_text(row: dict) -> str:
    """逾期 5 个工作日 / 剩余 2 个工作日 / 今日到期."""
    days = row["days"]
    if days > 0:
        return f"逾期{days}日"
    if days == 0:
        return "今日到期"
    return f"剩{-days}日"


def period_text(start: str, end: str) -> str:
    """'2026年度' for a calendar year, else '2026年3月1日至2026年6月30日'."""
    if start[:4] == end[:4] and start[5:] == "01-01" and end[5:] == "12-31":
        return f"{start[:4]}年度"
    return f"{cn_date(start)}至{cn_date(end)}"


def breakdown_rows(stats: dict) -> list[tuple[str, list[tuple[str, int]]]]:
    """(category, [(item, count)]) for source, level, field and state, as the table lists them."""
    levels = [(k, n) for k, n in stats["by_level"].items() if k != "未分类" or n]
    return [("来源", list(stats["by_source"].items())), ("分类层级", levels),
            ("领域", list(stats["by_field"].items())), ("办理环节", list(stats["by_state"].items()))]


def deadline_text(row: dict) -> str:
    """A suggestion's running deadline as lists and exports show it: '2027-01-21（暂定）' when provisional."""
    return deadline_label(row.get("deadline"), bool(row.get("deadline_provisional")))


def provisional_note(rows: Iterable[dict]) -> str | None:
    """The note under a list with 暂定 deadlines, naming the years the holiday table lacks; None without any."""
    years = sorted({int(r["deadline"][:4]) for r in rows if r.get("deadline_provisional") and r.get("deadline")})
    if not years:
        return None
    named = "、".join(f"{y}年" for y in years)
    return (f"注：标“{PROVISIONAL}”的期限跨入{named}，尚未录入该年的节假日安排，暂按周六、周日休息计算；"
            "在“设置 → 节假日”录入后会自动重新计算。")
