"""督办提醒清单: overdue and due-soon suggestions with unit, deadline and working days, for a 督办 meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from ..wording import days_text, deadline_text, provisional_note
from . import official
from .tables import make_table

COLUMN_WIDTHS = (10 * mm, 52 * mm, 34 * mm, 18 * mm, 22 * mm, 20 * mm)   # 156 mm: the whole text block


def reminder_table(rows: list[dict]):
    body = [[n, row["title"], row.get("unit_name") or "（未交办）", row.get("pending") or row["state"],
             deadline_text(row), days_text(row)] for n, row in enumerate(rows, 1)]
    return make_table(["序号", "意见建议", "承办单位", "待办环节", "办理期限", "状况"], body, COLUMN_WIDTHS,
                      size=10.5, align=["centre", "left", "left", "centre", "centre", "centre"])


def summary_text(rows: list[dict], today: dt.date) -> str:
    overdue = sum(1 for r in rows if r["flag"] == "overdue")
    soon = len(rows) - overdue
    if not rows:
        return f"截至{official.cn_date(today)}，没有逾期或即将到期的意见建议。"
    return (f"截至{official.cn_date(today)}，已逾期的意见建议 {overdue} 件，即将到期（三个工作日内）的 {soon} 件，"
            "请有关承办单位抓紧办理并按时答复。")


def render_reminders(rows: list[dict], out_path: str | Path, *, township: str, today: dt.date) -> Path:
    """Write the PDF atomically; ``rows`` as ``ops.suggestion_reports.reminder_rows`` gives them."""
    story = [official.title(f"{township}意见建议督办提醒清单"), official.para(summary_text(rows, today))]
    if rows:
        story += [official.para("", "small"), reminder_table(rows),
                  official.para("注：期限按工作日计算（不含周末和法定节假日）；“逾期”“剩”后为工作日数。", "note")]
        note = provisional_note(rows)
        if note:
            story.append(official.para(note, "note"))
    story += official.signature(f"{township}人民代表大会主席团", today)
    return official.build_document(out_path, story, doc_title=f"{township}意见建议督办提醒清单")
