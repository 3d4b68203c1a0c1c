"""签到表: the deputies' sign-in sheet of a session, with 应到/实到/请假/缺席 counts at the bottom."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from ...errors import InputError
from ...fileio import atomic_path
from . import fonts
from .page_count import draw_page_of, numbered_canvas
from .session_common import date_cn, session_title
from .text_block import TextBlock

STATUSES = ("出席", "请假", "缺席")
HEADER = ("序号", "姓名", "选区", "签名", "备注")
# 180 mm = A4 less 15 mm margins; 选区 names like "第一选区（东山村、西山村）" fit one line at 10.5 pt
_WIDTHS = (13 * mm, 30 * mm, 61 * mm, 56 * mm, 20 * mm)


def quorum_needed(total: int) -> int:
    """Two thirds or more of all deputies (以上 includes the number itself)."""
    return -(-total * 2 // 3)


def sign_in_counts(rows: list[dict]) -> dict:
    """应到 (every row), 实到 (出席), 请假, 缺席, and whether any status was recorded at all."""
    statuses = [r.get("status") for r in rows]
    return {
        "expected": len(rows),
        "present": statuses.count("出席"),
        "leave": statuses.count("请假"),
        "absent": statuses.count("缺席"),
        "recorded": any(statuses),
    }


def _title_text(title) -> str:
    if isinstance(title, dict):  # a session row or a context dict
        title = session_title(title) or str(title.get("name") or "")
    title = str(title or "").strip()
    if not title:
        raise InputError("请填写签到表标题（会议名称）。")
    return title if title.endswith("签到表") else f"{title}代表签到表"


def _check_rows(rows: list[dict]) -> None:
    for i, row in enumerate(rows, start=1):
        if not str(row.get("name") or "").strip():
            raise InputError(f"签到名单第{i}行缺少姓名。")
        status = row.get("status")
        if status not in (None, "", *STATUSES):
            raise InputError(f"签到名单第{i}行（{row['name']}）的状态“{status}”不对，应为出席、请假或缺席。")


def _cell(text: str, style: ParagraphStyle) -> TextBlock:
    return TextBlock(text, style)


def _counts_text(counts: dict) -> str:
    blank = "＿＿＿"
    if counts["recorded"]:
        present, leave, absent = counts["present"], counts["leave"], counts["absent"]
    else:  # printed before the session: the clerk fills the figures in by hand
        present = leave = absent = blank
    return f"应到{counts['expected']}名　实到{present}名　请假{leave}名　缺席{absent}名"


def render_sign_in_sheet(title, rows: list[dict], out_path: str | os.PathLike, *, date=None,
                         totals: dict | None = None) -> Path:
    """Write the 签到表 of ``rows`` (dicts with name, district, status) to ``out_path``.

    ``totals`` are the session's own figures (expected = 全体代表人数, present, leave, absent, needed = the
    quorum): the sheet then says what the session and its 公告 say, even when the roster printed has more
    or fewer names (deputies added after the session was created). Without it the rows are counted.
    """
    heading = _title_text(title)
    rows = list(rows)
    _check_rows(rows)
    hei, song = fonts.font("hei"), fonts.font("song")
    cell = ParagraphStyle("cell", fontName=song, fontSize=12, leading=15, alignment=TA_CENTER, wordWrap="CJK")
    # a long 选区 name may still wrap: smaller type keeps two lines inside the 10 mm row
    left = ParagraphStyle("left", parent=cell, alignment=TA_LEFT, fontSize=10.5, leading=12.5)
    head = ParagraphStyle("head", parent=cell, fontName=hei)
    title_style = ParagraphStyle("title", fontName=hei, fontSize=20, leading=28, alignment=TA_CENTER,
                                 wordWrap="CJK")
    body = ParagraphStyle("body", fontName=song, fontSize=12.5, leading=20, wordWrap="CJK")

    data = [[_cell(h, head) for h in HEADER]]
    for i, row in enumerate(rows, start=1):
        status = row.get("status") or ""
        note = status if status in ("请假", "缺席") else ""
        data.append([
            _cell(str(i), cell),
            _cell(str(row["name"]), cell),
            _cell(str(row.get("district") or row.get("district_name") or ""), left),
            "",
            _cell(note, cell),
        ])
    table = Table(data, colWidths=list(_WIDTHS), rowHeights=[9 * mm] + [10 * mm] * len(rows), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]))

    counts = sign_in_counts(rows)
    if totals is not None:
        counts.update({k: totals[k] for k in ("expected", "present", "leave", "absent") if k in totals})
    needed = totals["needed"] if totals and "needed" in totals else quorum_needed(counts["expected"])
    story = [_cell(heading, title_style)]
    when = date_cn(date) if date else ""
    if when:
        story.append(_cell(when, ParagraphStyle("date", parent=body, alignment=TA_CENTER)))
    story += [Spacer(1, 4 * mm), table, Spacer(1, 5 * mm)]
    bottom = [_cell(_counts_text(counts), ParagraphStyle("counts", parent=body, fontName=hei, fontSize=13.5))]
    if counts["expected"]:
        bottom.append(_cell(f"到会代表须达到全体代表的三分之二以上，即{needed}名以上。", body))
    story.append(KeepTogether(bottom))

    def footer(canvas, page: int, total: int) -> None:
        draw_page_of(canvas, page, total, page_width=A4[0], y=10 * mm)

    out_path = Path(out_path)
    with atomic_path(out_path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                                bottomMargin=18 * mm, title=heading, author="乡镇人大工作台")
        doc.build(story, canvasmaker=numbered_canvas(footer))
    return out_path
