"""意见建议办理情况统计 as an official-format PDF: a summary paragraph and the county's four tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from ...domain.suggestions import RESULT_CLASSES
from ..wording import SUGGESTION_DEFINITIONS as DEFINITIONS, breakdown_rows, period_text  # noqa: F401
from . import official
from .tables import make_table

def percent(value: float | None) -> str:
    """A rate as the tables print it: 85.7% (— when there is nothing to divide by)."""
    return "—" if value is None else f"{value:.1f}%"


def summary_text(stats: dict) -> str:
    """The paragraph above the tables with the figures a county asks for first."""
    period = f"{official.cn_date(stats['start'])}至{official.cn_date(stats['end'])}"
    if not stats["total"]:
        return f"{period}，未收集到代表建议和群众意见。"
    sources = "、".join(f"{k} {n} 件" for k, n in stats["by_source"].items())
    ev = stats["evaluations"]
    return (f"{period}，共收集代表建议和群众意见 {stats['total']} 件，其中{sources}。已办结 {stats['done']} 件，"
            f"办结率 {percent(stats['done_rate'])}；按期办结 {stats['on_time']} 件，按期办结率 "
            f"{percent(stats['on_time_rate'])}。已评价 {stats['evaluated']} 件，其中满意 {ev['满意']} 件、基本满意 "
            f"{ev['基本满意']} 件、不满意 {ev['不满意']} 件，满意率 {percent(stats['satisfied_rate'])}，基本满意率 "
            f"{percent(stats['basically_satisfied_rate'])}。")


def overview_table(stats: dict):
    header = ["收集件数", "办结件数", "办结率", "按期办结", "按期办结率", "满意率", "基本满意率"]
    row = [stats["total"], stats["done"], percent(stats["done_rate"]), stats["on_time"],
           percent(stats["on_time_rate"]), percent(stats["satisfied_rate"]),
           percent(stats["basically_satisfied_rate"])]
    return make_table(header, [row], [22 * mm] * 6 + [24 * mm], size=11, align=["centre"] * 7)


def breakdown_table(stats: dict):
    """类别 | 项目 | 件数 | 占比: the category cell spans its items; shares of all collected."""
    total, rows, spans = stats["total"], [], []
    for category, items in breakdown_rows(stats):
        first = len(rows) + 1
        for index, (label, count) in enumerate(items):
            share = f"{100.0 * count / total:.1f}%" if total else "—"
            rows.append([category if index == 0 else "", label, count, share])
        if len(items) > 1:
            spans.append(("SPAN", (0, first), (0, first + len(items) - 1)))
    return make_table(["类别", "项目", "件数", "占比"], rows, (30 * mm, 70 * mm, 26 * mm, 30 * mm), size=11,
                      align=["centre", "left", "right", "right"], extra_style=spans)


def classes_table(stats: dict):
    rows = [[key, label, stats["classes"][key], percent(stats["class_shares"][key])]
            for key, label in RESULT_CLASSES.items()]
    rows.append(["合计", "办结件数", stats["done"], "100.0%" if stats["done"] else "—"])
    return make_table(["类别", "办理结果", "件数", "占办结比"], rows, (18 * mm, 82 * mm, 26 * mm, 30 * mm),
                      size=11, align=["centre", "left", "right", "right"])


def units_table(stats: dict):
    rows = [[u["unit_name"], u["assigned"], u["done"], u["on_time"], percent(u["done_rate"]),
             percent(u["on_time_rate"]), percent(u["satisfied_rate"])] for u in stats["units"]]
    if not rows:
        rows = [["（本期没有交办的意见建议）", "", "", "", "", "", ""]]
    return make_table(["承办单位", "交办", "办结", "按期办结", "办结率", "按期办结率", "满意率"], rows,
                      (44 * mm, 14 * mm, 14 * mm, 18 * mm, 20 * mm, 24 * mm, 22 * mm), size=10.5,
                      align=["left", "right", "right", "right", "right", "right", "right"])


def render_suggestion_stats(stats: dict, out_path: str | Path, *, township: str,
                            today: dt.date | None = None) -> Path:
    """Write the PDF atomically; ``stats`` is ``db.suggestion_stats.statistics(...)``; returns the path."""
    period = period_text(stats["start"], stats["end"])
    gap = official.para("", "small")
    story = [
        official.title(f"{township}代表建议和群众意见\n办理情况统计（{period}）"),
        official.para(summary_text(stats)),
        official.para("一、总体情况", "heading"), overview_table(stats), gap,
        official.para("二、分类统计", "heading"), breakdown_table(stats), gap,
        official.para("三、办理结果", "heading"), classes_table(stats), gap,
        official.para("四、承办单位办理情况", "heading"), units_table(stats),
        gap, official.para(DEFINITIONS, "note"),
    ]
    story += official.signature(f"{township}人民代表大会主席团", today or dt.date.today())
    return official.build_document(out_path, story, doc_title=f"{township}意见建议办理情况统计（{period}）")
