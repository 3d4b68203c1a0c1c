"""意见建议 statistics, reminders and list exports: figures checked against hand-computed values in the PDF text
(pypdf) and the workbook cells (openpyxl)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.ops.exports import EXPORTERS
from desktop_app.db import deputies, settings, suggestion_stats
from desktop_app.db import suggestions as sdb
from desktop_app.errors import InputError
from desktop_app.reports.excel.suggestion_stats import write_suggestion_stats_workbook
from desktop_app.reports.pdf.suggestion_stats import render_suggestion_stats
from desktop_app.ops.suggestion_reports import export_reminders, export_suggestions, reminder_rows


def _text(path) -> str:
    """The PDF's text without whitespace: where a line or a table cell breaks is layout, not content."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(str(path)).pages))


def _has(text: str, needle: str) -> bool:
    return re.sub(r"\s+", "", needle) in text


@pytest.fixture
def year(db):
    """Five suggestions dated 2025 (plus one of 2024, outside the period) whose figures are worked out by hand:

    s1 代表建议 村(居)委会 → 建设办, A on time, 满意;  s2 选民意见 镇人大主席团 → 建设办, B on time, 基本满意;
    s3 小组活动 镇人大主席团 → 农业办, C late, 不满意 (reopened: not done);  s4 代表建议 上报县 → 农业办, D late;
    s5 选民意见 only collected.
    """
    settings.put(db, "township_name", "青山镇")
    lead = deputies.insert_deputy(db, {"name": "张三", "level": "乡"})
    build, farm = sdb.add_unit(db, "镇建设办"), sdb.add_unit(db, "镇农业办")
    field = sdb.field_id_by_name(db, "城乡建设")

    def new(title, source, day, **values):
        people = [lead] if source == "代表建议" else []
        return sdb.create_suggestion(db, {"title": title, "source": source, "date": day, "field_id": field,
                                          **values}, people)["id"]

    s1 = new("修东山村道路", "代表建议", "2025-03-03")
    s2 = new("装西山村路灯", "选民意见", "2025-03-04", voter_name="王大妈", voter_contact="13812345678")
    s3 = new("清南河河道", "小组活动", "2025-03-05")
    s4 = new("建北村桥梁", "代表建议", "2025-03-06")
    new("整治广场噪音", "选民意见", "2025-03-07")
    new("去年的建议", "选民意见", "2024-06-03")
    for sid, level, unit in ((s1, "村(居)委会", build), (s2, "镇人大主席团", build), (s3, "镇人大主席团", farm),
                             (s4, "上报县(市)人大常委会", farm)):
        sdb.classify(db, sid, level, on="2025-03-10")
        sdb.assign(db, sid, unit, on="2025-03-11")
    sdb.reply(db, s1, "已硬化", "A", on="2025-04-01")
    sdb.reply(db, s2, "正在安装", "B", on="2025-04-02")
    sdb.reply(db, s3, "列入计划", "C", on="2025-09-01")     # handling deadline (60 working days) long past
    sdb.reply(db, s4, "暂无资金", "D", on="2025-09-02")
    sdb.evaluate(db, s1, "满意", on="2025-04-10")
    sdb.evaluate(db, s2, "基本满意", on="2025-04-11")
    sdb.evaluate(db, s3, "不满意", on="2025-09-10")
    return suggestion_stats.statistics(db, "2025-01-01", "2025-12-31")


def test_hand_computed_figures(year):
    s = year
    assert (s["total"], s["done"], s["on_time"], s["evaluated"]) == (5, 3, 2, 3)
    assert (s["done_rate"], s["on_time_rate"], s["satisfied_rate"], s["basically_satisfied_rate"]) == \
        (60.0, 66.7, 33.3, 33.3)
    assert s["classes"] == {"A": 1, "B": 1, "C": 0, "D": 1}


def test_statistics_pdf_text(year, tmp_path):
    path = render_suggestion_stats(year, tmp_path / "stats.pdf", township="青山镇", today=dt.date(2026, 1, 5))
    text = _text(path)
    assert _has(text, "青山镇代表建议和群众意见") and _has(text, "2025年度")
    assert _has(text, "共收集代表建议和群众意见 5 件")
    assert _has(text, "代表建议 2 件、选民意见 2 件、小组活动 1 件")
    assert _has(text, "已办结 3 件，办结率 60.0%")
    assert _has(text, "按期办结 2 件，按期办结率 66.7%")
    assert _has(text, "满意 1 件、基本满意 1 件、不满意 1 件，满意率 33.3%，基本满意率 33.3%")
    # 总体情况 row, then the unit rows: 交办 办结 按期 办结率 按期办结率 满意率.
    assert _has(text, "5 3 60.0% 2 66.7% 33.3% 33.3%")
    assert _has(text, "镇建设办 2 2 2 100.0% 100.0% 50.0%")
    assert _has(text, "镇农业办 2 1 0 50.0% 0.0% 0.0%")
    assert _has(text, "D 因条件限制暂不能解决并作解释 1 33.3%")
    assert _has(text, "C 列入计划逐步解决 0 0.0%")
    assert _has(text, "2026年1月5日") and _has(text, "青山镇人民代表大会主席团")


def test_statistics_workbook_cells(year, tmp_path):
    path = write_suggestion_stats_workbook(year, tmp_path / "stats.xlsx", township="青山镇")
    wb = load_workbook(path)
    ws = wb["汇总表"]
    header = {(ws.cell(3, c).value or "", ws.cell(4, c).value): c for c in range(2, ws.max_column + 1)}
    # Group titles sit only over the first column of a merged group: carry them right.
    groups, current = {}, None
    for c in range(2, ws.max_column + 1):
        current = ws.cell(3, c).value or current
        groups[(current, ws.cell(4, c).value)] = ws.cell(5, c).value
    assert header and ws.cell(5, 1).value == "青山镇"
    assert groups[("收集总数", "件数")] == 5
    assert groups[("来源", "代表建议")] == 2 and groups[("来源", "小组活动")] == 1
    assert groups[("分类层级", "镇人大主席团")] == 2
    assert groups[("办结", "件数")] == 3 and groups[("办结", "办结率（%）")] == 60.0
    assert groups[("按期办结", "按期办结率（%）")] == 66.7
    assert groups[("评价", "满意率（%）")] == 33.3 and groups[("评价", "不满意")] == 1
    assert [groups[("办理结果", f"{k}类")] for k in "ABCD"] == [1, 1, 0, 1]
    units = {row[0]: row for row in wb["承办单位"].iter_rows(min_row=2, values_only=True)}
    assert units["镇建设办"][1:4] == (2, 2, 2) and units["镇建设办"][9] == 50.0
    assert units["镇农业办"][7:10] == (50.0, 0.0, 0.0)
    breakdown = {(r[0], r[1]): r[2:] for r in wb["分类统计"].iter_rows(min_row=2, values_only=True)}
    assert breakdown[("分类层级", "未分类")] == (1, 20.0)


def test_reminders_pdf_and_workbook(db, tmp_path):
    settings.put(db, "township_name", "青山镇")
    unit = sdb.add_unit(db, "镇建设办")
    late = sdb.create_suggestion(db, {"title": "逾期未分类的建议", "source": "选民意见", "date": "2025-01-06"})["id"]
    soon = sdb.create_suggestion(db, {"title": "刚交办的建议", "source": "选民意见", "date": "2025-12-01"})["id"]
    sdb.classify(db, soon, "村(居)委会", on="2025-12-01")
    sdb.assign(db, soon, unit, on="2025-12-02")
    # 分类 of `late` is due 15 working days after 2025-01-06: Sunday 2025-01-26, a make-up working day.
    today = dt.date(2025, 1, 28)
    rows = reminder_rows(db, today)
    assert [(r["id"], r["flag"], r["days"], r["pending"]) for r in rows] == [(late, "overdue", 1, "分类")]
    due = dt.date.fromisoformat(sdb.get_suggestion(db, soon)["deadline"])
    last = reminder_rows(db, due)[-1]
    assert (last["id"], last["flag"], last["days"], last["unit_name"]) == (soon, "due_soon", 0, "镇建设办")
    pdf = export_reminders(db, tmp_path / "r.pdf", today=today)
    text = _text(pdf)
    assert _has(text, "意见建议督办提醒清单") and _has(text, "已逾期的意见建议 1 件")
    assert _has(text, "逾期未分类的建议") and _has(text, "逾期1日") and _has(text, "2025-01-26")
    xlsx = export_reminders(db, tmp_path / "r.xlsx", today=today)
    ws = load_workbook(xlsx).active
    assert [c.value for c in ws[2]][:6] == [1, "逾期未分类的建议", "（未交办）", "分类", "2025-01-26", "逾期1日"]
    assert ws["B2"].fill.fgColor.rgb.endswith("F8D7DA")
    with pytest.raises(InputError, match="支持的文件类型"):
        export_reminders(db, tmp_path / "r.docx", today=today)


def test_list_export_masks_contacts(year, db, tmp_path):
    path = export_suggestions(db, tmp_path / "list.xlsx")
    ws = load_workbook(path).active
    headers = [c.value for c in ws[1]]
    rows = [dict(zip(headers, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 6
    lamp = next(r for r in rows if r["标题"] == "装西山村路灯")
    assert lamp["联系方式"] != "13812345678" and lamp["联系方式"].startswith("138")
    assert lamp["答复内容"] == "正在安装" and lamp["评价"] == "基本满意" and lamp["主办单位"] == "镇建设办"
    unmasked = load_workbook(export_suggestions(db, tmp_path / "open.xlsx", mask=False)).active
    assert "13812345678" in [c.value for c in unmasked["G"]]


def test_export_kinds_registered(year, db, tmp_path):
    assert {"suggestions", "suggestion-statistics", "reminders"} <= set(EXPORTERS)
    pdf = EXPORTERS["suggestion-statistics"](db, tmp_path / "s.pdf")
    assert _has(_text(pdf), f"{dt.date.today().year}年度")
    ws = load_workbook(EXPORTERS["suggestion-statistics"](db, tmp_path / "s.xlsx"))["汇总表"]
    assert ws["B5"].value == sdb.count_suggestions(db, start=f"{dt.date.today().year}-01-01",
                                                    end=f"{dt.date.today().year}-12-31")
