"""代表结构统计 as an official-format PDF: a summary paragraph and one table of every category."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm

from ..structure import StructureReport
from . import official
from .tables import make_table

COLUMN_WIDTHS = (34 * mm, 58 * mm, 32 * mm, 32 * mm)   # 156 mm: the whole text block


def _row(rows: list[dict], label: str) -> dict:
    return next((r for r in rows if r["label"] == label), {"count": 0, "percent": 0.0})


def summary_text(report: StructureReport, stats: dict | None = None, subject: str | None = None) -> str:
    """The paragraph above a table: total and the figures a county asks for first."""
    s = report.stats if stats is None else stats
    subject = subject or report.subject
    total = s["total"]
    if not total:
        return f"截至{official.cn_date(report.on)}，{subject}中没有在任代表。"
    women = _row(s["gender"], "女")
    minority = _row(s["ethnicity"], "少数民族")
    party = _row(s["party"], "中共党员")
    reelected = _row(s["reelected"], "连任")
    text = (f"截至{official.cn_date(report.on)}，{subject}共有在任代表 {total} 名。其中，女性代表 "
            f"{women['count']} 名，占 {women['percent']}%；少数民族代表 {minority['count']} 名，占 {minority['percent']}%；"
            f"中共党员 {party['count']} 名，占 {party['percent']}%；连任代表 {reelected['count']} 名，"
            f"占 {reelected['percent']}%")
    if s.get("average_age") is not None:
        text += f"；平均年龄 {s['average_age']} 岁"
    return text + "。各项构成情况如下表。"


def structure_table(report: StructureReport, stats: dict | None = None):
    """类别 | 项目 | 人数 | 占比: one row per item, the category cell spanning its items."""
    stats = report.stats if stats is None else stats
    rows, spans = [], []
    for _key, title, items in report.dimensions(stats):
        first = len(rows) + 1          # +1: the header row
        for index, item in enumerate(items):
            rows.append([title if index == 0 else "", item["label"], item["count"], f"{item['percent']:.1f}"])
        if len(items) > 1:
            spans.append(("SPAN", (0, first), (0, first + len(items) - 1)))
    rows.append(["合计", "代表总数", stats["total"], "100.0" if stats["total"] else "0.0"])
    return make_table(["类别", "项目", "人数", "占比（%）"], rows, COLUMN_WIDTHS, size=12,
                      align=["centre", "left", "right", "right"], extra_style=spans)


def render_statistics_pdf(report: StructureReport, out_path: str | Path) -> Path:
    """Write the PDF atomically; returns the path."""
    story = [
        official.title(f"{report.subject}\n结构情况统计", below=f"（截至{official.cn_date(report.on)}）"),
        official.para(summary_text(report)),
        official.para("", "plain"),
        structure_table(report),
        official.para("注：统计对象为统计日当天在任的代表；占比以各部分代表总数为基数，四舍五入保留一位小数。", "note"),
    ]
    if report.others:
        levels = "、".join(f"{r['label']}级 {r['count']} 名" for r in report.others.get("level") or [] if r["count"])
        story += [
            official.para("其他层级代表", "heading"),
            official.para(summary_text(report, report.others, report.others_subject).replace(
                "。其中，", f"（{levels}），不计入上表。其中，", 1)),
            official.para("", "plain"),
            structure_table(report, report.others),
        ]
    story += official.signature(f"{report.township}人民代表大会主席团", report.on)
    return official.build_document(out_path, story, doc_title=f"{report.subject}结构情况统计")
